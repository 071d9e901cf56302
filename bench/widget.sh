#!/usr/bin/env bash
# Widget benchmark (issue 4, item 12): loader bytes, everything fetched on open, open -> interactive,
# frames while idle, long tasks caused by the loader. Runs Debian's Chromium (playwright-core from
# tests/browser) against a real duet-server on a free loopback port, then writes the figures to
# docs/benchmarks.md (section "widget").
#   bench/widget.sh [DUET_SERVER] [DUET_WEB_DIST]
# Defaults: build/native-release/server/duet-server and build/wasm-release/web/dist.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
server=${1:-${DUET_SERVER:-$here/build/native-release/server/duet-server}}
dist=${2:-${DUET_WEB_DIST:-$here/build/wasm-release/web/dist}}
for need in "$server" "$dist/duet.js"; do
  [ -e "$need" ] || { echo "widget bench: missing $need (build native-release and wasm-release first)" >&2; exit 1; }
done
[ -d "$here/tests/browser/node_modules/playwright-core" ] || (cd "$here/tests/browser" && npm ci --silent --no-audit --no-fund)
DUET_SERVER=$server DUET_WEB_DIST=$dist node --experimental-websocket "$here/bench/widget/measure.mjs" \
  | python3 "$here/bench/write_section.py" widget
