if(DUET_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
# The fuzz tree: every first-party object gets libFuzzer's coverage hooks; the fuzz targets link
# libFuzzer's main (tests/fuzz). -O1 keeps the sanitizers' reports readable at a useful speed.
if(DUET_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "DUET_FUZZ needs clang (libFuzzer): use the fuzz preset")
  endif()
  add_compile_options(-O1 -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
    -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()
