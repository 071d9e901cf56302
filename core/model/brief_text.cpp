// Helpers for the brief (brief_text.hpp).
#include "brief_text.hpp"

#include <cmath>
#include <cstdlib>

#include "protocol.hpp"
#include "text.hpp"

namespace duet::brief_text {
namespace {

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string valid_only(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const std::size_t bad = proto::invalid_utf8_at(s);
    out.append(s.substr(0, bad));
    if (bad == std::string_view::npos) break;
    s.remove_prefix(bad + 1);
  }
  return out;
}

std::string shorten(std::string_view s, std::size_t max) {
  s = trim(s);
  if (text::length(s) <= max) return std::string(s);
  std::size_t bytes = 0, points = 0, last_space = 0;
  while (bytes < s.size() && points + 1 < max) {
    std::size_t next = bytes + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
    if (is_space(s[bytes])) last_space = bytes;
    bytes = next, ++points;
  }
  const std::size_t end = last_space > 0 ? last_space : bytes;
  return std::string(trim(s.substr(0, end))) + "\xE2\x80\xA6";  // …
}

std::string money(double amount, const std::string& currency) {
  const long long cents = std::llround(amount * 100);
  std::string out = std::to_string(cents / 100);
  if (cents % 100 != 0) {
    const long long frac = std::llabs(cents % 100);
    out += (frac < 10 ? ".0" : ".") + std::to_string(frac);
  }
  return out + " " + currency;
}

}  // namespace duet::brief_text
