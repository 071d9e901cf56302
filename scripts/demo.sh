#!/usr/bin/env bash
# Builds everything and runs the demo: duet-server on the embedded SQLite store with a demo
# merchant site, a demo agent (its token is printed) and the web build (widget, demo checkout page,
# agent console). Usage: scripts/demo.sh [--port N] [other duet-server flags]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DUET_QUIET=1 . ./emsdk-env.sh

jobs=$(nproc)
# ccache keys on paths relative to the checkout, so any clone reuses what another one compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
[ -f build/wasm-release/CMakeCache.txt ] || cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j "$jobs"
[ -f build/native-release/CMakeCache.txt ] || cmake --preset native-release >/dev/null
cmake --build --preset native-release -j "$jobs"

exec build/native-release/server/duet-server --demo \
  --data "${DUET_DATA:-build/demo-data}" \
  --web build/wasm-release/web/dist \
  --kb assets/kb \
  "$@"
