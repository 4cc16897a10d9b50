;; A module whose memory declares 65,536 initial pages (4 GiB): more than the engine holds.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 65536)
  (func (export "_start") (i32.store (i32.const 4096) (i32.const 1)) (call $exit (i32.const 0))))
