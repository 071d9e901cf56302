#pragma once
// Which client message ids a conversation has stored, for dedupe: a resent message is recognised
// and acked with its original sequence number. A flat open-addressing table of (hash, seq), 16 bytes
// per message and no strings: the caller confirms each hash match against the transcript, so a
// collision can never make a new message look like a duplicate.
#include <cstdint>
#include <string_view>
#include <vector>

#include "types.hpp"

namespace duet {

class ClientIdIndex {
 public:
  // Client ids are unique per sender: the customer ("" here) and each agent (their id).
  static std::uint64_t hash(std::string_view agent_id, std::string_view cid);

  void add(std::uint64_t hash, Seq seq);
  // Calls `is_it(seq)` for each stored seq with this hash until it returns true; that seq, or 0.
  template <class IsIt>
  Seq find(std::uint64_t hash, IsIt&& is_it) const {
    if (slots_.empty()) return 0;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
      const Slot& s = slots_[i];
      if (s.seq == 0) return 0;
      if (s.hash == hash && is_it(s.seq)) return s.seq;
    }
  }

 private:
  struct Slot {
    std::uint64_t hash = 0;
    Seq seq = 0;  // 0: empty (sequence numbers start at 1)
  };
  void grow();
  std::vector<Slot> slots_;  // a power of two, at most half full
  std::size_t used_ = 0;
};

}  // namespace duet
