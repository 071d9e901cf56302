#!/usr/bin/env bash
# Builds the server load test in Release (build/bench-release, reused when present), runs it against
# duet-server and a bare Beast relay, and writes the table to docs/benchmarks.md (section "server").
# Usage: bench/server.sh [--pairs 100] [--seconds 5] [--idle 2000] [--large-pairs 10]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/bench-release"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target duet-bench-server -- -j2
"$build/bench/server/duet-bench-server" "$@" | python3 "$root/bench/write_section.py" server
