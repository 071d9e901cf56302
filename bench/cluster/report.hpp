#pragma once
// The markdown section bench/cluster.sh writes into docs/benchmarks.md (section "cluster").
#include <ostream>
#include <string>
#include <vector>

#include "chat.hpp"
#include "failover.hpp"
#include "rush.hpp"

namespace duet::bench {

struct RunInfo {
  std::string commit, date, pg_version, redis_version;
};

struct ChatRow {
  std::string label;
  int nodes = 1;
  bool cluster = true;
  ChatResult r;
};

struct RushRow {
  std::string label;
  RushLoad load;
  RushResult r;              // the run with the median p50
  std::vector<double> p50s;  // every run's p50, in order
};

void write_report(std::ostream& out, const RunInfo& info, const ChatLoad& chat, const std::vector<ChatRow>& rows,
                  const std::vector<RushRow>& rush, const FailoverLoad& fail_load,
                  const std::vector<FailoverResult>& failover);

}  // namespace duet::bench
