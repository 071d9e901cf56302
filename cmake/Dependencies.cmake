# Third-party code comes from Debian packages (see scripts/setup.sh); nothing is vendored.

# nlohmann/json through a private include dir holding only a link to it, so emcc never sees
# /usr/include (which would shadow Emscripten's own libc headers).
set(DUET_PRIVATE_INCLUDE ${CMAKE_BINARY_DIR}/private-include)
find_path(DUET_NLOHMANN_DIR nlohmann/json.hpp PATHS /usr/include /usr/local/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
file(MAKE_DIRECTORY ${DUET_PRIVATE_INCLUDE})
file(CREATE_LINK ${DUET_NLOHMANN_DIR}/nlohmann ${DUET_PRIVATE_INCLUDE}/nlohmann SYMBOLIC)
add_library(duet_json INTERFACE)
target_include_directories(duet_json SYSTEM INTERFACE ${DUET_PRIVATE_INCLUDE})

# Dear ImGui 1.86 sources from Debian's source package (scripts/setup.sh puts them in third_party/imgui).
set(DUET_IMGUI_DIR ${CMAKE_SOURCE_DIR}/third_party/imgui CACHE PATH "Dear ImGui source tree")
if(NOT EXISTS ${DUET_IMGUI_DIR}/imgui.h)
  message(FATAL_ERROR "Dear ImGui sources not found in ${DUET_IMGUI_DIR}: run scripts/setup.sh")
endif()
add_library(imgui_core STATIC
  ${DUET_IMGUI_DIR}/imgui.cpp ${DUET_IMGUI_DIR}/imgui_draw.cpp
  ${DUET_IMGUI_DIR}/imgui_tables.cpp ${DUET_IMGUI_DIR}/imgui_widgets.cpp)
target_include_directories(imgui_core SYSTEM PUBLIC ${DUET_IMGUI_DIR})
target_compile_definitions(imgui_core PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS)

# ImGui's GLFW platform backend, for the native harness (window, input). Drawing is ours on both
# platforms: shaders/gl_renderer.cpp with the GLSL in shaders/ (ImGui's OpenGL3 backend is not used).
if(NOT EMSCRIPTEN)
  add_library(imgui_backend_glfw STATIC ${DUET_IMGUI_DIR}/backends/imgui_impl_glfw.cpp)
  target_include_directories(imgui_backend_glfw SYSTEM PUBLIC ${DUET_IMGUI_DIR}/backends)
  find_package(glfw3 3.3 REQUIRED)
  find_package(OpenGL REQUIRED)
  target_link_libraries(imgui_backend_glfw PUBLIC imgui_core glfw OpenGL::GL)
endif()

if(NOT EMSCRIPTEN)
  find_package(Threads REQUIRED)
  find_package(Boost 1.74 REQUIRED)
  find_package(SQLite3 REQUIRED)
  find_package(Catch2 2.13 REQUIRED)
endif()
