#pragma once
// RFC 6455 framing, server side, with no I/O: reading masked client frames into whole messages, and
// writing unmasked server frame headers. duet-server uses Beast for HTTP and the upgrade, and this
// for the frames (docs/architecture.md, "Our own WebSocket frames"): it lets a connection hold no
// buffer while idle and lets one system call carry every frame queued for a connection.
//
// No extensions are negotiated, so RSV bits must be zero. Text messages must be UTF-8 (checked once
// the message is whole). Violations fail the connection with the close code RFC 6455 section 7.4.1
// names: 1002 protocol error, 1007 invalid UTF-8, 1009 too big.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace duet::server::ws {

enum class Opcode : std::uint8_t { continuation = 0, text = 1, binary = 2, close = 8, ping = 9, pong = 10 };

namespace close_code {
constexpr std::uint16_t normal = 1000;
constexpr std::uint16_t protocol_error = 1002;
constexpr std::uint16_t no_status = 1005;  // never sent: "the close frame carried no code"
constexpr std::uint16_t invalid_payload = 1007;
constexpr std::uint16_t too_big = 1009;
}  // namespace close_code

constexpr std::size_t kMaxHeader = 10;  // server frames: 2 bytes + up to 8 of length, no mask

// Writes the header of an unfragmented server frame; returns its length (2, 4 or 10).
std::size_t write_header(std::uint8_t (&out)[kMaxHeader], Opcode op, std::uint64_t payload_size);

// The payload of a close frame: the code in network order, then the reason (cut to fit 125 bytes).
std::string close_payload(std::uint16_t code, std::string_view reason);

// What MessageReader::next found.
struct Input {
  enum Kind {
    need_more,  // no complete frame in the buffer yet
    message,    // a whole text or binary message (`op`, `payload`)
    ping,       // answer with a pong carrying `payload`
    pong,
    close,      // the peer closes: `code` (no_status when it sent none) and `payload` (the reason)
    fail,       // the peer broke the protocol: close with `code`, `payload` is the reason for people
  };
  Kind kind = need_more;
  Opcode op = Opcode::text;
  std::string_view payload;  // valid until the next call to next() or consume()
  std::uint16_t code = 0;
};

// Turns bytes from a client into messages and control frames. Feed it the bytes received so far;
// it unmasks in place. Fragmented messages are joined in a buffer that exists only while one is
// being received.
class MessageReader {
 public:
  explicit MessageReader(std::size_t max_message) : max_message_(max_message) {}

  // Looks for the next input at the start of `data` (unmasking it in place). Sets `used` to how
  // many bytes of `data` it took; the caller drops those before calling again.
  Input next(char* data, std::size_t size, std::size_t& used);

  // True while a fragmented message is half received.
  bool in_message() const { return fragmented_; }
  // Bytes of the frame being waited for (0 when unknown): lets the caller size its buffer once.
  std::size_t frame_size_hint() const { return hint_; }

 private:
  Input fail(std::uint16_t code, const char* why);

  std::size_t max_message_;
  bool fragmented_ = false;
  Opcode message_op_ = Opcode::text;
  std::string assembled_;  // fragments of the current message; empty and unallocated otherwise
  std::size_t hint_ = 0;
};

}  // namespace duet::server::ws
