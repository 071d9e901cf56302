#!/usr/bin/env bash
# Builds the assistant benchmarks in Release (build/bench-release, reused when present), runs them and
# writes their tables to docs/benchmarks.md:
#   latency (section "assistant"): answer time of the embedded KB assistant (duet-bench-assistant);
#   quality (section "assistant-quality"): precision and recall per category of the labelled
#     evaluation in tests/assistant/, through a real duet-server over loopback WebSocket
#     (duet-assistant-eval; its full report, with every miss, goes to stdout).
# Usage: bench/assistant.sh [--latency | --quality]   (default: both)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="$root/build/bench-release"
mode="${1:-all}"
case "$mode" in
  all | --latency | --quality) ;;
  *) echo "usage: bench/assistant.sh [--latency | --quality]" >&2; exit 2 ;;
esac
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release
fi

if [ "$mode" != --quality ]; then
  cmake --build "$build" --target duet-bench-assistant -- -j2
  "$build/bench/assistant/duet-bench-assistant" | python3 "$root/bench/write_section.py" assistant
fi

if [ "$mode" != --latency ]; then
  cmake --build "$build" --target duet-assistant-eval -- -j2
  main_table="$(mktemp)" holdout_table="$(mktemp)"
  trap 'rm -f "$main_table" "$holdout_table"' EXIT
  # Below a floor the eval exits 1; the figures are written either way (the ctest is the gate).
  for set in main holdout; do
    data="$root/tests/assistant" table="$main_table"
    if [ "$set" = holdout ]; then data="$root/tests/assistant/holdout" table="$holdout_table"; fi
    status=0
    "$build/tests/assistant/duet-assistant-eval" --data "$data" --markdown "$table" || status=$?
    if [ "$status" -gt 1 ]; then
      echo "duet-assistant-eval failed on the $set set (exit $status)" >&2
      exit "$status"
    fi
  done
  commit="$(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- core server assets tests/assistant || echo '+changes')"
  {
    echo "## Assistant quality (bench/assistant.sh --quality)"
    echo
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on commit $commit, Release build. Each message is a fresh"
    echo "conversation (hello with its language and merchant context, then the message); dialogues run turn by"
    echo "turn in one conversation; an agent is signed in and available, so a queued conversation shows as"
    echo "waiting_human with its reason. A turn counts when its label matches and, where the case says so, the"
    echo "offer of a human and the state after the turn match too; *answer* covers every article label (a wrong"
    echo "article counts against its precision and its recall). Labels and rules: tests/assistant/README.md."
    echo
    echo "### Main set (tests/assistant/)"
    echo
    cat "$main_table"
    echo
    echo "### Held-out set (tests/assistant/holdout/: never used to tune the assistant)"
    echo
    cat "$holdout_table"
  } | python3 "$root/bench/write_section.py" assistant-quality > /dev/null
  echo "docs/benchmarks.md: section assistant-quality written (commit $commit)"
fi
