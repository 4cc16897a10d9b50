;; Lacks plugin_process.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"missing-process\",\"version\":\"1.0.0\",\"description\":\"test plugin\",\"config\":[\"greeting\"],\"paths\":[\"/data\"]}")
  (func (export "plugin_manifest") (param $out i32) (param $cap i32) (result i32)
    (if (i32.le_u (i32.const 112) (local.get $cap))
      (then (memory.copy (local.get $out) (i32.const 0) (i32.const 112))))
    (i32.const 112))
  (func (export "plugin_init") (result i32) (i32.const 0)))
