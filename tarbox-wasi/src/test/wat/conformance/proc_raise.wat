;; proc_raise: wasmtime does not deliver signals: a valid signal number answers NOTSUP, a number
;; outside the signal enum answers INVAL. Exits 100 + check number on a mismatch, else prints
;; "PASS proc_raise".
;;   1 proc_raise(99)  (no such signal)     INVAL
;;   2 proc_raise(0)   (signal "none")      NOTSUP
;; Runner: no preopen, no args. Expected: exit 0, stdout "PASS proc_raise".
(module
  (import "wasi_snapshot_preview1" "proc_raise" (func $proc_raise (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "PASS proc_raise\n")
  (func $expect (param $got i32) (param $want i32) (param $check i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $proc_exit (i32.add (i32.const 100) (local.get $check))))))
  (func (export "_start")
    (call $expect (call $proc_raise (i32.const 99)) (i32.const 28) (i32.const 1))
    (call $expect (call $proc_raise (i32.const 0)) (i32.const 58) (i32.const 2))
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))))
