# Wraps Emscripten's own toolchain file, found through DUET_EMSCRIPTEN_ROOT (set by emsdk-env.sh),
# EMSDK, or Debian's emscripten package.
set(_duet_roots "$ENV{DUET_EMSCRIPTEN_ROOT}" "$ENV{EMSDK}/upstream/emscripten" /usr/share/emscripten)
foreach(_root IN LISTS _duet_roots)
  if(_root AND EXISTS "${_root}/cmake/Modules/Platform/Emscripten.cmake")
    set(DUET_EMSCRIPTEN_ROOT "${_root}")
    break()
  endif()
endforeach()
if(NOT DUET_EMSCRIPTEN_ROOT)
  message(FATAL_ERROR "No Emscripten found: source ./emsdk-env.sh (it says what to install).")
endif()
# Debian's emcc runs its JS optimiser (Debian's acorn) when linking: pass NODE_PATH to every link,
# so a build started without emsdk-env.sh sourced still works.
if(DEFINED ENV{NODE_PATH})
  set(CMAKE_C_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=$ENV{NODE_PATH} CACHE STRING "")
  set(CMAKE_CXX_LINKER_LAUNCHER ${CMAKE_COMMAND} -E env NODE_PATH=$ENV{NODE_PATH} CACHE STRING "")
endif()
include("${DUET_EMSCRIPTEN_ROOT}/cmake/Modules/Platform/Emscripten.cmake")
