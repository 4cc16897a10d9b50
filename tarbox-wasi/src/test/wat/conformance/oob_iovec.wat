;; oob_iovec: fd_write whose iovec array lies past the end of linear memory. The WASI text
;; says an out-of-bounds pointer the function must dereference makes it trap; wasmtime traps.
;; If the host returns instead, the program exits with the errno it got.
;; Runner: no preopen, no args. Expected: trap. Node 20 (uvwasi) returns OVERFLOW: exit 61.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    ;; iovec array at 65532: its 8 bytes cross the end of the 64 KiB memory
    (call $proc_exit (call $fd_write (i32.const 1) (i32.const 65532) (i32.const 1) (i32.const 0)))))
