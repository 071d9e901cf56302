// duet-server's own RFC 6455 layer, through its public interface and without sockets:
//  - ws::write_header writes the exact server header bytes for every length encoding;
//  - ws::close_payload puts the code in network order and cuts the reason to 125 bytes on a UTF-8
//    boundary;
//  - ws::MessageReader turns masked client bytes, however they are chunked, into whole messages and
//    control frames, and fails every protocol violation with the close code RFC 6455 7.4.1 names
//    (1002 protocol error, 1007 invalid UTF-8, 1009 too big), the last one from the header alone;
//  - the opening handshake computes Sec-WebSocket-Accept as the RFC does and refuses bad requests.
// Client frames are built here, independently of the code under test (client_frame and friends),
// and checked once against the RFC's own example bytes.
#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "server/net/beast.hpp"
#include "server/net/ws_frame.hpp"
#include "server/net/ws_handshake.hpp"

using namespace duet::server;
using ws::Input;
using ws::Opcode;

namespace {

using MaskKey = std::array<std::uint8_t, 4>;
constexpr MaskKey kKey = {0x37, 0xfa, 0x21, 0x3d};  // the key of RFC 6455's examples (5.7)
constexpr std::size_t kRoomy = 1 << 20;             // a reader limit no test message reaches

std::uint8_t op_bits(Opcode op) { return static_cast<std::uint8_t>(op); }

// How the payload length is written: the shortest form (what the RFC requires) or a forced one.
enum class LengthForm { shortest, bits16, bits64 };

// A client frame's header: `first_byte` as given (FIN, RSV and opcode bits), the MASK bit when
// `mask`, `declared_length` in `form`, then the masking key when `mask`. No payload.
std::string frame_header(std::uint8_t first_byte, std::uint64_t declared_length, bool mask = true,
                         MaskKey key = kKey, LengthForm form = LengthForm::shortest) {
  if (form == LengthForm::shortest)
    form = declared_length < 126 ? LengthForm::shortest : declared_length <= 0xFFFF ? LengthForm::bits16
                                                                                    : LengthForm::bits64;
  const std::uint8_t mask_bit = mask ? 0x80 : 0x00;
  std::string out(1, static_cast<char>(first_byte));
  if (form == LengthForm::shortest) {
    out += static_cast<char>(mask_bit | declared_length);
  } else if (form == LengthForm::bits16) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>(declared_length >> 8);
    out += static_cast<char>(declared_length & 0xFF);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((declared_length >> shift) & 0xFF);
  }
  if (mask)
    for (std::uint8_t b : key) out += static_cast<char>(b);
  return out;
}

// A whole frame with `first_byte` as given and the payload masked with `key` when `mask`.
std::string raw_frame(std::uint8_t first_byte, std::string_view payload, bool mask = true, MaskKey key = kKey,
                      LengthForm form = LengthForm::shortest) {
  std::string out = frame_header(first_byte, payload.size(), mask, key, form);
  const std::size_t start = out.size();
  out.append(payload);
  if (mask)
    for (std::size_t i = 0; i < payload.size(); ++i) out[start + i] = static_cast<char>(out[start + i] ^ key[i % 4]);
  return out;
}

// A frame as a browser sends it: masked, RSV bits clear, length in its shortest form.
std::string client_frame(Opcode op, std::string_view payload, bool fin = true, bool mask = true, MaskKey key = kKey) {
  return raw_frame(static_cast<std::uint8_t>((fin ? 0x80 : 0x00) | op_bits(op)), payload, mask, key);
}

std::string close_body(std::uint16_t code, std::string_view reason = {}) {
  std::string body;
  body += static_cast<char>(code >> 8);
  body += static_cast<char>(code & 0xFF);
  body.append(reason);
  return body;
}

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out += static_cast<char>(b);
  return out;
}

// What one call of MessageReader::next returned, copied out of the buffers it points into.
struct Got {
  Input::Kind kind = Input::need_more;
  Opcode op = Opcode::text;
  std::string payload;
  std::uint16_t code = 0;
  std::size_t used = 0;
};

const char* kind_name(Input::Kind k) {
  switch (k) {
    case Input::need_more: return "need_more";
    case Input::message: return "message";
    case Input::ping: return "ping";
    case Input::pong: return "pong";
    case Input::close: return "close";
    case Input::fail: return "fail";
  }
  return "?";
}

// "fail 1002", "close 1000", "message text", "message binary", "ping", "need_more": for CHECKs that
// print what actually happened when they fail.
std::string outcome(const Got& g) {
  std::string s = kind_name(g.kind);
  if (g.kind == Input::fail || g.kind == Input::close) s += " " + std::to_string(g.code);
  if (g.kind == Input::message) s += g.op == Opcode::text ? " text" : g.op == Opcode::binary ? " binary" : " other";
  return s;
}

