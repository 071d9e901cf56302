#pragma once
// The embedded assistant: BM25 and paraphrase retrieval over knowledge-base articles (kb_index.hpp),
// with normalisation, typo correction and light stemming for English, Swedish and German; follow-ups
// are read with the customer's previous message. It answers only from an article; below the confidence
// threshold it says it is unsure and offers a human, never invents.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "assistant.hpp"
#include "result.hpp"

namespace duet {

struct Article {
  std::string id;                      // stable, e.g. "refund-timing"
  std::string language;                // "en", "sv", "de"
  std::string title;
  std::vector<std::string> questions;  // ways customers ask it
  std::vector<std::string> tags;
  std::string body;                    // the answer shown to the customer
  bool offers_human = false;           // "offer: human": about reaching a person, so the offer goes with it
  EscalationReason escalate = EscalationReason::none;  // "escalate: fraud": a matter for a person at once
};

// Parses one article file (assets/kb/<lang>/<id>.md: a "---" header with id, title, questions
// separated by '|', tags separated by ',', optionally `offer: human` and
// `escalate: <reason>`, then the body). Returns a message on error.
Result<Article, std::string> parse_article(std::string_view text, std::string_view language);

// One article retrieval found for a question, with how sure it is of it.
struct Retrieved {
  const Article* article = nullptr;
  double confidence = 0;
};

class KbAssistant final : public Assistant {
 public:
  explicit KbAssistant(std::vector<Article> articles, double threshold = 0.35);
  ~KbAssistant() override;
  Answer answer(const Question& q) override;
  // The k best articles for the question, best first, confident or not: what an LLM prompt is
  // grounded in. Articles outlive the assistant's answers (they live as long as the assistant).
  std::vector<Retrieved> top(const Question& q, std::size_t k) const;
  double threshold() const;
  std::size_t size() const;

 private:
  struct Index;
  std::unique_ptr<Index> index_;
};

}  // namespace duet
