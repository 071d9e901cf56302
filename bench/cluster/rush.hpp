#pragma once
// Phase 2: a rush for humans across the cluster. Every customer, connected to the nodes round robin,
// asks for a person at once; agents signed in across the nodes accept every offer up to their
// capacity. Measured: request_human to the customer's first `queue` event (its place), and how many
// were offered and served within the window.
#include <string>
#include <vector>

#include "nodes.hpp"

namespace duet::bench {

struct RushLoad {
  int nodes = 3;
  bool cluster = true;  // false: one node on SQLite
  int customers = 2000;
  int agents = 50;
  int capacity = 2;
  double linger_s = 2;  // the window runs on this long after the last customer heard its place
  int repeats = 3;      // runs per configuration (a fresh cluster each): the table shows the median one
};

struct RushResult {
  std::vector<double> heard_ms;  // request -> the queue event, per customer that heard it
  std::vector<double> leader_ms, follower_ms;  // the same, by where the customer is connected
  int heard = 0, offered = 0, served = 0, errors = 0;
  double window_s = 0, connect_s = 0;
  std::vector<double> node_cpu;
  double pg_cpu = 0, redis_cpu = 0;
  std::string logs;
};

RushResult run_rush(const Backends& b, const std::string& name, const RushLoad& load, const std::filesystem::path& work);

}  // namespace duet::bench
