;; plugin_process has the wrong type.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"wrong\",\"version\":\"1.0.0\",\"description\":\"test plugin\",\"config\":[\"greeting\"],\"paths\":[\"/data\"]}")
  (func (export "plugin_manifest") (param $out i32) (param $cap i32) (result i32)
    (if (i32.le_u (i32.const 102) (local.get $cap))
      (then (memory.copy (local.get $out) (i32.const 0) (i32.const 102))))
    (i32.const 102))
  (func (export "plugin_init") (result i32) (i32.const 0))
  (func (export "plugin_process") (param i32 i32) (result i32) (i32.const 0)))
