#!/usr/bin/env bash
# Builds everything and runs every test: the model natively (ASan+UBSan) and as WebAssembly under
# node, the server over loopback, the widget and agent console in headless Chromium, the harness
# under Xvfb, and the fuzzers for a minute. Ends with ctest's summary.
# Usage: scripts/test.sh [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
DUET_QUIET=1 . ./emsdk-env.sh

jobs=$(nproc)
# ccache keys on paths relative to the checkout, so any clone reuses what another one compiled.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true
# One configure per build tree: reconfigure only when the tree is new.
[ -f build/wasm-release/CMakeCache.txt ] || cmake --preset wasm-release >/dev/null
cmake --build --preset wasm-release -j "$jobs"

[ -f build/native-asan/CMakeCache.txt ] || \
  cmake --preset native-asan -DDUET_WASM_BUILD_DIR="$PWD/build/wasm-release" >/dev/null
cmake --build --preset native-asan -j "$jobs"

# The libFuzzer targets (tests/fuzz, clang): each fuzzes for 60 s from its seeds, both at once.
# A crash or a broken oracle fails the run, after the other tests have run too.
[ -f build/fuzz/CMakeCache.txt ] || cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

# Leak checks stay on for our code; GL drivers under Xvfb have their own, suppressed there.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
fuzz_status=0
ctest --preset fuzz -j "$jobs" || fuzz_status=$?
ctest --preset native-asan -j "$jobs" "$@"
exit "$fuzz_status"
