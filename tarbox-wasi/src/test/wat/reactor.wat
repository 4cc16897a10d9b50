;; A WASI reactor: _initialize must run before any export is invoked (as wasmtime does).
(module
  (global $base (mut i32) (i32.const 0))
  (memory (export "memory") 1)
  (func (export "_initialize") (global.set $base (i32.const 40)))
  (func (export "answer") (result i32) (i32.add (global.get $base) (i32.const 2))))
