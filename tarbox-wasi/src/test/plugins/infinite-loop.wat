;; plugin_process never returns.
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"infinite-loop\",\"version\":\"1.0.0\",\"description\":\"test plugin\",\"config\":[\"greeting\"],\"paths\":[\"/data\"]}")
  (func (export "plugin_manifest") (param $out i32) (param $cap i32) (result i32)
    (if (i32.le_u (i32.const 110) (local.get $cap))
      (then (memory.copy (local.get $out) (i32.const 0) (i32.const 110))))
    (i32.const 110))
  (func (export "plugin_init") (result i32) (i32.const 0))
  (func (export "plugin_process") (param $ctx i32) (param $ctx_len i32) (param $data i32) (param $data_len i32)
        (param $out i32) (param $cap i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
