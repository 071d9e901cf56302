// Behind the operator's own load balancer the client's address comes from X-Forwarded-For, read
// from the right past the trusted proxies; from anyone else the header is ignored.
#include <catch2/catch.hpp>

#include "live_server.hpp"
#include "server/config.hpp"
#include "server/ip_range.hpp"
#include "server/net/client_address.hpp"

using namespace duet;
using namespace duet::test;
using server::IpRange;
using server::TrustedProxies;

TEST_CASE("ip ranges: addresses and CIDR ranges, IPv4 and IPv6", "[limits]") {
  const auto lan = IpRange::parse("10.0.0.0/8");
  REQUIRE(lan);
  CHECK(lan->contains("10.1.2.3"));
  CHECK_FALSE(lan->contains("11.0.0.1"));
  CHECK_FALSE(lan->contains("::1"));
  CHECK_FALSE(lan->contains("not an address"));
  const auto one = IpRange::parse("127.0.0.1");
  REQUIRE(one);
  CHECK(one->contains("127.0.0.1"));
  CHECK_FALSE(one->contains("127.0.0.2"));
  CHECK(one->contains("::ffff:127.0.0.1"));  // the same address, as a dual-stack socket reports it
  const auto v6 = IpRange::parse("fd00::/8");
  REQUIRE(v6);
  CHECK(v6->contains("fd12:3456::1"));
  CHECK_FALSE(v6->contains("fe80::1"));
  CHECK(IpRange::parse("0.0.0.0/0")->contains("203.0.113.9"));
  for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/8x", "::/129", "host.example", "10.0.0/8"})
    CHECK_FALSE(IpRange::parse(bad));
}

TEST_CASE("trusted proxies: the client is the right-most address that is not ours", "[limits]") {
  const TrustedProxies proxies({"10.0.0.0/8", "127.0.0.1"});
  // From a proxy of ours: what it appended is believed, what the client wrote on the left is not.
  CHECK(proxies.client_of("10.0.0.5", "203.0.113.9") == "203.0.113.9");
  CHECK(proxies.client_of("10.0.0.5", "198.51.100.1, 203.0.113.9") == "203.0.113.9");
  CHECK(proxies.client_of("10.0.0.5", "198.51.100.1, 203.0.113.9, 10.0.0.7") == "203.0.113.9");
  CHECK(proxies.client_of("10.0.0.5", "203.0.113.9:5123") == "203.0.113.9");
  CHECK(proxies.client_of("10.0.0.5", "[2001:db8::7]:443") == "2001:db8::7");
  CHECK(proxies.client_of("10.0.0.5", "2001:db8::7") == "2001:db8::7");
  CHECK(proxies.client_of("10.0.0.5", "10.0.0.9, 10.0.0.8") == "10.0.0.9");  // all ours: the first
  // A malformed entry was not written by a proxy of ours: nothing in the header counts.
  CHECK(proxies.client_of("10.0.0.5", "203.0.113.9, garbage") == "10.0.0.5");
  CHECK(proxies.client_of("10.0.0.5", "") == "10.0.0.5");
  // From anyone else the header is theirs to invent, and ignored.
  CHECK(proxies.client_of("198.51.100.7", "203.0.113.9") == "198.51.100.7");
  CHECK(TrustedProxies({}).client_of("10.0.0.5", "203.0.113.9") == "10.0.0.5");
}

TEST_CASE("trusted proxies: a bad range is refused with the config's words", "[config]") {
  server::Config c = loopback_config();
  c.trusted_proxies = {"10.0.0.0/8", "10.0.0.0/99"};
  const auto v = server::validate(c);
  REQUIRE_FALSE(v);
  CHECK(v.error().find("trusted_proxies") != std::string::npos);
  CHECK(v.error().find("10.0.0.0/99") != std::string::npos);
}

TEST_CASE("loopback: behind a trusted proxy each forwarded client has its own connection limit", "[limits]") {
  server::Config c = loopback_config();
  c.trusted_proxies = {"127.0.0.1"};
  c.limits.connections_per_ip = 2;
  LiveServer s(c);
  auto from = [&](const std::string& ip) {
    return std::make_unique<WsClient>(s.port, "/ws/customer", std::nullopt,
                                      std::map<std::string, std::string>{{"X-Forwarded-For", ip}});
  };
  auto a1 = from("203.0.113.1");
  auto a2 = from("203.0.113.1");
  say_hello(*a1);
  say_hello(*a2);
  auto a3 = from("203.0.113.1");
  CHECK(a3->wait_error(proto::ErrorCode::too_many_connections));
  CHECK(a3->wait_closed());
  // Another client behind the same proxy is not held back by the first.
  auto b1 = from("203.0.113.2");
  say_hello(*b1);

  // Without trusted proxies the header is ignored: every connection is 127.0.0.1's.
  server::Config plain = loopback_config();
  plain.limits.connections_per_ip = 2;
  LiveServer p(plain);
  auto via = [&](const std::string& ip) {
    return std::make_unique<WsClient>(p.port, "/ws/customer", std::nullopt,
                                      std::map<std::string, std::string>{{"X-Forwarded-For", ip}});
  };
  auto p1 = via("203.0.113.1");
  auto p2 = via("203.0.113.2");
  say_hello(*p1);
  say_hello(*p2);
  auto p3 = via("203.0.113.3");
  CHECK(p3->wait_error(proto::ErrorCode::too_many_connections));
}
