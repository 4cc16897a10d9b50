;; A counted loop whose instructions can be counted by hand, to pin down what one unit of fuel is.
;; _start: 10 iterations of
;;   loop, local.get, i32.const, i32.add, local.tee, i32.const, i32.lt_u, br_if
;; then the loop's `end` and the function's `end` (docs/limits.md gives the count).
(module
  (memory (export "memory") 1)
  (func (export "_start") (local i32)
    (loop $l
      (br_if $l (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 10))))))
