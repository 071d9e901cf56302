// The origin allow-list (issue 11, item 5a): "our own origin" is the server's configured public
// origin(s), never the client-sent Host, and only canonical http(s) origins match. Each bypass shape
// over a real socket, with the Host and Origin headers written by hand.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "live_server.hpp"
#include "server/origin.hpp"

using namespace duet;
using namespace duet::test;

namespace {

// A WebSocket handshake with any Host and Origin, one hello, and the server's first text frame.
struct Answer {
  std::optional<proto::Message> first;  // welcome or error
  std::uint16_t close_code = 0;         // when a close frame followed
};

class HandWrittenClient {
 public:
  explicit HandWrittenClient(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    timeval tv{3, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  ~HandWrittenClient() { ::close(fd_); }

  Answer hello(const std::string& host, const std::string& origin, const std::string& site = "shop") {
    send("GET /ws/customer HTTP/1.1\r\nHost: " + host + "\r\nOrigin: " + origin +
         "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
         "Sec-WebSocket-Version: 13\r\n\r\n");
    while (buffer_.find("\r\n\r\n") == std::string::npos) REQUIRE(fill());
    REQUIRE(buffer_.rfind("HTTP/1.1 101", 0) == 0);
    buffer_.erase(0, buffer_.find("\r\n\r\n") + 4);
    send(masked(R"({"v":1,"type":"hello","site":")" + site + R"(","locale":"en-US"})"));
    Answer a;
    for (int frames = 0; frames < 8; ++frames) {  // an error, its close; or a welcome
      auto f = next();
      if (!f) break;
      if (f->first == 8) {
        if (f->second.size() >= 2)
          a.close_code = static_cast<std::uint16_t>((static_cast<unsigned char>(f->second[0]) << 8) |
                                                    static_cast<unsigned char>(f->second[1]));
        break;
      }
      if (f->first != 1 || a.first) continue;
      auto m = proto::parse(f->second, proto::Limits::for_server_frames());
      REQUIRE(m);
      a.first = m.value();
      if (std::holds_alternative<proto::Welcome>(*a.first)) break;
    }
    return a;
  }

 private:
  static std::string masked(const std::string& payload) {
    std::string f;
    f += static_cast<char>(0x81);
    REQUIRE(payload.size() < 126);
    f += static_cast<char>(0x80 | payload.size());
    const char key[4] = {0x11, 0x22, 0x33, 0x44};
    f.append(key, 4);
    for (std::size_t i = 0; i < payload.size(); ++i) f += static_cast<char>(payload[i] ^ key[i % 4]);
    return f;
  }
  void send(const std::string& bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  }
  bool fill() {
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  // (opcode, payload) of the next server frame.
  std::optional<std::pair<unsigned, std::string>> next() {
    for (;;) {
      if (buffer_.size() >= 2) {
        std::size_t len = static_cast<unsigned char>(buffer_[1]) & 0x7F, header = 2;
        if (len == 126) {
          header = 4;
          len = buffer_.size() >= 4 ? (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]) : 0;
        } else if (len == 127) {
          header = 10;
          len = 0;
          for (std::size_t i = 2; i < 10 && i < buffer_.size(); ++i) len = (len << 8) | static_cast<unsigned char>(buffer_[i]);
        }
        if (buffer_.size() >= header && buffer_.size() >= header + len) {
          auto f = std::make_pair(static_cast<unsigned>(buffer_[0]) & 0x0Fu, buffer_.substr(header, len));
          buffer_.erase(0, header + len);
          return f;
        }
      }
      if (!fill()) return std::nullopt;
    }
  }
  int fd_ = -1;
  std::string buffer_;
};

bool welcomed(const Answer& a) { return a.first && std::holds_alternative<proto::Welcome>(*a.first); }
std::optional<proto::Error> refused(const Answer& a) {
  if (!a.first || !std::holds_alternative<proto::Error>(*a.first)) return std::nullopt;
  return std::get<proto::Error>(*a.first);
}

}  // namespace

TEST_CASE("origin: a Host that agrees with the Origin makes no origin the server's own", "[auth]") {
  LiveServer s;  // site "shop" allows only https://shop.example
  const std::string port = std::to_string(s.port);
  struct Shape {
    const char* what;
    std::string origin;
  };
  const std::vector<Shape> shapes = {
      {"DNS rebinding: http origin and Host both the attacker's name", "http://evil.example:" + port},
      {"an ftp origin", "ftp://evil.example:" + port},
      {"a bare host:port", "evil.example:" + port},
      {"the null origin", "null"},
  };
  for (const Shape& k : shapes) {
    INFO(k.what << ": " << k.origin);
    HandWrittenClient c(s.port);
    const Answer a = c.hello("evil.example:" + port, k.origin);
    auto err = refused(a);
    REQUIRE(err);  // before: a welcome (same_origin compared the Origin with the Host)
    CHECK(err->code == proto::ErrorCode::origin_not_allowed);
    CHECK_FALSE(err->message.empty());
    CHECK(a.close_code == 1008);
  }
}

TEST_CASE("origin: only canonical http(s) origins match; the server's own are the loopback ones", "[auth]") {
  LiveServer s;
  const std::string port = std::to_string(s.port);
  SECTION("the widget's iframe from this server, whatever Host says") {
    for (const std::string& origin : {"http://127.0.0.1:" + port, "http://localhost:" + port, "HTTP://LocalHost:" + port}) {
      INFO(origin);
      HandWrittenClient c(s.port);
      CHECK(welcomed(c.hello("evil.example", origin)));
    }
  }
  SECTION("the allowed origin in another spelling of the same origin") {
    HandWrittenClient c(s.port);
    CHECK(welcomed(c.hello("chat.example", "HTTPS://Shop.Example:443")));
  }
  SECTION("the allowed origin with a path or a user name, or on another port or scheme") {
    for (const char* origin : {"https://shop.example/checkout", "https://user@shop.example",
                                     "https://shop.example:8443", "http://shop.example", "https://shop.example.evil.example"}) {
      INFO(origin);
      HandWrittenClient c(s.port);
      auto err = refused(c.hello("shop.example", origin));
      REQUIRE(err);
      CHECK(err->code == proto::ErrorCode::origin_not_allowed);
    }
  }
  SECTION("a malformed origin gets an error that says so") {
    HandWrittenClient c(s.port);
    auto err = refused(c.hello("shop.example", "ftp://shop.example"));
    REQUIRE(err);
    CHECK(err->message.find("not an http(s) origin") != std::string::npos);
  }
}

TEST_CASE("origin: public_origins replaces the defaults (behind a proxy)", "[auth]") {
  auto config = loopback_config();
  config.public_origins = {"https://chat.example.com"};
  LiveServer s(config);
  {
    HandWrittenClient c(s.port);
    CHECK(welcomed(c.hello("127.0.0.1", "https://chat.example.com")));
  }
  {
    HandWrittenClient c(s.port);
    auto err = refused(c.hello("127.0.0.1", "http://127.0.0.1:" + std::to_string(s.port)));
    REQUIRE(err);
    CHECK(err->code == proto::ErrorCode::origin_not_allowed);
  }
}

TEST_CASE("origin: canonical forms, and configured origins that are none are errors", "[auth]") {
  using server::canonical_origin;
  CHECK(canonical_origin("HTTPS://Shop.Example:443") == std::optional<std::string>("https://shop.example"));
  CHECK(canonical_origin("http://shop.example:80") == std::optional<std::string>("http://shop.example"));
  CHECK(canonical_origin("https://shop.example/") == std::optional<std::string>("https://shop.example"));
  CHECK(canonical_origin("http://127.0.0.1:8080") == std::optional<std::string>("http://127.0.0.1:8080"));
  CHECK(canonical_origin("http://[::1]:8080") == std::optional<std::string>("http://[::1]:8080"));
  for (const char* bad : {"ftp://shop.example", "shop.example:443", "null", "https://", "https://shop.example/x", "https://shop.example//",
                          "https://shop.example:0", "https://shop.example:99999", "https://shop.example:44a",
                          "https://a@shop.example", "https://shop.example?x", "https://[zz]:1", ""}) {
    INFO(bad);
    CHECK_FALSE(canonical_origin(bad));
  }
  CHECK(server::default_public_origins("127.0.0.1", 8080) ==
        std::vector<std::string>{"http://127.0.0.1:8080", "http://localhost:8080"});
  CHECK(server::default_public_origins("0.0.0.0", 8080).size() == 2);
  CHECK(server::default_public_origins("10.1.2.3", 8080).back() == "http://10.1.2.3:8080");

  auto site_origin = [](const char* origin) {
    return server::config_from_json(
        nlohmann::json{{"sites", {{{"key", "shop"}, {"origins", {origin}}}}}});
  };
  auto ok = site_origin("HTTPS://SHOP.EXAMPLE:443/");
  REQUIRE(ok);
  CHECK(ok->sites[0].origins == std::vector<std::string>{"https://shop.example"});
  auto bad = site_origin("ftp://shop.example");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("sites[0].origins") != std::string::npos);
  CHECK(bad.error().find("http") != std::string::npos);
  auto pub = server::config_from_json(nlohmann::json{{"public_origins", {"chat.example.com"}}});
  REQUIRE_FALSE(pub);
  CHECK(pub.error().find("public_origins") != std::string::npos);
}
