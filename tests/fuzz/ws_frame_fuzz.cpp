// libFuzzer target for the RFC 6455 frame reader (server/net/ws_frame.hpp, ws::MessageReader).
// Input: byte 0 picks the message limit, bytes 1-4 seed how the rest is cut into reads, the rest is
// what a client sends. Oracle: the same bytes fed whole and in arbitrary pieces give the same inputs;
// every call reads only the bytes it is given (each call gets a heap copy of exactly that size, so
// ASan sees a read past it), changes none it does not take, and makes progress; no message exceeds
// the limit, no control frame 125 bytes; fail codes are the three the reader may send.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "model/protocol.hpp"
#include "server/net/ws_frame.hpp"

namespace {

using namespace duet::server;

[[noreturn]] void broken(const char* what) {
  std::fprintf(stderr, "ws_frame_fuzz: %s\n", what);
  std::abort();
}
void require(bool ok, const char* what) {
  if (!ok) broken(what);
}

struct Seen {
  ws::Input::Kind kind;
  ws::Opcode op;
  std::string payload;
  std::uint16_t code;
  bool operator==(const Seen&) const = default;
};

void check(const ws::Input& in, std::size_t max_message) {
  switch (in.kind) {
    case ws::Input::message:
      require(in.op == ws::Opcode::text || in.op == ws::Opcode::binary, "a message that is neither text nor binary");
      require(in.payload.size() <= max_message, "a message over the limit");
      if (in.op == ws::Opcode::text) require(duet::proto::valid_utf8(in.payload), "a text message that is not UTF-8");
      break;
    case ws::Input::ping:
    case ws::Input::pong: require(in.payload.size() <= 125, "a control frame over 125 bytes"); break;
    case ws::Input::close:
      require(in.payload.size() <= 123, "a close reason over 123 bytes");
      require(in.code == ws::close_code::no_status || (in.code >= 1000 && in.code < 5000), "a close code out of range");
      break;
    case ws::Input::fail:
      require(in.code == ws::close_code::protocol_error || in.code == ws::close_code::invalid_payload ||
                  in.code == ws::close_code::too_big,
              "a failure with a close code the reader may not send");
      break;
    case ws::Input::need_more: break;
  }
}

// Feeds `stream` in pieces of the given sizes (the last piece takes what is left) the way ws_session
// does: append what arrived, take inputs until the reader needs more, drop what it used.
std::vector<Seen> feed(std::string_view stream, const std::vector<std::size_t>& pieces, std::size_t max_message) {
  ws::MessageReader reader(max_message);
  std::vector<Seen> seen;
  std::string pending;
  std::size_t at = 0, piece = 0;
  while (at < stream.size()) {
    const std::size_t n = piece < pieces.size() ? std::min(pieces[piece++], stream.size() - at) : stream.size() - at;
    pending.append(stream.substr(at, n));
    at += n;
    for (;;) {
      const std::size_t size = pending.size();
      std::unique_ptr<char[]> exact(new char[size == 0 ? 1 : size]);
      std::memcpy(exact.get(), pending.data(), size);
      std::size_t used = 0;
      const ws::Input in = reader.next(exact.get(), size, used);
      require(used <= size, "used more bytes than it was given");
      require(std::memcmp(exact.get() + used, pending.data() + used, size - used) == 0,
              "changed bytes it did not take");
      check(in, max_message);
      if (in.kind == ws::Input::need_more) {
        require(reader.frame_size_hint() == 0 || reader.frame_size_hint() > size - used,
                "asks for a frame it already has");
        pending.erase(0, used);
        if (used == 0) break;
        continue;
      }
      require(used > 0 || in.kind == ws::Input::fail, "an input from no bytes");  // a failure ends the stream
      seen.push_back({in.kind, in.op, std::string(in.payload), in.code});
      if (in.kind == ws::Input::fail || in.kind == ws::Input::close) return seen;  // the session stops reading
      pending.erase(0, used);
    }
  }
  seen.push_back({ws::Input::need_more, ws::Opcode::text, {}, static_cast<std::uint16_t>(reader.in_message())});
  return seen;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 5) return 0;
  // Limits around the edges the reader checks: tiny, the 125-byte control limit, 16-bit lengths,
  // and duet-server's default frame limit (16 KiB).
  static constexpr std::size_t kLimits[] = {0, 1, 125, 126, 1024, 65535, 65536, 16 * 1024};
  const std::size_t max_message = kLimits[data[0] % (sizeof kLimits / sizeof kLimits[0])];
  std::uint32_t state;
  std::memcpy(&state, data + 1, 4);
  const std::string_view stream(reinterpret_cast<const char*>(data) + 5, size - 5);

  std::vector<std::size_t> pieces;  // 1 to 64 bytes each, from a small xorshift
  for (std::size_t total = 0; total < stream.size();) {
    state ^= state << 13;
    state ^= state >> 17;
    state ^= state << 5;
    pieces.push_back(1 + state % 64);
    total += pieces.back();
  }
  const auto whole = feed(stream, {}, max_message);
  const auto cut = feed(stream, pieces, max_message);
  const auto bytewise = stream.size() <= 512 ? feed(stream, std::vector<std::size_t>(stream.size(), 1), max_message) : cut;
  require(whole == cut, "the same bytes in other pieces gave other inputs");
  require(whole == bytewise, "the same bytes one at a time gave other inputs");
  return 0;
}
