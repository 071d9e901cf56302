#pragma once
// Typo tolerance for the knowledge-base assistant: finds the vocabulary terms within a small
// Damerau-Levenshtein distance (optimal string alignment: a letter dropped, added, changed, or two
// neighbours swapped) of a word the index does not know. One edit for words of 4-7 letters, two for
// longer ones. Every term's deletions up to that depth are indexed by hash (symmetric deletion), so a
// lookup costs a bounded number of hash probes, never a scan of the vocabulary.
//
// The work is bounded by construction, whatever the customer sends: words longer than kMaxLength are
// not corrected at all, each word generates at most kMaxProbesPerWord deletion probes and examines at
// most kMaxCandidates candidate terms, and a TypoBudget caps what one message may spend in total.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace duet::kb {

// What correcting the words of one message may still cost, and what it did cost.
struct TypoBudget {
  static constexpr std::size_t kProbesPerMessage = 600;  // a few long typos, many short ones
  std::size_t probes_left = kProbesPerMessage;
  std::size_t probes = 0;      // deletion variants hashed and looked up
  std::size_t candidates = 0;  // terms whose distance was computed
};

struct NearTerm {
  std::uint32_t id = 0;
  int distance = 0;
};

class TypoIndex {
 public:
  // Shortest word (in code points) that is corrected; shorter words are too ambiguous.
  static constexpr std::size_t kMinLength = 4;
  // Longest word that is corrected: nothing a customer types by mistake is longer.
  static constexpr std::size_t kMaxLength = 20;
  static constexpr std::size_t kMaxProbesPerWord = 1 + kMaxLength + kMaxLength * (kMaxLength - 1) / 2;
  static constexpr std::size_t kMaxCandidates = 48;

  // Edits allowed for a word of `length` code points (0 outside [kMinLength, kMaxLength]).
  static int max_distance(std::size_t length);

  // Indexes `term` under `id`. Several terms may share an id (a synonym's spelling finds its canonical
  // word); a term added twice keeps its first id.
  void add(std::string_view term, std::uint32_t id);
  // Known terms within max_distance of `word`, closest first (ties in the order they were added);
  // empty when none, when `word` is itself known, or when the budget is spent.
  std::vector<NearTerm> near(std::string_view word, TypoBudget& budget) const;
  std::size_t size() const { return terms_.size(); }

 private:
  struct Term {
    std::u32string spelling;
    std::uint32_t id;
  };
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> by_deletion_;  // hash -> positions in terms_
  std::unordered_map<std::string, std::uint32_t> known_;                       // spelling -> position
  std::vector<Term> terms_;
};

}  // namespace duet::kb
