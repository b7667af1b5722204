#!/usr/bin/env bash
# Installs lib-js (npm package pryv@3.0.4) into benchmarks/target/libjs, once.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
libjs="$here/target/libjs"
if [ ! -f "$libjs/node_modules/pryv/package.json" ] \
    || ! grep -q '"version": "3.0.4"' "$libjs/node_modules/pryv/package.json"; then
  mkdir -p "$libjs"
  (cd "$libjs" && npm install --no-audit --no-fund --silent pryv@3.0.4) >&2
fi
