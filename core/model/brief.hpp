#pragma once
// The brief: everything a human agent needs before saying hello, so the customer never repeats
// themselves. Built from the transcript and the merchant's context at handoff.
#include <functional>
#include <string>
#include <vector>

#include "types.hpp"

namespace duet {

struct Fact {
  std::string kind;   // order_id, amount, date, email, phone
  std::string value;  // as found in the text, e.g. "#A-10293", "349 SEK", "12 March"
  bool operator==(const Fact&) const = default;
};

struct Brief {
  std::string summary;                   // summary_lines joined with spaces (what older consoles show)
  std::vector<std::string> summary_lines;  // the summary in the agent's language, one short line per point:
                                           // the need, the checkout, what the AI tried, why a human, while
                                           // waiting, what is still open
  std::string intent;                    // e.g. "refund", "payment_declined", "fraud" ("other" when unknown)
  std::vector<Fact> facts;               // key facts, in order of first mention, no duplicates
  std::string sentiment;                 // positive, neutral, negative, angry
  std::vector<std::string> ai_answered;  // the KB articles the assistant already answered with (titles when known)
  EscalationReason reason = EscalationReason::none;
  std::string language;                  // en, sv, de, ...
  Context context;                       // the merchant's page and cart
  std::string previous;                  // a follow-up: the earlier conversation it continues
  int answers_helpful = 0;               // the customer's taps on "did this answer your question?"
  int answers_not_helpful = 0;
  bool operator==(const Brief&) const = default;
};

// Names a KB article for people: (article id, language) -> title; empty when unknown.
using ArticleTitles = std::function<std::string(const std::string& id, const std::string& language)>;

// Builds the brief from the customer-visible transcript. Pure: same events, same brief.
// With `titles`, "what the AI already answered" lists article titles rather than ids.
// The summary is written in `summary_language` (the agent's: en, sv, de; others read English), by default
// in the conversation's `language`.
Brief make_brief(const std::vector<Event>& events, const Context& context, EscalationReason reason,
                 const std::string& language, const ArticleTitles& titles = {},
                 const std::string& summary_language = {});

}  // namespace duet
