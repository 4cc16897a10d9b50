#!/usr/bin/env bash
# Runs the conformance suite as WASI 0.2 components (tarbox-wasi/src/test/resources/components,
# built by build-components.sh) on jco (`jco run`, Node + preview2-shim), the peer, and on Tarbox
# (`tarbox run --host-dir`), each program with a fresh empty directory preopened as /data, checks
# both against the manifest's expectations for the "component" peer, compares the two runtimes'
# exit codes and standard output, and prints "N passed, N failed" (a program passes when both
# runtimes meet the expectations and agree).
#   usage: bench/components-peer.sh [program-name...]
# Needs Node and npm (jco is installed into bench/node_modules, gitignored, or JCO_HOME names a directory
# where it is npm-installed) and the tarbox launcher (./tarbox builds the jar on first use).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
JCO_VERSION=1.35.0
JCO_HOME="${JCO_HOME:-$repo/bench}"
if [ ! -x "$JCO_HOME/node_modules/.bin/jco" ]; then
  (cd "$JCO_HOME" && npm install --no-save --no-package-lock "@bytecodealliance/jco@$JCO_VERSION" >/dev/null)
fi
JCO="$JCO_HOME/node_modules/.bin/jco"
# The preview2-shim jco runs components with, found as Node resolves it from jco (its filesystem and
# cli modules take the preopens and the environment).
shim="$JCO_HOME/node_modules/@bytecodealliance/jco/node_modules/@bytecodealliance/preview2-shim"
[ -d "$shim" ] || shim="$JCO_HOME/node_modules/@bytecodealliance/preview2-shim"
shim="$(readlink -f "$shim")"
export REPO="$repo" JCO SHIM="$shim"
node --no-warnings - "$@" <<'JS'
const { readFileSync, readdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const repo = process.env.REPO;
const res = join(repo, 'tarbox-wasi/src/test/resources');
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
const only = process.argv.slice(2);
const jco = process.env.JCO.split(' ');
let passed = 0, failed = 0;

function check(p, r, trapText) {
  const problems = [];
  if (p.exitCode === 'trap') {
    if (!trapText.test(r.stderr)) problems.push(`no trap (exit ${r.status})`);
  } else if (r.status !== p.exitCode) problems.push(`exit ${r.status}, expected ${p.exitCode}`);
  for (const s of p.stdout ?? []) if (!r.stdout.includes(s)) problems.push(`stdout lacks ${JSON.stringify(s)}`);
  for (const s of p.stderr ?? []) if (!r.stderr.includes(s)) problems.push(`stderr lacks ${JSON.stringify(s)}`);
  return problems;
}

for (const base of loadPrograms(join(res, 'conformance'))) {
  if (only.length && !only.includes(base.name)) continue;
  const p = { ...base, ...(base.peers?.component ?? {}) };
  const component = join(res, 'components', `${p.name}.component.wasm`);
  const env = { ...(p.env ?? {}), CONFORMANCE_PEER: 'component' };
  const args = p.args ?? [];
  // jco
  const jdata = mkdtempSync(join(tmpdir(), `jco-${p.name}-`));
  const setup = join(jdata, '..', `setup-${p.name}-${process.pid}.mjs`);
  writeFileSync(setup, `
    import { _setPreopens, _addPreopen } from ${JSON.stringify(join(process.env.SHIM, 'dist/nodejs/filesystem.js'))};
    import { _setEnv } from ${JSON.stringify(join(process.env.SHIM, 'dist/nodejs/cli.js'))};
    _setPreopens({});
    ${p.preopen === false ? '' : `_addPreopen('/data', ${JSON.stringify(jdata)});`}
    _setEnv(${JSON.stringify(env)});
  `);
  const j = spawnSync(jco[0], [...jco.slice(1), 'run', '--jco-import', setup, component, ...args],
                      { input: p.stdin ?? '', encoding: 'utf8', timeout: 300000 });
  rmSync(jdata, { recursive: true, force: true });
  rmSync(setup, { force: true });
  // Tarbox
  const tdata = mkdtempSync(join(tmpdir(), `tarbox-${p.name}-`));
  const targs = ['run', component];
  if (p.preopen !== false) targs.push('--host-dir', `${tdata}::/data`);
  for (const [k, v] of Object.entries(env)) targs.push('--env', `${k}=${v}`);
  targs.push('--', ...args);
  const t = spawnSync(join(repo, 'tarbox'), targs, { input: p.stdin ?? '', encoding: 'utf8', timeout: 300000 });
  rmSync(tdata, { recursive: true, force: true });
  const problems = [
    ...check(p, j, /wasm trap|RuntimeError/).map((s) => `jco: ${s}`),
    ...check(p, t, /wasm trap/).map((s) => `tarbox: ${s}`),
  ];
  const jexit = /RuntimeError|wasm trap/.test(j.stderr) ? 'trap' : j.status;
  const texit = t.status === 134 ? 'trap' : t.status;
  if (jexit !== texit) problems.push(`exit codes differ: jco ${jexit}, tarbox ${texit}`);
  if (j.stdout !== t.stdout) problems.push('standard output differs');
  if (problems.length === 0) {
    passed++;
    const skips = (t.stdout.match(/^skip /mg) ?? []).length;
    console.log(`PASS ${p.name}${skips ? ` (${skips} adapter deviations skipped)` : ''}`);
  } else {
    failed++;
    console.log(`FAIL ${p.name}: ${problems.join('; ')}`);
    const tail = (s) => s.split('\n').slice(-6).map((l) => `    ${l}`).join('\n');
    console.log(`  jco stdout:\n${tail(j.stdout)}\n  jco stderr:\n${tail(j.stderr)}`);
    console.log(`  tarbox stdout:\n${tail(t.stdout)}\n  tarbox stderr:\n${tail(t.stderr)}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
JS
