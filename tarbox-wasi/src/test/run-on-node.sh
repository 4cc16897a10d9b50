#!/usr/bin/env bash
# Runs every conformance case (resources/conformance/NAME.json) on Node's built-in WASI (uvwasi), the peer
# reference, each with a fresh empty temporary directory preopened as /data, and prints
# "N passed, N failed". Node-specific expectations (documented deviations) come from each
# entry's "peers.node" object; CONFORMANCE_PEER=node is always set so that the programs skip
# the individual checks where uvwasi is known to differ from wasmtime.
#   usage: run-on-node.sh [program-name...]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export CONFORMANCE_DIR="$here/resources/conformance"
runner="$(mktemp -d)"
trap 'rm -rf "$runner"' EXIT

cat > "$runner/run-one.mjs" <<'JS'
// Runs one module on node:wasi: argv = [manifest-entry-json].
import { readFileSync } from 'node:fs';
import { WASI } from 'node:wasi';
const p = JSON.parse(process.argv[2]);
const wasi = new WASI({ version: 'preview1', args: [p.wasm, ...p.args], env: p.env,
                        preopens: p.preopens, returnOnExit: true });
const module = await WebAssembly.compile(readFileSync(p.path));
const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
try {
  process.exitCode = wasi.start(instance);
} catch (e) {
  process.stderr.write(`wasm trap: ${e}\n`);
  process.exitCode = 134;
}
JS

cat > "$runner/suite.mjs" <<'JS'
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const dir = process.env.CONFORMANCE_DIR;
const only = process.argv.slice(3);
// The conformance cases (NAME.json beside NAME.wasm, the format of `tarbox test`), in the shape
// this runner reads: exitCode ("trap" for 134), stdout/stderr substrings, preopen, peers.
function loadPrograms(dir) {
  const legacy = (o) => ({
    ...(o.exit_code !== undefined ? { exitCode: o.exit_code === 134 ? 'trap' : o.exit_code } : {}),
    ...(o.stdout_contains ? { stdout: o.stdout_contains } : {}),
    ...(o.stderr_contains ? { stderr: o.stderr_contains } : {}),
  });
  return readdirSync(dir).filter((f) => f.endsWith('.json') && f !== 'manifest.json').sort().map((f) => {
    const c = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    const name = f.slice(0, -'.json'.length);
    const peers = Object.fromEntries(Object.entries(c.peers ?? {}).map(([k, v]) => [k, legacy(v)]));
    return { name, wasm: `${name}.wasm`, args: c.args ?? [], env: c.env ?? {}, stdin: c.stdin ?? '',
             exitCode: 0, ...legacy(c), preopen: (c.dirs ?? []).length > 0, peers };
  });
}
let passed = 0, failed = 0;
for (const base of loadPrograms(dir)) {
  if (only.length && !only.includes(base.name)) continue;
  const p = { ...base, ...(base.peers?.node ?? {}) };
  const data = mkdtempSync(join(tmpdir(), `conf-${p.name}-`));
  const entry = { wasm: p.wasm, path: join(dir, p.wasm), args: p.args ?? [],
                  env: { ...(p.env ?? {}), CONFORMANCE_PEER: 'node' },
                  preopens: p.preopen === false ? {} : { '/data': data } };
  const r = spawnSync(process.execPath, ['--no-warnings', process.argv[2], JSON.stringify(entry)],
                      { input: p.stdin ?? '', encoding: 'utf8', timeout: 120000 });
  rmSync(data, { recursive: true, force: true });
  const problems = [];
  const want = p.exitCode === 'trap' ? 134 : p.exitCode;
  if (r.status !== want) problems.push(`exit ${r.status}, expected ${want}`);
  if (p.exitCode === 'trap' && !/wasm trap/.test(r.stderr)) problems.push('no "wasm trap" on stderr');
  for (const s of p.stdout ?? []) if (!r.stdout.includes(s)) problems.push(`stdout lacks ${JSON.stringify(s)}`);
  for (const s of p.stderr ?? []) if (!r.stderr.includes(s)) problems.push(`stderr lacks ${JSON.stringify(s)}`);
  if (problems.length === 0) {
    passed++;
    const skips = (r.stdout.match(/^skip /mg) ?? []).length;
    console.log(`PASS ${p.name}${skips ? ` (${skips} node deviations skipped)` : ''}`);
  } else {
    failed++;
    console.log(`FAIL ${p.name}: ${problems.join('; ')}`);
    const tail = (s) => s.split('\n').slice(-12).map((l) => `    ${l}`).join('\n');
    console.log(`  stdout:\n${tail(r.stdout)}\n  stderr:\n${tail(r.stderr)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
JS

node "$runner/suite.mjs" "$runner/run-one.mjs" "$@"
