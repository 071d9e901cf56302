#include "ui/platform_text.hpp"

#include <cstdint>

#include "ui/fonts.hpp"

namespace duet::ui {
namespace {

// Decodes the code point at text[i] and advances i; malformed bytes read as U+FFFD (which the font has).
char32_t next_code_point(std::string_view text, std::size_t& i) {
  const auto b = static_cast<unsigned char>(text[i]);
  const int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
  if (extra < 0 || i + static_cast<std::size_t>(extra) >= text.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = extra == 0 ? b : static_cast<char32_t>(b & (0x3F >> extra));
  for (int k = 1; k <= extra; ++k) {
    const auto c = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += static_cast<std::size_t>(extra) + 1;
  return cp;
}

bool in_font(char32_t cp) {
  if (cp == '\n' || cp == '\t' || cp == '\r') return true;
  for (const ImWchar* r = glyph_ranges(); r[0]; r += 2)
    if (cp >= r[0] && cp <= r[1]) return true;
  return false;
}

bool rtl_letter(char32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

bool ltr_letter(char32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
         (cp >= 0x370 && cp <= 0x58F) || (cp >= 0x900 && cp <= 0x1FFF) || (cp >= 0x3040 && cp <= 0x9FFF) ||
         (cp >= 0xAC00 && cp <= 0xD7AF);
}

}  // namespace

bool needs_platform_text(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = next_code_point(text, i);
    if (!in_font(cp) || rtl_letter(cp)) return true;
  }
  return false;
}

bool is_rtl(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const char32_t cp = next_code_point(text, i);
    if (rtl_letter(cp)) return true;
    if (ltr_letter(cp)) return false;
  }
  return false;
}

}  // namespace duet::ui
