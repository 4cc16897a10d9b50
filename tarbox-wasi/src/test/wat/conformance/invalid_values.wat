;; invalid_values: raw calls with values C cannot easily produce. Each check compares the errno
;; with wasmtime's answer and, on a mismatch, exits with 100 + the check number (so a failing
;; check is visible in the exit code); all passing prints "PASS invalid_values" and exits 0.
;;   1 fd_write to fd 0xffffffff                  BADF
;;   2 fd_close(-1)                               BADF
;;   3 fd_read from fd 100                        BADF
;;   4 fd_write with 0 iovecs at address 0        SUCCESS, nwritten 0
;;   5 fd_seek with whence 3                      INVAL
;;   6 fd_seek with whence 255                    INVAL
;;   7 fd_advise with advice 200                  INVAL
;;   8 clock_time_get of clock 10                 INVAL
;;   9 path_open of "a\0b" (NUL inside)           INVAL
;;  10 poll_oneoff with event type 3              INVAL
;;  11 path_open with oflags bit 0x10 (unknown)   INVAL
;;  12 path_open with lookupflags bit 2 (unknown) INVAL
;;  13 fd_fdstat_set_flags with bit 0x20          INVAL
;;  14 path_open of "\ff" (not UTF-8)             ILSEQ
;;  15 fd_prestat_dir_name with a 2-byte buffer   NAMETOOLONG
;; Runner: preopen /data at fd 3 (writable, empty), args ["/data"].
;; Expected: exit 0, stdout "PASS invalid_values". Node 20 (uvwasi) deviates from check 11 on,
;; so it exits 111: it ignores unknown oflags, lookupflags and fdflags bits (11, 12, 13), accepts
;; a path that is not UTF-8 (14) and answers NOBUFS for a short prestat buffer (15).
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $fd_close (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_seek" (func $fd_seek (param i32 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_advise" (func $fd_advise (param i32 i64 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_fdstat_set_flags" (func $fd_fdstat_set_flags (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_dir_name" (func $fd_prestat_dir_name (param i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock_time_get (param i32 i64 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll_oneoff (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  ;; 0..63 scratch; 64: iovec; 100: strings
  (data (i32.const 100) "PASS invalid_values\n")
  (data (i32.const 140) "a\00b")
  (data (i32.const 150) "\ff")
  (data (i32.const 160) "file")

  (func $expect (param $got i32) (param $want i32) (param $check i32)
    (if (i32.ne (local.get $got) (local.get $want))
      (then (call $proc_exit (i32.add (i32.const 100) (local.get $check))))))

  (func $open (param $path i32) (param $len i32) (param $lookup i32) (param $oflags i32) (result i32)
    (call $path_open (i32.const 3) (local.get $lookup) (local.get $path) (local.get $len)
      (local.get $oflags) (i64.const 0x0fffffff) (i64.const 0) (i32.const 0) (i32.const 32)))

  (func (export "_start")
    (local $fd i32)
    ;; iovec at 64 -> "x" at 160
    (i32.store (i32.const 64) (i32.const 160))
    (i32.store (i32.const 68) (i32.const 1))
    (call $expect (call $fd_write (i32.const -1) (i32.const 64) (i32.const 1) (i32.const 0)) (i32.const 8) (i32.const 1))
    (call $expect (call $fd_close (i32.const -1)) (i32.const 8) (i32.const 2))
    (call $expect (call $fd_read (i32.const 100) (i32.const 64) (i32.const 1) (i32.const 0)) (i32.const 8) (i32.const 3))
    (i32.store (i32.const 0) (i32.const 77))
    (call $expect (call $fd_write (i32.const 1) (i32.const 0) (i32.const 0) (i32.const 0)) (i32.const 0) (i32.const 4))
    (call $expect (i32.load (i32.const 0)) (i32.const 0) (i32.const 4))
    ;; a real file to seek and advise on
    (call $expect (call $open (i32.const 160) (i32.const 4) (i32.const 0) (i32.const 1)) (i32.const 0) (i32.const 5))
    (local.set $fd (i32.load (i32.const 32)))
    (call $expect (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 3) (i32.const 40)) (i32.const 28) (i32.const 5))
    (call $expect (call $fd_seek (local.get $fd) (i64.const 0) (i32.const 255) (i32.const 40)) (i32.const 28) (i32.const 6))
    (call $expect (call $fd_advise (local.get $fd) (i64.const 0) (i64.const 0) (i32.const 200)) (i32.const 28) (i32.const 7))
    (call $expect (call $clock_time_get (i32.const 10) (i64.const 0) (i32.const 40)) (i32.const 28) (i32.const 8))
    (call $expect (call $open (i32.const 140) (i32.const 3) (i32.const 0) (i32.const 0)) (i32.const 28) (i32.const 9))
    ;; subscription at 200 (48 bytes): userdata, tag=3
    (i64.store (i32.const 200) (i64.const 1))
    (i32.store8 (i32.const 208) (i32.const 3))
    (call $expect (call $poll_oneoff (i32.const 200) (i32.const 300) (i32.const 1) (i32.const 40)) (i32.const 28) (i32.const 10))
    (call $expect (call $open (i32.const 160) (i32.const 4) (i32.const 0) (i32.const 0x10)) (i32.const 28) (i32.const 11))
    (call $expect (call $open (i32.const 160) (i32.const 4) (i32.const 2) (i32.const 0)) (i32.const 28) (i32.const 12))
    (call $expect (call $fd_fdstat_set_flags (local.get $fd) (i32.const 0x20)) (i32.const 28) (i32.const 13))
    (call $expect (call $open (i32.const 150) (i32.const 1) (i32.const 0) (i32.const 0)) (i32.const 25) (i32.const 14))
    (call $expect (call $fd_prestat_dir_name (i32.const 3) (i32.const 40) (i32.const 2)) (i32.const 37) (i32.const 15))
    ;; PASS
    (i32.store (i32.const 64) (i32.const 100))
    (i32.store (i32.const 68) (i32.const 20))
    (drop (call $fd_write (i32.const 1) (i32.const 64) (i32.const 1) (i32.const 0))))
)
