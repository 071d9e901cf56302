#pragma once
// Three duet-server processes (the real binary) on one PostgreSQL and one Redis, behind HAProxy, all
// on loopback and started by the test. Nodes can be killed with SIGKILL and started again.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "haproxy_instance.hpp"
#include "redis_instance.hpp"
#include "temp_dir.hpp"

namespace duet::test {

class ClusterOfNodes {
 public:
  // `database`: a fresh PostgreSQL database for this cluster (PgInstance::shared()).
  ClusterOfNodes(const std::string& database, int nodes = 3);
  ~ClusterOfNodes();

  unsigned short lb_port() const { return lb_->port(); }
  unsigned short node_port(int i) const { return ports_[i]; }
  int size() const { return static_cast<int>(ports_.size()); }

  void start_node(int i);  // waits until it listens
  void kill_node(int i);   // SIGKILL: no goodbye, no lease handed on
  bool running(int i) const { return nodes_[i] != nullptr; }
  // The index of the node that leads, once exactly one running node does and every running node
  // takes WebSockets (bounded: nullopt after `timeout_ms`).
  std::optional<int> wait_for_leader(int timeout_ms = 30'000);
  // `name`'s login token, added with the operator command (`duet-server add-agent --config`).
  std::string add_agent(const std::string& name);
  // A gauge or counter on node i's /metrics (0 when absent).
  double metric(int i, const std::string& name);
  std::string log_of(int i) const;  // what the node logged, for failure messages

  RedisInstance redis;

 private:
  TempDir dir_;
  std::vector<unsigned short> ports_;
  std::vector<std::unique_ptr<Child>> nodes_;
  std::unique_ptr<HaproxyInstance> lb_;
};

}  // namespace duet::test
