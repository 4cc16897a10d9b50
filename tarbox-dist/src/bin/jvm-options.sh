# shellcheck shell=sh
# The JVM options that depend on the command and the machine: one rule for the checkout's ./tarbox
# and the release archive's bin/tarbox, which both source this file (the archive ships it as
# lib/jvm-options.sh). POSIX sh.
#
# JIT: file commands are short: only the quick C1 compiler. A `run` (or `test`) may compute for
# long, so it keeps C2 but starts it later than usual, so that C2 does not compete with start-up for
# the CPU (measured: hello.wasm C1 0.79 s, late C2 0.99 s, default 1.2 s; cpu.wasm 60: C1 4.6 s CPU,
# C2 2.6-3.2 s). So do `put` and `import`, which hash every chunk they store: the JDK's SHA-256
# instructions are used by C2 only, and under C1 hashing runs at a ninth of the speed (put of 256 MB:
# 3.23 s with C1 only, 1.58-1.82 s with the late C2). `serve` runs for long and gets the JVM's own
# tiers (a WebDAV PUT of 256 MB: 2.3-2.4 s with C1 only, 0.77-0.80 s). On PostgreSQL these commands
# start C2 sooner (twice the JVM's usual thresholds): much of their work is the driver's Java code,
# which C2 pays for (fsmeta 5000: 3.13 -> 2.35 s, hello within noise), where on SQLite such
# thresholds cost start-up (hello +9%) and the work is SQLite's C code (docs/benchmarks.md, "fifth
# round"). Which database a command uses is decided in Java; the
# database is only guessed here (the flag, TARBOX_DB, the configuration file's db=), so a wrong
# guess costs speed, never behaviour.
#
# Pages: transparent huge pages for the heap and the JIT's code where the kernel gives them on
# request (its "madvise" mode, the usual default). Memory the JVM touches for the first time costs a
# page fault per 4 KiB otherwise, and a run touches most of its heap for the first time inside a
# collection (measured, paired: hello 0.95, cpu 0.94, bigio 0.95, fsmeta 1.01; peak RSS +6 MB;
# docs/benchmarks.md, "sixth round"). In "always" mode the kernel uses them anyway; in "never" mode
# the JVM would print a warning, so the option is not given.

# Verification: `run` loads the classes of a cached compiled module without the JVM's
# bytecode verifier (-XX:-BytecodeVerificationRemote): they passed it when they were compiled and
# stored, in that run's JVM or, when it does not verify, in a fresh one that does, before the
# program ran (io.tarbox.wasi.module.ClassVerification). Verifying them again at every start was a
# third to a half of a big module's start (the 200,000-function module 2.67 -> 1.58 s, Yosys 6.3 ->
# 5.5 s; hello 0.97; docs/benchmarks.md, "seventh round"). Tarbox's own classes, and its
# libraries', are loaded unverified too in a run; most come from the class-data-sharing archive,
# verified when it was written. `test` keeps the verifier: it compiles many small modules in one
# JVM, often with an empty cache, where a fresh JVM per module would cost more than it saves.
# Safety does not rest on this guess of the command: the Java side asks the JVM whether it verifies.

# Sets jit_options (JVM options, separated by spaces) for the tarbox arguments "$@".
jit_options() {
  jit_options="-XX:TieredStopAtLevel=1"
  for jit_arg in "$@"; do
    case "$jit_arg" in
      serve)
        jit_options=""
        return 0
        ;;
      run | test | put | import)
        jit_guess_db "$@"
        case "$jit_db" in
          postgres://* | postgresql://* | jdbc:postgresql:*)
            jit_options="-XX:Tier4InvocationThreshold=10000 -XX:Tier4MinInvocationThreshold=1200"
            jit_options="$jit_options -XX:Tier4CompileThreshold=30000 -XX:Tier4BackEdgeThreshold=80000"
            ;;
          *)
            jit_options="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000"
            jit_options="$jit_options -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"
            ;;
        esac
        return 0
        ;;
    esac
  done
}

# Sets jit_db to the database the arguments "$@" name, as far as a shell can tell.
jit_guess_db() {
  jit_db="${TARBOX_DB:-}"
  jit_prev=""
  jit_config=""
  for jit_arg in "$@"; do
    [ "$jit_arg" = -- ] && break # the program's own arguments follow
    case "$jit_prev" in
      --db) jit_db="$jit_arg" ;;
      --config) jit_config="$jit_arg" ;;
    esac
    case "$jit_arg" in
      --db=*) jit_db="${jit_arg#--db=}" ;;
      --config=*) jit_config="${jit_arg#--config=}" ;;
    esac
    jit_prev="$jit_arg"
  done
  [ -n "$jit_db" ] && return 0
  jit_config="${jit_config:-${TARBOX_CONFIG:-${XDG_CONFIG_HOME:-${HOME:-}/.config}/tarbox/config.properties}}"
  [ -r "$jit_config" ] || return 0
  while IFS='=:' read -r jit_key jit_value; do
    jit_key="${jit_key#"${jit_key%%[![:space:]]*}"}"
    jit_key="${jit_key%"${jit_key##*[![:space:]]}"}"
    if [ "$jit_key" = db ]; then
      jit_db="${jit_value#"${jit_value%%[![:space:]]*}"}"
    fi
  done <"$jit_config"
  return 0
}

# Sets verify_options (JVM options, separated by spaces) for the tarbox arguments "$@".
verify_options() {
  verify_options=""
  for verify_arg in "$@"; do
    case "$verify_arg" in
      run)
        verify_options="-XX:+UnlockDiagnosticVMOptions -XX:-BytecodeVerificationRemote"
        return 0
        ;;
    esac
  done
  return 0
}

# Sets page_options (JVM options, separated by spaces) for this machine's kernel.
page_options() {
  page_options=""
  [ -r /sys/kernel/mm/transparent_hugepage/enabled ] || return 0
  read -r page_thp </sys/kernel/mm/transparent_hugepage/enabled || return 0
  case "$page_thp" in
    *"[madvise]"*) page_options="-XX:+UseTransparentHugePages" ;;
  esac
  return 0
}
