;; oob_buffer: fd_write whose iovec is valid but points at 16 bytes starting 8 bytes before the
;; end of memory. wasmtime traps; if the host returns, the program exits with the errno.
;; Runner: no preopen, no args. Expected: trap. Node 20 (uvwasi) returns OVERFLOW: exit 61.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 65528))
    (i32.store (i32.const 4) (i32.const 16))
    (call $proc_exit (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 16)))))
