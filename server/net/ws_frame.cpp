#include "server/net/ws_frame.hpp"

#include <cstring>

#include "model/protocol.hpp"

namespace duet::server::ws {
namespace {

std::uint64_t big_endian(const char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<std::uint8_t>(p[i]);
  return v;
}

bool is_control(unsigned op) { return op >= 8; }
bool known_opcode(unsigned op) { return op <= 2 || (op >= 8 && op <= 10); }

// Close codes a peer may send (RFC 6455 7.4 and the IANA registry): not 1004-1006 or 1015, which
// only describe a connection, never travel in a frame.
bool valid_close_code(std::uint16_t c) {
  return (c >= 1000 && c <= 1003) || (c >= 1007 && c <= 1014) || (c >= 3000 && c <= 4999);
}

void unmask(char* payload, std::uint64_t size, const char* key) {
  // Four bytes at a time where possible: payloads of 64 KB are a path the benchmark measures.
  std::uint32_t k;
  std::memcpy(&k, key, 4);
  std::uint64_t i = 0;
  for (; i + 4 <= size; i += 4) {
    std::uint32_t w;
    std::memcpy(&w, payload + i, 4);
    w ^= k;
    std::memcpy(payload + i, &w, 4);
  }
  for (; i < size; ++i) payload[i] = static_cast<char>(payload[i] ^ key[i % 4]);
}

}  // namespace

std::size_t write_header(std::uint8_t (&out)[kMaxHeader], Opcode op, std::uint64_t n) {
  out[0] = static_cast<std::uint8_t>(0x80u | static_cast<unsigned>(op));
  if (n < 126) {
    out[1] = static_cast<std::uint8_t>(n);
    return 2;
  }
  if (n <= 0xFFFF) {
    out[1] = 126;
    out[2] = static_cast<std::uint8_t>(n >> 8);
    out[3] = static_cast<std::uint8_t>(n);
    return 4;
  }
  out[1] = 127;
  for (int i = 0; i < 8; ++i) out[2 + i] = static_cast<std::uint8_t>(n >> (56 - 8 * i));
  return 10;
}

std::string close_payload(std::uint16_t code, std::string_view reason) {
  std::size_t cut = std::min<std::size_t>(reason.size(), 123);  // control frames carry <= 125 bytes
  while (cut > 0 && cut < reason.size() && (static_cast<unsigned char>(reason[cut]) & 0xC0u) == 0x80u) --cut;
  std::string out;
  out += static_cast<char>(code >> 8);
  out += static_cast<char>(code & 0xFF);
  out.append(reason.substr(0, cut));
  return out;
}

Input MessageReader::fail(std::uint16_t code, const char* why) {
  Input in;
  in.kind = Input::fail;
  in.code = code;
  in.payload = why;
  return in;
}

Input MessageReader::next(char* data, std::size_t size, std::size_t& used) {
  used = 0;
  hint_ = 0;
  if (!fragmented_ && assembled_.capacity() > 0) std::string().swap(assembled_);  // the last message was taken

  for (;;) {
    char* p = data + used;
    const std::size_t left = size - used;
    if (left < 2) return {};
    const auto b0 = static_cast<std::uint8_t>(p[0]), b1 = static_cast<std::uint8_t>(p[1]);
    const bool fin = (b0 & 0x80u) != 0;
    const unsigned op = b0 & 0x0Fu;
    if (b0 & 0x70u) return fail(close_code::protocol_error, "reserved bits are set, but no extension was agreed");
    if (!known_opcode(op)) return fail(close_code::protocol_error, "unknown opcode");
    if (!(b1 & 0x80u)) return fail(close_code::protocol_error, "frames from a client must be masked");

    std::uint64_t length = b1 & 0x7Fu;
    std::size_t header = 2;
    if (length == 126) {
      if (left < 4) return {};
      length = big_endian(p + 2, 2);
      header = 4;
      if (length < 126) return fail(close_code::protocol_error, "frame length not in its shortest form");
    } else if (length == 127) {
      if (left < 10) return {};
      length = big_endian(p + 2, 8);
      header = 10;
      if (length >> 63) return fail(close_code::protocol_error, "frame length out of range");
      if (length <= 0xFFFF) return fail(close_code::protocol_error, "frame length not in its shortest form");
    }
    header += 4;  // the masking key

    if (is_control(op)) {
      if (!fin) return fail(close_code::protocol_error, "control frames cannot be fragmented");
      if (length > 125) return fail(close_code::protocol_error, "control frames carry at most 125 bytes");
    } else {
      // Refused before it is buffered: a peer cannot make us hold more than the limit.
      const std::uint64_t so_far = op == 0 ? assembled_.size() : 0;
      if (length > max_message_ || so_far + length > max_message_)
        return fail(close_code::too_big, "message too big");
    }
    if (left < header + length) {
      hint_ = static_cast<std::size_t>(header + length);
      return {};
    }

    char* payload = p + header;
    unmask(payload, length, p + header - 4);
    used += header + static_cast<std::size_t>(length);
    const std::string_view body(payload, static_cast<std::size_t>(length));

    Input in;
    switch (op) {
      case 9:
        in.kind = Input::ping;
        in.payload = body;
        return in;
      case 10:
        in.kind = Input::pong;
        return in;
      case 8:
        in.kind = Input::close;
        if (body.empty()) {
          in.code = close_code::no_status;
          return in;
        }
        if (body.size() == 1) return fail(close_code::protocol_error, "a close frame's code takes two bytes");
        in.code = static_cast<std::uint16_t>(big_endian(body.data(), 2));
        if (!valid_close_code(in.code)) return fail(close_code::protocol_error, "invalid close code");
        in.payload = body.substr(2);
        if (!proto::valid_utf8(in.payload)) return fail(close_code::invalid_payload, "close reason is not UTF-8");
        return in;
      case 1:
      case 2:
        if (fragmented_) return fail(close_code::protocol_error, "a new message began before the last one ended");
        if (!fin) {
          fragmented_ = true;
          message_op_ = static_cast<Opcode>(op);
          assembled_.assign(body);
          continue;
        }
        in.op = static_cast<Opcode>(op);
        in.payload = body;
        break;
      default:  // continuation
        if (!fragmented_) return fail(close_code::protocol_error, "a continuation frame without a message");
        assembled_.append(body);
        if (!fin) continue;
        fragmented_ = false;
        in.op = message_op_;
        in.payload = assembled_;
        break;
    }
    if (in.op == Opcode::text && !proto::valid_utf8(in.payload))
      return fail(close_code::invalid_payload, "text message is not UTF-8");
    in.kind = Input::message;
    return in;
  }
}

}  // namespace duet::server::ws
