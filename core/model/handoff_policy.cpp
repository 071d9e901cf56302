// The handoff policy (handoff_policy.hpp): which signal fires, in priority order, and what it leads to.
// Matters a human must handle (an explicit request, fraud, a dispute, a complaint, hardship, a vulnerable
// or bereaved customer) queue at once; frustration and repetition have the assistant offer a human.
#include "handoff_policy.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <set>
#include <string_view>

#include "kb_typos.hpp"
#include "lexicon.hpp"
#include "text.hpp"

namespace duet {
namespace {

using lexicon::Topic;

// Jaccard similarity at or above which a message counts as the same question again.
constexpr double kRepeatSimilarity = kSameQuestion;
// Fewer content words than this and "the same question" is just "ok" or "yes" again.
constexpr std::size_t kRepeatMinWords = 2;

struct TopicRule {
  Topic topic;
  HandoffAction action;
  EscalationReason reason;
};

// In priority order: the first that fires decides.
constexpr std::array<TopicRule, 8> kTopicRules{{
    {Topic::explicit_request, HandoffAction::queue, EscalationReason::customer_request},
    {Topic::fraud, HandoffAction::queue, EscalationReason::fraud},
    {Topic::bereavement, HandoffAction::queue, EscalationReason::bereavement},
    {Topic::vulnerable, HandoffAction::queue, EscalationReason::vulnerable_customer},
    {Topic::dispute, HandoffAction::queue, EscalationReason::dispute},
    {Topic::hardship, HandoffAction::queue, EscalationReason::financial_hardship},
    {Topic::complaint, HandoffAction::queue, EscalationReason::complaint},
    {Topic::frustration, HandoffAction::offer, EscalationReason::frustration},
}};

std::set<std::string> content_stems(const std::string& text, const std::string& language) {
  std::set<std::string> out;
  for (const auto& w : lexicon::words_of(text)) {
    if (!lexicon::is_stop_word(w)) out.insert(text::stem(w, language));
  }
  return out;
}

double jaccard(const std::set<std::string>& a, const std::set<std::string>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t shared = 0;
  for (const auto& w : a) shared += b.count(w);
  return static_cast<double>(shared) / static_cast<double>(a.size() + b.size() - shared);
}

std::string percent(double x) { return std::to_string(static_cast<int>(x * 100 + 0.5)) + "%"; }

HandoffDecision decide(HandoffAction action, EscalationReason reason, std::string detail) {
  return HandoffDecision{action, reason, std::move(detail)};
}

// "can i tlak to a humna", "en mäniska", "einem Mitarbieter": a request for a person typed in a hurry.
// Only short messages, only the nouns that mean a person, one edit at most (the KB's typo index, over
// these nouns), and never a word spelt right: the lexicon and its exceptions ("human resources",
// "travel agent") decided those.
constexpr std::size_t kTypoRequestMaxWords = 12;
constexpr std::size_t kTypoRequestMinLetters = 5;
std::optional<std::string> misspelt_request(const lexicon::Words& words) {
  if (words.size() > kTypoRequestMaxWords) return std::nullopt;
  static const kb::TypoIndex nouns = [] {
    kb::TypoIndex index;
    std::uint32_t id = 0;
    for (std::string_view noun : {"human", "humans", "person", "agent", "operator", "representative", "manniska",
                                  "manniskor", "mitarbeiter", "mitarbeiterin", "mensch", "kundtjanst", "kundservice",
                                  "kundendienst", "handlaggare"})
      index.add(noun, id++);
    return index;
  }();
  kb::TypoBudget budget;
  for (const std::string& w : words) {
    if (w.size() < kTypoRequestMinLetters) continue;
    for (const kb::NearTerm& near : nouns.near(w, budget))
      if (near.distance == 1) return "typo:" + w;
  }
  return std::nullopt;
}

}  // namespace

double similarity(const std::string& a, const std::string& b, const std::string& language) {
  return jaccard(content_stems(a, language), content_stems(b, language));
}

std::string_view to_string(HandoffAction a) {
  switch (a) {
    case HandoffAction::none: return "none";
    case HandoffAction::offer: return "offer";
    case HandoffAction::queue: return "queue";
  }
  return "unknown";
}

HandoffDecision decide_before_answer(const PolicyInput& in) {
  const lexicon::Words words = lexicon::words_of(in.text);
  for (const TopicRule& rule : kTopicRules) {
    if (auto phrase = lexicon::phrases(rule.topic).first_match(words)) {
      return decide(rule.action, rule.reason, "lexicon:" + std::string(*phrase));
    }
  }

  if (auto typo = misspelt_request(words)) return decide(HandoffAction::queue, EscalationReason::customer_request, *typo);

  // Capitals and "!!!" are frustration unless the customer is pleased ("THANK YOU SO MUCH!!!").
  const bool pleased = lexicon::phrases(Topic::positive).first_match(words).has_value();
  if (!pleased && lexicon::is_shouting(in.text)) return decide(HandoffAction::offer, EscalationReason::frustration, "caps");
  if (!pleased && lexicon::has_repeated_punctuation(in.text)) {
    return decide(HandoffAction::offer, EscalationReason::frustration, "punctuation");
  }

  const auto now = content_stems(in.text, in.language);
  if (now.size() >= kRepeatMinWords) {
    double best = 0;
    for (const auto& earlier : in.previous) best = std::max(best, jaccard(now, content_stems(earlier, in.language)));
    if (best >= kRepeatSimilarity) {
      return decide(HandoffAction::offer, EscalationReason::repeated_question, "repeated:" + percent(best));
    }
  }
  return {};
}

std::string detect_intent(const std::string& text, const std::string& language) {
  // Every language's lexicon is matched: the locale often disagrees with what the customer types.
  (void)language;
  const lexicon::Words words = lexicon::words_of(text);
  std::string_view best = "other";
  int best_score = 0;
  for (const auto& intent : lexicon::intents()) {
    int score = 0, strongest = 0;
    for (const auto& m : intent.phrases.matches(words)) score += m.weight, strongest = std::max(strongest, m.weight);
    // Supporting words (weight 1) only count next to a stronger phrase of the same intent.
    if (strongest >= 2 && score > best_score) best = intent.name, best_score = score;
  }
  return std::string(best);
}

}  // namespace duet
