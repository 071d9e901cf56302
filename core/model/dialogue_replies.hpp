#pragma once
// What the assistant says outside the knowledge base: greetings, thanks, the honest "not sure", the
// kind line before a sensitive matter goes to a person. One table per language (en, sv, de; others
// use English), each checked by the compiler to have a line for every key.
#include <string>
#include <string_view>

namespace duet::dialogue {

enum class Line {
  greeting,
  greeting_again,
  greeting_payment_error,  // the page says the payment just failed
  thanks,
  thanks_again,
  goodbye,
  affirm,                  // "yes" with nothing pending
  deny_offer,              // "no" to the offer of a person: stays with the AI
  deny,                    // "no" with nothing pending
  didnt_help,              // apology + offer of a person
  didnt_help_again,        // said again: to a person
  small_talk_bot,          // "are you a bot?"
  small_talk,              // "how are you?"
  off_topic,
  off_topic_again,
  unsure,                  // honest, offers a person
  unsure_again,
  unsure_waiting,          // while waiting for a person: no offer, one is coming
  apology,                 // before an answer to a frustrated customer
  frustration,             // apology + offer of a person
  frustration_again,       // to a person
  repeated_again,          // the same question after an answer: to a person
  answered_above,          // the same article again: points up instead of repeating it
  to_human,                // asked for a person
  to_human_offer,          // "yes" to the offer
  already_queued,          // asked again while waiting ({n}: the place, when known)
  already_queued_place,
  still_waiting,           // the place again, in other words (never the same line twice in a row)
  got_it,                  // a short acknowledgement when the fitting line was just said
  sensitive_fraud,         // a safety step first, then a person
  sensitive_dispute,
  sensitive_complaint,
  sensitive_hardship,
  sensitive_bereavement,
  sensitive_vulnerable,
  sensitive_crisis,        // self-harm: emergency number first
  count_,
};

// The line in `language` ("en", "sv", "de"; others English), with "{n}" replaced by `n`.
std::string line(Line key, std::string_view language, int n = 0);

}  // namespace duet::dialogue
