;; plugin_process needs a 200000-byte buffer: asks for it, then fills it with "x".
(module
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"big-output\",\"version\":\"1.0.0\",\"description\":\"test plugin\",\"config\":[\"greeting\"],\"paths\":[\"/data\"]}")
  (func (export "plugin_manifest") (param $out i32) (param $cap i32) (result i32)
    (if (i32.le_u (i32.const 107) (local.get $cap))
      (then (memory.copy (local.get $out) (i32.const 0) (i32.const 107))))
    (i32.const 107))
  (func (export "plugin_init") (result i32) (i32.const 0))
  (func (export "plugin_process") (param $ctx i32) (param $ctx_len i32) (param $data i32) (param $data_len i32)
        (param $out i32) (param $cap i32) (result i32)
    (if (i32.lt_u (local.get $cap) (i32.const 200000)) (then (return (i32.const 200000))))
    (memory.fill (local.get $out) (i32.const 120) (i32.const 200000))
    (i32.const 200000)))
