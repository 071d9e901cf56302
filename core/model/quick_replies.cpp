#include "quick_replies.hpp"

namespace duet {
namespace {

struct Wording {
  const char* yes_person;
  const char* no_thanks;
  const char* thanks;
  const char* didnt_help;
};

const Wording& wording(const std::string& language) {
  static const Wording en{"Yes, connect me", "No thanks", "thanks", "that didn't help"};
  static const Wording sv{"Ja, koppla mig", "Nej tack", "tack", "det hjälpte inte"};
  static const Wording de{"Ja, bitte verbinden", "Nein danke", "danke", "hilft nicht"};
  if (language == "sv") return sv;
  if (language == "de") return de;
  return en;
}

constexpr const char* kThumbUp = "\xF0\x9F\x91\x8D";    // U+1F44D
constexpr const char* kThumbDown = "\xF0\x9F\x91\x8E";  // U+1F44E

}  // namespace

Suggestions suggestions_for(const AssistantReply& reply, const std::string& language) {
  const Wording& w = wording(language);
  Suggestions out;
  if (reply.text.empty()) return out;
  if (reply.handoff == HandoffAction::offer) {
    out.replies = {{w.yes_person, ReplyAction::human}, {w.no_thanks, ReplyAction::say}};
    return out;
  }
  // An answer from an article (not a greeting, not "I'm not sure", not on the way to the queue).
  if (reply.act == DialogueAct::none && !reply.article_id.empty() && reply.handoff == HandoffAction::none) {
    out.replies = {{kThumbUp, ReplyAction::helpful}, {kThumbDown, ReplyAction::not_helpful}};
    if (!reply.title.empty()) out.card = ArticleCard{reply.title, reply.text};
  }
  return out;
}

std::string feedback_words(Feedback f, const std::string& language) {
  const Wording& w = wording(language);
  if (f == Feedback::helpful) return w.thanks;
  if (f == Feedback::not_helpful) return w.didnt_help;
  return {};
}

}  // namespace duet
