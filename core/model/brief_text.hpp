#pragma once
// Small text helpers the brief and its summary share: text made safe for JSON, shortened for a glance,
// and money written the same way everywhere.
#include <string>
#include <string_view>

namespace duet::brief_text {

// The text without invalid UTF-8 bytes: the brief is sent as JSON, which must be valid UTF-8.
std::string valid_only(std::string_view s);
// At most `max` code points, cut at a space when there is one, ending in "…".
std::string shorten(std::string_view s, std::size_t max);
// "349 SEK", "49.90 EUR".
std::string money(double amount, const std::string& currency);

}  // namespace duet::brief_text
