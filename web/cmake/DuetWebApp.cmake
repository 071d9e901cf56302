# duet_add_web_app(<target> EXPORT_NAME <JsFactory> DIST <subdir> SHELL <index.html.in> SOURCES ...)
# Builds one ImGui WebAssembly app on the web platform layer and stages it into
# ${DUET_WEB_DIST}/<subdir>/ as <target>.<hash>.js/.wasm plus index.html from SHELL, where
# @APP_JS@, @APP_WASM@, @FONT@ and @FONT_EXTRA@ (Greek + Cyrillic) are replaced by the hashed names
# (so they can be cached forever).
function(duet_add_web_app target)
  cmake_parse_arguments(APP "" "EXPORT_NAME;DIST;SHELL" "SOURCES" ${ARGN})
  add_executable(${target} ${APP_SOURCES})
  target_link_libraries(${target} PRIVATE duet_web_platform duet_warnings)
  target_compile_options(${target} PRIVATE -flto -fno-rtti)
  set_target_properties(${target} PROPERTIES SUFFIX ".js")
  target_link_options(${target} PRIVATE
    -Oz
    -sMODULARIZE=1 "-sEXPORT_NAME=${APP_EXPORT_NAME}"   # one factory, no other globals
    -sENVIRONMENT=web
    -sFILESYSTEM=0                  # nothing to read: the font is fetched by the page
    -sDYNAMIC_EXECUTION=0           # no eval / new Function: works under a strict CSP
    -sALLOW_MEMORY_GROWTH=1 -sINITIAL_MEMORY=16MB
    -sMALLOC=emmalloc               # smaller than dlmalloc; the widget allocates little
    -sSUPPORT_LONGJMP=0 -sSUPPORT_ERRNO=0
    -sGL_SUPPORT_AUTOMATIC_ENABLE_EXTENSIONS=0 -sGL_EXTENSIONS_IN_PREFIXED_FORMAT=0 -sGL_POOL_TEMP_BUFFERS=0
    -sMIN_WEBGL_VERSION=2 -sMAX_WEBGL_VERSION=2
    -sEXPORTED_FUNCTIONS=_main,_malloc,_free,_duet_frame,_duet_timer,_duet_resize,_duet_pointer,_duet_wheel,_duet_activate,_duet_focus,_duet_text,_duet_font,_duet_font_extra,_duet_command
    -sEXPORTED_RUNTIME_METHODS=[]
    -sINCOMING_MODULE_JS_API=[locateFile,onEvent,fontExtra,onAbort,print,printErr,instantiateWasm]
    )
  set(stamp ${CMAKE_CURRENT_BINARY_DIR}/${target}.staged)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} -DNAME=${target} -DJS=$<TARGET_FILE:${target}>
            -DWASM=$<TARGET_FILE_DIR:${target}>/${target}.wasm -DSHELL=${APP_SHELL}
            -DOUT=${DUET_WEB_DIST}/${APP_DIST} -DDIST=${DUET_WEB_DIST} -DSTAMP=${stamp}
            -DTERSER=${DUET_TERSER}
            -P ${CMAKE_SOURCE_DIR}/web/cmake/stage_app.cmake
    DEPENDS ${target} ${APP_SHELL} ${CMAKE_SOURCE_DIR}/web/cmake/stage_app.cmake duet_web_static
    COMMENT "Staging ${target} into ${DUET_WEB_DIST}/${APP_DIST}")
  add_custom_target(${target}_dist DEPENDS ${stamp})
  set_property(GLOBAL APPEND PROPERTY DUET_WEB_APPS ${target}_dist)
endfunction()
