#pragma once
// The words of the agent's summary (brief_summary.hpp) in English, Swedish and German. Every phrase is
// written for a person reading it in five seconds; "{x}" and "{t}" mark where a number, a name or a topic goes.
#include <string>
#include <string_view>

#include "types.hpp"

namespace duet::brief_wording {

enum class Lang { en, sv, de };

// The summary's language: `wanted` ("de-AT", "sv"), else the conversation's; anything else is English.
Lang pick(std::string_view wanted, std::string_view conversation_language);

// What an intent ("refund", "fraud", ... "other") means as a need: "Wants a refund" and, for what is
// still open, "the refund".
struct Need {
  std::string_view wants;
  std::string_view open;
};
Need need(Lang l, std::string_view intent);

// Why it came to a human, for people: "asked for a person", "possible fraud". Empty for none.
std::string_view reason(Lang l, EscalationReason r);

// A checkout's payment error code for people ("card_declined" -> "card declined"); unknown codes are
// shown with spaces for underscores.
std::string payment_error(Lang l, std::string_view code);

// Fixed words of the summary lines.
struct Words {
  std::string_view for_order;          // "for order" ("Wants a refund for order 123"); empty: in brackets
  std::string_view order_in_brackets;  // "Bestellung" ("Möchte eine Erstattung (Bestellung 123, 349 SEK)")
  std::string_view checkout;           // "Checkout: "
  std::string_view error;              // "payment error"
  std::string_view at_step;            // "at step"
  std::string_view cart;               // "cart"
  std::string_view earlier;            // "Earlier: {x} helped and handed back to the AI"
  std::string_view earlier_topic;      // "Earlier: {x} helped with {t} and handed back to the AI"
  std::string_view a_human;            // "a human"
  std::string_view tried;              // "AI tried: "
  std::string_view tried_nothing;      // "nothing before the handoff"
  std::string_view no_article;         // "no article fit"
  std::string_view more_titles;        // "and {x} more"
  std::string_view didnt_help;         // "the customer said it did not help"
  std::string_view asked_again;        // "the customer asked the same again"
  std::string_view frustrated;         // "the customer got frustrated"
  std::string_view thanked;            // "the customer said thanks"
  std::string_view unsure_once;        // "the AI was unsure once"
  std::string_view unsure_times;       // "the AI was unsure {x} times"
  std::string_view handed_over;        // "Handed over: "
  std::string_view accepted;           // "the customer said yes to the offer of a human"
  std::string_view waiting;            // "While waiting: "
  std::string_view asked_one;          // "asked 1 more question"
  std::string_view asked_many;         // "asked {x} more questions"
  std::string_view answered_with;      // "the AI answered with "
  std::string_view may_be_solved;      // "the customer said thanks, it may be solved"
  std::string_view just_chatted;       // "kept chatting, no new question"
  std::string_view left_message;       // "left a message for later"
  std::string_view open;               // "Still open: "
  std::string_view maybe_nothing_open; // "maybe nothing, the customer thanked the AI; check it is solved"
  std::string_view no_answer_yet;      // "no answer yet"
  std::string_view was_unsure;         // "the AI was unsure"
  std::string_view did_not_help;       // "the answer did not help"
  std::string_view wanted_person;      // "still wanted a person after the answer"
};
const Words& words(Lang l);

// `pattern` with "{x}" and "{t}" replaced.
std::string fill(std::string_view pattern, std::string_view x, std::string_view t = {});

}  // namespace duet::brief_wording
