// LanguageIndex (kb_index.hpp): BM25 with field weights over one language's articles.
#include "kb_index.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include "kb_language.hpp"
#include "text.hpp"

namespace duet::kb {
namespace {

// How much a word counts in each field. Titles and questions are how customers ask; the body answers.
constexpr float kTitleWeight = 3.0F;
constexpr float kQuestionWeight = 2.0F;
constexpr float kTagWeight = 2.0F;
constexpr float kBodyWeight = 1.0F;
// Discounts for words that only match indirectly.
constexpr double kTypoWeight = 0.8;
constexpr double kFarTypoWeight = 0.7;  // two edits away
// A corrected word is a guess ("president" is one letter from "resident"): it covers only half a word.
constexpr double kTypoCoverage = 0.5;
// ... unless it is a word of the article's title or questions ("refnd" -> "When will I get my refund?").
constexpr double kTypoHeadlineCoverage = 0.8;
constexpr std::size_t kSafeTypoLength = 10;  // code points; "president" is one letter from "resident"
constexpr double kCompoundPartWeight = 0.6;
// A word the KB never uses may be a product name ("jacket") or a sign the question is off-topic; it
// counts as half a rare word against the coverage. A known word the best article lacks counts fully.
constexpr double kUnknownWordShare = 0.75;
constexpr double kBodyOnlyDocumentFrequency = 0.25;
// A question word found only in the article's body is half covered: the article mentions it, but it
// is not what the article is about.
constexpr double kBodyOnlyCoverage = 0.5;
// A one-word paraphrase ("late") that a message happens to contain is weaker evidence than a whole
// question it contains.
constexpr double kOneWordParaphrase = 0.6;
// How much the best-matching paraphrase counts in the ranking, next to BM25 scaled to the best article.
constexpr double kParaphraseRankWeight = 1.0;
constexpr double kParaphraseRankFloor = 0.4;  // less of a paraphrase than this is a shared word, not a match
// Two neighbouring words ("debit card", "direct debit") are indexed as a pair too, so phrases beat
// scattered words. Pairs add to the score only; coverage counts single words.
constexpr float kPairWeight = 0.5F;
// Only the first words of a very long message are read, so a pasted essay costs no more than a question.
constexpr std::size_t kMaxQuestionWords = 64;
constexpr std::size_t kMinCompoundLength = 7;  // code points; shorter words are rarely compounds
constexpr std::size_t kMinCompoundPart = 3;
constexpr std::size_t kMaxCompoundTries = 12;  // per message

struct Token {
  std::string word;  // folded
  std::string stem;
};

std::string pair_of(const std::string& first, const std::string& second) { return first + ' ' + second; }

bool has_digit(std::string_view w);

// Words longer than this (in bytes) are never stemmed or matched: no article word is that long, and a
// pasted 4,000-letter "word" must cost no more than a short one.
constexpr std::size_t kMaxWordBytes = 64;
constexpr std::size_t kMaxChunkBytes = 256;

Token token_of(std::string w, std::string_view language) {
  if (w.size() > kMaxWordBytes) return {std::move(w), std::string()};
  std::string stemmed = canonical_term(text::stem(w, language), language);
  return {std::move(w), std::move(stemmed)};
}

// An article's words: everything but stop words.
std::vector<Token> tokens(std::string_view text, std::string_view language) {
  std::vector<Token> out;
  for (std::string& w : text::words(text)) {
    if (is_stop_word(w, language) || w.size() > kMaxWordBytes) continue;
    out.push_back(token_of(std::move(w), language));
  }
  return out;
}

bool is_ascii_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Facts a customer adds around a question, which are not words of it: e-mail addresses, links, order
// and reference numbers ("A-10293", "#12345", "5512-8812") and amounts ("1,299"). Seen whole, before
// word splitting, so "anna@example.com" does not become three unknown words.
bool is_fact(std::string_view chunk) {
  if (chunk.find('@') != std::string_view::npos || chunk.find("://") != std::string_view::npos || chunk.starts_with("www.")) return true;
  std::size_t digits = 0, letters = 0;
  for (char c : chunk) {
    digits += c >= '0' && c <= '9';
    letters += (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (static_cast<unsigned char>(c) >= 0x80);
  }
  return (chunk.starts_with('#') && digits > 0) || (digits >= 3 && letters <= 4);
}

// A customer's message: like an article's words, without the facts, the chat around the question and
// single letters, and at most kMaxQuestionWords of them (read from the start).
std::vector<Token> question_tokens(std::string_view text, std::string_view language) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < text.size() && out.size() < kMaxQuestionWords) {
    while (i < text.size() && is_ascii_space(text[i])) ++i;
    std::size_t end = i;
    while (end < text.size() && !is_ascii_space(text[end])) ++end;
    const std::string_view chunk = text.substr(i, end - i);
    i = end;
    // A run of 256 bytes without a space is pasted data, not words of a question.
    if (chunk.empty() || chunk.size() > kMaxChunkBytes || is_fact(chunk)) continue;
    for (std::string& w : text::words(chunk)) {
      if (out.size() == kMaxQuestionWords) break;
      if ((w.size() == 1 && !has_digit(w)) || is_stop_word(w, language) || is_filler(w, language)) continue;
      out.push_back(token_of(std::move(w), language));
    }
  }
  return out;
}

bool has_digit(std::string_view w) {
  return std::any_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Splits a Swedish or German compound into two known stems, trying the longest first part first.
// Swedish and German often join the parts with an "s" ("leveransadress", "Rechnungsadresse").
template <class Known>
std::optional<std::pair<std::string, std::string>> split_into_known(std::string_view word, std::string_view language,
                                                                    const Known& known) {
  if ((language != "sv" && language != "de") || word.size() > kMaxWordBytes || text::length(word) < kMinCompoundLength) {
    return std::nullopt;
  }
  std::vector<std::size_t> boundaries;  // byte offsets of code points
  for (std::size_t i = 0; i < word.size(); ++i) {
    if ((static_cast<unsigned char>(word[i]) & 0xC0) != 0x80) boundaries.push_back(i);
  }
  for (std::size_t k = boundaries.size() - kMinCompoundPart; k >= kMinCompoundPart; --k) {
    const std::string_view left = word.substr(0, boundaries[k]);
    const std::string right = text::stem(word.substr(boundaries[k]), language);
    if (!known(right)) continue;
    std::string first = text::stem(left, language);
    if (known(first)) return std::pair{std::move(first), right};
    if (left.size() > 1 && left.back() == 's' && text::length(left) > kMinCompoundPart) {
      first = text::stem(left.substr(0, left.size() - 1), language);
      if (known(first)) return std::pair{std::move(first), right};
    }
  }
  return std::nullopt;
}

}  // namespace

struct LanguageIndex::QueryWord {
  std::vector<std::pair<std::uint32_t, double>> terms;  // term id and weight; empty for unknown words
  double importance = 0;                                // its share of the question's information
  double credit = 1;                                    // how much of it a match covers
};

struct LanguageIndex::Query {
  std::vector<QueryWord> words;
  std::vector<std::uint32_t> pairs;    // term ids of neighbouring word pairs the index knows
  std::vector<std::uint32_t> numbers;  // term ids of known numbers
  TypoBudget typo_budget;              // what correcting its words may still cost
};

LanguageIndex::LanguageIndex(std::string language, std::vector<const Article*> articles)
    : language_(std::move(language)), articles_(std::move(articles)) {
  struct Occurrence {
    std::string stem;
    float weight;
    bool topical;  // in the title, a question or a tag, not only the body
  };
  std::vector<std::vector<Occurrence>> per_doc(articles_.size());
  std::vector<std::vector<std::pair<std::string, float>>> long_words(articles_.size());
  std::unordered_set<std::string> vocabulary;
  std::vector<double> lengths(articles_.size(), 0);

  const bool splits_compounds = language_ == "sv" || language_ == "de";
  const auto add_field = [&](std::size_t doc, std::string_view text, float weight) {
    const std::vector<Token> field = tokens(text, language_);
    for (std::size_t i = 0; i < field.size(); ++i) {
      const Token& t = field[i];
      if (splits_compounds) vocabulary.insert(t.stem);
      lengths[doc] += weight;
      if (splits_compounds && text::length(t.word) >= kMinCompoundLength) long_words[doc].emplace_back(t.word, weight);
      per_doc[doc].push_back({t.stem, weight, weight > kBodyWeight});
      if (i > 0 && weight > kBodyWeight) per_doc[doc].push_back({pair_of(field[i - 1].stem, t.stem), weight * kPairWeight, true});
    }
  };
  for (std::size_t doc = 0; doc < articles_.size(); ++doc) {
    const Article& a = *articles_[doc];
    add_field(doc, a.title, kTitleWeight);
    for (const std::string& q : a.questions) add_field(doc, q, kQuestionWeight);
    for (const std::string& t : a.tags) add_field(doc, t, kTagWeight);
    add_field(doc, a.body, kBodyWeight);
  }
  // Compound parts count too, so "Zahlung mit Karte" finds an article that says "Kartenzahlung".
  const auto known = [&](const std::string& stem) { return vocabulary.count(stem) > 0; };
  for (std::size_t doc = 0; doc < articles_.size(); ++doc) {
    for (const auto& [word, weight] : long_words[doc]) {
      if (auto parts = split_into_known(word, language_, known)) {
        const float part_weight = weight * static_cast<float>(kCompoundPartWeight);
        per_doc[doc].push_back({std::move(parts->first), part_weight, weight > kBodyWeight});
        per_doc[doc].push_back({std::move(parts->second), part_weight, weight > kBodyWeight});
      }
    }
  }

  // Document frequency counts an article fully where the term is one of its topics (title, questions,
  // tags) and only a little where the body merely mentions it: with a few dozen articles, "refund"
  // mentioned in passing by ten bodies must not make "refund" a weak word.
  std::vector<double> df;
  std::size_t occurrences = 0;
  for (const auto& list : per_doc) occurrences += list.size();
  terms_.reserve(occurrences / 2);
  for (std::size_t doc = 0; doc < articles_.size(); ++doc) {
    std::unordered_map<std::uint32_t, std::pair<float, bool>> tf;
    for (Occurrence& o : per_doc[doc]) {
      auto [it, inserted] = terms_.try_emplace(std::move(o.stem), static_cast<std::uint32_t>(terms_.size()));
      if (inserted) postings_.emplace_back(), df.push_back(0);
      auto& [f, topical] = tf[it->second];
      f += o.weight;
      topical = topical || o.topical;
    }
    for (const auto& [term, f] : tf) {
      postings_[term].push_back({static_cast<std::uint32_t>(doc), f.first, f.second});
      df[term] += f.second ? 1.0 : kBodyOnlyDocumentFrequency;
    }
  }
  for (auto& list : postings_) {
    std::sort(list.begin(), list.end(), [](const Posting& a, const Posting& b) { return a.doc < b.doc; });
  }

  const double n = static_cast<double>(articles_.size());
  const auto idf_for = [n](double frequency) { return std::log(1.0 + (n - frequency + 0.5) / (frequency + 0.5)); };
  idf_.reserve(postings_.size());
  for (double d : df) idf_.push_back(idf_for(d));
  unknown_word_idf_ = kUnknownWordShare * idf_for(1);

  double total = 0;
  for (double l : lengths) total += l;
  const double average = articles_.empty() || total == 0 ? 1 : total / n;
  length_norm_.reserve(lengths.size());
  for (double l : lengths) length_norm_.push_back(kK1 * (1 - kB + kB * l / average));

  // Typos are corrected towards the known words, in the order of their ids so the index is the same on
  // every platform, and towards a synonym's own spelling ("rückerstatung" is one letter from
  // "rückerstattung", which the index keeps as "erstattung").
  std::vector<std::pair<std::uint32_t, const std::string*>> by_id;
  for (const auto& [term, id] : terms_) {
    if (term.find(' ') == std::string::npos) by_id.emplace_back(id, &term);
  }
  std::sort(by_id.begin(), by_id.end());
  for (const auto& [id, term] : by_id) typos_.add(*term, id);
  for (const auto& [synonym, canonical] : synonym_spellings(language_)) {
    if (const auto id = term_id(canonical)) typos_.add(synonym, *id);
  }

  // The title, each question and each tag as a paraphrase: the set of its terms and their information.
  for (std::size_t doc = 0; doc < articles_.size(); ++doc) {
    const Article& a = *articles_[doc];
    const auto add_paraphrase = [&](std::string_view text, bool headline) {
      std::vector<std::uint32_t> ids;
      double mass = 0;
      for (const Token& t : question_tokens(text, language_)) {
        const auto id = term_id(t.stem);
        if (!id || std::find(ids.begin(), ids.end(), *id) != ids.end()) continue;
        ids.push_back(*id);
        mass += idf_[*id];
      }
      if (ids.empty()) return;
      const auto paraphrase = static_cast<std::uint32_t>(paraphrases_.size());
      paraphrases_.push_back({static_cast<std::uint32_t>(doc), mass / (ids.size() == 1 ? kOneWordParaphrase : 1.0), headline});
      if (paraphrases_of_term_.size() < postings_.size()) paraphrases_of_term_.resize(postings_.size());
      for (std::uint32_t id : ids) paraphrases_of_term_[id].push_back(paraphrase);
    };
    add_paraphrase(a.title, true);
    for (const std::string& q : a.questions) add_paraphrase(q, true);
    for (const std::string& t : a.tags) add_paraphrase(t, false);
  }
  paraphrases_of_term_.resize(postings_.size());
}

std::optional<std::uint32_t> LanguageIndex::term_id(const std::string& stemmed) const {
  const auto it = terms_.find(stemmed);
  if (it == terms_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::uint32_t> LanguageIndex::split_compound(std::string_view folded_word) const {
  const auto known = [this](const std::string& stem) { return terms_.count(stem) > 0; };
  const auto parts = split_into_known(folded_word, language_, known);
  if (!parts) return {};
  return {terms_.at(parts->first), terms_.at(parts->second)};
}

LanguageIndex::Match LanguageIndex::match_in(std::uint32_t term, std::uint32_t doc) const {
  const auto& list = postings_[term];
  const auto it = std::lower_bound(list.begin(), list.end(), doc, [](const Posting& p, std::uint32_t d) { return p.doc < d; });
  if (it == list.end() || it->doc != doc) return {};
  return {it->tf, it->topical};
}

LanguageIndex::Query LanguageIndex::resolve(std::string_view question) const {
  Query query;
  std::vector<QueryWord>& out = query.words;
  std::unordered_set<std::string> seen;
  const std::vector<Token> all = question_tokens(question, language_);
  std::size_t compound_tries = 0;
  for (std::size_t i = 1; i < all.size(); ++i) {
    if (const auto id = term_id(pair_of(all[i - 1].stem, all[i].stem))) query.pairs.push_back(*id);
  }
  for (const Token& t : all) {
    if (!seen.insert(t.stem).second) continue;
    QueryWord word;
    if (has_digit(t.word)) {
      // Order numbers, amounts and dates are facts for the brief, not topics: they may rank ("pay in 3")
      // but never count towards coverage.
      if (const auto number = term_id(t.stem)) query.numbers.push_back(*number);
      continue;
    }
    if (const auto known = term_id(t.stem)) {
      word.terms.emplace_back(*known, 1.0);
    } else if (const auto near = typos_.near(t.stem, query.typo_budget); !near.empty()) {
      // The closest term is the likeliest intended word, and of equally close ones the most widely used.
      const auto best = *std::min_element(near.begin(), near.end(), [this](const NearTerm& a, const NearTerm& b) {
        if (a.distance != b.distance) return a.distance < b.distance;
        return postings_[a.id].size() > postings_[b.id].size() || (postings_[a.id].size() == postings_[b.id].size() && a.id < b.id);
      });
      word.terms.emplace_back(best.id, best.distance == 1 ? kTypoWeight : kFarTypoWeight);
      // One letter off in a long word is rarely another real word; a short one often is.
      word.credit = best.distance == 1 && text::length(t.stem) >= kSafeTypoLength ? kTypoHeadlineCoverage : kTypoCoverage;
    } else {
      // Splitting tries every boundary: a message gets a bounded number of tries, like typos.
      if (compound_tries < kMaxCompoundTries && text::length(t.word) >= kMinCompoundLength) {
        ++compound_tries;
        for (std::uint32_t id : split_compound(t.word)) word.terms.emplace_back(id, kCompoundPartWeight);
      }
    }
    for (const auto& [id, weight] : word.terms) word.importance += weight * idf_[id];
    if (word.terms.empty()) word.importance = unknown_word_idf_;
    out.push_back(std::move(word));
  }
  return query;
}

bool LanguageIndex::in_headline(std::uint32_t term, std::uint32_t doc) const {
  return std::any_of(paraphrases_of_term_[term].begin(), paraphrases_of_term_[term].end(), [&](std::uint32_t p) {
    return paraphrases_[p].doc == doc && paraphrases_[p].headline;
  });
}

MatchEvidence LanguageIndex::evidence_for(const Query& resolved, const std::vector<std::pair<std::uint32_t, double>>& query,
                                          std::uint32_t doc, double score) const {
  double covered = 0, total = 0;
  for (const QueryWord& w : resolved.words) {
    total += w.importance;
    for (const auto& [id, weight] : w.terms) {
      const Match m = match_in(id, doc);
      if (m.tf == 0) continue;
      // A corrected word that lands on the article's title or one of its questions is a likely guess.
      const double credit = w.credit < 1 && in_headline(id, doc) ? kTypoHeadlineCoverage : w.credit;
      covered += credit * weight * idf_[id] * (m.topical ? 1.0 : kBodyOnlyCoverage);
    }
  }
  double reachable = 0;  // the score the matched terms would reach with unbounded term frequency
  for (const auto& [id, weight] : query) {
    if (match_in(id, doc).tf > 0) reachable += weight * idf_[id] * (kK1 + 1);
  }
  MatchEvidence e;
  e.coverage = total > 0 ? std::min(1.0, covered / total) : 0;
  e.strength = reachable > 0 ? std::min(1.0, score / reachable) : 0;
  return e;
}

Ranking LanguageIndex::rank(std::string_view question, std::size_t k) const {
  const Query resolved = resolve(question);
  // Each term counts once, with the strongest weight any word gave it.
  std::vector<std::pair<std::uint32_t, double>> query;
  for (std::uint32_t id : resolved.numbers) {
    if (std::none_of(query.begin(), query.end(), [id](const auto& q) { return q.first == id; })) query.emplace_back(id, 1.0);
  }
  for (std::uint32_t id : resolved.pairs) {
    if (std::none_of(query.begin(), query.end(), [id](const auto& q) { return q.first == id; })) query.emplace_back(id, 1.0);
  }
  for (const QueryWord& w : resolved.words) {
    for (const auto& [id, weight] : w.terms) {
      const auto it = std::find_if(query.begin(), query.end(), [id = id](const auto& q) { return q.first == id; });
      if (it == query.end()) {
        query.emplace_back(id, weight);
      } else {
        it->second = std::max(it->second, weight);
      }
    }
  }

  if (articles_.empty()) return {};
  std::vector<double> bm25(articles_.size(), 0.0);
  for (const auto& [id, weight] : query) {
    const double w = weight * idf_[id];
    for (const Posting& p : postings_[id]) bm25[p.doc] += w * p.tf * (kK1 + 1) / (p.tf + length_norm_[p.doc]);
  }
  // The second signal: how much of the article's closest paraphrase the message contains.
  std::vector<double> paraphrase(articles_.size(), 0.0);
  {
    struct Cursor {
      const std::vector<std::uint32_t>* list;  // the paraphrases a query term is in
      double information;                      // what the term brings to each of them
    };
    std::vector<Cursor> cursors;
    for (const QueryWord& w : resolved.words) {  // words, not numbers: those are facts, not topics
      for (const auto& [id, weight] : w.terms) {
        if (paraphrases_of_term_[id].empty()) continue;
        // A term reached by two words counts once, with its strongest weight.
        const auto same = std::find_if(cursors.begin(), cursors.end(), [&, id = id](const Cursor& c) { return c.list == &paraphrases_of_term_[id]; });
        if (same == cursors.end()) {
          cursors.push_back({&paraphrases_of_term_[id], weight * idf_[id]});
        } else {
          same->information = std::max(same->information, weight * idf_[id]);
        }
      }
    }
    // Sums per paraphrase in one table, then each touched paraphrase read once: two passes over the
    // lists, whatever the KB's size (a zeroed float per paraphrase is the only per-question table).
    std::vector<float> sums(paraphrases_.size(), 0.0F);
    for (const Cursor& c : cursors) {
      for (std::uint32_t p : *c.list) sums[p] += static_cast<float>(c.information);
    }
    for (const Cursor& c : cursors) {
      for (std::uint32_t p : *c.list) {
        if (sums[p] <= 0) continue;
        const Paraphrase& para = paraphrases_[p];
        paraphrase[para.doc] = std::max(paraphrase[para.doc], std::min(1.0, sums[p] / para.mass));
        sums[p] = 0;  // read once
      }
    }
  }
  const double top_bm25 = *std::max_element(bm25.begin(), bm25.end(), std::less<>());
  std::vector<double> scores(articles_.size(), 0.0);
  std::vector<std::uint32_t> matched;
  for (std::size_t doc = 0; doc < scores.size(); ++doc) {
    if (bm25[doc] <= 0) continue;
    scores[doc] = bm25[doc] / top_bm25 + kParaphraseRankWeight * std::max(0.0, paraphrase[doc] - kParaphraseRankFloor);
    matched.push_back(static_cast<std::uint32_t>(doc));
  }
  // The k best and the one after them (each one's margin is its lead over the next), ties by position.
  const std::size_t wanted = std::min(matched.size(), std::max<std::size_t>(k, 1) + 1);
  std::partial_sort(matched.begin(), matched.begin() + static_cast<std::ptrdiff_t>(wanted), matched.end(),
                    [&](std::uint32_t a, std::uint32_t b) { return scores[a] > scores[b] || (scores[a] == scores[b] && a < b); });
  Ranking ranking;
  ranking.typo_probes = resolved.typo_budget.probes;
  ranking.typo_candidates = resolved.typo_budget.candidates;
  const std::size_t kept = std::min(matched.size(), std::max<std::size_t>(k, 1));
  for (std::size_t i = 0; i < kept; ++i) {
    const std::uint32_t doc = matched[i];
    // Only the best one leads; the others trail it, so they have no margin of their own.
    const double rival = i == 0 ? (wanted > 1 ? scores[matched[1]] : 0.0) : scores[doc];
    MatchEvidence e = evidence_for(resolved, query, doc, bm25[doc]);
    e.margin = std::max(0.0, (scores[doc] - rival) / scores[doc]);
    e.paraphrase = paraphrase[doc];
    ranking.ranked.push_back({doc, scores[doc], e});
  }
  return ranking;
}

}  // namespace duet::kb
