# Source this file (". ./emsdk-env.sh") to find an Emscripten toolchain for the wasm build.
# Order: the user's emsdk ($EMSDK, or ~/emsdk, /opt/emsdk), then Debian's emcc. Exports what the
# build needs: DUET_EMSCRIPTEN_ROOT (for cmake/EmscriptenToolchain.cmake), NODE_PATH for Debian's
# emcc (its JS optimiser needs Debian's acorn), and a writable EM_CACHE.
duet_emsdk_found=""
for duet_dir in "${EMSDK:-}" "$HOME/emsdk" /opt/emsdk; do
  if [ -n "$duet_dir" ] && [ -f "$duet_dir/emsdk_env.sh" ]; then
    # shellcheck disable=SC1091
    EMSDK_QUIET=1 . "$duet_dir/emsdk_env.sh" >/dev/null
    export DUET_EMSCRIPTEN_ROOT="$duet_dir/upstream/emscripten"
    duet_emsdk_found="emsdk at $duet_dir"
    break
  fi
done
if [ -z "$duet_emsdk_found" ] && command -v emcc >/dev/null 2>&1; then
  duet_emcc=$(readlink -f "$(command -v emcc)")
  export DUET_EMSCRIPTEN_ROOT="$(dirname "$duet_emcc")"
  if [ -d /usr/share/nodejs ]; then
    export NODE_PATH="/usr/share/nodejs${NODE_PATH:+:$NODE_PATH}"
  fi
  # Debian's cache lives under /usr/share; give emcc a writable one when it is not.
  if [ ! -w "$DUET_EMSCRIPTEN_ROOT/cache" ] && [ -z "${EM_CACHE:-}" ]; then
    export EM_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/duet-emscripten"
    mkdir -p "$EM_CACHE"
  fi
  duet_emsdk_found="Debian emcc at $duet_emcc"
fi
if [ -n "$duet_emsdk_found" ]; then
  [ -n "${DUET_QUIET:-}" ] || echo "emsdk-env: using $duet_emsdk_found"
else
  echo "emsdk-env: no Emscripten found. Install one of:" >&2
  echo "  sudo apt-get install emscripten      (Debian/Ubuntu)" >&2
  echo "  or an emsdk: https://emscripten.org/docs/getting_started/downloads.html, then set EMSDK" >&2
  return 1 2>/dev/null || exit 1
fi
unset duet_dir duet_emcc duet_emsdk_found
