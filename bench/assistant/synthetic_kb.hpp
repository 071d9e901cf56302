#pragma once
// Deterministic synthetic knowledge bases for the assistant benchmark: articles shaped like the real ones
// (title, four questions, tags, a body of 60-140 words) over a Zipf-distributed vocabulary made of the
// real KB's English words plus generated ones, and questions that target one article each.
#include <cstdint>
#include <string>
#include <vector>

#include "model/kb_assistant.hpp"

namespace duet::bench {

class SyntheticKb {
 public:
  // `seed_words`: real words (most frequent first) that become the common part of the vocabulary.
  SyntheticKb(std::vector<std::string> seed_words, std::uint64_t seed);

  std::vector<Article> articles(std::size_t count);
  // A customer-like question about articles[target] (its topic words, filler, sometimes a typo).
  std::string question_about(const Article& target);
  // A question made of words no article is about.
  std::string off_topic_question();

 private:
  std::uint64_t next();
  double uniform();                 // [0,1)
  std::size_t below(std::size_t n);  // [0,n)
  const std::string& common_word();  // Zipf-distributed over the whole vocabulary
  const std::string& topic_word();   // uniform over the rarer part of the vocabulary

  std::uint64_t state_;
  std::vector<std::string> vocabulary_;
  std::vector<double> cumulative_;  // Zipf weights, cumulative
  std::vector<std::vector<std::string>> topics_;  // per generated article, its topic words
};

}  // namespace duet::bench
