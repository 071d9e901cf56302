# Use ccache when it is installed: CI and fresh clones rebuild quickly.
find_program(DUET_CCACHE ccache)
if(DUET_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_C_COMPILER_LAUNCHER ${DUET_CCACHE})
  set(CMAKE_CXX_COMPILER_LAUNCHER ${DUET_CCACHE})
endif()
