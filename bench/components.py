#!/usr/bin/env python3
"""Runs the four shared workloads (hello, cpu, bigio, fsmeta) as WASI 0.2 components and as modules
of the same code on Tarbox, and the components on jco (`jco run`, Node + preview2-shim), in paired
alternating rounds (one run of each runtime per workload per round, the order rotating), after one
warm-up round (so Tarbox's compiled-module cache is filled: every run measured is a second start).
Prints a Markdown table of medians and the ratios component/module and jco/component. Every runtime
must print the same checksum line, or the run is reported as a mismatch.

The components and modules are tarbox-wasi/src/test/resources/components/NAME.component.wasm and
NAME.core.wasm (built by tarbox-wasi/src/test/build-components.sh from the workloads' C sources;
the module is the component's main module, byte for byte).

usage: bench/components.py [--rounds N] [--only hello,cpu,...] [--out FILE]
Needs: java, mvn (./tarbox builds the jar), node and npm (jco is installed into bench/node_modules,
gitignored, unless JCO_HOME names a directory where it is npm-installed).
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
COMPONENTS = os.path.join(ROOT, "tarbox-wasi", "src", "test", "resources", "components")
TARBOX = os.path.join(ROOT, "tarbox")

# name -> guest args (as bench/peers.py)
CASES = {
    "hello": ["/data/hello.txt"],
    "cpu": ["40"],
    "bigio": ["/data", "64"],
    "fsmeta": ["/data", "5000"],
}
RUNTIMES = ["module", "component", "jco"]


def jco_home():
    home = os.environ.get("JCO_HOME", os.path.join(ROOT, "bench"))
    if not os.path.exists(os.path.join(home, "node_modules", ".bin", "jco")):
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "@bytecodealliance/jco@1.35.0"],
                       cwd=home, check=True, stdout=subprocess.DEVNULL)
    shim = os.path.join(home, "node_modules", "@bytecodealliance", "jco", "node_modules", "@bytecodealliance",
                        "preview2-shim")
    if not os.path.isdir(shim):
        shim = os.path.join(home, "node_modules", "@bytecodealliance", "preview2-shim")
    return os.path.join(home, "node_modules", ".bin", "jco"), os.path.realpath(shim)


def timed(cmd):
    start = time.perf_counter()
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        return None, "fails: " + (proc.stderr.strip().splitlines() or ["exit %d" % proc.returncode])[-1]
    lines = [l for l in proc.stdout.splitlines() if "checksum" in l or l.startswith("hello")]
    return elapsed, (lines[-1] if lines else proc.stdout.strip()[:80])


def command(runtime, name, args, work, jco, shim):
    if runtime == "jco":
        data = tempfile.mkdtemp(dir=work)
        setup = os.path.join(work, "setup-%s.mjs" % os.path.basename(data))
        with open(setup, "w") as f:
            f.write("import { _setPreopens, _addPreopen } from %r;\n_setPreopens({});\n_addPreopen('/data', %r);\n"
                    % (os.path.join(shim, "dist", "nodejs", "filesystem.js"), data))
        return [jco, "run", "--jco-import", setup, os.path.join(COMPONENTS, name + ".component.wasm")] + args
    wasm = name + (".core.wasm" if runtime == "module" else ".component.wasm")
    db = os.path.join(tempfile.mkdtemp(dir=work), "tarbox.db")
    subprocess.run([TARBOX, "--db", db, "mkdir", "/data"], check=True)
    return [TARBOX, "--db", db, "run", "--dir", "/data", os.path.join(COMPONENTS, wasm), "--"] + args


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--only", default=",".join(CASES))
    ap.add_argument("--out", help="also write the table to this file")
    args = ap.parse_args()
    jco, shim = jco_home()
    work = tempfile.mkdtemp(prefix="tarbox-components-bench-")
    names = args.only.split(",")
    times = {(n, r): [] for n in names for r in RUNTIMES}
    outputs = {(n, r): set() for n in names for r in RUNTIMES}
    for round_ in range(args.rounds + 1):
        for name in names:
            order = RUNTIMES[round_ % 3:] + RUNTIMES[:round_ % 3]
            for runtime in order:
                elapsed, out = timed(command(runtime, name, CASES[name], work, jco, shim))
                outputs[(name, runtime)].add(out)
                if round_ > 0 and elapsed is not None:  # round 0 warms up (fills the module cache)
                    times[(name, runtime)].append(elapsed)
        print("round %d done" % round_, file=sys.stderr)
    rows = ["| workload | module (Tarbox) | component (Tarbox) | jco (Node) | component/module | jco/component | same output |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    for name in names:
        med = {r: statistics.median(times[(name, r)]) if times[(name, r)] else None for r in RUNTIMES}
        same = len(set().union(*[outputs[(name, r)] for r in RUNTIMES])) == 1
        def fmt(v):
            return "—" if v is None else "%.2f s" % v
        def ratio(a, b):
            return "—" if a is None or b is None else "%.2f" % (a / b)
        rows.append("| %s %s | %s | %s | %s | %s | %s | %s |" % (
            name, " ".join(CASES[name]), fmt(med["module"]), fmt(med["component"]), fmt(med["jco"]),
            ratio(med["component"], med["module"]), ratio(med["jco"], med["component"]),
            "yes" if same else "no: " + "; ".join("%s %s" % (r, sorted(outputs[(name, r)])) for r in RUNTIMES)))
    table = "\n".join(rows)
    print("%d paired rounds after one warm-up, medians; load average before: %s" % (
        args.rounds, open("/proc/loadavg").read().split()[:3]))
    print(table)
    if args.out:
        with open(args.out, "w") as f:
            f.write(table + "\n")


if __name__ == "__main__":
    main()
