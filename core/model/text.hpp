#pragma once
// Unicode-safe text helpers for the assistant, the handoff policy and the brief: case folding,
// word splitting and light stemming for English, Swedish and German. UTF-8 in, UTF-8 out.
#include <string>
#include <string_view>
#include <vector>

namespace duet::text {

// Lower-cases ASCII, Latin-1/Latin Extended-A, Greek and Cyrillic; keeps other code points.
// "ß" stays "ß"; invalid UTF-8 bytes are dropped.
std::string fold(std::string_view utf8);
// Folded words: maximal runs of letters and digits (any script; apostrophes inside a word are dropped).
std::vector<std::string> words(std::string_view utf8);
// A light suffix-stripping stemmer ("refunds" -> "refund", "betalningar" -> "betalning",
// "Rechnungen" -> "rechnung"). `language` is "en", "sv" or "de"; others are returned unchanged.
std::string stem(std::string_view folded_word, std::string_view language);
// The primary language subtag of a locale: "sv-SE" -> "sv", "" -> "en".
std::string language_of(std::string_view locale);
// Counts code points (for limits and display); invalid bytes count as one each.
std::size_t length(std::string_view utf8);
// Appends the code point `cp` (at most U+10FFFF, not a surrogate) as UTF-8.
void append_utf8(std::string& out, char32_t cp);

}  // namespace duet::text
