#!/usr/bin/env bash
# Builds the server load test in Release (build/bench-release, reused when present), runs it against
# duet-server and a bare Beast relay, and writes the table to docs/benchmarks.md (section "server").
# Usage: bench/server.sh [--customers 1000] [--agents 25] [--rate 10] [--busy-rate 20] [--seconds 5]
#                        [--idle 2000] [--only idle]   (rates: messages per second per customer)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/bench-release"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build" --target duet-bench-server -- -j2
case " $* " in
  *" --only "*) exec "$build/bench/server/duet-bench-server" "$@" ;;  # a part only: docs stay as they are
esac
"$build/bench/server/duet-bench-server" "$@" | python3 "$root/bench/write_section.py" server
