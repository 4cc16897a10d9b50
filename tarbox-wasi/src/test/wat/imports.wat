;; Asks for three things the host does not give and one function with the wrong type.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
  (import "env" "helper" (func (param i32)))
  (import "wasi_snapshot_preview1" "no_such_call" (func))
  (import "wasi_snapshot_preview1" "fd_close" (func (param i64) (result i32)))
  (import "env" "memory" (memory 1))
  (func (export "_start")))
