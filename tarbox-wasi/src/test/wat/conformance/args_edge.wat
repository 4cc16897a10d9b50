;; args_edge: args_get and environ_get writing into the very last bytes of linear memory: the
;; sizes from *_sizes_get are exact, so an exact fit must succeed and nothing is written past
;; it. Strings are NUL-terminated and packed; pointers point into the buffer.
;; Exits 100 + check number on a mismatch, else prints "PASS args_edge".
;;   1-2 args_sizes_get: 3 args ("args_edge.wasm"-like argv[0], "a", "bc"): count 3
;;   3   args_get into the last bytes succeeds          4 last byte is NUL
;;   5   argv[1] points at "a\0bc\0" tail               6 environ_sizes_get: 1 variable
;;   7   environ_get into the last bytes succeeds       8 the variable is "K=V\0"
;; Runner: args ["a", "bc"], env {"K": "V"} (a peer may add CONFORMANCE_* variables: then
;; check 6 is skipped by counting only when the count is 1), no preopen.
;; Expected: exit 0, stdout "PASS args_edge".
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_get" (func $args_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_get" (func $environ_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "PASS args_edge\n")
  (func $expect (param $got i32) (param $want i32) (param $check i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $proc_exit (i32.add (i32.const 100) (local.get $check))))))
  (func (export "_start")
    (local $count i32) (local $size i32) (local $buf i32) (local $p i32)
    (call $expect (call $args_sizes_get (i32.const 0) (i32.const 4)) (i32.const 0) (i32.const 1))
    (local.set $count (i32.load (i32.const 0)))
    (local.set $size (i32.load (i32.const 4)))
    (call $expect (local.get $count) (i32.const 3) (i32.const 2))
    ;; buffer ends exactly at 65536, pointer array at 1024
    (local.set $buf (i32.sub (i32.const 65536) (local.get $size)))
    (call $expect (call $args_get (i32.const 1024) (local.get $buf)) (i32.const 0) (i32.const 3))
    (call $expect (i32.load8_u (i32.const 65535)) (i32.const 0) (i32.const 4))
    ;; argv[1] == 65536 - 5 ("a\0bc\0")
    (local.set $p (i32.load (i32.const 1028)))
    (call $expect (local.get $p) (i32.sub (i32.const 65536) (i32.const 5)) (i32.const 5))
    (call $expect (i32.load8_u (local.get $p)) (i32.const 97) (i32.const 5))
    (call $expect (i32.load8_u (i32.add (local.get $p) (i32.const 2))) (i32.const 98) (i32.const 5))
    ;; environment: only count-check when the runner passed exactly K=V
    (call $expect (call $environ_sizes_get (i32.const 0) (i32.const 4)) (i32.const 0) (i32.const 6))
    (local.set $count (i32.load (i32.const 0)))
    (local.set $size (i32.load (i32.const 4)))
    (local.set $buf (i32.sub (i32.const 65536) (local.get $size)))
    (call $expect (call $environ_get (i32.const 2048) (local.get $buf)) (i32.const 0) (i32.const 7))
    (call $expect (i32.load8_u (i32.const 65535)) (i32.const 0) (i32.const 7))
    (if (i32.eq (local.get $count) (i32.const 1))
      (then
        (call $expect (local.get $size) (i32.const 4) (i32.const 8))
        (call $expect (i32.load (local.get $buf)) (i32.const 0x00563d4b) (i32.const 8))))
    (i32.store (i32.const 64) (i32.const 100))
    (i32.store (i32.const 68) (i32.const 15))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 0)))))
