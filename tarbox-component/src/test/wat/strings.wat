;; Strings in the canonical ABI's other encodings (ComponentAbiTest): the same core function lifted
;; with string-encoding=utf16 and latin1+utf16. It returns the string it was given, so lowering into
;; the component and lifting out of it are both exercised.
(component
  (core module $M
    (memory (export "memory") 1)
    (global $heap (mut i32) (i32.const 1024))
    (func (export "realloc") (param i32 i32) (param $align i32) (param $size i32) (result i32)
      (local $p i32)
      (local.set $p (i32.and (i32.add (global.get $heap) (i32.sub (local.get $align) (i32.const 1)))
                             (i32.sub (i32.const 0) (local.get $align))))
      (global.set $heap (i32.add (local.get $p) (local.get $size)))
      (local.get $p))
    ;; (ptr, len) -> pointer to (ptr, len): the string given
    (func (export "echo") (param $p i32) (param $n i32) (result i32)
      (i32.store (i32.const 16) (local.get $p))
      (i32.store (i32.const 20) (local.get $n))
      (i32.const 16))
    ;; (ptr, len) -> len: code units (utf16) or the tagged length (latin1+utf16)
    (func (export "units") (param i32) (param $n i32) (result i32) (local.get $n)))
  (core instance $m (instantiate $M))
  (func (export "echo16") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory (core memory $m "memory")) (realloc (core func $m "realloc")) string-encoding=utf16))
  (func (export "units16") (param "s" string) (result u32)
    (canon lift (core func $m "units") (memory (core memory $m "memory")) (realloc (core func $m "realloc")) string-encoding=utf16))
  (func (export "echo-latin1") (param "s" string) (result string)
    (canon lift (core func $m "echo") (memory (core memory $m "memory")) (realloc (core func $m "realloc")) string-encoding=latin1+utf16))
  (func (export "units-latin1") (param "s" string) (result u32)
    (canon lift (core func $m "units") (memory (core memory $m "memory")) (realloc (core func $m "realloc")) string-encoding=latin1+utf16))
)
