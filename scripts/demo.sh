#!/usr/bin/env bash
# Builds what the demo runs and runs it: duet-server on the embedded SQLite store with config/demo.json
# (a demo merchant site, a demo agent whose token is printed, canned responses) and the web build
# (widget, demo checkout page, agent console). No tests are compiled: scripts/test.sh does that.
# Usage: scripts/demo.sh [--port N] [other duet-server flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DUET_QUIET=1 . ./emsdk-env.sh

jobs=$(nproc)
# ccache keys on paths relative to the checkout, so any clone reuses what another one compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
[ -f build/wasm-release/CMakeCache.txt ] || cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j "$jobs" --target duet_web_dist
[ -f build/native-release/CMakeCache.txt ] || cmake --preset native-release >/dev/null
cmake --build --preset native-release -j "$jobs" --target duet-server

exec build/native-release/server/duet-server --config config/demo.json --demo \
  --data "${DUET_DATA:-build/demo-data}" \
  --web build/wasm-release/web/dist \
  --kb assets/kb \
  "$@"
