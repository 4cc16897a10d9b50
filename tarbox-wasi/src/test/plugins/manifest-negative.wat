;; plugin_manifest fails.
(module
  (memory (export "memory") 1)
  (func (export "plugin_init") (result i32) (i32.const 0))
  ;; Echo: the context, a newline, then the data.
  (func (export "plugin_process") (param $ctx i32) (param $ctx_len i32) (param $data i32) (param $data_len i32)
        (param $out i32) (param $cap i32) (result i32)
    (local $n i32)
    (local.set $n (i32.add (i32.add (local.get $ctx_len) (i32.const 1)) (local.get $data_len)))
    (if (i32.gt_u (local.get $n) (local.get $cap)) (then (return (local.get $n))))
    (memory.copy (local.get $out) (local.get $ctx) (local.get $ctx_len))
    (i32.store8 (i32.add (local.get $out) (local.get $ctx_len)) (i32.const 10))
    (memory.copy (i32.add (i32.add (local.get $out) (local.get $ctx_len)) (i32.const 1))
                 (local.get $data) (local.get $data_len))
    (local.get $n))
  (func (export "plugin_manifest") (param i32 i32) (result i32) (i32.const -1)))
