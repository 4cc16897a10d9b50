#!/usr/bin/env python3
"""Writes and builds the "many functions" workload: a C program with 200,000 small functions,
all reachable through one table, that calls each once and prints a checksum. It stands for the
large generated modules (bindings, transpilers) whose start-up is parsing and compiling. Built
once with clang for wasm32-wasip1 into $XDG_CACHE_HOME/tarbox-bench (minutes on 2 cores).

usage: bench/many_functions.py [COUNT]   (prints the path of the built module)
"""
import os
import subprocess
import sys

COUNT = 200_000


def source(count):
    lines = ["#include <stdio.h>"]
    lines += [f"static int f{i}(int x){{return x*{i % 97 + 1}+{i % 13};}}" for i in range(count)]
    lines.append("typedef int (*fn)(int);")
    lines.append("static fn const table[] = {" + ",".join(f"f{i}" for i in range(count)) + "};")
    lines.append("int main(void){unsigned long sum=0;"
                 "for(unsigned i=0;i<sizeof table/sizeof table[0];i++)sum+=(unsigned)table[i]((int)i);"
                 'printf("many functions %u checksum %lu\\n",(unsigned)(sizeof table/sizeof table[0]),sum);return 0;}')
    return "\n".join(lines) + "\n"


def build(count=COUNT):
    cache = os.path.join(os.environ.get("XDG_CACHE_HOME", os.path.expanduser("~/.cache")), "tarbox-bench")
    os.makedirs(cache, exist_ok=True)
    wasm = os.path.join(cache, f"many-{count}.wasm")
    if not os.path.exists(wasm):
        c = os.path.join(cache, f"many-{count}.c")
        with open(c, "w") as f:
            f.write(source(count))
        subprocess.run(["clang", "--target=wasm32-wasi", "--sysroot=/usr", "-O1", "-Wl,--strip-all",
                        "-o", wasm + ".tmp", c], check=True)
        os.replace(wasm + ".tmp", wasm)
        os.remove(c)
    return wasm


if __name__ == "__main__":
    print(build(int(sys.argv[1]) if len(sys.argv) > 1 else COUNT))
