#pragma once
// The few JSON texts the web layer writes (the semantics mirror, events for the page), built by hand:
// nlohmann's serializer instantiated for these shapes cost the widget kilobytes of download.
#include <string>
#include <string_view>

namespace duet::web {

// `s` as a quoted JSON string. Control characters are escaped; UTF-8 passes through unchanged.
inline void append_json_string(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  out += '"';
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  out += '"';
}

inline std::string json_string(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

}  // namespace duet::web
