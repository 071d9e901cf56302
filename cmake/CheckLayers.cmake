# Fails when a layer includes a header it may not use (the layer table in docs/architecture.md).
# Run by ctest as `layering`; link-level rules are enforced by the targets themselves.
set(rules
  "core/model|imgui|GLFW|GL/|emscripten|boost|sqlite3|libpq|<fstream>|<chrono>|<thread>|<random_device>"
  "core/ui|GLFW|GL/|emscripten|boost|imgui_impl|sqlite3|libpq"
  "server|imgui|emscripten|GLFW"
  "server/net|server/hub.hpp|server/cluster/|hiredis"
  "server/store|server/hub.hpp|server/net/|server/cluster/|hiredis"
  "native|emscripten"
  "shaders|GLFW|GL/|emscripten|boost|imgui_impl|core/|server/|native/|web/"
  "web|boost")
set(failed "")
foreach(rule IN LISTS rules)
  string(REPLACE "|" ";" parts "${rule}")
  list(POP_FRONT parts dir)
  file(GLOB_RECURSE files ${SOURCE_DIR}/${dir}/*.cpp ${SOURCE_DIR}/${dir}/*.hpp ${SOURCE_DIR}/${dir}/*.h)
  foreach(f IN LISTS files)
    file(STRINGS ${f} includes REGEX "^[ \t]*#[ \t]*include")
    foreach(inc IN LISTS includes)
      foreach(banned IN LISTS parts)
        string(FIND "${inc}" "${banned}" pos)
        if(NOT pos EQUAL -1)
          string(APPEND failed "\n  ${f}: ${inc} (layer ${dir} may not use ${banned})")
        endif()
      endforeach()
    endforeach()
  endforeach()
endforeach()
if(failed)
  message(FATAL_ERROR "Layering violations:${failed}")
endif()
message(STATUS "layering: every layer includes only what it may")
