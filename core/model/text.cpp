// UTF-8 decoding, case folding and word splitting (text.hpp). The stemmer lives in stem_light.cpp.
#include "text.hpp"

#include <cstdint>

namespace duet::text {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes the code point at `i` and advances past it. Invalid, overlong, surrogate or out-of-range
// sequences yield kInvalid and advance by one byte, so a broken byte never swallows valid text.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int extra = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    extra = 1, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    extra = 2, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    extra = 3, cp = b0 & 0x07, min = 0x10000;
  } else {
    ++i;
    return kInvalid;
  }
  if (i + extra >= s.size()) {
    ++i;
    return kInvalid;
  }
  for (int k = 1; k <= extra; ++k) {
    const unsigned char b = byte(i + k);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kInvalid;
  }
  i += 1 + extra;
  return cp;
}


bool in(char32_t cp, char32_t lo, char32_t hi) { return cp >= lo && cp <= hi; }

// Upper/lower pairs that alternate code point by code point, upper case first on `even` parity.
char32_t lower_in_pairs(char32_t cp, bool upper_is_even) {
  const bool is_even = cp % 2 == 0;
  return is_even == upper_is_even ? cp + 1 : cp;
}

char32_t to_lower(char32_t cp) {
  if (in(cp, 'A', 'Z')) return cp + 32;
  if (cp < 0x80) return cp;
  // Latin-1: À..Þ except × (ß at 0xDF is already lower case).
  if (in(cp, 0xC0, 0xDE) && cp != 0xD7) return cp + 32;
  // Latin Extended-A.
  if (cp == 0x130) return 'i';  // İ: dotted capital I folds to plain i
  if (in(cp, 0x100, 0x137)) return lower_in_pairs(cp, true);
  if (in(cp, 0x139, 0x148)) return lower_in_pairs(cp, false);
  if (in(cp, 0x14A, 0x177)) return lower_in_pairs(cp, true);
  if (cp == 0x178) return 0xFF;  // Ÿ
  if (in(cp, 0x179, 0x17E)) return lower_in_pairs(cp, false);
  // Greek.
  if (cp == 0x386) return 0x3AC;
  if (in(cp, 0x388, 0x38A)) return cp + 37;
  if (cp == 0x38C) return 0x3CC;
  if (in(cp, 0x38E, 0x38F)) return cp + 63;
  if (in(cp, 0x391, 0x3AB) && cp != 0x3A2) return cp + 32;
  // Cyrillic.
  if (in(cp, 0x400, 0x40F)) return cp + 80;
  if (in(cp, 0x410, 0x42F)) return cp + 32;
  if (in(cp, 0x460, 0x481) || in(cp, 0x48A, 0x4BF) || in(cp, 0x4D0, 0x52F)) return lower_in_pairs(cp, true);
  if (cp == 0x4C0) return 0x4CF;
  if (in(cp, 0x4C1, 0x4CE)) return lower_in_pairs(cp, false);
  return cp;
}

bool is_apostrophe(char32_t cp) { return cp == '\'' || cp == 0x2019; }

// Letters and digits of any script. Known blocks are classified exactly; outside them, punctuation,
// symbol, emoji, private-use and control blocks separate words and everything else counts as a letter.
bool is_word_char(char32_t cp) {
  if (cp < 0x80) return in(cp, 'a', 'z') || in(cp, 'A', 'Z') || in(cp, '0', '9');
  if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;  // ª µ º; the rest is punctuation
  if (cp == 0xD7 || cp == 0xF7) return false;                      // × ÷
  if (cp < 0x2B0) return true;                                     // Latin-1 letters, Extended-A/B, IPA
  if (in(cp, 0x2B0, 0x2FF)) return false;                          // spacing modifiers
  if (in(cp, 0x300, 0x36F)) return true;                           // combining accents stay in their word
  if (in(cp, 0x370, 0x3FF)) {                                      // Greek: tonos marks and punctuation out
    return !(cp == 0x375 || cp == 0x37E || cp == 0x384 || cp == 0x385 || cp == 0x387 || cp == 0x3F6);
  }
  if (in(cp, 0x400, 0x52F)) return cp != 0x482;                    // Cyrillic, ҂ is a sign
  if (in(cp, 0x2000, 0x2BFF)) return false;                        // punctuation, symbols, arrows, dingbats
  if (in(cp, 0x2E00, 0x2E7F) || in(cp, 0x3000, 0x303F)) return false;  // more punctuation, CJK punctuation
  if (in(cp, 0xE000, 0xF8FF) || in(cp, 0xFE00, 0xFE0F)) return false;  // private use, variation selectors
  if (in(cp, 0xFE10, 0xFE6F) || in(cp, 0xFF00, 0xFF0F) || in(cp, 0xFF1A, 0xFF20)) return false;
  if (in(cp, 0xFFF0, 0xFFFF)) return false;                        // specials
  if (in(cp, 0x1F000, 0x1FAFF)) return false;                      // emoji and pictographs
  if (in(cp, 0xE0000, 0xE007F)) return false;                      // tags (emoji flags)
  return true;
}

}  // namespace

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string fold(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    if (cp != kInvalid) append_utf8(out, to_lower(cp));
  }
  return out;
}

std::vector<std::string> words(std::string_view utf8) {
  std::vector<std::string> out;
  std::string current;
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t cp = next_code_point(utf8, i);
    if (cp == kInvalid) continue;  // dropped, as in fold(), so words(s) == words(fold(s))
    if (is_word_char(cp)) {
      append_utf8(current, to_lower(cp));
      continue;
    }
    if (is_apostrophe(cp) && !current.empty() && i < utf8.size()) {
      // Inside a word ("don't", "customer's") the apostrophe is dropped and the word continues.
      std::size_t peek = i;
      const char32_t after = next_code_point(utf8, peek);
      if (after != kInvalid && is_word_char(after)) continue;
    }
    if (!current.empty()) out.push_back(std::move(current));
    current.clear();
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::string language_of(std::string_view locale) {
  std::string out;
  for (char c : locale) {
    if (c == '-' || c == '_' || c == '.' || c == '@') break;
    if (in(static_cast<unsigned char>(c), 'A', 'Z')) c = static_cast<char>(c + 32);
    if (!in(static_cast<unsigned char>(c), 'a', 'z') || out.size() == 8) return "en";  // not a language subtag
    out += c;
  }
  return out.size() < 2 ? "en" : out;
}

std::size_t length(std::string_view utf8) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < utf8.size(); ++n) next_code_point(utf8, i);
  return n;
}

}  // namespace duet::text
