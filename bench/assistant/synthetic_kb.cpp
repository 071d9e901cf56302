// SyntheticKb (synthetic_kb.hpp). Uses its own splitmix64 generator rather than <random> distributions,
// so the articles are the same with every standard library.
#include "synthetic_kb.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

namespace duet::bench {
namespace {

constexpr std::size_t kVocabularySize = 8000;
constexpr std::size_t kCommonRanks = 400;  // topic words come from below these ranks
constexpr std::array<const char*, 24> kSyllables{"ka", "lo", "mi", "ren", "tas", "vel", "dor", "fin", "sul", "bra", "gor", "pen",
                                                  "tri", "mon", "sa", "ve", "lin", "dus", "ar", "el", "qua", "zen", "pol", "ist"};
constexpr std::array<const char*, 8> kOpeners{"how do I", "why is my", "what happens when my", "can I",
                                              "where is the", "when will my", "is it possible to", "I want to"};

}  // namespace

SyntheticKb::SyntheticKb(std::vector<std::string> seed_words, std::uint64_t seed) : state_(seed) {
  std::unordered_set<std::string> seen;
  for (std::string& w : seed_words) {
    if (vocabulary_.size() < kVocabularySize && seen.insert(w).second) vocabulary_.push_back(std::move(w));
  }
  while (vocabulary_.size() < kVocabularySize) {
    std::string w;
    const std::size_t syllables = 2 + below(3);
    for (std::size_t i = 0; i < syllables; ++i) w += kSyllables[below(kSyllables.size())];
    if (seen.insert(w).second) vocabulary_.push_back(std::move(w));
  }
  double total = 0;
  for (std::size_t rank = 1; rank <= vocabulary_.size(); ++rank) cumulative_.push_back(total += 1.0 / static_cast<double>(rank));
}

std::uint64_t SyntheticKb::next() {  // splitmix64
  std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

double SyntheticKb::uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }

std::size_t SyntheticKb::below(std::size_t n) { return static_cast<std::size_t>(uniform() * static_cast<double>(n)); }

const std::string& SyntheticKb::common_word() {
  const double x = uniform() * cumulative_.back();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), x);
  return vocabulary_[std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_.begin()), vocabulary_.size() - 1)];
}

const std::string& SyntheticKb::topic_word() { return vocabulary_[kCommonRanks + below(vocabulary_.size() - kCommonRanks)]; }

std::vector<Article> SyntheticKb::articles(std::size_t count) {
  std::vector<Article> out;
  out.reserve(count);
  topics_.clear();
  const auto filler = [this](std::string& s, std::size_t words) {
    for (std::size_t i = 0; i < words; ++i) s += " " + common_word();
  };
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<std::string> topic;
    for (int k = 0; k < 4; ++k) topic.push_back(topic_word());
    Article a;
    a.id = "synthetic-" + std::to_string(i);
    a.language = "en";
    a.title = std::string(kOpeners[below(kOpeners.size())]) + " " + topic[0];
    filler(a.title, 1 + below(2));
    a.title += " " + topic[1] + "?";
    for (int q = 0; q < 4; ++q) {
      std::string question = kOpeners[below(kOpeners.size())];
      question += " " + topic[below(topic.size())];
      filler(question, 2 + below(3));
      question += " " + topic[below(topic.size())] + "?";
      a.questions.push_back(std::move(question));
    }
    a.tags = {topic[0], topic[1], topic[2], topic[3]};
    const std::size_t body_words = 60 + below(81);
    for (std::size_t w = 0; w < body_words; ++w) {
      a.body += w == 0 ? "" : (w % 12 == 0 ? ". " : " ");
      a.body += below(10) == 0 ? topic[below(topic.size())] : common_word();
    }
    a.body += ".";
    topics_.push_back(std::move(topic));
    out.push_back(std::move(a));
  }
  return out;
}

std::string SyntheticKb::question_about(const Article& target) {
  const std::size_t index = std::stoul(target.id.substr(target.id.find('-') + 1));
  std::vector<std::string> words{topics_.at(index)[below(4)], topics_.at(index)[below(4)]};
  if (below(10) == 0 && words[0].size() > 5) std::swap(words[0][2], words[0][3]);  // a typo
  std::string q = kOpeners[below(kOpeners.size())];
  for (const std::string& w : words) {
    q += " " + w;
    if (below(2) == 0) q += " " + common_word();
  }
  return q + "?";
}

std::string SyntheticKb::off_topic_question() {
  std::string q = kOpeners[below(kOpeners.size())];
  for (int i = 0; i < 3; ++i) {
    std::string w;
    for (int s = 0; s < 3; ++s) w += "xyq"[below(3)], w += kSyllables[below(kSyllables.size())];
    q += " " + w;
  }
  return q + "?";
}

}  // namespace duet::bench
