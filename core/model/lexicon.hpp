#pragma once
// Phrase lists that the handoff policy and the brief match customer text against (escalation topics,
// intents, sentiment), and the one normalisation they share: folded words with accents removed, so that
// "Manniska" typed on an English keyboard meets "människa" and "Mitarbeiterin" meets "mitarbeiter*".
//
// Every language's phrases are matched whatever the conversation's locale: the locale often disagrees with
// what customers type (a Swedish customer on an English checkout page).
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet::lexicon {

using Words = std::vector<std::string>;

// text::words() with accents and combining marks removed ("Människa!" -> {"manniska"}, "ß" -> "ss").
Words words_of(std::string_view utf8);

// One phrase of a list. Pattern syntax, matched on whole words of words_of():
//   "stolen card"        the words in a row
//   "unauthori*"         a word that starts with "unauthori"; "*betrug" one that ends with "betrug"
//   "close + account"    every part somewhere in the text, in any order
struct Entry {
  std::string_view pattern;  // a string literal: lists keep the view
  int weight = 1;  // used by the intent classifier
};

struct Match {
  std::string_view pattern;  // as written in the list
  int weight = 1;
  std::size_t at = 0;  // index of the first matched word (of the first part)
};

class PhraseList {
 public:
  // `exceptions` are phrases whose words can never be part of a match ("human resources" keeps "human"
  // from meaning "talk to a human").
  PhraseList(std::initializer_list<Entry> entries, std::initializer_list<std::string_view> exceptions = {})
      : PhraseList(std::vector<Entry>(entries), std::vector<std::string_view>(exceptions)) {}
  explicit PhraseList(const std::vector<Entry>& entries, const std::vector<std::string_view>& exceptions = {});

  // The first entry, in list order, found in `words`.
  std::optional<std::string_view> first_match(const Words& words) const;
  // Every entry found, once each, in list order.
  std::vector<Match> matches(const Words& words) const;

 private:
  struct Piece {
    std::string text;
    bool any_before = false;  // "*text"
    bool any_after = false;   // "text*"
  };
  using Phrase = std::vector<Piece>;
  struct Compiled {
    std::string_view pattern;
    int weight = 1;
    std::vector<Phrase> parts;
  };
  static Phrase compile_phrase(std::string_view phrase);
  static bool piece_matches(const Piece& p, std::string_view word);
  static bool phrase_at(const Phrase& p, const Words& words, std::size_t at, const std::vector<bool>* masked);
  std::vector<bool> masks(const Words& words) const;
  std::optional<std::size_t> find(const Compiled& c, const Words& words, const std::vector<bool>& masked) const;

  std::vector<Compiled> entries_;
  std::vector<Phrase> exceptions_;
};

// What a message is about, for the escalation policy and the brief's sentiment.
enum class Topic {
  explicit_request,  // "talk to a human", "människa", "Mitarbeiter"
  fraud,
  bereavement,
  vulnerable,        // illness, disability, abuse, ...
  dispute,
  hardship,          // cannot pay, debt collection
  complaint,
  frustration,       // "useless", "värdelös", "nutzlos"
  positive,          // "thanks", "tack", "danke"
  negative,          // "problem", "fel", "leider"
};
const PhraseList& phrases(Topic t);

// Intent lexicons in tie-break order (more specific intents first).
struct Intent {
  std::string_view name;
  PhraseList phrases;
};
const std::vector<Intent>& intents();

// Function words (en/sv/de) that say nothing about what a message is about; `word` as from words_of().
bool is_stop_word(std::string_view word);
// "not", "inte", "nicht", ...: flips the sentiment of the word after it.
bool is_negation(std::string_view word);

// Signals from the shape of a message rather than its words.
// Several words, mostly in capitals ("WHERE IS MY REFUND").
bool is_shouting(std::string_view utf8);
// "!!!", "???", "?!?".
bool has_repeated_punctuation(std::string_view utf8);

}  // namespace duet::lexicon
