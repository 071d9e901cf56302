// KbAssistant (kb_assistant.hpp): picks the language's index, ranks, and answers only when confident.
#include "kb_assistant.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "kb_index.hpp"
#include "kb_language.hpp"
#include "text.hpp"

namespace duet {
namespace {

// An answer that needed the previous message to make sense is a little less certain.
constexpr double kFollowUpDiscount = 0.9;
// Below this lead over the runner-up, the message alone does not say which article it means.
constexpr double kUndecidedMargin = 0.1;

}  // namespace

struct KbAssistant::Index {
  std::vector<Article> articles;
  std::map<std::string, kb::LanguageIndex, std::less<>> by_language;
  double threshold = 0;

  const kb::LanguageIndex* for_language(std::string_view language) const {
    if (const auto it = by_language.find(language); it != by_language.end()) return &it->second;
    if (const auto it = by_language.find(std::string_view("en")); it != by_language.end()) return &it->second;
    return nullptr;
  }
};

KbAssistant::KbAssistant(std::vector<Article> articles, double threshold) : index_(std::make_unique<Index>()) {
  index_->articles = std::move(articles);
  // A threshold that is not a number cannot be met: the assistant then only offers a human.
  index_->threshold = std::isnan(threshold) ? 1.0 : std::clamp(threshold, 0.0, 1.0);
  std::map<std::string, std::vector<const Article*>> grouped;
  for (const Article& a : index_->articles) grouped[text::language_of(a.language)].push_back(&a);
  for (auto& [language, list] : grouped) index_->by_language.emplace(language, kb::LanguageIndex(language, std::move(list)));
}

KbAssistant::~KbAssistant() = default;

std::size_t KbAssistant::size() const { return index_->articles.size(); }
double KbAssistant::threshold() const { return index_->threshold; }

std::vector<Retrieved> KbAssistant::top(const Question& q, std::size_t k) const {
  // Provisional: the best article only, until the index ranks more than its winner.
  std::vector<Retrieved> out;
  if (k == 0) return out;
  const kb::LanguageIndex* index = index_->for_language(text::language_of(q.language));
  if (index == nullptr) return out;
  const kb::Ranking ranking = index->rank(q.text);
  if (ranking.best) out.push_back(Retrieved{&index->article(*ranking.best), kb::confidence(ranking.evidence)});
  return out;
}

Answer KbAssistant::answer(const Question& q) {
  const std::string language = text::language_of(q.language);
  Answer unsure;
  unsure.text = std::string(kb::unsure_reply(language));
  unsure.unsure = true;

  const kb::LanguageIndex* index = index_->for_language(language);
  if (index == nullptr) return unsure;
  kb::Ranking ranking = index->rank(q.text);
  double confidence = kb::confidence(ranking.evidence);
  // A follow-up ("how long does that take?") may only make sense with the customer's previous message.
  // The reading with context is taken when the message alone is unsure or cannot decide between two
  // articles, or when context makes it clearly more confident; so history never drowns a clear question.
  if (!q.history.empty()) {
    const kb::Ranking with_context = index->rank(q.text + "\n" + q.history.back());
    const double with_context_confidence = kb::confidence(with_context.evidence) * kFollowUpDiscount;
    const bool undecided = confidence < index_->threshold || ranking.evidence.margin < kUndecidedMargin;
    const bool better = undecided ? with_context_confidence >= std::min(index_->threshold, confidence) && with_context.best
                                  : with_context_confidence > confidence;
    if (better) ranking = with_context, confidence = with_context_confidence;
  }
  unsure.confidence = confidence;
  if (!ranking.best || confidence < index_->threshold) return unsure;

  const Article& article = index->article(*ranking.best);
  Answer a;
  a.text = article.body;
  a.confidence = confidence;
  a.article_id = article.id;
  a.title = article.title;
  return a;
}

}  // namespace duet
