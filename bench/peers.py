#!/usr/bin/env python3
"""Runs the shared benchmark workloads under `tarbox run` and under the peer runtimes (Node's WASI,
Chicory's own WASI) in one run, paired round by round, and prints a Markdown table of medians and
ratios. Every runtime must print the same checksum line, or the run is reported as a mismatch.

usage: bench/peers.py [--rounds N] [--only hello,cpu,...] [--db URL] [--out FILE]

Needs: node, java, mvn; the workloads and peers in ../shared/bench (beside this repository).
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
WORKLOADS = os.path.join(SHARED, "workloads")

# name -> (module, guest args after the module); "{root}" is the guest preopen.
CASES = {
    "hello": ("hello.wasm", ["/data/hello.txt"]),
    "cpu": ("cpu.wasm", ["40"]),
    "bigio": ("bigio.wasm", ["/data", "64"]),
    "fsmeta": ("fsmeta.wasm", ["/data", "5000"]),
}


def build_chicory_peer(work):
    dest = os.path.join(work, "chicory-wasi")
    shutil.copytree(os.path.join(SHARED, "peers", "chicory-wasi"), dest)
    subprocess.run(["mvn", "-q", "-B", "package"], cwd=dest, check=True)
    return os.path.join(dest, "target", "chicory-wasi-1.jar")


def timed(cmd, env=None):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        # A peer that cannot run a workload (Chicory's WASI has no rename) is reported, not fatal.
        return None, "fails: " + (proc.stderr.strip().splitlines() or ["exit %d" % proc.returncode])[-1]
    lines = [l for l in proc.stdout.splitlines() if "checksum" in l or l.startswith("hello")]
    return elapsed, (lines[-1] if lines else proc.stdout.strip()[:80])


def report(table, out):
    """Prints a Markdown table (a string) and writes it to the --out file as well, when given."""
    print(table)
    if out:
        with open(out, "w") as f:
            f.write(table + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default=",".join(CASES))
    ap.add_argument("--db", help="tarbox --db for the runs (default: a fresh SQLite file)")
    ap.add_argument("--out", help="also write the table to this file")
    ap.add_argument("--tarbox-args", default="", help="extra args for `tarbox run`, e.g. --interpreter")
    args = ap.parse_args()

    work = tempfile.mkdtemp(prefix="tarbox-bench-")
    chicory_jar = build_chicory_peer(work)
    tarbox = os.path.join(ROOT, "tarbox")
    subprocess.run([tarbox, "--version"], check=True, stdout=subprocess.DEVNULL)
    db = args.db or os.path.join(work, "bench.db")
    env = dict(os.environ, TARBOX_DB=db, XDG_CACHE_HOME=os.path.join(work, "cache"))
    subprocess.run([tarbox, "init"], check=True, env=env, stdout=subprocess.DEVNULL)

    rows = []
    for name in args.only.split(","):
        module, guest_args = CASES[name]
        wasm = os.path.join(WORKLOADS, module)
        host_dir = os.path.join(work, "host-" + name)
        runtimes = {
            "node": lambda: ["node", os.path.join(SHARED, "peers", "run-node.mjs"), "--dir", host_dir + "::/data", wasm] + guest_args,
            "chicory": lambda: ["java", "-jar", chicory_jar, "--dir", host_dir + "::/data", wasm] + guest_args,
            "tarbox": lambda: [tarbox, "run"] + args.tarbox_args.split() + ["--dir", "/::/data", wasm, "--"] + guest_args,
        }
        times = {k: [] for k in runtimes}
        outputs = {}
        # One untimed run each: fills Tarbox's compiled-module cache (the "second run" case) and
        # the OS page cache for every runtime alike.
        for key, cmd in runtimes.items():
            os.makedirs(host_dir, exist_ok=True)
            outputs[key] = timed(cmd(), env)[1]
        for _ in range(args.rounds):
            for key, cmd in runtimes.items():
                shutil.rmtree(host_dir, ignore_errors=True)
                os.makedirs(host_dir)
                elapsed, out = timed(cmd(), env)
                if elapsed is not None:
                    times[key].append(elapsed)
                outputs[key] = out
        ran = {k: v for k, v in outputs.items() if not v.startswith("fails")}
        same = len(set(ran.values())) == 1 and "tarbox" in ran
        med = {k: statistics.median(v) if v else None for k, v in times.items()}
        rows.append((name, " ".join([module] + guest_args), med, same, outputs))

    lines = [
        f"Rounds: {args.rounds} (paired, medians of wall time). Command: `bench/peers.py --rounds {args.rounds} --only {args.only}`"
        + (f" `--tarbox-args '{args.tarbox_args}'`" if args.tarbox_args else ""),
        "",
        "| workload | node | chicory | tarbox | tarbox / node | tarbox / chicory | same output |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    def cell(t):
        return f"{t:.2f} s" if t is not None else "fails"

    def ratio(a, b):
        return f"{a / b:.2f}" if a is not None and b is not None else "—"

    for name, label, med, same, outputs in rows:
        failed = "; ".join(f"{k} {v}" for k, v in outputs.items() if v.startswith("fails"))
        lines.append(
            f"| {label} | {cell(med['node'])} | {cell(med['chicory'])} | {cell(med['tarbox'])} | "
            f"{ratio(med['tarbox'], med['node'])} | {ratio(med['tarbox'], med['chicory'])} | "
            f"{('yes' if same else 'NO: ' + repr(outputs)) + (' (' + failed + ')' if failed else '')} |")
    report("\n".join(lines), args.out)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
