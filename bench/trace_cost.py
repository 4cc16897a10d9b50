#!/usr/bin/env python3
"""What `run --trace` costs, and that it costs nothing when off: `tarbox run --dir /::/ fsmeta.wasm
/data N` in three series, round-robin (the order rotating each round) in one fresh SQLite database
(or --db), /data emptied before each run:

  base   another Tarbox (--base: the `tarbox` script of a checkout of the code before the trace)
  off    this Tarbox without --trace (no wrapper installed)
  on     this Tarbox with --trace-file (text lines to a file on /tmp)

Prints a Markdown table of each round, the means and medians, and the ratios to `off`.

usage: bench/trace_cost.py [--rounds N] [--files N] [--db URL] [--base PATH/tarbox]
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FSMETA = os.path.join(os.path.dirname(ROOT), "shared", "bench", "workloads", "fsmeta.wasm")
TARBOX = os.path.join(ROOT, "tarbox")


def run(tarbox, db, *args, check=True):
    return subprocess.run([tarbox, "--db", db, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=check)


def timed(series, db, files, trace_file, base):
    tarbox = base if series == "base" else TARBOX
    run(tarbox, db, "rm", "-r", "/data", check=False)
    run(tarbox, db, "mkdir", "-p", "/data")
    extra = ["--trace-file", trace_file] if series == "on" else []
    cmd = [tarbox, "--db", db, "run"] + extra + ["--dir", "/::/", FSMETA, "/data", str(files)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(series + " run failed: " + proc.stderr.strip())
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--db", help="tarbox --db (default: a fresh SQLite file)")
    ap.add_argument("--base", help="the tarbox script of the code to compare with (default: no base series)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="tarbox-trace-")
    db = args.db or os.path.join(tmp, "bench.db")
    trace_file = os.path.join(tmp, "trace.txt")
    series = (["base"] if args.base else []) + ["off", "on"]
    for s in series:  # warm-up: builds the jars and the module caches
        timed(s, db, args.files, trace_file, args.base)
    times = {s: [] for s in series}
    cpus = {s: [] for s in series}
    for i in range(args.rounds):
        order = series[i % len(series):] + series[:i % len(series)]
        for s in order:
            wall, cpu = timed(s, db, args.files, trace_file, args.base)
            times[s].append(wall)
            cpus[s].append(cpu)
    lines = sum(1 for _ in open(trace_file))
    print("Wall-clock time, then CPU time (user + system) of the `tarbox run` process:")
    print()
    print("| round | " + " | ".join(series) + " | " + " | ".join(s + " CPU" for s in series) + " |")
    print("| --- | " + " | ".join("---" for _ in series * 2) + " |")
    for i in range(args.rounds):
        print("| %d | " % (i + 1) + " | ".join("%.2f s" % times[s][i] for s in series) + " | "
              + " | ".join("%.2f s" % cpus[s][i] for s in series) + " |")
    print("| mean | " + " | ".join("%.2f s" % statistics.mean(times[s]) for s in series) + " | "
          + " | ".join("%.2f s" % statistics.mean(cpus[s]) for s in series) + " |")
    print("| median | " + " | ".join("%.2f s" % statistics.median(times[s]) for s in series) + " | "
          + " | ".join("%.2f s" % statistics.median(cpus[s]) for s in series) + " |")
    print()
    for s in series:
        print("%s / off (median): wall %.2f, CPU %.2f" % (s, statistics.median(times[s]) / statistics.median(times["off"]),
                                                         statistics.median(cpus[s]) / statistics.median(cpus["off"])))
    print("trace lines per traced run: %d" % lines)


if __name__ == "__main__":
    main()
