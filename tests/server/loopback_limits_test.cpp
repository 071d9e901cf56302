// Bad input over real sockets: every malformed frame gets its error and the connection stays usable;
// rate limits per connection and per IP; connections per IP; abuse and oversized frames close.
#include <catch2/catch.hpp>

#include "live_server.hpp"

using namespace duet;
using namespace duet::test;

TEST_CASE("loopback: malformed frames each get their error, the connection stays usable", "[limits]") {
  LiveServer s;
  auto c = s.customer();
  say_hello(*c);
  struct Case {
    const char* what;
    std::string frame;
    proto::ErrorCode code;
    bool binary = false;
  };
  const std::vector<Case> cases = {
      {"not JSON", "hello there", proto::ErrorCode::bad_json},
      {"empty frame", "", proto::ErrorCode::bad_json},
      {"truncated JSON", R"({"v":1,"type":"say")", proto::ErrorCode::bad_json},
      {"an array", "[1,2,3]", proto::ErrorCode::not_an_object},
      {"no version", R"({"type":"say","cid":"a","text":"hi"})", proto::ErrorCode::bad_version},
      {"version 2", R"({"v":2,"type":"say","cid":"a","text":"hi"})", proto::ErrorCode::bad_version},
      {"no type", R"({"v":1,"cid":"a","text":"hi"})", proto::ErrorCode::unknown_type},
      {"unknown type", R"({"v":1,"type":"shout","text":"hi"})", proto::ErrorCode::unknown_type},
      {"missing text", R"({"v":1,"type":"say","cid":"a"})", proto::ErrorCode::missing_field},
      {"cid of the wrong type", R"({"v":1,"type":"say","cid":5,"text":"hi"})", proto::ErrorCode::wrong_type},
      {"text too long", R"({"v":1,"type":"say","cid":"a","text":")" + std::string(4001, 'x') + "\"}",
       proto::ErrorCode::text_too_long},
      {"rating out of range", R"({"v":1,"type":"rate","score":9})", proto::ErrorCode::bad_value},
      {"frame over max_frame_bytes", R"({"v":1,"type":"say","cid":"a","text":")" + std::string(20000, 'x') + "\"}",
       proto::ErrorCode::frame_too_large},
      {"binary frame", "\x01\x02\x03", proto::ErrorCode::bad_json, true},
      {"an agent message on the customer endpoint", R"({"v":1,"type":"accept","conversation":"c_1"})",
       proto::ErrorCode::unexpected_type},
      {"a second hello", R"({"v":1,"type":"hello","site":"shop"})", proto::ErrorCode::unexpected_type},
  };
  int n = 0;
  for (const Case& k : cases) {
    INFO(k.what);
    if (k.binary) c->send_binary(k.frame);
    else c->send_text(k.frame);
    auto err = c->wait_for<proto::Error>();
    REQUIRE(err);
    CHECK(err->code == k.code);
    CHECK_FALSE(err->message.empty());
    // Still usable: a valid message is stored and acked.
    const std::string cid = "ok" + std::to_string(++n);
    c->send(proto::Say{cid, "still here " + std::to_string(n), ""});
    auto ack = c->wait_for<proto::Ack>([&](const proto::Ack& a) { return a.cid == cid; });
    REQUIRE(ack);
  }
}

// RFC 6455 requires text frames to be UTF-8; Beast enforces it before the protocol codec sees the
// frame and fails the connection with 1007. (The codec's own bad_utf8 check covers other transports.)
TEST_CASE("loopback: invalid UTF-8 in a text frame closes with 1007", "[limits]") {
  LiveServer s;
  auto c = s.customer();
  say_hello(*c);
  c->send_text(std::string(R"({"v":1,"type":"say","cid":"x","text":"caf)") + "\xC3\x28" + "\"}");
  REQUIRE(c->wait_closed());
  CHECK(c->close_code() == std::uint16_t{1007});
}

TEST_CASE("loopback: messages per second per connection are limited, the connection recovers", "[limits]") {
  auto config = loopback_config();
  config.limits.messages_per_s = 2;
  config.limits.burst = 4;
  config.limits.abuse_violations = 1000;
  LiveServer s(config);
  auto c = s.customer();
  say_hello(*c);  // hello takes one token
  for (int i = 0; i < 8; ++i) c->send(proto::Typing{true, {}, Speaker::customer, {}});
  auto err = c->wait_error(proto::ErrorCode::rate_limited);
  REQUIRE(err);
  // Tokens refill at 2/s: after a pause a message goes through again.
  std::this_thread::sleep_for(1200ms);
  c->send(proto::Say{"later", "and now?", ""});
  REQUIRE(c->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "later"; }));
}

