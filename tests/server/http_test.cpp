// The HTTP side: health, metrics, the web build with content types, cache headers and gzip, and 404s.
#include <filesystem>
#include <fstream>

#include <catch2/catch.hpp>

#include "live_server.hpp"
#include "server/net/static_files.hpp"

using namespace duet;
using namespace duet::test;

namespace {

std::string big_js() {
  std::string s;
  for (int i = 0; i < 200; ++i) s += "console.log('duet widget line " + std::to_string(i) + "');\n";
  return s;
}

}  // namespace

TEST_CASE("http: healthz, metrics, the web build and 404", "[http]") {
  TempDir web;
  write_file(web.path() + "/duet.js", big_js());
  write_file(web.path() + "/widget.3f9c2a1bd4.wasm", std::string("\0asm\x01\0\0\0", 8) + std::string(600, 'w'));
  write_file(web.path() + "/app.css", "body{}");
  write_file(web.path() + "/index.html", "<!doctype html><title>Duet</title>");
  write_file(web.path() + "/demo/checkout.html", "<!doctype html><title>Checkout</title>");
  write_file(web.path() + "/agent/index.html", "<!doctype html><title>Agent console</title>");
  write_file(web.path() + "/widget/index.html", "<!doctype html><title>Widget</title>");
  write_file(web.path() + "/pre.js", big_js());
  write_file(web.path() + "/pre.js.gz", *server::StaticFiles::gzip("// precompressed\n" + big_js()));

  auto config = loopback_config();
  config.web_dir = web.path();
  LiveServer s(config);

  auto health = http_get(s.port, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.headers["content-type"] == "application/json");
  CHECK(health.body.find("\"status\":\"ok\"") != std::string::npos);

  auto c = s.customer();
  say_hello(*c);
  auto metrics = http_get(s.port, "/metrics");
  CHECK(metrics.status == 200);
  CHECK(metrics.headers["content-type"].rfind("text/plain; version=0.0.4", 0) == 0);
  CHECK(metrics.body.find("duet_connections{role=\"customer\"} 1") != std::string::npos);
  for (const char* name : {"duet_messages_total", "duet_assistant_answers_total", "duet_escalations_total",
                           "duet_time_to_human_seconds_bucket", "duet_containment_rate", "duet_ratings_total",
                           "duet_queue_length"})
    CHECK(metrics.body.find(name) != std::string::npos);

  SECTION("content types and cache headers") {
    auto js = http_get(s.port, "/duet.js");
    CHECK(js.status == 200);
    CHECK(js.headers["content-type"] == "text/javascript; charset=utf-8");
    CHECK(js.headers["cache-control"] == "public, max-age=300");
    CHECK(js.body == big_js());
    auto wasm = http_get(s.port, "/widget.3f9c2a1bd4.wasm");
    CHECK(wasm.headers["content-type"] == "application/wasm");
    CHECK(wasm.headers["cache-control"] == "public, max-age=31536000, immutable");
    CHECK(http_get(s.port, "/app.css").headers["content-type"] == "text/css; charset=utf-8");
    auto checkout = http_get(s.port, "/demo/checkout");
    CHECK(checkout.status == 200);
    CHECK(checkout.body.find("Checkout") != std::string::npos);
    CHECK(checkout.headers["content-type"] == "text/html; charset=utf-8");
    CHECK(checkout.headers["cache-control"] == "no-cache");
    // Printed as /agent: redirected to /agent/ (its assets are relative), query kept.
    auto bare = http_get(s.port, "/agent?quiet=1");
    CHECK(bare.status == 308);
    CHECK(bare.headers["location"] == "/agent/?quiet=1");
    auto agent = http_get(s.port, "/agent/");
    CHECK(agent.status == 200);
    CHECK(agent.body.find("Agent console") != std::string::npos);
    CHECK(http_get(s.port, "/").body.find("<title>Duet") != std::string::npos);
    // Only the sites' pages may frame the widget (its WebSocket then has this server's origin).
    auto widget = http_get(s.port, "/widget/?site=shop");
    CHECK(widget.status == 200);
    CHECK(widget.headers["content-security-policy"].find("; frame-ancestors 'self' https://shop.example") !=
          std::string::npos);
  }
  SECTION("gzip: precompressed when present, else on the fly; never without Accept-Encoding") {
    auto fly = http_get(s.port, "/duet.js", {{"Accept-Encoding", "gzip, br"}});
    CHECK(fly.headers["content-encoding"] == "gzip");
    CHECK(fly.headers["vary"] == "Accept-Encoding");
    CHECK(fly.body.size() < big_js().size());
    CHECK(gunzip(fly.body) == big_js());
    auto wasm = http_get(s.port, "/widget.3f9c2a1bd4.wasm", {{"Accept-Encoding", "gzip"}});
    CHECK(wasm.headers["content-encoding"] == "gzip");
    auto pre = http_get(s.port, "/pre.js", {{"Accept-Encoding", "gzip"}});
    CHECK(pre.headers["content-encoding"] == "gzip");
    CHECK(gunzip(pre.body).rfind("// precompressed", 0) == 0);
    auto raw = http_get(s.port, "/pre.js");
    CHECK(raw.headers.count("content-encoding") == 0);
    CHECK(raw.body == big_js());
  }
  SECTION("ETag revalidation, HEAD, 404, 405, traversal, plain GET on a WebSocket endpoint") {
    auto first = http_get(s.port, "/duet.js");
    REQUIRE_FALSE(first.headers["etag"].empty());
    auto again = http_get(s.port, "/duet.js", {{"If-None-Match", first.headers["etag"]}});
    CHECK(again.status == 304);
    CHECK(again.body.empty());
    auto head = http_get(s.port, "/duet.js", {}, "HEAD");
    CHECK(head.status == 200);
    CHECK(head.headers["content-length"] == std::to_string(big_js().size()));
    auto missing = http_get(s.port, "/nothing/here.js");
    CHECK(missing.status == 404);
    CHECK(missing.body == "not found: /nothing/here.js\n");
    CHECK(http_get(s.port, "/duet.js", {}, "POST").status == 405);
    CHECK(http_get(s.port, "/../../etc/passwd").status == 400);
    CHECK(http_get(s.port, "/%2e%2e/secret").status == 400);
    CHECK(http_get(s.port, "/ws/customer").status == 426);
  }
}

TEST_CASE("static files: safe paths and hashed names", "[http]") {
  using server::StaticFiles;
  CHECK(StaticFiles::safe_relative("/a/b%20c.js") == std::optional<std::string>("a/b c.js"));
  CHECK_FALSE(StaticFiles::safe_relative("/a/../b"));
  CHECK_FALSE(StaticFiles::safe_relative("/.git/config"));
  CHECK_FALSE(StaticFiles::safe_relative("/a%00b"));
  CHECK(StaticFiles::cache_control("/x/app.0123abcd.js", "app.0123abcd.js") == "public, max-age=31536000, immutable");
  CHECK(StaticFiles::cache_control("/x/app-0123456789abcdef.wasm", "app-0123456789abcdef.wasm") ==
        "public, max-age=31536000, immutable");
  CHECK(StaticFiles::cache_control("/x/app.js", "app.js") == "public, max-age=300");
  CHECK(StaticFiles::content_type("x.wasm") == "application/wasm");
}
