#pragma once
// How sure the knowledge-base assistant is of its best article, from the evidence BM25 leaves behind.
namespace duet::kb {

struct MatchEvidence {
  double coverage = 0;  // [0,1] share of the question's information (idf-weighted terms) the article has
  double strength = 0;  // [0,1] the article's score over the best score those terms could reach
  double margin = 0;    // [0,1] how far ahead of the runner-up: (best - second) / best
  double paraphrase = 0;  // [0,1] share of the information of the article's closest paraphrase (title,
                          // a question or a tag) that the message contains
};

// A confidence in [0,1]. Coverage dominates: an article that explains only part of a question is not a
// confident answer to it, however well it matches that part.
double confidence(const MatchEvidence& e);

}  // namespace duet::kb
