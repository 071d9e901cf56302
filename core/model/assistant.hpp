#pragma once
// The assistant answers first. An interface, so the server can put an LLM endpoint behind it and fall
// back to the embedded knowledge-base retrieval (kb_assistant.hpp) when that fails.
#include <string>
#include <vector>

#include "types.hpp"

namespace duet {

// One earlier line of the conversation, as the assistant may read it (customer, ai or agent).
struct Turn {
  Speaker speaker = Speaker::customer;
  std::string text;
  std::string article_id;  // the article an AI line answered with
  bool operator==(const Turn&) const = default;
};

struct Question {
  std::string text;                   // the customer's latest message (what retrieval should read)
  std::string language;               // "en", "sv", "de" (others fall back to "en")
  std::vector<std::string> history;   // earlier customer messages since the last ai_resumed marker
  std::vector<Turn> conversation;     // the conversation so far, oldest first, bounded by the caller
  Context context;                    // the merchant's page and cart
  Seq reply_to = 0;                   // the customer message being answered (for streaming)
};

struct Answer {
  std::string text;        // what to say; when unsure, an honest "I'm not sure" that offers a human
  double confidence = 0;   // [0,1]
  std::string article_id;  // the article used, empty when none
  std::string title;       // its title, for the brief's "what the AI already answered"
  bool unsure = false;     // confidence below the threshold: nothing was invented
  bool generated = false;  // worded by an LLM (grounded in article_id) rather than the article itself
  bool offers_human = false;  // the article is about reaching a person: the one-tap offer goes with it
  // The article is about a matter a person must handle (fraud, a dispute, hardship): whatever words the
  // customer used, confidently finding it means the queue, as the lexicon would have.
  EscalationReason escalate = EscalationReason::none;
};

class Assistant {
 public:
  virtual ~Assistant() = default;
  virtual Answer answer(const Question& q) = 0;
};

}  // namespace duet
