;; Bad input for the error tests: canonical options that do not type-check (a string parameter, no realloc).
(component
  (core module $M (memory (export "memory") 1) (func (export "f") (param i32 i32) (result i32) (local.get 1)))
  (core instance $m (instantiate $M))
  (func (export "length") (param "s" string) (result u32) (canon lift (core func $m "f") (memory (core memory $m "memory"))))
)
