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

namespace {

// What retrieval read from a question: the ranking it used and the confidence of each ranked article.
struct Reading {
  kb::Ranking ranking;
  std::vector<double> confidences;  // by rank, non-increasing
  double best() const { return confidences.empty() ? 0.0 : confidences.front(); }
};

Reading read(const kb::LanguageIndex& index, std::string_view text, std::size_t k, double discount) {
  Reading r;
  r.ranking = index.rank(text, k);
  for (const kb::Ranked& ranked : r.ranking.ranked) {
    double c = kb::confidence(ranked.evidence) * discount;
    // A runner-up is never surer than the article ranked above it.
    if (!r.confidences.empty()) c = std::min(c, r.confidences.back());
    r.confidences.push_back(c);
  }
  return r;
}

// The customer's message before this one: the history when the caller gives it, else the last earlier
// customer line of the conversation.
std::string_view previous_message(const Question& q) {
  if (!q.history.empty()) return q.history.back();
  for (auto it = q.conversation.rbegin(); it != q.conversation.rend(); ++it) {
    if (it->speaker == Speaker::customer && it->text != q.text) return it->text;
  }
  return {};
}

// The message alone, or with the customer's previous message when it is a follow-up ("and how long
// does that take?", "what about in Sweden?"). The reading with context is taken when the message alone
// is unsure or cannot decide between two articles, when context makes it clearly more confident, or
// when the message says it follows up and context is confident; so history never drowns a clear question.
Reading read_history(const kb::LanguageIndex& index, const Question& q, std::size_t k, double threshold);

// The page's own words: a payment error the merchant reported ("card_declined" -> "card declined"), to
// read a vague question ("what went wrong?", "why did it fail?") when the message alone cannot decide.
std::string page_hint(const Context& c) {
  std::string out = c.payment_error;
  for (char& ch : out)
    if (ch == '_' || ch == '-') ch = ' ';
  return out;
}

Reading read_question(const kb::LanguageIndex& index, const Question& q, std::size_t k, double threshold) {
  Reading reading = read_history(index, q, k, threshold);
  const std::string hint = page_hint(q.context);
  if (hint.empty()) return reading;
  const kb::Ranked* best = reading.ranking.best();
  const bool undecided = reading.best() < threshold || best == nullptr || best->evidence.margin < kUndecidedMargin;
  if (!undecided) return reading;
  Reading with_page = read(index, q.text + "\n" + hint, k, kFollowUpDiscount);
  return with_page.ranking.best() && with_page.best() >= threshold ? with_page : reading;
}

Reading read_history(const kb::LanguageIndex& index, const Question& q, std::size_t k, double threshold) {
  Reading alone = read(index, q.text, k, 1.0);
  const std::string_view previous = previous_message(q);
  if (previous.empty()) return alone;
  Reading with_context = read(index, q.text + "\n" + std::string(previous), k, kFollowUpDiscount);
  if (!with_context.ranking.best()) return alone;
  const kb::Ranked* best = alone.ranking.best();
  const bool undecided = alone.best() < threshold || best == nullptr || best->evidence.margin < kUndecidedMargin;
  const bool follows_up = kb::is_follow_up(q.text, index.language());
  bool better = false;
  if (undecided) {
    better = with_context.best() >= std::min(threshold, alone.best());
  } else if (follows_up) {
    better = with_context.best() >= threshold;
  } else {
    better = with_context.best() > alone.best();
  }
  return better ? with_context : alone;
}

}  // namespace

std::vector<Retrieved> KbAssistant::top(const Question& q, std::size_t k) const {
  std::vector<Retrieved> out;
  if (k == 0) return out;
  const kb::LanguageIndex* index = index_->for_language(text::language_of(q.language));
  if (index == nullptr) return out;
  const Reading reading = read_question(*index, q, k, index_->threshold);
  for (std::size_t i = 0; i < reading.ranking.ranked.size() && i < k; ++i) {
    out.push_back(Retrieved{&index->article(reading.ranking.ranked[i].position), reading.confidences[i]});
  }
  return out;
}

Answer KbAssistant::answer(const Question& q) {
  const std::string language = text::language_of(q.language);
  Answer unsure;
  unsure.text = std::string(kb::unsure_reply(language));
  unsure.unsure = true;

  const kb::LanguageIndex* index = index_->for_language(language);
  if (index == nullptr) return unsure;
  const Reading reading = read_question(*index, q, 1, index_->threshold);
  const double confidence = reading.best();
  unsure.confidence = confidence;
  if (!reading.ranking.best() || confidence < index_->threshold) return unsure;

  const Article& article = index->article(reading.ranking.best()->position);
  Answer a;
  a.text = article.body;
  a.confidence = confidence;
  a.article_id = article.id;
  a.title = article.title;
  a.offers_human = article.offers_human;
  a.escalate = article.escalate;
  return a;
}

}  // namespace duet
