// The cluster benchmark's driver (bench/cluster.sh starts PostgreSQL and Redis and passes them in):
// one fixed chat load on one SQLite node and on 1, 2 and 3 cluster nodes, a rush for humans on 3
// nodes, and failover (kill -9 of the leader, of the customer's node). Prints the markdown section;
// progress goes to stderr. Every phase has a deadline.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "common.hpp"
#include "report.hpp"

using namespace duet::bench;

int main(int argc, char** argv) {
  Backends b;
  RunInfo info;
  ChatLoad chat;
  RushLoad rush_load;
  FailoverLoad fail_load;
  std::filesystem::path work = std::filesystem::temp_directory_path() / "duet-bench-cluster";
  std::string only;  // chat | rush | failover: one phase (a trial run)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--pg") b.pg = v;
    else if (a == "--pg-pid") b.pg_pid = std::stoi(v);
    else if (a == "--redis") b.redis = v;
    else if (a == "--redis-pid") b.redis_pid = std::stoi(v);
    else if (a == "--work") work = v;
    else if (a == "--commit") info.commit = v;
    else if (a == "--date") info.date = v;
    else if (a == "--pg-version") info.pg_version = v;
    else if (a == "--redis-version") info.redis_version = v;
    else if (a == "--only") only = v;
    else if (a == "--customers") chat.customers = std::stoi(v);
    else if (a == "--agents") chat.agents = std::stoi(v);
    else if (a == "--rate") chat.rate = std::stod(v);
    else if (a == "--seconds") chat.seconds = std::stod(v);
    else if (a == "--rush-customers") rush_load.customers = std::stoi(v);
    else if (a == "--rush-agents") rush_load.agents = std::stoi(v);
    else if (a == "--rush-repeats") rush_load.repeats = std::stoi(v);
    else if (a == "--repeats") fail_load.repeats = std::stoi(v);
    else if (a == "--lease-ms") fail_load.lease_ms = std::stoi(v);
    else {
      std::cerr << "unknown option " << a << "\n";
      return 2;
    }
  }
  if (b.pg.empty() || b.redis.empty()) {
    std::cerr << "usage: duet-bench-cluster --pg CONNINFO --pg-pid PID --redis HOST:PORT --redis-pid PID [...]"
                 " (bench/cluster.sh passes them)\n";
    return 2;
  }
  try {
    std::vector<ChatRow> rows;
    std::vector<RushRow> rush;
    std::vector<FailoverResult> failover;
    std::string logs;
    if (only.empty() || only == "chat") {
      std::cerr << "one node on SQLite...\n";
      rows.push_back({"1 node, SQLite (no cluster)", 1, false, run_chat(b, "bench_sqlite", 1, false, chat, work)});
      for (int n = 1; n <= 3; ++n) {
        std::cerr << n << " cluster node(s)...\n";
        rows.push_back({std::to_string(n) + (n == 1 ? " node" : " nodes") + ", cluster", n, true,
                        run_chat(b, "bench_chat" + std::to_string(n), n, true, chat, work)});
      }
      for (const auto& row : rows)
        if (!row.r.logs.empty()) std::cerr << "node logs, " << row.label << ": " << row.r.logs << "\n";
    }
    if (only.empty() || only == "rush") {
      for (int n : {0, 1, 3}) {  // 0: one node on SQLite
        RushLoad l = rush_load;
        l.nodes = n == 0 ? 1 : n;
        l.cluster = n > 0;
        const std::string label = n == 0 ? "1 node, SQLite (no cluster)" : std::to_string(n) + (n == 1 ? " node" : " nodes") + ", cluster";
        std::vector<RushResult> runs;
        std::vector<double> p50s;
        for (int k = 0; k < l.repeats; ++k) {
          std::cerr << "rush for humans, " << label << ", run " << k + 1 << "...\n";
          runs.push_back(run_rush(b, "bench_rush" + std::to_string(n), l, work));
          p50s.push_back(pct(runs.back().heard_ms, 0.5));
          if (!runs.back().logs.empty()) std::cerr << "node logs, rush, " << label << ": " << runs.back().logs << "\n";
        }
        std::vector<std::size_t> order(runs.size());
        for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
        std::sort(order.begin(), order.end(), [&](auto x, auto y) { return p50s[x] < p50s[y]; });
        rush.push_back({label, l, runs[order[order.size() / 2]], p50s});
      }
    }
    if (only.empty() || only == "failover") {
      std::cerr << "failover...\n";
      failover = run_failover(b, fail_load, work, logs);
      if (!logs.empty()) std::cerr << "node logs, failover: " << logs << "\n";
    }
    write_report(std::cout, info, chat, rows, rush, fail_load, failover);
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