// One call of next() on all of `buffer` (which it unmasks in place); drops the bytes it used.
Got next_input(ws::MessageReader& reader, std::string& buffer) {
  std::size_t used = 12345;  // must be overwritten
  const Input in = reader.next(buffer.data(), buffer.size(), used);
  Got g{in.kind, in.op, std::string(in.payload), in.code, used};
  buffer.erase(0, std::min(used, buffer.size()));
  return g;
}

// The first input a fresh reader finds in `stream`.
Got first_input(std::string stream, std::size_t max_message = kRoomy) {
  ws::MessageReader reader(max_message);
  return next_input(reader, stream);
}

// Every input in `stream` until the reader needs more (or fails).
std::vector<Got> all_inputs(std::string stream, std::size_t max_message = kRoomy) {
  ws::MessageReader reader(max_message);
  std::vector<Got> out;
  for (;;) {
    Got g = next_input(reader, stream);
    if (g.kind == Input::need_more) break;
    out.push_back(std::move(g));
    if (out.back().kind == Input::fail) break;
  }
  return out;
}

// A deterministic payload: `n` bytes cycling through printable ASCII (valid UTF-8).
std::string ascii(std::size_t n, char first = 'a') {
  std::string s(n, ' ');
  for (std::size_t i = 0; i < n; ++i) s[i] = static_cast<char>(' ' + (first - ' ' + i) % 95);
  return s;
}

std::string header_bytes(Opcode op, std::uint64_t payload_size) {
  std::uint8_t out[ws::kMaxHeader] = {};
  const std::size_t n = ws::write_header(out, op, payload_size);
  return std::string(reinterpret_cast<const char*>(out), n);
}

http::request<http::string_body> upgrade_request(std::optional<std::string> version, std::optional<std::string> key) {
  http::request<http::string_body> req{http::verb::get, "/ws/customer", 11};
  req.set(http::field::host, "127.0.0.1");
  req.set(http::field::upgrade, "websocket");
  req.set(http::field::connection, "Upgrade");
  if (version) req.set(http::field::sec_websocket_version, *version);
  if (key) req.set(http::field::sec_websocket_key, *key);
  return req;
}

constexpr const char* kRfcKey = "dGhlIHNhbXBsZSBub25jZQ==";
constexpr const char* kRfcAccept = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";

}  // namespace

// ---- writing server frames ----

