;; Bad input for the error tests: a command importing wasi:sockets, which Tarbox does not provide.
(component
  (import "wasi:sockets/tcp@0.2.0" (instance $tcp (export "tcp-socket" (type (sub resource)))))
  (import "wasi:sockets/instance-network@0.2.0" (instance (export "network" (type (sub resource)))))
  (core module $M (func (export "run") (result i32) (i32.const 0)))
  (core instance $m (instantiate $M))
  (func $run (result (result)) (canon lift (core func $m "run")))
  (instance $runner (export "run" (func $run)))
  (export "wasi:cli/run@0.2.0" (instance $runner))
)
