;; oob_result: args_sizes_get asked to store its result past the end of memory. wasmtime traps;
;; if the host returns, the program exits with the errno.
;; Runner: no preopen, args ["x"]. Expected: trap. Node 20 (uvwasi) returns OVERFLOW: exit 61.
(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $proc_exit (call $args_sizes_get (i32.const 0) (i32.const 65534)))))
