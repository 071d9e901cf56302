#!/usr/bin/env bash
# Installs everything Duet needs on Debian/Ubuntu. Idempotent, and fast when all is there.
# Run by both README commands (scripts/demo.sh and scripts/test.sh).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)

debs=(
  build-essential cmake ninja-build ccache pkg-config dpkg-dev
  clang libclang-rt-14-dev
  emscripten
  nlohmann-json3-dev catch2 libboost-dev libsqlite3-dev zlib1g-dev libssl-dev
  libpq-dev postgresql redis-server libhiredis-dev haproxy
  libglfw3-dev libgl-dev libegl-dev libgles-dev
  libfreetype-dev libharfbuzz-dev fonts-noto-core fonts-noto-cjk fonts-noto-color-emoji
  xvfb xauth x11-apps
  chromium fonts-dejavu-core python3-fonttools
  brotli gzip zopfli
)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

imgui_dir="$here/third_party/imgui"
need_imgui=0
[ -f "$imgui_dir/imgui.h" ] || need_imgui=1

if [ ${#missing[@]} -gt 0 ] || [ $need_imgui = 1 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "Duet setup needs these Debian packages; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    [ $need_imgui = 1 ] && echo "  and add a bookworm deb-src entry, then: (cd third_party && apt-get source imgui)" >&2
    exit 1
  fi
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Dear ImGui 1.86 from Debian's source package; built by our CMake for both targets.
if [ $need_imgui = 1 ]; then
  src=/etc/apt/sources.list.d/duet-deb-src.sources
  if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ && ! grep -qs '^deb-src' /etc/apt/sources.list; then
    cat > "$src" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq
  fi
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source -qq imgui >/dev/null 2>&1 || apt-get source imgui)
  mkdir -p "$here/third_party"
  rm -rf "$imgui_dir"
  mv "$tmp"/imgui-*/ "$imgui_dir"
  rm -rf "$tmp"
  echo "setup: Dear ImGui $(grep -m1 'define IMGUI_VERSION ' "$imgui_dir/imgui.h" | cut -d'"' -f2) sources in third_party/imgui"
fi

# npm packages for the browser tests, pinned by tests/browser/package-lock.json.
if [ -f "$here/tests/browser/package.json" ] && [ ! -d "$here/tests/browser/node_modules/playwright-core" ]; then
  (cd "$here/tests/browser" && npm ci --silent --no-audit --no-fund)
fi
exit 0
