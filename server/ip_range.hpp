#pragma once
// An address or a CIDR range ("10.0.0.0/8", "::1", "fd00::/8"), IPv4 kept as IPv4-mapped IPv6 so
// one comparison serves both. Used for trusted_proxies (config.hpp).
#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace duet::server {

class IpRange {
 public:
  // nullopt for anything that is not an address with an optional prefix length in range.
  static std::optional<IpRange> parse(std::string_view text);
  bool contains(std::string_view address) const;  // false for text that is not an address

 private:
  std::array<std::uint8_t, 16> base_{};
  int prefix_ = 128;
};

// 16 bytes for an IPv4 or IPv6 address in text (IPv4 as ::ffff:a.b.c.d); nullopt when it is neither.
std::optional<std::array<std::uint8_t, 16>> parse_address(std::string_view text);

}  // namespace duet::server
