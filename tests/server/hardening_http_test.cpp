// HTTP hardening over real sockets: security headers on every response, the widget page framed only
// by its own site's pages (the key read from ?site= as the browser reads it), 431 and 400 for
// headers too large or framed ambiguously, a cap on plain HTTP connections per IP, /metrics kept to
// loopback or a bearer token.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <catch2/catch.hpp>

#include "live_server.hpp"
#include "raw_socket.hpp"
#include "server/net/request_checks.hpp"
#include "server/net/url_query.hpp"

using namespace duet;
using namespace duet::test;

namespace {

// A web build with the pages whose headers matter, and sites: "shop" (one origin), "open" (any
// origin).
struct HardenedServer {
  TempDir web;
  std::unique_ptr<LiveServer> live;
  explicit HardenedServer(server::Config config = loopback_config()) {
    write_file(web.path() + "/duet.js", "console.log('loader');\n");
    write_file(web.path() + "/demo/checkout.html", "<!doctype html><title>Checkout</title>");
    write_file(web.path() + "/agent/index.html", "<!doctype html><title>Agent console</title>");
    write_file(web.path() + "/widget/index.html", "<!doctype html><title>Widget</title>");
    write_file(web.path() + "/widget/app.js", "console.log('widget');\n");
    config.web_dir = web.path();
    server::SiteConfig open;
    open.key = "open";
    config.sites.push_back(open);
    live = std::make_unique<LiveServer>(config);
  }
  unsigned short port() const { return live->port; }
};

std::string policy(const HttpResult& r) {
  auto it = r.headers.find("content-security-policy");
  return it == r.headers.end() ? std::string("(none)") : it->second;
}

std::string frame_ancestors(const HttpResult& r) {
  const std::string p = policy(r);
  const auto at = p.find("frame-ancestors ");
  if (at == std::string::npos) return "(none)";
  return p.substr(at + 16, p.find(';', at) == std::string::npos ? std::string::npos : p.find(';', at) - at - 16);
}

std::string get_request(const std::string& target, const std::string& extra_headers = {}) {
  return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "Connection: close\r\n\r\n";
}

}  // namespace

TEST_CASE("http hardening: nosniff and Referrer-Policy on every response; CSP and no framing on our pages", "[http]") {
  HardenedServer s;
  for (const char* target : {"/healthz", "/metrics", "/duet.js", "/nothing.js", "/ws/customer", "/widget/?site=nope",
                             "/agent"}) {
    INFO(target);
    auto r = http_get(s.port(), target);
    CHECK(r.headers["x-content-type-options"] == "nosniff");
    CHECK(r.headers["referrer-policy"] == "no-referrer");
  }
  auto post = http_get(s.port(), "/healthz", {}, "POST");
  CHECK(post.status == 405);
  CHECK(post.headers["x-content-type-options"] == "nosniff");

  for (const char* page : {"/agent/", "/demo/checkout"}) {
    INFO(page);
    auto r = http_get(s.port(), page);
    REQUIRE(r.status == 200);
    CHECK(r.headers["x-frame-options"] == "DENY");
    CHECK(frame_ancestors(r) == "'none'");
    const std::string p = policy(r);
    CHECK(p.find("default-src 'self'") != std::string::npos);
    CHECK(p.find("script-src 'self' 'wasm-unsafe-eval'") != std::string::npos);
    CHECK(p.find("object-src 'none'") != std::string::npos);
    CHECK(p.find("base-uri 'none'") != std::string::npos);
    CHECK(p.find("unsafe-inline") == std::string::npos);
  }
  // Not HTML: no page policy.
  CHECK(http_get(s.port(), "/duet.js").headers.count("content-security-policy") == 0);
}