TEST_CASE("ws: write_header writes each length form exactly", "[ws]") {
  CHECK(header_bytes(Opcode::text, 0) == bytes({0x81, 0x00}));
  CHECK(header_bytes(Opcode::text, 5) == bytes({0x81, 0x05}));  // RFC 6455 5.7 "Hello"
  CHECK(header_bytes(Opcode::text, 125) == bytes({0x81, 0x7d}));
  CHECK(header_bytes(Opcode::binary, 126) == bytes({0x82, 0x7e, 0x00, 0x7e}));
  CHECK(header_bytes(Opcode::binary, 256) == bytes({0x82, 0x7e, 0x01, 0x00}));  // RFC 6455 5.7
  CHECK(header_bytes(Opcode::binary, 65535) == bytes({0x82, 0x7e, 0xff, 0xff}));
  CHECK(header_bytes(Opcode::binary, 65536) ==
        bytes({0x82, 0x7f, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}));  // RFC 6455 5.7
  CHECK(header_bytes(Opcode::binary, 0x0123456789abcdefULL) ==
        bytes({0x82, 0x7f, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}));
  CHECK(header_bytes(Opcode::text, 0x7fffffffffffffffULL) ==
        bytes({0x81, 0x7f, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
}

TEST_CASE("ws: write_header returns its length and sets FIN with the opcode", "[ws]") {
  std::uint8_t out[ws::kMaxHeader] = {};
  CHECK(ws::write_header(out, Opcode::text, 0) == 2);
  CHECK(ws::write_header(out, Opcode::text, 125) == 2);
  CHECK(ws::write_header(out, Opcode::text, 126) == 4);
  CHECK(ws::write_header(out, Opcode::text, 65535) == 4);
  CHECK(ws::write_header(out, Opcode::text, 65536) == 10);
  CHECK(ws::write_header(out, Opcode::text, std::uint64_t{1} << 40) == 10);
  CHECK(header_bytes(Opcode::close, 2) == bytes({0x88, 0x02}));
  CHECK(header_bytes(Opcode::ping, 0) == bytes({0x89, 0x00}));
  CHECK(header_bytes(Opcode::pong, 3) == bytes({0x8a, 0x03}));
}

TEST_CASE("ws: close_payload puts the code in network order before the reason", "[ws]") {
  CHECK(ws::close_payload(1000, "") == bytes({0x03, 0xe8}));
  CHECK(ws::close_payload(1009, "too big") == bytes({0x03, 0xf1}) + "too big");
  CHECK(ws::close_payload(4999, "é") == bytes({0x13, 0x87, 0xc3, 0xa9}));
  const std::string reason_123 = ascii(123);
  CHECK(ws::close_payload(1000, reason_123) == bytes({0x03, 0xe8}) + reason_123);  // exactly 125: kept whole
  CHECK(ws::close_payload(1000, ascii(124)) == bytes({0x03, 0xe8}) + ascii(123));
  CHECK(ws::close_payload(1000, ascii(1000)) == bytes({0x03, 0xe8}) + ascii(123));
}

TEST_CASE("ws: close_payload cuts a long reason on a UTF-8 boundary, as long as fits", "[ws]") {
  // Characters of 2, 3 and 4 bytes placed so that the 125-byte limit falls at every offset inside them.
  for (std::string_view wide : {std::string_view("é"), std::string_view("€"), std::string_view("😀")}) {
    for (std::size_t lead = 110; lead <= 125; ++lead) {
      std::string reason = ascii(lead);
      for (int i = 0; i < 8; ++i) reason += wide;
      const std::string payload = ws::close_payload(1001, reason);
      INFO("char of " << wide.size() << " bytes after " << lead << " ASCII bytes");
      REQUIRE(payload.size() <= 125);
      REQUIRE(payload.size() >= 2);
      const std::string kept = payload.substr(2);
      CHECK(reason.compare(0, kept.size(), kept) == 0);  // a prefix of the reason
      // It ends on a character boundary: the next byte of the reason starts a character.
      CHECK((static_cast<unsigned char>(reason[kept.size()]) & 0xC0u) != 0x80u);
      // And it is the longest such prefix: one more character would not fit.
      const std::size_t next_char = kept.size() < lead ? 1 : wide.size();
      CHECK(kept.size() + next_char > 123);
      // What the server sends reads back through a reader as the same close.
      const Got g = first_input(client_frame(Opcode::close, payload));
      CHECK(outcome(g) == "close 1001");
      CHECK(g.payload == kept);
    }
  }
}

// ---- reading client frames ----

TEST_CASE("ws: the client frame builder matches RFC 6455's example bytes", "[ws]") {
  // RFC 6455 5.7: "A single-frame masked text message" and "a masked Pong".
  CHECK(client_frame(Opcode::text, "Hello") ==
        bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
  CHECK(client_frame(Opcode::pong, "Hello") ==
        bytes({0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58}));
}

TEST_CASE("ws: a masked text frame comes out unmasked and uses exactly its bytes", "[ws]") {
  const std::string frame = bytes({0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58});
  std::string buffer = frame + "trailing";
  ws::MessageReader reader(kRoomy);
  const Got g = next_input(reader, buffer);
  CHECK(outcome(g) == "message text");
  CHECK(g.payload == "Hello");
  CHECK(g.used == frame.size());
  CHECK(buffer == "trailing");
  CHECK_FALSE(reader.in_message());

  // Other keys, including all-zero and all-ones, and payload sizes around the 4-byte unmasking step.
  for (const MaskKey key : {MaskKey{0, 0, 0, 0}, MaskKey{0xff, 0xff, 0xff, 0xff}, MaskKey{1, 2, 3, 4}}) {
    for (std::size_t n = 0; n <= 13; ++n) {
      const std::string text = ascii(n, 'k');
      const std::string f = client_frame(Opcode::text, text, true, true, key);
      const Got h = first_input(f);
      INFO("key " << int(key[0]) << ", " << n << " bytes");
      CHECK(outcome(h) == "message text");
      CHECK(h.payload == text);
      CHECK(h.used == f.size());
    }
  }
}

TEST_CASE("ws: two frames in one buffer come out one per call", "[ws]") {
  std::string buffer = client_frame(Opcode::text, "first") + client_frame(Opcode::binary, std::string("\0\1\2", 3));
  const std::size_t first_size = client_frame(Opcode::text, "first").size();
  ws::MessageReader reader(kRoomy);
  const Got a = next_input(reader, buffer);
  CHECK(outcome(a) == "message text");
  CHECK(a.payload == "first");
  CHECK(a.used == first_size);
  const Got b = next_input(reader, buffer);
  CHECK(outcome(b) == "message binary");
  CHECK(b.payload == std::string("\0\1\2", 3));
  CHECK(buffer.empty());
  const Got c = next_input(reader, buffer);
  CHECK(outcome(c) == "need_more");
  CHECK(c.used == 0);
}

TEST_CASE("ws: a frame split at every byte boundary needs more, then reads whole", "[ws]") {
  struct Case {
    std::size_t payload_size;
    std::size_t length_known_after;  // bytes of header before the length is known
  };
  for (const Case c : {Case{0, 2}, Case{1, 2}, Case{125, 2}, Case{126, 4}, Case{300, 4}, Case{65535, 4},
                       Case{65536, 10}, Case{70001, 10}}) {
    const std::string text = ascii(c.payload_size);
    const std::string frame = client_frame(Opcode::text, text);
    INFO("payload of " << c.payload_size << " bytes");
    // Short prefixes in exact-size buffers (so a read past the end is caught by ASan); for long
    // frames the rest of the prefixes come from the full buffer (next() does not touch an
    // incomplete frame, so the bytes are still masked afterwards).
    std::string whole = frame;
    bool all_need_more = true, all_unused = true, hints_right = true;
    for (std::size_t k = 0; k < frame.size(); ++k) {
      ws::MessageReader reader(kRoomy);
      std::size_t used = 999;
      Input in;
      if (k < 300) {
        std::vector<char> prefix(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(k));
        in = reader.next(prefix.data(), prefix.size(), used);
      } else {
        in = reader.next(whole.data(), k, used);
      }
      const std::size_t expected_hint = k >= c.length_known_after ? frame.size() : 0;
      if (in.kind != Input::need_more) all_need_more = false;
      if (used != 0) all_unused = false;
      if (reader.frame_size_hint() != expected_hint) {
        if (hints_right) UNSCOPED_INFO("first wrong hint at prefix " << k << ": " << reader.frame_size_hint());
        hints_right = false;
      }
    }
    CHECK(all_need_more);
    CHECK(all_unused);
    CHECK(hints_right);
    CHECK(whole == frame);  // untouched by the incomplete reads

    ws::MessageReader reader(kRoomy);
    const Got g = next_input(reader, whole);
    CHECK(outcome(g) == "message text");
    CHECK(g.payload == text);
    CHECK(g.used == frame.size());
    CHECK(reader.frame_size_hint() == 0);
  }
}

TEST_CASE("ws: 16-bit and 64-bit lengths are read", "[ws]") {
  for (std::size_t n : {126u, 127u, 1000u, 65535u, 65536u, 65537u, 200000u}) {
    const std::string payload = ascii(n, '0');
    const std::string frame = client_frame(Opcode::binary, payload);
    CHECK(frame.size() == n + (n <= 0xFFFF ? 8 : 14));
    const Got g = first_input(frame);
    INFO(n << " bytes");
    CHECK(outcome(g) == "message binary");
    CHECK(g.payload == payload);
    CHECK(g.used == frame.size());
  }
}

TEST_CASE("ws: a fragmented message is joined, with a ping between fragments answered first", "[ws]") {
  const std::string first = client_frame(Opcode::text, "Hel", false, true, {9, 8, 7, 6});
  const std::string ping = client_frame(Opcode::ping, "are you there", true, true, {0xa0, 0, 0x11, 0xfe});
  const std::string middle = client_frame(Opcode::continuation, "lo, ", false);
  const std::string last = client_frame(Opcode::continuation, "world", true, true, {1, 1, 1, 1});
  std::string buffer = first + ping + middle + last;
  ws::MessageReader reader(kRoomy);

  const Got p = next_input(reader, buffer);
  CHECK(outcome(p) == "ping");
  CHECK(p.payload == "are you there");
  CHECK(p.used == first.size() + ping.size());
  CHECK(reader.in_message());

  const Got m = next_input(reader, buffer);
  CHECK(outcome(m) == "message text");
  CHECK(m.payload == "Hello, world");
  CHECK(m.used == middle.size() + last.size());
  CHECK_FALSE(reader.in_message());
  CHECK(buffer.empty());
}

TEST_CASE("ws: fragments that arrive in separate reads are joined", "[ws]") {
  const std::string first = client_frame(Opcode::binary, "ab", false);
  const std::string last = client_frame(Opcode::continuation, "cd");
  ws::MessageReader reader(kRoomy);
  // The first fragment and part of the second: the first is taken, the rest waited for.
  std::string buffer = first + last.substr(0, 3);
  const Got wait = next_input(reader, buffer);
  CHECK(outcome(wait) == "need_more");
  CHECK(wait.used == first.size());
  CHECK(reader.in_message());
  CHECK(reader.frame_size_hint() == last.size());
  buffer += last.substr(3);
  const Got m = next_input(reader, buffer);
  CHECK(outcome(m) == "message binary");
  CHECK(m.payload == "abcd");
  CHECK(m.used == last.size());
}

TEST_CASE("ws: empty messages and empty fragments", "[ws]") {
  const Got empty = first_input(client_frame(Opcode::text, ""));
  CHECK(outcome(empty) == "message text");
  CHECK(empty.payload.empty());
  const auto inputs = all_inputs(client_frame(Opcode::text, "", false) + client_frame(Opcode::continuation, "", false) +
                                 client_frame(Opcode::continuation, "x") + client_frame(Opcode::binary, ""));
  REQUIRE(inputs.size() == 2);
  CHECK(outcome(inputs[0]) == "message text");
  CHECK(inputs[0].payload == "x");
  CHECK(outcome(inputs[1]) == "message binary");
  CHECK(inputs[1].payload.empty());
}

TEST_CASE("ws: binary messages keep their opcode and are not UTF-8 checked", "[ws]") {
  const std::string not_utf8 = bytes({0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x00});
  const Got single = first_input(client_frame(Opcode::binary, not_utf8));
  CHECK(outcome(single) == "message binary");
  CHECK(single.payload == not_utf8);
  const Got joined = first_input(client_frame(Opcode::binary, not_utf8.substr(0, 3), false) +
                                 client_frame(Opcode::continuation, not_utf8.substr(3)));
  CHECK(outcome(joined) == "message binary");
  CHECK(joined.payload == not_utf8);
}

TEST_CASE("ws: ping, pong and close frames", "[ws]") {
  const Got ping = first_input(client_frame(Opcode::ping, "p1"));
  CHECK(outcome(ping) == "ping");
  CHECK(ping.payload == "p1");
  const Got empty_ping = first_input(client_frame(Opcode::ping, ""));
  CHECK(outcome(empty_ping) == "ping");
  CHECK(empty_ping.payload.empty());
  const Got big_ping = first_input(client_frame(Opcode::ping, ascii(125)));
  CHECK(outcome(big_ping) == "ping");
  CHECK(big_ping.payload == ascii(125));
  CHECK(outcome(first_input(client_frame(Opcode::pong, "p1"))) == "pong");

  const Got bare_close = first_input(client_frame(Opcode::close, ""));
  CHECK(outcome(bare_close) == "close 1005");
  CHECK(bare_close.payload.empty());
  const Got close = first_input(client_frame(Opcode::close, close_body(1000, "bye, merci ✓")));
  CHECK(outcome(close) == "close 1000");
  CHECK(close.payload == "bye, merci ✓");
  const Got code_only = first_input(client_frame(Opcode::close, close_body(1001)));
  CHECK(outcome(code_only) == "close 1001");
  CHECK(code_only.payload.empty());
}

TEST_CASE("ws: close frames with a 1-byte body, an invalid code or a non-UTF-8 reason fail", "[ws]") {
  CHECK(outcome(first_input(client_frame(Opcode::close, std::string(1, '\x03')))) == "fail 1002");
  for (int code : {0, 999, 1004, 1005, 1006, 1015, 1016, 2000, 2999, 5000, 65535}) {
    INFO("close code " << code);
    CHECK(outcome(first_input(client_frame(Opcode::close, close_body(static_cast<std::uint16_t>(code), "x"))))
          == "fail 1002");
  }
  for (int code : {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 4000, 4999}) {
    INFO("close code " << code);
    CHECK(outcome(first_input(client_frame(Opcode::close, close_body(static_cast<std::uint16_t>(code), "x"))))
          == "close " + std::to_string(code));
  }
  CHECK(outcome(first_input(client_frame(Opcode::close, close_body(1000, bytes({'o', 'k', 0xff}))))) == "fail 1007");
  CHECK(outcome(first_input(client_frame(Opcode::close, close_body(1000, bytes({0xc3}))))) == "fail 1007");
}

// ---- protocol violations ----

TEST_CASE("ws: an unmasked client frame fails with 1002", "[ws]") {
  CHECK(outcome(first_input(client_frame(Opcode::text, "Hello", true, false))) == "fail 1002");
  CHECK(outcome(first_input(client_frame(Opcode::ping, "", true, false))) == "fail 1002");
  // Detected from the first two bytes.
  CHECK(outcome(first_input(client_frame(Opcode::text, "Hello", true, false).substr(0, 2))) == "fail 1002");
}

TEST_CASE("ws: reserved bits fail with 1002", "[ws]") {
  for (std::uint8_t rsv : {0x40, 0x20, 0x10, 0x70}) {
    INFO("RSV bits " << int(rsv));
    CHECK(outcome(first_input(raw_frame(static_cast<std::uint8_t>(0x80 | rsv | 1), "Hello"))) == "fail 1002");
    CHECK(outcome(first_input(raw_frame(static_cast<std::uint8_t>(0x80 | rsv | 9), ""))) == "fail 1002");
  }
}

TEST_CASE("ws: unknown opcodes fail with 1002", "[ws]") {
  for (std::uint8_t op : {3, 4, 5, 6, 7, 11, 12, 13, 14, 15}) {
    INFO("opcode " << int(op));
    CHECK(outcome(first_input(raw_frame(static_cast<std::uint8_t>(0x80 | op), "x"))) == "fail 1002");
  }
}

TEST_CASE("ws: fragmented or oversized control frames fail with 1002", "[ws]") {
  for (Opcode op : {Opcode::ping, Opcode::pong, Opcode::close}) {
    INFO("opcode " << int(op_bits(op)));
    CHECK(outcome(first_input(client_frame(op, close_body(1000), false))) == "fail 1002");
    CHECK(outcome(first_input(client_frame(op, close_body(1000, ascii(124))))) == "fail 1002");  // 126 bytes
    CHECK(outcome(first_input(client_frame(op, ascii(1000)))) == "fail 1002");
  }
}

TEST_CASE("ws: continuations without a message and messages inside a message fail with 1002", "[ws]") {
  CHECK(outcome(first_input(client_frame(Opcode::continuation, "orphan"))) == "fail 1002");
  CHECK(outcome(first_input(client_frame(Opcode::continuation, "orphan", false))) == "fail 1002");

  const auto text_in_text =
      all_inputs(client_frame(Opcode::text, "half", false) + client_frame(Opcode::text, "new"));
  REQUIRE(text_in_text.size() == 1);
  CHECK(outcome(text_in_text[0]) == "fail 1002");
  const auto binary_in_text =
      all_inputs(client_frame(Opcode::text, "half", false) + client_frame(Opcode::binary, "new", false));
  REQUIRE(binary_in_text.size() == 1);
  CHECK(outcome(binary_in_text[0]) == "fail 1002");
  // A whole message, then a continuation: the message is over, so the continuation is an orphan.
  const auto after_end = all_inputs(client_frame(Opcode::text, "whole") + client_frame(Opcode::continuation, "more"));
  REQUIRE(after_end.size() == 2);
  CHECK(outcome(after_end[0]) == "message text");
  CHECK(outcome(after_end[1]) == "fail 1002");
}

TEST_CASE("ws: lengths not in their shortest form fail with 1002", "[ws]") {
  const std::uint8_t text = 0x81;
  CHECK(outcome(first_input(raw_frame(text, ascii(100), true, kKey, LengthForm::bits16))) == "fail 1002");
  CHECK(outcome(first_input(raw_frame(text, ascii(125), true, kKey, LengthForm::bits16))) == "fail 1002");
  CHECK(outcome(first_input(raw_frame(text, ascii(100), true, kKey, LengthForm::bits64))) == "fail 1002");
  CHECK(outcome(first_input(raw_frame(text, ascii(65535), true, kKey, LengthForm::bits64))) == "fail 1002");
  // The shortest forms at the boundaries are fine.
  CHECK(outcome(first_input(raw_frame(text, ascii(126), true, kKey, LengthForm::bits16))) == "message text");
  CHECK(outcome(first_input(raw_frame(text, ascii(65536), true, kKey, LengthForm::bits64))) == "message text");
}

TEST_CASE("ws: a 64-bit length with the top bit set fails with 1002", "[ws]") {
  for (std::uint64_t length : {std::uint64_t{1} << 63, ~std::uint64_t{0}, (std::uint64_t{1} << 63) + 70000}) {
    const std::string header = frame_header(0x82, length, true, kKey, LengthForm::bits64);
    CHECK(outcome(first_input(header)) == "fail 1002");
    CHECK(outcome(first_input(header, std::numeric_limits<std::size_t>::max())) == "fail 1002");
  }
}

TEST_CASE("ws: a message over the limit fails with 1009 from its header alone", "[ws]") {
  constexpr std::size_t kMax = 1000;
  // At the limit: fine.
  CHECK(outcome(first_input(client_frame(Opcode::text, ascii(kMax)), kMax)) == "message text");
  CHECK(outcome(first_input(client_frame(Opcode::text, ascii(100)), 99)) == "fail 1009");
  // Only the header arrives (not even the masking key): it must fail without waiting for the payload.
  CHECK(outcome(first_input(frame_header(0x81, kMax + 1).substr(0, 4), kMax)) == "fail 1009");
  CHECK(outcome(first_input(frame_header(0x82, kMax + 1), kMax)) == "fail 1009");
  CHECK(outcome(first_input(frame_header(0x82, std::uint64_t{1} << 40), kMax)) == "fail 1009");
  CHECK(outcome(first_input(frame_header(0x82, std::uint64_t{1} << 40).substr(0, 10), kMax)) == "fail 1009");
  CHECK(outcome(first_input(frame_header(0x02, 70000), kMax)) == "fail 1009");  // a first fragment
  CHECK(outcome(first_input(frame_header(0x81, 100).substr(0, 2), 99)) == "fail 1009");
}

TEST_CASE("ws: a fragmented message over the limit fails with 1009", "[ws]") {
  constexpr std::size_t kMax = 1000;
  const std::string first = client_frame(Opcode::text, ascii(600), false);
  CHECK(outcome(first_input(first + client_frame(Opcode::continuation, ascii(400)), kMax)) == "message text");
  const auto over = all_inputs(first + client_frame(Opcode::continuation, ascii(401)), kMax);
  REQUIRE(over.size() == 1);
  CHECK(outcome(over[0]) == "fail 1009");
  // Detected from the continuation's header.
  const auto over_header = all_inputs(first + frame_header(0x80, 401).substr(0, 4), kMax);
  REQUIRE(over_header.size() == 1);
  CHECK(outcome(over_header[0]) == "fail 1009");
  // Many small fragments add up too.
  std::string many = client_frame(Opcode::binary, ascii(100), false);
  for (int i = 0; i < 9; ++i) many += client_frame(Opcode::continuation, ascii(100), false);
  many += client_frame(Opcode::continuation, "!");
  const auto too_many = all_inputs(many, kMax);
  REQUIRE(too_many.size() == 1);
  CHECK(outcome(too_many[0]) == "fail 1009");
}

TEST_CASE("ws: text messages that are not UTF-8 fail with 1007", "[ws]") {
  for (const std::string& bad : {bytes({0xff}), bytes({'a', 0x80}), bytes({0xc0, 0xaf}), bytes({0xe0, 0x80, 0xaf}),
                                 bytes({0xed, 0xa0, 0x80}), bytes({0xf4, 0x90, 0x80, 0x80}), bytes({0xe2, 0x82}),
                                 bytes({0xf8, 0x88, 0x80, 0x80, 0x80})}) {
    INFO("payload of " << bad.size() << " bytes starting " << int(static_cast<unsigned char>(bad[0])));
    CHECK(outcome(first_input(client_frame(Opcode::text, "ok " + bad))) == "fail 1007");
  }
  CHECK(outcome(first_input(client_frame(Opcode::text, "grüße, € 😀"))) == "message text");
}

TEST_CASE("ws: UTF-8 is checked on the whole message, not per fragment", "[ws]") {
  // "é" (c3 a9) split between two fragments: valid.
  const Got split2 =
      first_input(client_frame(Opcode::text, bytes({'c', 'a', 'f', 0xc3}), false) + client_frame(Opcode::continuation, bytes({0xa9})));
  CHECK(outcome(split2) == "message text");
  CHECK(split2.payload == "café");
  // "😀" (f0 9f 98 80) over three fragments: valid.
  const Got split4 = first_input(client_frame(Opcode::text, bytes({0xf0}), false) +
                                 client_frame(Opcode::continuation, bytes({0x9f, 0x98}), false) +
                                 client_frame(Opcode::continuation, bytes({0x80, '!'})));
  CHECK(outcome(split4) == "message text");
  CHECK(split4.payload == "😀!");
  // A lead byte whose continuation never comes, or comes wrong.
  CHECK(outcome(first_input(client_frame(Opcode::text, bytes({'c', 'a', 'f', 0xc3}), false) +
                            client_frame(Opcode::continuation, "e"))) == "fail 1007");
  CHECK(outcome(first_input(client_frame(Opcode::text, "ok", false) +
                            client_frame(Opcode::continuation, bytes({0xe2, 0x82})))) == "fail 1007");
}

// ---- everything together ----

TEST_CASE("ws: random messages, fragments and chunking round-trip in order", "[ws]") {
  std::mt19937 rng(6455);
  auto below = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };

  // Payloads are slices of fixed random pools: valid ASCII for text, any byte for binary.
  std::string ascii_pool(70000, ' '), binary_pool(70000, ' ');
  for (auto& c : ascii_pool) c = static_cast<char>(below(128));
  for (auto& c : binary_pool) c = static_cast<char>(below(256));
  auto random_size = [&]() -> std::size_t {
    switch (below(10)) {
      case 0: case 1: case 2: case 3: return below(131);        // 7-bit lengths and the 126 boundary
      case 4: case 5: case 6: return below(2000);               // 16-bit
      case 7: return 65530 + below(12);                          // the 16/64-bit boundary
      default: return below(70001);                              // anything
    }
  };
  auto random_key = [&]() { return MaskKey{std::uint8_t(below(256)), std::uint8_t(below(256)),
                                           std::uint8_t(below(256)), std::uint8_t(below(256))}; };

  struct Item {
    Input::Kind kind;
    Opcode op;
    std::string payload;
    bool operator==(const Item&) const = default;
  };
  std::vector<Item> sent, received;
  std::string wire;
  for (int m = 0; m < 2000; ++m) {
    const Opcode op = below(2) ? Opcode::text : Opcode::binary;
    const std::size_t size = random_size();
    const std::string& pool = op == Opcode::text ? ascii_pool : binary_pool;
    const std::string payload = pool.substr(below(pool.size() - size + 1), size);
    // Cut into 1..4 fragments at random points (fragments may be empty), maybe with pings between.
    std::vector<std::size_t> cuts{0, size};
    for (std::size_t i = below(4); i > 0; --i) cuts.push_back(below(size + 1));
    std::sort(cuts.begin(), cuts.end());
    for (std::size_t f = 0; f + 1 < cuts.size(); ++f) {
      const bool last = f + 2 == cuts.size();
      wire += client_frame(f == 0 ? op : Opcode::continuation, std::string_view(payload).substr(cuts[f], cuts[f + 1] - cuts[f]),
                           last, true, random_key());
      if (!last && below(4) == 0) {
        const std::string ping = "ping " + std::to_string(m) + "." + std::to_string(f);
        wire += client_frame(Opcode::ping, ping, true, true, random_key());
        sent.push_back({Input::ping, Opcode::text, ping});
      }
    }
    sent.push_back({Input::message, op, payload});
  }

  // Feed the stream in random chunks: tiny, small, or large.
  ws::MessageReader reader(kRoomy);
  std::string buffer;
  bool failed = false, used_too_much = false;
  for (std::size_t at = 0; at < wire.size() && !failed;) {
    const std::size_t chunk = below(3) == 0 ? 1 + below(16) : below(2) ? 1 + below(1500) : 1 + below(100000);
    const std::size_t n = std::min(chunk, wire.size() - at);
    buffer.append(wire, at, n);
    at += n;
    for (;;) {
      std::size_t used = 0;
      const Input in = reader.next(buffer.data(), buffer.size(), used);
      if (used > buffer.size()) used_too_much = true;
      if (in.kind == Input::fail) failed = true;
      if (in.kind == Input::message || in.kind == Input::ping)
        received.push_back({in.kind, in.kind == Input::message ? in.op : Opcode::text, std::string(in.payload)});
      buffer.erase(0, std::min(used, buffer.size()));
      if (in.kind == Input::need_more || failed) break;
    }
  }
  CHECK_FALSE(failed);
  CHECK_FALSE(used_too_much);
  CHECK(buffer.empty());
  CHECK_FALSE(reader.in_message());
  CHECK(received.size() == sent.size());
  const auto diff = std::mismatch(sent.begin(), sent.end(), received.begin(), received.end());
  const auto first_difference = static_cast<std::size_t>(diff.first - sent.begin());
  INFO("first difference at item " << first_difference << " of " << sent.size());
  CHECK(first_difference == sent.size());
}

// ---- the opening handshake ----

TEST_CASE("ws: Sec-WebSocket-Accept is computed as RFC 6455 says", "[ws]") {
  CHECK(sec_websocket_accept(kRfcKey) == kRfcAccept);                                     // RFC 6455 1.3
  CHECK(sec_websocket_accept("x3JJHMbDL1EzLkh9GBhXDw==") == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");  // checked with openssl
}

TEST_CASE("ws: refuse_upgrade refuses other versions with 426 and bad keys with 400", "[ws]") {
  for (std::optional<std::string> version : {std::optional<std::string>("8"), std::optional<std::string>("12"),
                                             std::optional<std::string>("14"), std::optional<std::string>()}) {
    INFO("version " << version.value_or("(none)"));
    const auto refused = refuse_upgrade(upgrade_request(version, kRfcKey));
    REQUIRE(refused.has_value());
    CHECK(refused->result() == http::status::upgrade_required);
    CHECK(refused->result_int() == 426);
    CHECK(std::string((*refused)[http::field::sec_websocket_version]) == "13");
  }
  for (std::optional<std::string> key :
       {std::optional<std::string>(), std::optional<std::string>(""),
        std::optional<std::string>("dGhlIHNhbXBsZSBub25jZQ="),      // 23 characters
        std::optional<std::string>("dGhlIHNhbXBsZSBub25jZQ===="),   // 26
        std::optional<std::string>("dGhlIHNhbXBsZSBub25jZ!=="),     // a character outside base64
        std::optional<std::string>("dGhlIHNhbXBsZSBub25j Q=="),     // a space
        std::optional<std::string>("dGhlIHNhbXBsZSBub25jZQAA")}) {  // 24 characters but not 16 bytes
    INFO("key " << key.value_or("(none)"));
    const auto refused = refuse_upgrade(upgrade_request("13", key));
    REQUIRE(refused.has_value());
    CHECK(refused->result_int() == 400);
    CHECK_FALSE(refused->body().empty());
  }
}

TEST_CASE("ws: refuse_upgrade accepts a good request and accept_upgrade answers 101", "[ws]") {
  for (const char* key : {kRfcKey, "x3JJHMbDL1EzLkh9GBhXDw==", "AAAAAAAAAAAAAAAAAAAA+/==", "zzzzzzzzzzzzzzzzzzzzzw=="}) {
    INFO("key " << key);
    CHECK_FALSE(refuse_upgrade(upgrade_request("13", std::string(key))).has_value());
  }
  const auto res = accept_upgrade(upgrade_request("13", std::string(kRfcKey)));
  CHECK(res.result_int() == 101);
  CHECK(res.result() == http::status::switching_protocols);
  CHECK(beast::iequals(res[http::field::upgrade], "websocket"));
  CHECK(beast::iequals(res[http::field::connection], "Upgrade"));
  CHECK(std::string(res[http::field::sec_websocket_accept]) == kRfcAccept);
  const auto other = accept_upgrade(upgrade_request("13", std::string("x3JJHMbDL1EzLkh9GBhXDw==")));
  CHECK(std::string(other[http::field::sec_websocket_accept]) == "HSmrc0sMlYUkAGmm5OPpG2HaGWk=");
}
