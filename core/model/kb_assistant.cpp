// KbAssistant (kb_assistant.hpp): picks the language's index, ranks, and answers only when confident.
#include "kb_assistant.hpp"

#include <algorithm>
#include <map>

#include "kb_index.hpp"
#include "kb_language.hpp"
#include "text.hpp"

namespace duet {

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
  index_->threshold = std::clamp(threshold, 0.0, 1.0);
  std::map<std::string, std::vector<const Article*>> grouped;
  for (const Article& a : index_->articles) grouped[text::language_of(a.language)].push_back(&a);
  for (auto& [language, list] : grouped) index_->by_language.emplace(language, kb::LanguageIndex(language, std::move(list)));
}

KbAssistant::~KbAssistant() = default;

std::size_t KbAssistant::size() const { return index_->articles.size(); }

Answer KbAssistant::answer(const Question& q) {
  const std::string language = text::language_of(q.language);
  Answer unsure;
  unsure.text = std::string(kb::unsure_reply(language));
  unsure.unsure = true;

  const kb::LanguageIndex* index = index_->for_language(language);
  if (index == nullptr) return unsure;
  const kb::Ranking ranking = index->rank(q.text);
  const double confidence = kb::confidence(ranking.evidence);
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
