#include "server/ip_range.hpp"

#include <arpa/inet.h>

#include <charconv>
#include <string>

namespace duet::server {

std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text) {
  const std::string s(text);
  std::array<std::uint8_t, 16> out{};
  in_addr v4{};
  if (::inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    const auto* b = reinterpret_cast<const std::uint8_t*>(&v4.s_addr);
    for (int i = 0; i < 4; ++i) out[12 + i] = b[i];
    return out;
  }
  in6_addr v6{};
  if (::inet_pton(AF_INET6, s.c_str(), &v6) == 1) {
    for (int i = 0; i < 16; ++i) out[i] = v6.s6_addr[i];
    return out;
  }
  return std::nullopt;
}

std::optional<IpRange> IpRange::parse(std::string_view text) {
  const auto slash = text.find('/');
  const auto address = parse_address(text.substr(0, slash));
  if (!address) return std::nullopt;
  const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
  IpRange r;
  r.base_ = *address;
  r.prefix_ = 128;
  if (slash != std::string_view::npos) {
    const auto len = text.substr(slash + 1);
    int bits = -1;
    const auto [end, ec] = std::from_chars(len.data(), len.data() + len.size(), bits);
    if (ec != std::errc() || end != len.data() + len.size() || bits < 0 || bits > (v4 ? 32 : 128)) return std::nullopt;
    r.prefix_ = v4 ? 96 + bits : bits;
  }
  return r;
}

bool IpRange::contains(std::string_view address) const {
  const auto a = parse_address(address);
  if (!a) return false;
  for (int bit = 0; bit < prefix_; ++bit) {
    const int byte = bit / 8, mask = 0x80 >> (bit % 8);
    if (((*a)[byte] & mask) != (base_[byte] & mask)) return false;
  }
  return true;
}

}  // namespace duet::server
