// duet-server's WebSocket layer over a real socket, driven byte by byte: what a browser or Beast
// would never send (unmasked frames, a ping flood from a peer that never reads, a close frame right
// behind a burst of bad frames, fragments around a ping, a frame glued to the upgrade request).
// Frames are built here by hand, independently of server/net/ws_frame.cpp.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <optional>
#include <string>

#include "live_server.hpp"

using namespace duet;
using namespace duet::test;

namespace {

// A blocking TCP client with a receive timeout: reads that wait longer fail, tests do not hang.
class RawWs {
 public:
  explicit RawWs(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    timeval tv{2, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  }
  ~RawWs() { ::close(fd_); }

  static std::string upgrade_request(const std::string& path = "/ws/customer") {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
  }
  // A client frame: masked unless told otherwise.
  static std::string frame(unsigned opcode, const std::string& payload, bool fin = true, bool mask = true) {
    std::string f;
    f += static_cast<char>((fin ? 0x80 : 0) | opcode);
    const std::size_t n = payload.size();
    const char m = mask ? static_cast<char>(0x80) : 0;
    if (n < 126) {
      f += static_cast<char>(m | static_cast<char>(n));
    } else {
      f += static_cast<char>(m | 126);
      f += static_cast<char>(n >> 8);
      f += static_cast<char>(n & 0xFF);
    }
    const char key[4] = {0x12, 0x34, 0x56, 0x78};
    if (mask) f.append(key, 4);
    for (std::size_t i = 0; i < n; ++i) f += mask ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i];
    return f;
  }

  void send(const std::string& bytes) {
    REQUIRE(::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
  }
  // Reads the 101 (and leaves what follows it buffered).
  void read_upgrade() {
    while (buffer_.find("\r\n\r\n") == std::string::npos) REQUIRE(fill());
    REQUIRE(buffer_.rfind("HTTP/1.1 101", 0) == 0);
    buffer_.erase(0, buffer_.find("\r\n\r\n") + 4);
  }
  void open() {
    send(upgrade_request());
    read_upgrade();
  }

  struct Frame {
    unsigned opcode = 0;
    std::string payload;
    std::uint16_t close_code() const {
      return payload.size() >= 2 ? static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                                              static_cast<unsigned char>(payload[1]))
                                 : 0;
    }
  };
  // The next server frame (unmasked, as servers send them), or nullopt on timeout or end of stream.
  std::optional<Frame> next() {
    for (;;) {
      if (buffer_.size() >= 2) {
        const auto b1 = static_cast<unsigned char>(buffer_[1]);
        std::size_t len = b1 & 0x7F, header = 2;
        if (len == 126 && buffer_.size() >= 4) {
          len = (static_cast<unsigned char>(buffer_[2]) << 8) | static_cast<unsigned char>(buffer_[3]);
          header = 4;
        }
        if (len != 126 && len != 127 && buffer_.size() >= header + len) {
          Frame f{static_cast<unsigned>(buffer_[0]) & 0x0Fu, buffer_.substr(header, len)};
          buffer_.erase(0, header + len);
          return f;
        }
      }
      if (!fill()) return std::nullopt;
    }
  }
  // True when the server ends the stream (a read returns 0) within the timeout.
  bool ended() {
    char c;
    return ::recv(fd_, &c, 1, 0) == 0;
  }

 private:
  bool fill() {
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) return false;
    buffer_.append(buf, static_cast<std::size_t>(n));
    return true;
  }
  int fd_ = -1;
  std::string buffer_;
};

constexpr unsigned kText = 1, kBinary = 2, kContinuation = 0, kClose = 8, kPing = 9, kPong = 10;

std::string hello_frame() { return RawWs::frame(kText, R"({"v":1,"type":"hello","site":"shop"})"); }

}  // namespace

TEST_CASE("ws: an unmasked client frame closes the connection with 1002", "[ws]") {
  LiveServer s;
  RawWs c(s.port);
  c.open();
  c.send(RawWs::frame(kText, R"({"v":1,"type":"hello","site":"shop"})", true, /*mask=*/false));
  std::optional<RawWs::Frame> f;
  while ((f = c.next()) && f->opcode != kClose) {
  }
  REQUIRE(f);
  CHECK(f->close_code() == 1002);
  CHECK(c.ended());
}

TEST_CASE("ws: a frame glued to the upgrade request is read", "[ws]") {
  LiveServer s;
  RawWs c(s.port);
  c.send(RawWs::upgrade_request() + hello_frame());
  c.read_upgrade();
  auto f = c.next();
  REQUIRE(f);
  CHECK(f->opcode == kText);
  CHECK(f->payload.find(R"("type":"welcome")") != std::string::npos);
}

TEST_CASE("ws: a message in fragments around a ping is answered with a pong, then acked", "[ws]") {
  LiveServer s;
  RawWs c(s.port);
  c.open();
  c.send(hello_frame());
  REQUIRE(c.next());  // welcome
  const std::string say = R"({"v":1,"type":"say","cid":"f1","text":"caf\u00e9 in three parts"})";
  c.send(RawWs::frame(kText, say.substr(0, 10), false) + RawWs::frame(kPing, "are you there") +
         RawWs::frame(kContinuation, say.substr(10, 15), false) + RawWs::frame(kContinuation, say.substr(25)));
  bool pong = false, ack = false;
  for (int i = 0; i < 10 && !(pong && ack); ++i) {
    auto f = c.next();
    REQUIRE(f);
    if (f->opcode == kPong) {
      CHECK(f->payload == "are you there");
      pong = true;
    }
    if (f->opcode == kText && f->payload.find(R"("type":"ack")") != std::string::npos) ack = true;
  }
  CHECK(pong);
  CHECK(ack);
}

TEST_CASE("ws: a peer that floods pings and never reads gets few pongs and is closed", "[ws]") {
  auto config = loopback_config();
  config.limits.messages_per_s = 5;
  config.limits.burst = 10;
  config.limits.abuse_violations = 20;
  LiveServer s(config);
  RawWs c(s.port);
  c.open();
  std::string flood;
  for (int i = 0; i < 2000; ++i) flood += RawWs::frame(kPing, "p");
  c.send(flood);  // before reading anything
  int pongs = 0;
  std::optional<RawWs::Frame> f;
  while ((f = c.next()) && f->opcode != kClose)
    if (f->opcode == kPong) ++pongs;
  REQUIRE(f);
  CHECK(f->close_code() == 1008);  // sustained violations
  CHECK(pongs <= 11);              // the bucket's burst, and one pong waiting at a time
}

TEST_CASE("ws: our close frame still goes when the peer's close arrives right behind the bad frames", "[ws]") {
  auto config = loopback_config();
  config.limits.abuse_violations = 3;
  LiveServer s(config);
  RawWs c(s.port);
  c.open();
  c.send(hello_frame());
  REQUIRE(c.next());  // welcome
  // Three binary frames (each a violation: the third makes us close with 1008) and the peer's own
  // close, in one segment, so they are all read before anything is written.
  c.send(RawWs::frame(kBinary, "x") + RawWs::frame(kBinary, "y") + RawWs::frame(kBinary, "z") +
         RawWs::frame(kClose, std::string("\x03\xe8", 2)));
  std::optional<RawWs::Frame> f;
  while ((f = c.next()) && f->opcode != kClose) {
  }
  REQUIRE(f);  // dropped, the close would never come: the server would only cut the socket after 5 s
  CHECK(f->close_code() == 1008);
  CHECK(c.ended());
}
