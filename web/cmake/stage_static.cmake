# Stages the loader (minified), the page shells' static files, the demo page and the
# content-hashed fonts into the dist folder.
file(MAKE_DIRECTORY ${DIST} ${DIST}/fonts ${DIST}/demo ${DIST}/static)

# duet.js: minified with terser when the browser-test packages are installed (scripts/setup.sh
# does that); otherwise comment lines and indentation are stripped, which is correct but misses the
# 2 KB gzip budget (the benchmark reports it).
if(TERSER AND EXISTS "${TERSER}")
  execute_process(COMMAND ${TERSER} ${SRC}/loader/duet.js -c passes=2 -m --toplevel -o ${DIST}/duet.js
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "terser failed on duet.js: ${err}")
  endif()
else()
  message(WARNING "terser not found (run scripts/setup.sh): duet.js is only stripped, not minified")
  file(STRINGS ${SRC}/loader/duet.js lines ENCODING UTF-8)
  set(min "")
  foreach(line IN LISTS lines)
    string(STRIP "${line}" line)
    if(line STREQUAL "" OR line MATCHES "^//")
      continue()
    endif()
    string(APPEND min "${line}\n")
  endforeach()
  file(WRITE ${DIST}/duet.js "${min}")
endif()

file(GLOB demo ${SRC}/demo/*)
file(COPY ${demo} DESTINATION ${DIST}/demo)
file(GLOB static ${SRC}/static/*)
file(COPY ${static} DESTINATION ${DIST}/static)

# The fonts under content-hashed names (old ones removed).
file(GLOB old_fonts ${DIST}/fonts/duet-sans*)
if(old_fonts)
  file(REMOVE ${old_fonts})
endif()
foreach(font IN ITEMS ${FONT} ${FONT_EXTRA})
  get_filename_component(stem ${font} NAME_WE)
  file(SHA256 ${font} font_hash)
  string(SUBSTRING ${font_hash} 0 10 font_hash)
  file(COPY_FILE ${font} ${DIST}/fonts/${stem}.${font_hash}.ttf)
endforeach()
file(TOUCH ${STAMP})
