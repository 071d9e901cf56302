#pragma once
// One node of a cluster (docs/scaling.md): the HubPort its network layer talks to. Every node holds
// WebSocket sessions; one node at a time, the leader (LeaderLease, in PostgreSQL), runs the Hub, and
// the others pass their sessions' frames up to it through Redis and deliver what it decided back down
// (RedisLink, wire.hpp). The hub's commits are fenced by the lease's epoch, so a leader that lost
// its lease can never store or acknowledge anything.
//
// When the leader changes, or this node's link to Redis breaks, every session on the node is
// closed with 1012: clients reconnect (through the load balancer, to any node) and resume by seq
// from PostgreSQL, and resend what was not acknowledged (deduped by cid). That one repair path,
// the one a restart uses, covers every failure; nothing acknowledged can be lost because nothing is
// acknowledged before PostgreSQL committed it.
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "server/cluster/leader_lease.hpp"
#include "server/cluster/redis_link.hpp"
#include "server/cluster/wire.hpp"
#include "server/config.hpp"
#include "server/hub.hpp"
#include "server/hub_port.hpp"
#include "server/metrics.hpp"
#include "server/net/ip_limits.hpp"
#include "server/net/registry.hpp"
#include "server/net/shared_ip_usage.hpp"
#include "server/store/store.hpp"

namespace duet::server {

class ClusterNode final : public HubPort {
 public:
  // Builds this node's hub when it becomes the leader: frames go to `delivery`, resume tokens are
  // signed with the cluster's `secret`.
  using HubFactory = std::function<std::unique_ptr<Hub>(Delivery& delivery, const std::string& secret)>;

  // Joins the cluster (a node number from PostgreSQL; the registry's session ids carry it).
  // Throws std::runtime_error with a message for operators when PostgreSQL cannot be reached.
  ClusterNode(const Config& config, Store& store, Registry& registry, Metrics& metrics, HubFactory make_hub);
  ~ClusterNode() override;

  void start();     // the Redis link and the lease thread
  void tick();      // the hub's timers, where it leads
  void shutdown();  // the leader's hub tells its clients; the others' sessions close (1012)
  void stop();      // hands the lease on at once and stops the threads
  // Agent logins that failed anywhere reach every node's throttle through this.
  void on_login_failed(std::function<void(const std::string& ip)> f) { login_failed_ = std::move(f); }
  void login_failed(const std::string& ip);  // the leader's hub calls it; tells every node
  // The per-IP limits of this node's network layer, shared with the other nodes (wire::Usage).
  void share_limits(SharedIpUsage& usage, IpLimits& limits);

  std::int64_t node() const { return me_; }
  bool leads() const;
  std::shared_ptr<Hub> hub() const;  // null unless this node leads

  // HubPort.
  void customer_open(SessionId s, Peer peer) override;
  void customer_frame(SessionId s, const proto::Message& m) override;
  void customer_closed(SessionId s) override;
  void agent_open(SessionId s, Peer peer) override;
  void agent_frame(SessionId s, const proto::Message& m) override;
  void agent_closed(SessionId s) override;
  void close_after_commit(SessionId s, std::uint16_t code, std::string reason) override;
  std::optional<SiteConfig> site(const std::string& key) const override;
  std::optional<HubStats> hub_stats() const override;
  bool accepting() const override;

 private:
  // The leader's Delivery: frames for this node's sessions to the registry, the others' to their
  // node's channel, one message per node per commit.
  class Fanout final : public Delivery {
   public:
    explicit Fanout(ClusterNode& node) : node_(node) {}
    void send(SessionId to, std::shared_ptr<const std::string> frame) override;
    void close(SessionId to, std::uint16_t code, const std::string& reason) override;
    void deliver(std::vector<Parcel> parcels) override;

   private:
    ClusterNode& node_;
  };

  static constexpr int kNodeShift = 40;  // session id = node << 40 | the node's own count
  static std::int64_t node_of(SessionId s) { return static_cast<std::int64_t>(s >> kNodeShift); }
  static std::string channel_of(std::int64_t node) { return "duet:node:" + std::to_string(node); }
  static constexpr const char* kEveryone = "duet:all";

  void up(wire::Message m);  // to the leader's channel
  std::int64_t leader_epoch() const;
  void on_message(std::string_view payload);
  void apply_up(const wire::Message& m);  // under leading: a remote session's news, to the hub
  void forget_node(Hub& hub, std::int64_t node);
  void forget_remote(Hub& hub);
  void link_up();
  void link_down();
  void lease_loop();
  void beat();
  void become_leader(std::int64_t epoch);
  void load_hub(std::int64_t epoch, std::chrono::steady_clock::time_point started);  // on loader_
  void step_down(const char* why);
  void close_local_sessions(const char* why);
  void publish_figures();
  void report_usage();  // every half second, from tick()
  void on_usage(const wire::Usage& u);

  const Config& config_;
  Store& store_;
  Registry& registry_;
  Metrics& metrics_;
  HubFactory make_hub_;
  LeaderLease lease_;
  std::string secret_;
  std::int64_t me_ = 0;
  Fanout fanout_{*this};
  std::unique_ptr<RedisLink> link_;
  std::function<void(const std::string&)> login_failed_;
  SharedIpUsage* usage_ = nullptr;
  IpLimits* limits_ = nullptr;
  std::atomic<bool> full_report_due_{true};  // at start, after a reconnect, and when a node asks
  std::mutex usage_mutex_;
  std::chrono::steady_clock::time_point last_report_{};
  std::map<std::int64_t, std::chrono::steady_clock::time_point> heard_;  // other nodes' last report

  mutable std::mutex mutex_;
  LeaderLease::View leader_;          // as last seen
  std::int64_t my_epoch_ = -1;        // the epoch this node leads at, or -1
  // Taking over: my_epoch_ is set and the hub is being loaded from PostgreSQL on loader_, while the
  // lease thread goes on renewing (a load longer than the lease must not lose it).
  bool loading() const { return my_epoch_ >= 0 && !hub_; }  // under mutex_
  std::thread loader_;
  std::shared_ptr<Hub> hub_;          // while leading
  std::vector<std::shared_ptr<Hub>> retired_;  // hubs of lost leaderships: work in flight may still call them
  std::chrono::steady_clock::time_point renewed_;
  // The leader's view of other nodes' sessions (to close them in the hub when their node goes).
  std::map<std::int64_t, std::map<SessionId, Role>> remote_;

  std::atomic<bool> fenced_{false}, stopping_{false};
  std::mutex wake_mutex_;
  std::condition_variable wake_;
  std::thread lease_thread_;
};

}  // namespace duet::server