TEST_CASE("http hardening: the widget page is framed only by its site's pages, its key read as the browser reads it",
          "[http]") {
  HardenedServer s;
  auto shop = http_get(s.port(), "/widget/?site=shop");
  CHECK(shop.status == 200);
  CHECK(frame_ancestors(shop) == "'self' https://shop.example");
  CHECK(shop.headers.count("x-frame-options") == 0);  // it is meant to be framed
  // Percent-encoded, in the value or the name, as URLSearchParams decodes it.
  CHECK(frame_ancestors(http_get(s.port(), "/widget/?site=%73hop")) == "'self' https://shop.example");
  CHECK(frame_ancestors(http_get(s.port(), "/widget/index.html?%73ite=sh%6Fp&locale=sv")) ==
        "'self' https://shop.example");
  CHECK(frame_ancestors(http_get(s.port(), "/widget/?locale=sv&site=shop&site=open")) == "'self' https://shop.example");
  // A site allowing every origin says so explicitly.
  auto open = http_get(s.port(), "/widget/?site=open");
  CHECK(open.status == 200);
  CHECK(frame_ancestors(open) == "*");
  // An unknown or missing key: no widget, and nobody may frame the refusal.
  for (const char* target : {"/widget/?site=nope", "/widget/", "/widget/?site=", "/widget/?site=shop%00", "/widget/?site=Shop"}) {
    INFO(target);
    auto r = http_get(s.port(), target);
    CHECK(r.status == 404);
    CHECK(frame_ancestors(r) == "'none'");
    CHECK(r.body.find("Widget") == std::string::npos);
  }
  // The widget's scripts need no key.
  CHECK(http_get(s.port(), "/widget/app.js").status == 200);
}

TEST_CASE("http hardening: a header block over 16 KiB gets 431", "[http]") {
  HardenedServer s;
  const std::string big = get_request("/healthz", "X-Filler: " + std::string(20 * 1024, 'a') + "\r\n");
  auto res = raw_exchange(s.port(), big);
  CHECK(status_of(res) == 431);
  CHECK(res.find("X-Content-Type-Options: nosniff") != std::string::npos);
  // Just under the limit is served.
  const std::string fits = get_request("/healthz", "X-Filler: " + std::string(15 * 1024, 'a') + "\r\n");
  CHECK(status_of(raw_exchange(s.port(), fits)) == 200);
  // The server is fine afterwards.
  CHECK(http_get(s.port(), "/healthz").status == 200);
}

TEST_CASE("http hardening: unknown, obfuscated or conflicting Transfer-Encoding gets 400", "[http]") {
  HardenedServer s;
  const std::string head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  const std::string body = "\r\n\r\n5\r\nhello\r\n0\r\n\r\n";  // ends the last header, then a chunked body
  const std::vector<std::string> smuggles = {
      head + "Transfer-Encoding: chunked, identity" + body,
      head + "Transfer-Encoding: identity, chunked" + body,
      head + "Transfer-Encoding: xchunked" + body,
      head + "Transfer-Encoding: identity" + body,
      head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked" + body,
      head + "Transfer-Encoding: identity\r\nTransfer-Encoding: chunked" + body,
      head + "Transfer-Encoding: chunked\r\nContent-Length: 15" + body,
      head + "Content-Length: 15\r\nTransfer-Encoding: chunked" + body,
      head + "Transfer-Encoding:\r\n chunked" + body,               // obs-fold
      head + "X-Pad: x\r\n Transfer-Encoding: chunked" + body,      // folded into the previous header
      "GET /healthz HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: 127.0.0.1" + body,  // indented first line
      head + "Transfer-Encoding : chunked" + body,                  // space before the colon
      head + "Transfer-Encoding: chunked\nX-Pad: x" + body,         // bare LF
      "GET /healthz HTTP/1.0\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked" + body,
  };
  for (const auto& request : smuggles) {
    INFO(request);
    auto res = raw_exchange(s.port(), request);
    CHECK(status_of(res) == 400);
    CHECK(res.find("Connection: close") != std::string::npos);
  }
  // A plain chunked request is fine (and its body does not become a second request).
  auto ok = raw_exchange(s.port(), head + "Transfer-Encoding: chunked\r\nConnection: close" + body);
  CHECK(status_of(ok) == 200);
  CHECK(ok.find("HTTP/1.1", 8) == std::string::npos);
  auto ok_tab = raw_exchange(s.port(), head + "Transfer-Encoding:\tCHUNKED \r\nConnection: close" + body);
  CHECK(status_of(ok_tab) == 200);
}

