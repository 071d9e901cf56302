// live_server.cpp reports a missing welcome with Catch's REQUIRE; this program has its own main and
// never calls those helpers, but the Catch implementation must be linked for them.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
