// UTF-8 validation for protocol frames (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences. Browsers send WebSocket text frames in UTF-8; anything else is a bug
// or an attack, and the codec rejects it before JSON parsing.
#include <cstdint>
#include <cstring>

#include "protocol.hpp"

namespace duet::proto {

std::size_t invalid_utf8_at(std::string_view s) {
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII, eight bytes at a time: most frames are mostly ASCII.
    while (n - i >= 8) {
      std::uint64_t word;
      std::memcpy(&word, s.data() + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    const auto lead = static_cast<unsigned char>(s[i]);
    if (lead < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    std::uint32_t code_point = 0, smallest = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {  // 0xC0/0xC1 could only start overlong forms
      length = 2, code_point = lead & 0x1Fu, smallest = 0x80;
    } else if ((lead & 0xF0u) == 0xE0u) {
      length = 3, code_point = lead & 0x0Fu, smallest = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4, code_point = lead & 0x07u, smallest = 0x10000;
    } else {
      return i;  // a stray continuation byte, or a lead byte that no valid sequence uses
    }
    if (n - i < length) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(s[i + k]);
      if ((next & 0xC0u) != 0x80u) return i;
      code_point = (code_point << 6) | (next & 0x3Fu);
    }
    if (code_point < smallest || code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

bool valid_utf8(std::string_view s) { return invalid_utf8_at(s) == std::string_view::npos; }

}  // namespace duet::proto
