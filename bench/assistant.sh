#!/usr/bin/env bash
# Builds the assistant benchmark in Release (build/bench-release, reused when present), runs it and
# writes its table to docs/benchmarks.md (section "assistant").
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/bench-release"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target duet-bench-assistant -- -j2
"$build/bench/assistant/duet-bench-assistant" | python3 "$root/bench/write_section.py" assistant
