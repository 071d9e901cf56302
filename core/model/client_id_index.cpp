#include "client_id_index.hpp"

namespace duet {

// FNV-1a over "agent id, separator, cid", then a final mix so that the low bits (the slot) vary.
std::uint64_t ClientIdIndex::hash(std::string_view agent_id, std::string_view cid) {
  std::uint64_t h = 1469598103934665603ull;
  auto feed = [&](std::string_view s) {
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  };
  feed(agent_id);
  h = (h ^ 0xFFu) * 1099511628211ull;  // never part of UTF-8: "ab"+"c" and "a"+"bc" differ
  feed(cid);
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h;
}

void ClientIdIndex::add(std::uint64_t hash, Seq seq) {
  if ((used_ + 1) * 2 > slots_.size()) grow();
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = hash & mask;
  while (slots_[i].seq != 0) i = (i + 1) & mask;
  slots_[i] = {hash, seq};
  ++used_;
}

void ClientIdIndex::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Slot{});
  used_ = 0;
  for (const Slot& s : old)
    if (s.seq != 0) add(s.hash, s.seq);
}

}  // namespace duet
