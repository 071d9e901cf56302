# duet_warnings: an interface target every first-party target links for the same warning set.
add_library(duet_warnings INTERFACE)
target_compile_options(duet_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
