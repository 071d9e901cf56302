#pragma once
// Phase 3: failover on three nodes. A customer on a follower chats with an agent on the other
// follower (a message every 200 ms, each answered at once); then kill -9 of the leader (the hub moves
// after lease_ms) or of the customer's node (the customer moves); the customer sends a message in the
// same instant. Measured from the kill: the next agent message the customer is delivered, and the
// first answer to a message it sent at or after the kill.
#include <string>
#include <vector>

#include "nodes.hpp"

namespace duet::bench {

enum class Victim { leader, customer_node };

struct FailoverResult {
  Victim victim = Victim::leader;
  std::vector<double> next_ms, flowing_ms;  // per trial
  std::vector<double> leader_ms;            // kill -> a surviving node reports it leads (leader kills)
  int trials = 0, failed = 0;               // failed: no answer within the deadline
  long sent = 0, acked = 0, answered = 0, duplicates = 0;  // summed over trials, after a drain
  int reconnects = 0, agent_reconnects = 0;
};

struct FailoverLoad {
  int repeats = 3;
  int lease_ms = 1000;
};

// Both kinds on one cluster (a killed node is started again between trials).
std::vector<FailoverResult> run_failover(const Backends& b, const FailoverLoad& load, const std::filesystem::path& work,
                                         std::string& logs);

}  // namespace duet::bench
