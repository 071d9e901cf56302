#pragma once
// Per-language data for the knowledge-base assistant: stop words that carry no topic ("how do I ...")
// and the honest "I'm not sure" reply. Languages without their own data use English.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace duet::kb {

// True when a folded word is a stop word in `language` ("en", "sv", "de").
bool is_stop_word(std::string_view folded_word, std::string_view language);
// True for the chat around a question in a customer's message ("hope", "regards", "yesterday", "SEK"):
// ignored in questions, kept in articles.
bool is_filler(std::string_view folded_word, std::string_view language);
// Every (stemmed synonym, stemmed canonical word) pair of `language`, sorted.
std::vector<std::pair<std::string, std::string>> synonym_spellings(std::string_view language);
// Maps a stemmed word to the stem that stands for its synonyms, so questions and articles meet whatever
// word each uses ("shop", "store" and "seller" -> "merchant"; "three" -> "3"). Others pass through.
std::string canonical_term(std::string stemmed, std::string_view language);
// True when a message says it follows up on the previous one: it opens with "and", "what about", "och",
// "und", "was ist mit" and the like, or is a short question about "that"/"it" ("how long does that take?").
bool is_follow_up(std::string_view message, std::string_view language);
// The reply when the assistant is not confident: it says so and offers a human.
std::string_view unsure_reply(std::string_view language);

}  // namespace duet::kb
