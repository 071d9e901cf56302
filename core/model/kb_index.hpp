#pragma once
// The BM25 index behind KbAssistant, one per language: fielded term frequencies (title and questions
// weigh more than tags, tags more than the body), stop words removed, light stemming, typo correction
// and, for Swedish and German, compound splitting ("Rechnungsadresse" -> "rechnung" + "adresse").
// A second signal ranks alongside BM25: how much of the article's closest paraphrase (its title, one
// of its questions or a tag) the message contains, which long chatty messages do not dilute.
// Customers' messages lose their facts (order numbers, amounts, e-mail addresses) and chat filler first.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kb_assistant.hpp"
#include "kb_confidence.hpp"
#include "kb_typos.hpp"

namespace duet::kb {

// One article the question matched, with the evidence its confidence is computed from.
struct Ranked {
  std::size_t position = 0;  // of the article in the index
  double score = 0;
  MatchEvidence evidence;
};

struct Ranking {
  std::vector<Ranked> ranked;  // best first, distinct articles; empty when nothing matched
  std::size_t typo_probes = 0;      // the work typo correction did for this question (bounded)
  std::size_t typo_candidates = 0;
  const Ranked* best() const { return ranked.empty() ? nullptr : &ranked.front(); }
};

class LanguageIndex {
 public:
  static constexpr double kK1 = 1.2;
  static constexpr double kB = 0.75;

  LanguageIndex(std::string language, std::vector<const Article*> articles);
  // The `k` best articles (at least the best one when anything matched), best first.
  Ranking rank(std::string_view question, std::size_t k = 1) const;
  const Article& article(std::size_t position) const { return *articles_[position]; }
  std::size_t size() const { return articles_.size(); }
  const std::string& language() const { return language_; }

 private:
  struct Posting {
    std::uint32_t doc;
    float tf;      // field-weighted term frequency
    bool topical;  // in the title, a question or a tag
  };
  struct Match {
    float tf = 0;
    bool topical = false;
  };
  struct QueryWord;  // one word of the question and the terms it resolved to
  struct Query;      // the question's words and the indexed word pairs it contains

  Query resolve(std::string_view question) const;
  std::optional<std::uint32_t> term_id(const std::string& stemmed) const;
  std::vector<std::uint32_t> split_compound(std::string_view folded_word) const;
  Match match_in(std::uint32_t term, std::uint32_t doc) const;
  bool in_headline(std::uint32_t term, std::uint32_t doc) const;
  MatchEvidence evidence_for(const Query& resolved, const std::vector<std::pair<std::uint32_t, double>>& query,
                             std::uint32_t doc, double bm25) const;  // coverage and strength; margin and paraphrase are the ranking's

  std::string language_;
  std::vector<const Article*> articles_;
  std::unordered_map<std::string, std::uint32_t> terms_;
  std::vector<std::vector<Posting>> postings_;  // by term id, sorted by doc
  std::vector<double> idf_;                     // by term id
  std::vector<double> length_norm_;             // by doc: k1 * (1 - b + b * length / average length)
  double unknown_word_idf_ = 0;                 // what a word the KB never uses weighs in the coverage
  TypoIndex typos_;
  struct Paraphrase {
    std::uint32_t doc;
    double mass;  // the information of its terms (a one-word paraphrase's counts more: it is weaker evidence)
    bool headline;  // the title or a question, not a tag
  };
  std::vector<Paraphrase> paraphrases_;                     // titles, questions and tags
  std::vector<std::vector<std::uint32_t>> paraphrases_of_term_;  // by term id
};

}  // namespace duet::kb
