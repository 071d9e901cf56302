// Phrase matching and shape signals (lexicon.hpp). The phrase lists themselves live in
// lexicon_topics.cpp and lexicon_intents.cpp.
#include "lexicon.hpp"

#include <algorithm>

#include "text.hpp"

namespace duet::lexicon {
namespace {

constexpr char32_t kInvalid = 0xFFFFFFFF;

// Decodes one code point at `i` and advances; a broken byte yields kInvalid and advances by one.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  const int extra = (b0 & 0xE0) == 0xC0 ? 1 : (b0 & 0xF0) == 0xE0 ? 2 : (b0 & 0xF8) == 0xF0 ? 3 : 0;
  if (extra == 0 || i + extra >= s.size()) {
    ++i;
    return kInvalid;
  }
  char32_t cp = b0 & (0x3F >> extra);
  for (int k = 1; k <= extra; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kInvalid;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  i += 1 + extra;
  return cp;
}

// The ASCII spelling of the accented Latin letters customers leave out on foreign keyboards;
// nullptr when the code point is kept as it is, "" when it is dropped (combining marks).
const char* unaccented(char32_t cp) {
  if (cp >= 0x300 && cp <= 0x36F) return "";
  if (cp >= 0xE0 && cp <= 0xE5) return "a";
  if (cp >= 0xE8 && cp <= 0xEB) return "e";
  if (cp >= 0xEC && cp <= 0xEF) return "i";
  if ((cp >= 0xF2 && cp <= 0xF6) || cp == 0xF8) return "o";
  if (cp >= 0xF9 && cp <= 0xFC) return "u";
  switch (cp) {
    case 0xDF: return "ss";
    case 0xE6: return "ae";
    case 0xE7: return "c";
    case 0xF1: return "n";
    case 0xFD:
    case 0xFF: return "y";
    default: return nullptr;
  }
}

std::string strip_accents(std::string_view folded) {
  std::string out;
  out.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(folded, i);
    if (const char* plain = unaccented(cp)) {
      out += plain;
    } else if (cp != kInvalid) {
      out.append(folded.substr(start, i - start));
    }
  }
  return out;
}

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

// Lower-case letters of the scripts text::fold() knows; anything fold() changes is an upper-case letter.
bool is_lower_letter(char32_t cp) {
  if (cp < 0x80) return cp >= 'a' && cp <= 'z';
  return (cp >= 0xDF && cp <= 0x24F && cp != 0xF7) || (cp >= 0x3AC && cp <= 0x3CE) || (cp >= 0x430 && cp <= 0x45F);
}

}  // namespace

Words words_of(std::string_view utf8) {
  Words out;
  for (auto& w : text::words(utf8)) {
    std::string plain = strip_accents(w);
    if (!plain.empty()) out.push_back(std::move(plain));
  }
  return out;
}

PhraseList::PhraseList(const std::vector<Entry>& entries, const std::vector<std::string_view>& exceptions) {
  for (const Entry& e : entries) {
    Compiled c{e.pattern, e.weight, {}};
    std::string_view rest = e.pattern;
    // Parts are separated by " + ".
    while (!rest.empty()) {
      const std::size_t plus = rest.find(" + ");
      const std::string_view part = rest.substr(0, plus);
      Phrase p = compile_phrase(part);
      if (!p.empty()) c.parts.push_back(std::move(p));
      rest = plus == std::string_view::npos ? std::string_view{} : rest.substr(plus + 3);
    }
    if (!c.parts.empty()) entries_.push_back(std::move(c));
  }
  for (std::string_view x : exceptions) {
    Phrase p = compile_phrase(x);
    if (!p.empty()) exceptions_.push_back(std::move(p));
  }
}

