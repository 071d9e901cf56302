// Limits that hold across reconnects (issue 11, items 4 and 7): an IP's message bucket and its abuse
// count are kept by time, not by connection, and an abuse close still delivers the acks of what was
// stored before it. Over real sockets, one client address (127.0.0.1) connecting again and again.
#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "live_server.hpp"
#include "server/net/ip_limits.hpp"

using namespace duet;
using namespace duet::test;

namespace {

// Acks and errors until `replies` of them have come (or the connection ends / 5 s pass).
struct Replies {
  int acks = 0, rate_limited = 0, errors = 0;
};
Replies read_replies(WsClient& c, int replies) {
  Replies r;
  while (r.acks + r.errors < replies) {
    auto m = c.wait_message([](const proto::Message& x) {
      return std::holds_alternative<proto::Ack>(x) || std::holds_alternative<proto::Error>(x);
    });
    if (!m) break;
    if (std::holds_alternative<proto::Ack>(*m)) {
      ++r.acks;
    } else {
      ++r.errors;
      r.rate_limited += std::get<proto::Error>(*m).code == proto::ErrorCode::rate_limited;
    }
  }
  return r;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("limits: an IP's bucket survives reconnects; connect/send/close stays near the nominal rate", "[limits]") {
  auto config = loopback_config();
  config.limits.messages_per_s = 1000;  // the per-connection bucket is not what this is about
  config.limits.burst = 1000;
  config.limits.ip_messages_per_s = 10;
  config.limits.ip_burst = 10;
  config.limits.abuse_violations = 100000;
  LiveServer s(config);

  const int connections = 20, says = 10;
  int acks = 0, rate_limited = 0;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < connections; ++i) {
    auto c = s.customer();
    c->send(proto::Hello{"shop", "", 0, "en", {}});
    // A welcome, or rate_limited when the IP has no token left for the hello either.
    REQUIRE(c->wait_message([](const proto::Message& m) {
      return std::holds_alternative<proto::Welcome>(m) || std::holds_alternative<proto::Error>(m);
    }));
    for (int k = 0; k < says; ++k) c->send(proto::Say{"m" + std::to_string(i) + "_" + std::to_string(k), "hello", ""});
    const Replies r = read_replies(*c, says);
    acks += r.acks;
    rate_limited += r.rate_limited;
    c->close();
    c.reset();
    std::this_thread::sleep_for(20ms);  // the server's session ends: the IP has no connection left
  }
  const double elapsed = seconds_since(start);
  INFO("acked " << acks << " of " << connections * says << " in " << elapsed << " s; rate_limited " << rate_limited);
  // Before: every reconnect started with a full bucket, and all 200 were stored.
  CHECK(rate_limited > 0);
  CHECK(acks <= config.limits.ip_burst + config.limits.ip_messages_per_s * elapsed + 2);
}

TEST_CASE("limits: abuse counts carry over reconnects", "[limits]") {
  auto config = loopback_config();
  config.limits.abuse_violations = 5;
  config.limits.abuse_window_s = 60;
  LiveServer s(config);

  // Two bad frames per connection: under the limit for any one connection, not for the address.
  int closed_at = -1;
  for (int i = 0; i < 6 && closed_at < 0; ++i) {
    auto c = s.customer();
    say_hello(*c);
    c->send_text("garbage");
    c->send_text("garbage");
    read_replies(*c, 2);
    if (c->wait_closed(300ms) && c->close_code() == std::uint16_t{1008}) closed_at = i;
    else c->close();
  }
  INFO("closed for abuse on connection " << closed_at);
  CHECK(closed_at == 2);  // violations 5 and 6 were on the third connection
  // Within the window the address is still at its limit: the next bad frame closes at once.
  auto again = s.customer();
  say_hello(*again);
  again->send_text("garbage");
  REQUIRE(again->wait_closed());
  CHECK(again->close_code() == std::uint16_t{1008});
  CHECK(http_get(s.port, "/metrics").body.find("duet_disconnects_total{cause=\"abuse\"} 2") != std::string::npos);
}

TEST_CASE("limits: an abuse close comes after the acks of every message stored before it", "[limits]") {
  auto config = loopback_config();
  config.limits.abuse_violations = 5;
  LiveServer s(config);
  auto c = s.customer();
  const auto w = say_hello(*c);
  // Valid messages between bad frames, in one burst, until the server closes for abuse.
  for (int i = 0; i < 20; ++i) {
    c->send(proto::Say{"s" + std::to_string(i), "message " + std::to_string(i), ""});
    c->send_text("garbage");
  }
  REQUIRE(c->wait_closed());
  CHECK(c->close_code() == std::uint16_t{1008});
  std::set<Seq> acked;
  for (const auto& m : c->history())
    if (const auto* a = std::get_if<proto::Ack>(&m)) acked.insert(a->seq);

  // What the store holds, seen through a resume: each customer message in it was acked before the close.
  auto back = s.customer();
  back->send(proto::Hello{"shop", w.resume, 0, "en", {}});
  auto welcome = back->wait_for<proto::Welcome>();
  REQUIRE(welcome);
  int stored = 0;
  for (const Event& e : welcome->events) {
    if (e.kind != EventKind::message || e.speaker != Speaker::customer) continue;
    ++stored;
    INFO("stored: " << e.text << " (seq " << e.seq << ")");
    CHECK(acked.count(e.seq) == 1);
  }
  INFO("stored " << stored << ", acked " << acked.size());
  CHECK(stored >= 4);  // the messages before the fifth bad frame
  CHECK(acked.size() == static_cast<std::size_t>(stored));
}

TEST_CASE("limits: the per-IP table keeps state by time and stays bounded", "[limits]") {
  server::LimitsConfig L;
  L.ip_messages_per_s = 1;
  L.ip_burst = 2;
  L.abuse_violations = 3;
  L.abuse_window_s = 10;
  L.ip_entries = 16;
  server::IpLimits limits(L);
  // One address: its bucket and count do not depend on connections.
  CHECK(limits.take("10.0.0.1", 0));
  CHECK(limits.take("10.0.0.1", 0));
  CHECK_FALSE(limits.take("10.0.0.1", 0));
  CHECK_FALSE(limits.violation("10.0.0.1", 0));
  CHECK_FALSE(limits.violation("10.0.0.1", 1));
  CHECK(limits.violation("10.0.0.1", 2));
  CHECK(limits.violation("10.0.0.1", 3));         // still within the window
  CHECK_FALSE(limits.violation("10.0.0.1", 14));  // a new window
  limits.sweep(5);
  CHECK(limits.size() == 1);  // not idle long enough to forget
  limits.sweep(30);
  CHECK(limits.size() == 0);
  CHECK(limits.take("10.0.0.1", 30));  // forgotten once as good as new
  // Many addresses (a spoofing or IPv6 churn): the table holds at most ip_entries.
  for (int i = 0; i < 1000; ++i) limits.take("2001:db8::" + std::to_string(i), 31);
  CHECK(limits.size() == 16);
}
