#include "json_out.hpp"

#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "protocol.hpp"

namespace duet::json_out {
namespace {

// Escapes valid UTF-8: only quotes, backslashes and control characters need it.
void escape_valid(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xF];
    }
  }
  out.append(s.data() + run, s.size() - run);
}

}  // namespace

void string(std::string& out, std::string_view s) {
  if (proto::invalid_utf8_at(s) != std::string_view::npos) {
    // Rare (our texts are validated on the way in): nlohmann's replacement rules, exactly.
    out += nlohmann::json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return;
  }
  out.reserve(out.size() + s.size() + 2);
  out += '"';
  escape_valid(out, s);
  out += '"';
}

void integer(std::string& out, std::int64_t v) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, static_cast<std::size_t>(r.ptr - buf));
}

void number(std::string& out, double v) { out += nlohmann::json(std::isfinite(v) ? v : 0.0).dump(); }

}  // namespace duet::json_out
