#pragma once
// What the assistant suggests under its messages: the human offer as "yes / no thanks", "did this
// answer your question?" (helpful / not helpful) under an answer from an article, and that article
// as a card. Pure: the same reply in the same language gives the same suggestions.
#include <string>
#include <vector>

#include "dialogue.hpp"
#include "types.hpp"

namespace duet {

struct Suggestions {
  std::vector<QuickReply> replies;
  ArticleCard card;
};

// `language`: en, sv, de (others read English).
Suggestions suggestions_for(const AssistantReply& reply, const std::string& language);

// The words the dialogue reads for a feedback tap (the customer's text is an emoji): "helpful" is
// thanks, "not helpful" is "that didn't help", so the assistant answers as it would to those words.
std::string feedback_words(Feedback f, const std::string& language);

}  // namespace duet