TEST_CASE("loopback: the per-IP rate covers all connections from one address", "[limits]") {
  auto config = loopback_config();
  config.limits.ip_messages_per_s = 1;
  config.limits.ip_burst = 5;
  config.limits.abuse_violations = 1000;
  LiveServer s(config);
  auto a = s.customer();
  auto b = s.customer();
  say_hello(*a);
  say_hello(*b);
  for (int i = 0; i < 3; ++i) a->send(proto::Typing{true, {}, Speaker::customer, {}});
  for (int i = 0; i < 3; ++i) b->send(proto::Typing{true, {}, Speaker::customer, {}});
  auto ea = a->wait_error(proto::ErrorCode::rate_limited, 1500ms);
  auto eb = b->wait_error(proto::ErrorCode::rate_limited, 1500ms);
  CHECK((ea || eb));
}

TEST_CASE("loopback: sustained abuse closes with 1008", "[limits]") {
  auto config = loopback_config();
  config.limits.abuse_violations = 5;
  LiveServer s(config);
  auto c = s.customer();
  say_hello(*c);
  for (int i = 0; i < 10; ++i) c->send_text("garbage");
  REQUIRE(c->wait_closed());
  CHECK(c->close_code() == std::uint16_t{1008});
  CHECK(c->close_reason().find("invalid") != std::string::npos);
}

TEST_CASE("loopback: a frame over the hard limit closes with 1009", "[limits]") {
  auto config = loopback_config();
  config.limits.hard_frame_bytes = 32 * 1024;
  LiveServer s(config);
  auto c = s.customer();
  say_hello(*c);
  c->send_text(std::string(40 * 1024, 'x'));
  REQUIRE(c->wait_closed());
  CHECK(c->close_code() == std::uint16_t{1009});
}

TEST_CASE("loopback: connections per IP are limited", "[limits]") {
  auto config = loopback_config();
  config.limits.connections_per_ip = 2;
  LiveServer s(config);
  auto a = s.customer();
  auto b = s.customer();
  say_hello(*a);
  auto third = s.customer();
  REQUIRE(third->wait_error(proto::ErrorCode::too_many_connections));
  REQUIRE(third->wait_closed());
  CHECK(third->close_code() == std::uint16_t{1013});
  // When one leaves, a new one fits again.
  a->close();
  third.reset();
  std::this_thread::sleep_for(200ms);
  auto again = s.customer();
  say_hello(*again);
}

TEST_CASE("loopback: a client that stops reading is disconnected; its queue stays bounded", "[limits]") {
  // A conversation's own events never overflow the queue (it holds a full conversation by config
  // validation); what can is a client asking for pages it never reads.
  auto config = loopback_config();
  config.limits.messages_per_s = 1000;
  config.limits.burst = 1000;
  config.limits.ip_messages_per_s = 1000;
  config.limits.ip_burst = 1000;
  config.limits.abuse_violations = 1000;
  config.limits.write_queue_bytes = 2 * 1024 * 1024;
  LiveServer s(config);
  const std::string token = s.add_agent("Sara");
  auto a = s.agent();
  agent_sign_in(*a, token);
  auto c = s.customer();
  auto w = say_hello(*c);
  hand_to_agent(*c, *a, w.conversation);
  REQUIRE(c->wait_event(EventKind::agent_joined));
  const int n = 60;  // 60 x 3,000 bytes: about 180 KB of transcript
  const std::string text(3000, 'x');
  for (int i = 0; i < n; ++i) {
    const std::string cid = "a" + std::to_string(i);
    a->send(proto::Say{cid, text, w.conversation});
    REQUIRE(a->wait_for<proto::Ack>([&](const proto::Ack& ack) { return ack.cid == cid; }));
  }

  c->pause_reading();
  for (int i = 0; i < 400; ++i) c->send(proto::Replay{0, {}, {}, false});  // ~64 KB each: 25 MB asked for
  std::string metrics;
  for (int i = 0; i < 100; ++i) {
    metrics = http_get(s.port, "/metrics").body;
    if (metrics.find("duet_disconnects_total{cause=\"slow_consumer\"} 1") != std::string::npos) break;
    std::this_thread::sleep_for(50ms);
  }
  CHECK(metrics.find("duet_disconnects_total{cause=\"slow_consumer\"} 1") != std::string::npos);
  c->resume_reading();
  REQUIRE(c->wait_closed(30s));
  CHECK(c->close_code() == std::uint16_t{1013});
  // Nothing was lost: the customer resumes and pages through everything.
  auto again = s.customer();
  again->send(proto::Hello{"shop", w.resume, 0, "en", {}});
  auto back = again->wait_for<proto::Welcome>({}, 30s);
  REQUIRE(back);
  replay_rest(*again, back->more);
  int agent_messages = 0;
  for (const Event& e : again->events()) agent_messages += e.kind == EventKind::message && e.speaker == Speaker::agent;
  CHECK(agent_messages == n);
}
