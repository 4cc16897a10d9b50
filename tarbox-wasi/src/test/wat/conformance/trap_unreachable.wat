;; trap_unreachable: _start writes a line and executes `unreachable`. The run ends as a trap.
;; Runner: no preopen, no args. Expected: trap (tarbox CLI: exit 134, "wasm trap: ..." on
;; stderr), stdout "before unreachable".
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 100) "before unreachable\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 100))
    (i32.store (i32.const 4) (i32.const 19))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    unreachable))
