;; plugin_manifest never returns: the time limit covers loading too.
(module
  (memory (export "memory") 1)
  (func (export "plugin_manifest") (param i32 i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0))
  (func (export "plugin_init") (result i32) (i32.const 0))
  (func (export "plugin_process") (param $ctx i32) (param $ctx_len i32) (param $data i32) (param $data_len i32)
        (param $out i32) (param $cap i32) (result i32)
    (loop $forever (br $forever))
    (i32.const 0)))
