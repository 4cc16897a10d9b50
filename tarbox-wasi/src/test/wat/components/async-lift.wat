;; Bad input for the error tests: a canon lift with the async option (component-model async, WASI 0.3).
(component
  (core module $M (func (export "f") (result i32) (i32.const 0)))
  (core instance $m (instantiate $M))
  (func (export "f") (result u32) (canon lift (core func $m "f") async))
)
