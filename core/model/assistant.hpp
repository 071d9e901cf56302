#pragma once
// The assistant answers first. An interface, so the server can put an LLM endpoint behind it and fall
// back to the embedded knowledge-base retrieval (kb_assistant.hpp) when that fails.
#include <string>
#include <vector>

#include "types.hpp"

namespace duet {

struct Question {
  std::string text;                   // the customer's latest message
  std::string language;               // "en", "sv", "de" (others fall back to "en")
  std::vector<std::string> history;   // earlier customer messages since the last ai_resumed marker
};

struct Answer {
  std::string text;        // what to say; when unsure, an honest "I'm not sure" that offers a human
  double confidence = 0;   // [0,1]
  std::string article_id;  // the article used, empty when none
  std::string title;       // its title, for the brief's "what the AI already answered"
  bool unsure = false;     // confidence below the threshold: nothing was invented
};

class Assistant {
 public:
  virtual ~Assistant() = default;
  virtual Answer answer(const Question& q) = 0;
};

}  // namespace duet
