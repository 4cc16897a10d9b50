;; oob_path: path_create_directory whose path (pointer + length) runs past the end of memory.
;; wasmtime traps; if the host returns, the program exits with the errno.
;; Runner: preopen /data at fd 3, args ["/data"]. Expected: trap. Node 20 (uvwasi) returns
;; OVERFLOW: exit 61.
(module
  (import "wasi_snapshot_preview1" "path_create_directory" (func $mkdir (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 65533) "abc")
  (func (export "_start")
    (call $proc_exit (call $mkdir (i32.const 3) (i32.const 65533) (i32.const 10)))))
