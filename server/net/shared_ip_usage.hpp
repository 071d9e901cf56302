#pragma once
// Per-client-address use that the other nodes of a cluster must count too, so that the per-IP
// limits (messages, WebSocket connections) hold across nodes. Each node reports, every half second
// and through Redis (cluster_node.cpp), the messages each address sent since the last report and the
// current connection count of each address whose count changed; a node that is just (re)connected
// reports every count it has and asks the others for theirs. What other nodes report is charged to
// this node's buckets and added to its connection counts. Reports lost to a broken link only make
// the limits looser for a moment: counts are absolute and repaired by the next report or snapshot.
// Inactive (every call returns at once) until enable(): one node has nobody to tell.
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace duet::server {

class IpLimits;
class Registry;

class SharedIpUsage {
 public:
  struct Report {
    bool full = false;       // `connections` is every address this node has (others not listed: 0)
    bool want_full = false;  // the sender knows nothing of the others: each answers with a full report
    std::vector<std::pair<std::string, std::uint32_t>> messages;     // address, messages since the last report
    std::vector<std::pair<std::string, std::uint32_t>> connections;  // address, connections now
  };

  void enable() { enabled_ = true; }
  bool enabled() const { return enabled_; }

  // This node's sessions.
  void message_taken(const std::string& ip);
  void connections_changed(const std::string& ip);
  // What this node did since the last report (the connection counts are read from `registry`).
  Report take_report(const Registry& registry, bool full);

  // Other nodes'.
  int remote_connections(const std::string& ip) const;
  void apply(std::int64_t node, const Report& r, IpLimits& limits, double now_s);
  void forget(std::int64_t node);  // it is gone: its connections are too
  void forget_all();
  std::set<std::int64_t> nodes() const;

 private:
  std::atomic<bool> enabled_{false};
  mutable std::mutex mutex_;
  std::map<std::string, std::uint32_t> messages_;  // since the last report
  std::set<std::string> changed_;                  // addresses whose connection count changed since
  std::map<std::int64_t, std::map<std::string, std::uint32_t>> remote_;  // node -> address -> connections
  std::map<std::string, int> remote_total_;                                // address -> sum over nodes
};

}  // namespace duet::server
