#!/usr/bin/env python3
"""What the audit trail costs: `tarbox run --dir /::/ fsmeta.wasm /data N` with the audit trail (the
default) and with --no-audit, alternating round by round in one fresh SQLite database (or --db),
/data emptied before each run. Prints a Markdown table of each round and the mean ratio.

usage: bench/audit_cost.py [--rounds N] [--files N] [--db URL]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FSMETA = os.path.join(os.path.dirname(ROOT), "shared", "bench", "workloads", "fsmeta.wasm")
TARBOX = os.path.join(ROOT, "tarbox")


def tarbox(db, *args, check=True):
    return subprocess.run([TARBOX, "--db", db, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=check)


def timed_run(db, files, audit):
    tarbox(db, "rm", "-r", "/data", check=False)
    tarbox(db, "mkdir", "-p", "/data")
    cmd = [TARBOX, "--db", db, "run"] + ([] if audit else ["--no-audit"]) + \
          ["--dir", "/::/", FSMETA, "/data", str(files)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit("run failed: " + proc.stderr.strip())
    return elapsed


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("--db", help="tarbox --db (default: a fresh SQLite file)")
    args = ap.parse_args()
    db = args.db or os.path.join(tempfile.mkdtemp(prefix="tarbox-audit-"), "bench.db")
    timed_run(db, args.files, True)  # warm-up: builds the jar and the module cache
    timed_run(db, args.files, False)
    rows = []
    for i in range(args.rounds):
        # alternate which goes first, so that a drift in the machine's load hits both alike
        first = i % 2 == 0
        a = timed_run(db, args.files, first)
        b = timed_run(db, args.files, not first)
        audited, plain = (a, b) if first else (b, a)
        rows.append((audited, plain))
    print("| round | with audit (default) | `--no-audit` | ratio |")
    print("| --- | --- | --- | --- |")
    for i, (a, p) in enumerate(rows, 1):
        print("| %d | %.2f s | %.2f s | %.2f |" % (i, a, p, a / p))
    ma = statistics.mean(r[0] for r in rows)
    mp = statistics.mean(r[1] for r in rows)
    print("| mean | %.2f s | %.2f s | %.2f |" % (ma, mp, ma / mp))
    print("| median | %.2f s | %.2f s | %.2f |" % (statistics.median(r[0] for r in rows),
                                                 statistics.median(r[1] for r in rows),
                                                 statistics.median(r[0] for r in rows) / statistics.median(r[1] for r in rows)))


if __name__ == "__main__":
    main()
