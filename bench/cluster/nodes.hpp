#pragma once
// duet-server nodes for the cluster benchmark: each node's JSON config (as tests/server/
// cluster_fixture.cpp writes it, with the load generator's generous limits), a fresh PostgreSQL
// database per cluster, agents added with the operator command, nodes started and killed (SIGKILL),
// the leader found through /metrics and /healthz. One node without `cluster` (SQLite) is the baseline.
#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/server/process.hpp"

namespace duet::bench {

// What bench/cluster.sh started for every cluster of the run.
struct Backends {
  std::string pg;     // libpq conninfo without dbname: "host=127.0.0.1 port=N user=duet"
  std::string redis;  // host:port
  pid_t pg_pid = 0, redis_pid = 0;
};

struct NodesOptions {
  std::string name;         // the database and the work directory's name
  int nodes = 1;
  bool cluster = true;      // false: one node on SQLite, no cluster section
  int lease_ms = 1000;
  std::string log_level = "warn";
};

class Nodes {
 public:
  Nodes(const Backends& backends, NodesOptions options, const std::filesystem::path& work);
  ~Nodes();
  Nodes(const Nodes&) = delete;
  Nodes& operator=(const Nodes&) = delete;

  // Login tokens of `count` new agents (before the nodes start: the hub loads them at takeover).
  std::vector<std::string> add_agents(int count, int capacity);
  void start(int i);  // waits until it listens (a new port each time)
  void start_all();
  void kill(int i);   // SIGKILL, no goodbye; returns at once (reaped by reap or the destructor)
  void reap(int i);
  // Once exactly one running node leads and every running node answers /healthz 200 (cluster), or
  // the one node answers (SQLite); nullopt after `timeout`.
  std::optional<int> wait_ready(std::chrono::milliseconds timeout);

  int size() const { return static_cast<int>(ports_.size()); }
  unsigned short port(int i) const { return ports_[static_cast<std::size_t>(i)]; }
  bool running(int i) const { return procs_[static_cast<std::size_t>(i)] != nullptr && !killed_[static_cast<std::size_t>(i)]; }
  pid_t pid(int i) const { return procs_[static_cast<std::size_t>(i)]->pid(); }
  // A counter or gauge from node i's /metrics (0 when absent or unreachable).
  double metric(int i, const std::string& name) const;
  // The lines at level warn or error in every node's log so far, as "event ×count" (empty: none).
  std::string log_summary() const;
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path config(int i) const { return dir_ / ("node" + std::to_string(i) + ".json"); }
  void write_config(int i) const;

  Backends backends_;
  NodesOptions options_;
  std::filesystem::path dir_;
  std::string url_;  // with dbname
  std::vector<unsigned short> ports_;
  std::vector<std::unique_ptr<Process>> procs_;
  std::vector<bool> killed_;
  int starts_ = 0;
};

// CPU-seconds of a process and its direct children (PostgreSQL: the postmaster and its backends).
double tree_cpu_seconds(pid_t pid);

}  // namespace duet::bench
