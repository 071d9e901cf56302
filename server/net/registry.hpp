#pragma once
// The live WebSocket sessions by id: the hub's Delivery. Also the per-IP connection counts (the
// per-IP message buckets and abuse counts, kept by time, are IpLimits).
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "server/delivery.hpp"
#include "server/net/beast.hpp"

namespace duet::server {

// What the registry needs from a session; the WebSocket session implements it on its strand.
// All thread-safe.
class Connection {
 public:
  virtual ~Connection() = default;
  virtual void send(std::shared_ptr<const std::string> frame) = 0;
  virtual void send_all(std::vector<std::shared_ptr<const std::string>> frames) = 0;  // in order, in one write

  virtual void close(std::uint16_t code, std::string reason) = 0;
  virtual void check_idle(double now_s) = 0;  // pings, idle and close timeouts
};

class Registry final : public Delivery {
 public:
  SessionId next_id();
  // Ids start above `base` (a cluster node's number in the high bits: ids are unique cluster-wide).
  void set_id_base(SessionId base);
  // Every session hears `code` (a cluster node whose leader changed: its clients reconnect and resume).
  void close_all(std::uint16_t code, const std::string& reason);
  void add(SessionId id, std::weak_ptr<Connection> c);
  void remove(SessionId id);
  std::size_t size() const;

  // Delivery: looks the session up under the lock, sends outside it.
  void send(SessionId to, std::shared_ptr<const std::string> frame) override;
  void close(SessionId to, std::uint16_t code, const std::string& reason) override;
  // Hands a commit's parcels to the I/O threads in one post (set_executor: a strand, so commits are
  // delivered in order), where each session gets its frames at once if it is free: the store's
  // thread wakes the I/O side once per commit.
  void deliver(std::vector<Parcel> parcels) override;
  // Before the I/O threads start, and cleared (nullopt) before their io_context goes.
  void set_executor(std::optional<net::any_io_executor> ex);

  // Lets every session check its timers (Server calls it every tick).
  void sweep(double now_s);

  bool acquire_ip(const std::string& ip, int limit);  // false when `ip` already has `limit` connections
  void release_ip(const std::string& ip);
  int connections_of(const std::string& ip) const;
  std::map<std::string, int> connections_by_ip() const;

 private:
  std::shared_ptr<Connection> find(SessionId id) const;

  void deliver_here(std::vector<Parcel>& parcels);
  void drain_outbox();

  std::optional<net::any_io_executor> executor_;
  std::vector<Parcel> outbox_;  // delivered, in order, by the next drain on the executor
  mutable std::mutex mutex_;
  SessionId next_ = 0;
  std::unordered_map<SessionId, std::weak_ptr<Connection>> sessions_;
  std::map<std::string, int> per_ip_;
};

}  // namespace duet::server
