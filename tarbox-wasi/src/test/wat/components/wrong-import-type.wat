;; Bad input for the error tests: a command importing wasi:cli/environment@0.2.0 get-arguments
;; with the result list<u32> (the host's is list<string>); refused at link, before it runs.
(component
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-arguments" (func (result (list u32))))))
  (core module $M (func (export "run") (result i32) (i32.const 0)))
  (core instance $m (instantiate $M))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $runner (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $runner))
)
