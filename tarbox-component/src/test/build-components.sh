#!/usr/bin/env bash
# Builds the WAT components of tarbox-component's tests (wat/*.wat) into resources/ with jco parse
# (= wasm-tools parse). The built components are committed; CI needs neither node nor npm.
# Needs Node and npm: jco is installed into src/test/node_modules (gitignored) unless JCO names a
# jco command (e.g. JCO="npx --prefix /opt/jco jco").
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ -z "${JCO:-}" ]; then
  if [ ! -x "$here/node_modules/.bin/jco" ]; then
    (cd "$here" && npm install --no-save --no-package-lock "@bytecodealliance/jco@1.35.0" >/dev/null)
  fi
  JCO="$here/node_modules/.bin/jco"
fi
for w in "$here"/wat/*.wat; do
  $JCO parse "$w" -o "$here/resources/$(basename "$w" .wat).wasm" >/dev/null
  echo "built $(basename "$w" .wat).wasm"
done
