#pragma once
// The summary a human agent reads in five seconds, in the agent's language: what the customer wants
// (with the key facts and, when it matters, the checkout's own error), what the AI already tried and how
// the customer took it, why it came to a human, what happened while they waited and what is still open.
// Built from intents, facts, dialogue acts and events, never from the customer's messages glued
// together: it quotes the customer at most once, briefly, when the question cannot be named otherwise.
#include <string>
#include <vector>

#include "brief.hpp"

namespace duet {

struct SummaryInput {
  const std::vector<Event>* events = nullptr;  // customer-visible events, in order
  const Context* context = nullptr;
  EscalationReason reason = EscalationReason::none;
  std::string intent;            // the current need, as in Brief::intent
  std::string language;          // the conversation's language (for article titles)
  std::string summary_language;  // the agent's language; en, sv, de (others read English)
  const ArticleTitles* titles = nullptr;
};

// Where the current part of a conversation starts: after the last time a human handed it back to the AI.
std::size_t current_part_start(const std::vector<Event>& events);

// The summary, one short line per point, each ending in a full stop. Pure.
std::vector<std::string> summary_lines(const SummaryInput& in);

}  // namespace duet