PhraseList::Phrase PhraseList::compile_phrase(std::string_view phrase) {
  Phrase out;
  std::size_t i = 0;
  while (i < phrase.size()) {
    const std::size_t space = std::min(phrase.find(' ', i), phrase.size());
    std::string_view token = phrase.substr(i, space - i);
    i = space + 1;
    if (token.empty()) continue;
    const bool any_before = token.front() == '*';
    const bool any_after = token.back() == '*' && token.size() > 1;
    if (any_before) token.remove_prefix(1);
    if (any_after) token.remove_suffix(1);
    // One written token may be several words ("e-mail" -> "e" "mail", "didn't" stays "didnt").
    Words ws = words_of(token);
    for (std::size_t k = 0; k < ws.size(); ++k) {
      out.push_back(Piece{std::move(ws[k]), any_before && k == 0, any_after && k + 1 == ws.size()});
    }
  }
  return out;
}

bool PhraseList::piece_matches(const Piece& p, std::string_view word) {
  if (p.any_before && p.any_after) return word.find(p.text) != std::string_view::npos;
  if (p.any_before) return ends_with(word, p.text);
  if (p.any_after) return starts_with(word, p.text);
  return word == p.text;
}

bool PhraseList::phrase_at(const Phrase& p, const Words& words, std::size_t at, const std::vector<bool>* masked) {
  if (at + p.size() > words.size()) return false;
  for (std::size_t k = 0; k < p.size(); ++k) {
    if (masked && (*masked)[at + k]) return false;
    if (!piece_matches(p[k], words[at + k])) return false;
  }
  return true;
}

std::vector<bool> PhraseList::masks(const Words& words) const {
  std::vector<bool> masked(words.size(), false);
  for (const Phrase& x : exceptions_) {
    for (std::size_t at = 0; at < words.size(); ++at) {
      if (!phrase_at(x, words, at, nullptr)) continue;
      for (std::size_t k = 0; k < x.size(); ++k) masked[at + k] = true;
    }
  }
  return masked;
}

std::optional<std::size_t> PhraseList::find(const Compiled& c, const Words& words,
                                            const std::vector<bool>& masked) const {
  std::optional<std::size_t> first_part_at;
  for (const Phrase& part : c.parts) {
    std::optional<std::size_t> found;
    for (std::size_t at = 0; at < words.size() && !found; ++at) {
      if (phrase_at(part, words, at, &masked)) found = at;
    }
    if (!found) return std::nullopt;
    if (!first_part_at) first_part_at = found;
  }
  return first_part_at;
}

std::optional<std::string_view> PhraseList::first_match(const Words& words) const {
  const std::vector<bool> masked = masks(words);
  for (const Compiled& c : entries_) {
    if (find(c, words, masked)) return c.pattern;
  }
  return std::nullopt;
}

std::vector<Match> PhraseList::matches(const Words& words) const {
  const std::vector<bool> masked = masks(words);
  std::vector<Match> out;
  for (const Compiled& c : entries_) {
    if (auto at = find(c, words, masked)) out.push_back(Match{c.pattern, c.weight, *at});
  }
  return out;
}

bool is_shouting(std::string_view utf8) {
  int upper = 0, lower = 0, shouted_words = 0;
  int word_upper = 0;
  bool word_has_lower = false;
  const auto end_word = [&] {
    if (word_upper >= 2 && !word_has_lower) ++shouted_words;
    word_upper = 0;
    word_has_lower = false;
  };
  for (std::size_t i = 0; i < utf8.size();) {
    const std::size_t start = i;
    const char32_t cp = next_code_point(utf8, i);
    if (cp == ' ' || cp == '\n' || cp == '\t') {
      end_word();
      continue;
    }
    if (cp == kInvalid) continue;
    const std::string_view one = utf8.substr(start, i - start);
    if (text::fold(one) != one) {
      ++upper, ++word_upper;
    } else if (is_lower_letter(cp)) {
      ++lower, word_has_lower = true;
    }
  }
  end_word();
  // Three shouted words and letters mostly in capitals: "ORDER A-10293" alone is not shouting.
  return shouted_words >= 3 && upper >= 8 && upper * 10 >= (upper + lower) * 7;
}

bool has_repeated_punctuation(std::string_view utf8) {
  int run = 0;
  for (char c : utf8) {
    run = (c == '!' || c == '?') ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

}  // namespace duet::lexicon
