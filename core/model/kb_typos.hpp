#pragma once
// Typo tolerance for the knowledge-base assistant: finds the vocabulary terms one edit away from a word
// the index does not know (a letter dropped, added, changed, or two neighbours swapped). Every term's
// single-letter deletions are indexed, so a lookup costs a few hash probes, not a scan of the vocabulary.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace duet::kb {

class TypoIndex {
 public:
  // Shortest word (in code points) that is corrected; shorter words are too ambiguous.
  static constexpr std::size_t kMinLength = 5;

  void add(std::string_view term, std::uint32_t id);
  // Ids of the known terms exactly one edit away from `word` (empty when none).
  std::vector<std::uint32_t> near(std::string_view word) const;

 private:
  std::unordered_map<std::string, std::vector<std::uint32_t>> by_deletion_;
  std::unordered_map<std::string, std::uint32_t> by_term_;
  std::vector<std::string> terms_;  // by id, for the final distance check
};

}  // namespace duet::kb
