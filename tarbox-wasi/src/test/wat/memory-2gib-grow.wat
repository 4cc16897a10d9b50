;; Starts with 1 page and asks memory.grow for 40,000 more (past what the engine holds): the grow
;; must be refused (-1) rather than crash the host; exits 3 when it was refused, 0 otherwise.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (call $exit (select (i32.const 3) (i32.const 0) (i32.eq (memory.grow (i32.const 40000)) (i32.const -1))))))