TEST_CASE("http hardening: plain HTTP connections per IP are capped (503 + Retry-After), other IPs unaffected",
          "[http]") {
  auto config = loopback_config();
  config.limits.http_connections_per_ip = 4;
  HardenedServer s(config);
  std::vector<std::unique_ptr<RawSocket>> held;
  for (int i = 0; i < 4; ++i) held.push_back(std::make_unique<RawSocket>(s.port()));
  // Each held connection is accepted and waiting for its request: wait until the cap is reached.
  bool refused = false;
  HttpResult busy;
  for (int i = 0; i < 100 && !refused; ++i) {
    busy = http_get(s.port(), "/healthz");
    refused = busy.status == 503;
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(refused);
  CHECK(busy.headers["retry-after"] == "5");
  CHECK(busy.headers["connection"] == "close");
  // Another client address is served meanwhile.
  RawSocket other(s.port(), "127.0.0.2");
  other.send(get_request("/healthz"));
  CHECK(status_of(other.read_all()) == 200);
  // One held connection goes: the next request from this address is served again.
  held.pop_back();
  bool served = false;
  for (int i = 0; i < 100 && !served; ++i) {
    served = http_get(s.port(), "/healthz").status == 200;
    if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(served);
  // A WebSocket does not keep its HTTP place: with 3 held, two upgrades and a plain request fit.
  // (The server lets the last request's connection go a moment after this side closed it.)
  auto connect = [&] {
    for (int i = 0; i < 100; ++i) {
      try {
        return s.live->customer();
      } catch (const std::exception&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
    FAIL("no WebSocket upgrade within the cap");
    return std::unique_ptr<WsClient>{};
  };
  auto c1 = connect();
  say_hello(*c1);
  auto c2 = connect();
  say_hello(*c2);
  bool plain = false;
  for (int i = 0; i < 100 && !plain; ++i) {
    plain = http_get(s.port(), "/healthz").status == 200;
    if (!plain) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  CHECK(plain);
}

TEST_CASE("http hardening: /metrics only for loopback clients not behind a proxy, or with the bearer token", "[http]") {
  SECTION("no token configured: loopback yes, proxied no") {
    HardenedServer s;
    CHECK(http_get(s.port(), "/metrics").status == 200);
    for (const char* h : {"X-Forwarded-For", "Forwarded", "X-Real-IP"}) {
      INFO(h);
      auto r = http_get(s.port(), "/metrics", {{h, "203.0.113.9"}});
      CHECK(r.status == 403);
      CHECK(r.body.find("duet_connections") == std::string::npos);
    }
  }
  SECTION("a token: required from everyone") {
    ::setenv("DUET_TEST_METRICS_TOKEN", "s3cret-metrics-token", 1);
    auto config = loopback_config();
    config.metrics.token_env = "DUET_TEST_METRICS_TOKEN";
    HardenedServer s(config);
    auto none = http_get(s.port(), "/metrics");
    CHECK(none.status == 401);
    CHECK(none.headers["www-authenticate"] == "Bearer");
    CHECK(http_get(s.port(), "/metrics", {{"Authorization", "Bearer wrong"}}).status == 401);
    CHECK(http_get(s.port(), "/metrics", {{"Authorization", "s3cret-metrics-token"}}).status == 401);
    auto ok = http_get(s.port(), "/metrics", {{"Authorization", "Bearer s3cret-metrics-token"}});
    CHECK(ok.status == 200);
    CHECK(ok.body.find("duet_connections") != std::string::npos);
    ::unsetenv("DUET_TEST_METRICS_TOKEN");
  }
  SECTION("a token variable that is not set: nobody") {
    auto config = loopback_config();
    config.metrics.token_env = "DUET_TEST_METRICS_TOKEN_UNSET";
    HardenedServer s(config);
    CHECK(http_get(s.port(), "/metrics").status == 401);
    CHECK(http_get(s.port(), "/metrics", {{"Authorization", "Bearer "}}).status == 401);
  }
}

TEST_CASE("http hardening: query parameters decode like URLSearchParams; framing checks", "[http]") {
  using server::query_param;
  CHECK(query_param("/widget/?site=shop", "site") == std::optional<std::string>("shop"));
  CHECK(query_param("/widget/?site=a%20b+c", "site") == std::optional<std::string>("a b c"));
  CHECK(query_param("/widget/?site=%zz%4", "site") == std::optional<std::string>("%zz%4"));
  CHECK(query_param("/widget/?x=1&&site", "site") == std::optional<std::string>(""));
  CHECK(query_param("/widget/?sites=a", "site") == std::nullopt);
  CHECK(query_param("/widget/", "site") == std::nullopt);
  CHECK(server::header_block_problem("GET / HTTP/1.1\r\nHost: x\r\n\r\n") == std::nullopt);
  CHECK(server::header_block_problem("GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n"));
}
