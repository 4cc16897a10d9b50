;; Calls every host function with out-of-range pointers and lengths; returns the 13 codes as
;; little-endian i32s (host_file_size's i64 wrapped), in the order of the calls below.
(module
  (import "env" "host_log" (func $log (param i32 i32 i32) (result i32)))
  (import "env" "host_get_config" (func $config (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_read_file" (func $read (param i32 i32 i32 i32) (result i32)))
  (import "env" "host_file_exists" (func $exists (param i32 i32) (result i32)))
  (import "env" "host_file_size" (func $size (param i32 i32) (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 0) "{\"name\":\"bad-pointers\",\"version\":\"1.0.0\",\"description\":\"test plugin\",\"config\":[\"greeting\"],\"paths\":[\"/data\"]}")
  (func (export "plugin_manifest") (param $out i32) (param $cap i32) (result i32)
    (if (i32.le_u (i32.const 109) (local.get $cap))
      (then (memory.copy (local.get $out) (i32.const 0) (i32.const 109))))
    (i32.const 109))
  (func (export "plugin_init") (result i32) (i32.const 0))
  (func (export "plugin_process") (param $ctx i32) (param $ctx_len i32) (param $data i32) (param $data_len i32)
        (param $out i32) (param $cap i32) (result i32)
    (if (i32.lt_u (local.get $cap) (i32.const 52)) (then (return (i32.const 52))))
    ;; host_log: pointer far past the end
    (i32.store (i32.add (local.get $out) (i32.const 0)) (call $log (i32.const 1) (i32.const 0xfffffff0) (i32.const 32)))
    ;; host_log: negative length
    (i32.store (i32.add (local.get $out) (i32.const 4)) (call $log (i32.const 1) (i32.const 0) (i32.const -1)))
    ;; host_log: straddles the end of memory
    (i32.store (i32.add (local.get $out) (i32.const 8)) (call $log (i32.const 1) (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 3)) (i32.const 7)))
    ;; host_get_config: key pointer out of range
    (i32.store (i32.add (local.get $out) (i32.const 12)) (call $config (i32.const 0x40000000) (i32.const 4) (i32.const 0) (i32.const 16)))
    ;; host_get_config: output straddles the end
    (i32.store (i32.add (local.get $out) (i32.const 16)) (call $config (i32.const 0) (i32.const 4) (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 3)) (i32.const 16)))
    ;; host_get_config: negative output capacity
    (i32.store (i32.add (local.get $out) (i32.const 20)) (call $config (i32.const 0) (i32.const 4) (i32.const 0) (i32.const -5)))
    ;; host_read_file: path pointer out of range
    (i32.store (i32.add (local.get $out) (i32.const 24)) (call $read (i32.const 0x40000000) (i32.const 5) (i32.const 0) (i32.const 16)))
    ;; host_read_file: output pointer out of range
    (i32.store (i32.add (local.get $out) (i32.const 28)) (call $read (i32.const 0) (i32.const 5) (i32.const 0x80000000) (i32.const 16)))
    ;; host_read_file: negative path length
    (i32.store (i32.add (local.get $out) (i32.const 32)) (call $read (i32.const 0) (i32.const -1) (i32.const 0) (i32.const 16)))
    ;; host_file_exists: pointer 0xffffffff
    (i32.store (i32.add (local.get $out) (i32.const 36)) (call $exists (i32.const 0xffffffff) (i32.const 1)))
    ;; host_file_exists: length past the end
    (i32.store (i32.add (local.get $out) (i32.const 40)) (call $exists (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 3)) (i32.const 4)))
    ;; host_file_size: pointer out of range
    (i32.store (i32.add (local.get $out) (i32.const 44)) (i32.wrap_i64 (call $size (i32.const 0x40000000) (i32.const 1))))
    ;; host_file_size: negative length
    (i32.store (i32.add (local.get $out) (i32.const 48)) (i32.wrap_i64 (call $size (i32.const 10) (i32.const -10))))
    (i32.const 52))
)
