#pragma once
// Phase 1: a fixed offered load on 1, 2 or 3 nodes. Every customer is with an agent and sends at a
// fixed rate (open loop), its agent replies to each message at once; customers and agents connect
// to the nodes round robin, so on n nodes (n-1)/n of the sessions are on a follower and their frames
// cross Redis to the leader's hub and back.
#include <string>
#include <vector>

#include "nodes.hpp"

namespace duet::bench {

struct ChatLoad {
  int customers = 200;
  int agents = 24;
  double rate = 5;        // messages per second per customer
  std::size_t size = 64;  // bytes of text per message
  double seconds = 10;    // measured, after a second of warm-up
  int capacity() const { return (customers + agents - 1) / agents + 1; }
  double offered() const { return 2 * customers * rate; }  // deliveries per second asked for
};

struct ChatResult {
  double seconds = 0;
  long relayed = 0;               // deliveries in the window (customer -> agent, agent -> customer)
  long sent = 0, answered = 0;    // the whole run: customer messages, and the agent replies they got
  long errors = 0;                // error frames any client received
  std::vector<double> rtt_ms;
  std::vector<double> node_cpu;   // per node, in the window
  double pg_cpu = 0, redis_cpu = 0;
  double published = 0, received = 0, dropped = 0;  // Redis messages, summed over nodes (whole run)
  std::string logs;               // warn/error lines of the nodes
  double per_s() const { return relayed / seconds; }
  double node_cpu_total() const;
};

ChatResult run_chat(const Backends& b, const std::string& name, int nodes, bool cluster, const ChatLoad& load,
                    const std::filesystem::path& work);

}  // namespace duet::bench
