// Wrong agent tokens are throttled per client IP by time, not per connection: after
// limits.agent_login_failures wrong tokens within limits.agent_login_window_s, that address's
// agent_hello gets rate_limited and a 1008 close, even with the right token, until the window ends.
#include <catch2/catch.hpp>

#include "live_server.hpp"
#include "server/login_throttle.hpp"

using namespace duet;
using namespace duet::test;

TEST_CASE("auth: wrong agent tokens from one IP are throttled across reconnects", "[auth]") {
  auto config = loopback_config();
  config.limits.agent_login_failures = 3;
  config.limits.agent_login_window_s = 60;
  LiveServer s(config);
  const std::string token = s.add_agent("Kim");

  for (int i = 0; i < 3; ++i) {  // each guess on a new connection, as a guesser would
    auto a = s.agent();
    a->send(proto::AgentHello{"duet_at_wrong_" + std::to_string(i)});
    REQUIRE(a->wait_error(proto::ErrorCode::unauthorized));
    CHECK(a->wait_closed());
  }
  auto blocked = s.agent();
  blocked->send(proto::AgentHello{token});
  auto e = blocked->wait_error(proto::ErrorCode::rate_limited);
  REQUIRE(e);
  CHECK(e->message.find("wrong agent tokens") != std::string::npos);
  CHECK(blocked->wait_closed());
  CHECK(blocked->close_code() == std::uint16_t{1008});
  for (const auto& m : blocked->history()) CHECK_FALSE(std::holds_alternative<proto::AgentWelcome>(m));
}

TEST_CASE("auth: the login throttle counts by time and stays bounded", "[auth]") {
  server::LoginThrottle t(3, 60, /*max_addresses=*/4);
  t.failed("10.0.0.1", 100);
  t.failed("10.0.0.1", 101);
  CHECK(t.retry_after("10.0.0.1", 102) == 0);
  t.failed("10.0.0.1", 102);
  CHECK(t.retry_after("10.0.0.1", 103) == Approx(57));
  CHECK(t.retry_after("10.0.0.2", 103) == 0);  // another address
  CHECK(t.retry_after("10.0.0.1", 160) == 0);  // the window ended
  t.failed("10.0.0.1", 160);                   // a new window starts with one failure
  CHECK(t.retry_after("10.0.0.1", 161) == 0);
  for (int i = 0; i < 100; ++i) t.failed("10.1.0." + std::to_string(i), 200 + i);
  CHECK(t.addresses() <= 4);
}
