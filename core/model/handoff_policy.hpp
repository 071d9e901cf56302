#pragma once
// Decides, for each customer message, whether to queue the customer for a human at once, to have the
// assistant offer a human, or to let the assistant answer. Every decision carries its reason.
#include <string>
#include <vector>

#include "types.hpp"

namespace duet {

enum class HandoffAction { none, offer, queue };
std::string_view to_string(HandoffAction a);

struct PolicyInput {
  std::string text;                          // the customer's new message
  std::string language;                      // "en", "sv", "de", ...
  std::vector<std::string> previous;         // earlier customer messages since the last ai_resumed
  int unsure_answers_in_a_row = 0;           // consecutive assistant answers that were unsure
};

struct HandoffDecision {
  HandoffAction action = HandoffAction::none;
  EscalationReason reason = EscalationReason::none;
  std::string detail;  // which signal fired, for logs and tests (e.g. "lexicon:scam", "caps")
};

// Looks at the message before the assistant answers (explicit requests, sensitive topics,
// frustration, repetition).
HandoffDecision decide_before_answer(const PolicyInput& in);

// How alike two messages are in what they are about: Jaccard similarity of their content stems, [0,1].
// At 0.7 and above a message counts as the same question again.
double similarity(const std::string& a, const std::string& b, const std::string& language);
constexpr double kSameQuestion = 0.7;

// The detected intent of a message ("refund", "payment_declined", ...; "other" when unknown).
std::string detect_intent(const std::string& text, const std::string& language);

}  // namespace duet
