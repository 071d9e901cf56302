#pragma once
// What every store backend counts, for /metrics (duet_store_*). Totals since the store opened.
#include <cstdint>

namespace duet::server {

struct StoreCounters {
  std::uint64_t writes_queued = 0;     // writes handed to the store
  std::uint64_t writes_committed = 0;  // writes stored
  std::uint64_t writes_failed = 0;     // write attempts that stored nothing (a retried write counts each time)
  std::uint64_t writes_dropped = 0;    // writes given up for good (never stored): a constraint, a fenced leader
  std::uint64_t batches = 0;           // group commits that stored at least one write
  std::uint64_t commit_us = 0;         // time spent applying batches, in microseconds
};

}  // namespace duet::server
