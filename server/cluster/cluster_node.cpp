#include "server/cluster/cluster_node.hpp"

#include <unistd.h>

#include "server/log.hpp"
#include "server/store/pg_conn.hpp"
#include "server/store/store_factory.hpp"

namespace duet::server {
namespace {

std::string default_node_name() {
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(::getpid());
}

constexpr std::uint16_t kLeaderChanged = close_code::restart;

}  // namespace

ClusterNode::ClusterNode(const Config& config, Store& store, Registry& registry, Metrics& metrics, HubFactory make_hub)
    : config_(config),
      store_(store),
      registry_(registry),
      metrics_(metrics),
      make_hub_(std::move(make_hub)),
      lease_(postgres_url(config.store), config.cluster.lease_ms) {
  try {
    secret_ = lease_.shared_secret();
    me_ = lease_.join(config.cluster.node.empty() ? default_node_name() : config.cluster.node);
  } catch (const PgError& e) {
    throw std::runtime_error(std::string("cluster: cannot join through PostgreSQL: ") + e.what());
  }
  registry_.set_id_base(static_cast<SessionId>(me_) << kNodeShift);
  log::info("cluster_joined", {{"node", me_}, {"name", config.cluster.node}, {"redis", config.cluster.redis}});
}

ClusterNode::~ClusterNode() { stop(); }

void ClusterNode::start() {
  const auto where = split_host_port(config_.cluster.redis).value();  // validate() checked it
  link_ = std::make_unique<RedisLink>(
      where, std::vector<std::string>{channel_of(me_), kEveryone},
      RedisLink::Handlers{[this](std::string_view, std::string_view payload) { on_message(payload); },
                          [this] { link_up(); }, [this] { link_down(); }});
  link_->start();
  beat();  // lead at once if nobody does
  lease_thread_ = std::thread([this] { lease_loop(); });
}

void ClusterNode::stop() {
  if (stopping_.exchange(true)) return;
  wake_.notify_all();
  if (lease_thread_.joinable()) lease_thread_.join();
  if (loader_.joinable()) loader_.join();
  std::int64_t epoch = -1;
  {
    std::lock_guard lock(mutex_);
    epoch = my_epoch_;
  }
  if (epoch >= 0) {
    try {
      lease_.release(me_, epoch);  // the next node takes over at its next beat, not after a lease
    } catch (const std::exception& e) {
      log::warn("cluster_release_failed", {{"error", e.what()}});
    }
  }
  if (link_) link_->stop();
}

bool ClusterNode::leads() const {
  std::lock_guard lock(mutex_);
  return hub_ != nullptr;
}

std::shared_ptr<Hub> ClusterNode::hub() const {
  std::lock_guard lock(mutex_);
  return hub_;
}

void ClusterNode::tick() {
  if (auto h = hub()) h->tick();
  report_usage();
  publish_figures();
}

void ClusterNode::shutdown() {
  if (auto h = hub()) h->shutdown();
  else close_local_sessions("shutting_down");
}

void ClusterNode::share_limits(SharedIpUsage& usage, IpLimits& limits) {
  usage_ = &usage;
  limits_ = &limits;
  usage.enable();
}

// ---- per-IP limits across nodes ----

namespace {
constexpr auto kUsageEvery = std::chrono::milliseconds(500);
double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }
}  // namespace

void ClusterNode::report_usage() {
  if (!usage_ || !link_ || !link_->is_up()) return;
  const auto now = std::chrono::steady_clock::now();
  // A node silent for this long is gone (or cut off): its connections no longer count.
  const auto silent = std::max<std::chrono::milliseconds>(std::chrono::milliseconds(3 * config_.cluster.lease_ms), 6 * kUsageEvery);
  bool alone = false;
  {
    std::lock_guard lock(usage_mutex_);
    if (now - last_report_ < kUsageEvery) return;
    last_report_ = now;
    for (auto it = heard_.begin(); it != heard_.end();) {
      if (now - it->second > silent) {
        usage_->forget(it->first);
        it = heard_.erase(it);
      } else {
        ++it;
      }
    }
    alone = heard_.empty();
  }
  const bool full = full_report_due_.exchange(false);
  wire::Usage u{me_, usage_->take_report(registry_, full)};
  u.report.want_full = full && alone;  // just (re)connected: the others' counts are wanted too
  link_->publish(kEveryone, wire::encode(u));
}

void ClusterNode::on_usage(const wire::Usage& u) {
  if (!usage_ || u.node == me_) return;
  {
    std::lock_guard lock(usage_mutex_);
    heard_[u.node] = std::chrono::steady_clock::now();
  }
  usage_->apply(u.node, u.report, *limits_, now_s());
  if (u.report.want_full) full_report_due_ = true;
}

void ClusterNode::login_failed(const std::string& ip) {
  if (link_) link_->publish(kEveryone, wire::encode(wire::LoginFailed{ip}));
}

// ---- the network layer's sessions: to this node's hub when it leads, else up to the leader ----

void ClusterNode::up(wire::Message m) {
  std::int64_t leader = 0;
  {
    std::lock_guard lock(mutex_);
    leader = leader_.leader;
  }
  if (leader == 0 || !link_) return;  // nobody leads: the session is closed when someone does
  link_->publish(channel_of(leader), wire::encode(m));
}

std::int64_t ClusterNode::leader_epoch() const {
  std::lock_guard lock(mutex_);
  return leader_.epoch;
}

void ClusterNode::customer_open(SessionId s, Peer peer) {
  if (auto h = hub()) return h->customer_open(s, std::move(peer));
  up(wire::Open{leader_epoch(), s, Role::customer, std::move(peer)});
}

void ClusterNode::customer_frame(SessionId s, const proto::Message& m) {
  if (auto h = hub()) return h->customer_frame(s, m);
  up(wire::Frame{leader_epoch(), s, Role::customer, proto::serialize(m)});
}

void ClusterNode::customer_closed(SessionId s) {
  if (auto h = hub()) return h->customer_closed(s);
  up(wire::Closed{leader_epoch(), s, Role::customer});
}

void ClusterNode::agent_open(SessionId s, Peer peer) {
  if (auto h = hub()) return h->agent_open(s, std::move(peer));
  up(wire::Open{leader_epoch(), s, Role::agent, std::move(peer)});
}

void ClusterNode::agent_frame(SessionId s, const proto::Message& m) {
  if (auto h = hub()) return h->agent_frame(s, m);
  up(wire::Frame{leader_epoch(), s, Role::agent, proto::serialize(m)});
}

void ClusterNode::agent_closed(SessionId s) {
  if (auto h = hub()) return h->agent_closed(s);
  up(wire::Closed{leader_epoch(), s, Role::agent});
}

void ClusterNode::close_after_commit(SessionId s, std::uint16_t code, std::string reason) {
  if (auto h = hub()) return h->close_after_commit(s, code, std::move(reason));
  up(wire::CloseAfterCommit{leader_epoch(), s, code, std::move(reason)});
}

// Sites come from the config and the store at start on every node (add-site reaches a running
// cluster at each node's restart, as on one node).
std::optional<SiteConfig> ClusterNode::site(const std::string& key) const {
  if (auto h = hub()) return h->site(key);
  for (const auto& s : config_.sites)
    if (s.key == key) return s;
  return std::nullopt;
}

std::optional<HubStats> ClusterNode::hub_stats() const {
  if (auto h = hub()) return h->stats();
  return std::nullopt;
}

bool ClusterNode::accepting() const {
  std::lock_guard lock(mutex_);
  return link_ && link_->is_up() && leader_.leader != 0 && !loading() && !stopping_;
}

// ---- what other nodes say (the subscriber thread) ----

void ClusterNode::on_message(std::string_view payload) {
  auto m = wire::decode(payload);
  if (!m) {
    log::error("cluster_bad_message", {{"bytes", payload.size()}});
    return;
  }
  if (auto* parcels = std::get_if<wire::Parcels>(&*m)) return registry_.deliver(std::move(parcels->parcels));
  if (auto* usage = std::get_if<wire::Usage>(&*m)) return on_usage(*usage);
  if (auto* failed = std::get_if<wire::LoginFailed>(&*m)) {
    if (login_failed_) login_failed_(failed->ip);
    return;
  }
  if (auto* reset = std::get_if<wire::Reset>(&*m); reset && reset->node == 0) {
    // The leader's link broke and it forgot every remote session: ours must start again.
    if (reset->epoch == leader_epoch() && !leads()) close_local_sessions("leader_link_reset");
    return;
  }
  apply_up(*m);
}

void ClusterNode::apply_up(const wire::Message& m) {
  std::shared_ptr<Hub> h;
  std::int64_t epoch = -1;
  {
    std::lock_guard lock(mutex_);
    h = hub_;
    epoch = my_epoch_;
  }
  const std::int64_t sent_to = std::visit(
      [](const auto& x) -> std::int64_t {
        if constexpr (requires { x.epoch; }) return x.epoch;
        else return -1;
      },
      m);
  // Meant for an earlier leader (or this node has stepped down): the sender's sessions are closed
  // when it sees the new epoch, and they resume here.
  if (!h || sent_to != epoch) return;
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, wire::Open>) {
          {
            std::lock_guard lock(mutex_);
            remote_[node_of(x.session)][x.session] = x.role;
          }
          if (x.role == Role::customer) h->customer_open(x.session, x.peer);
          else h->agent_open(x.session, x.peer);
        } else if constexpr (std::is_same_v<T, wire::Frame>) {
          const auto& L = config_.limits;
          auto parsed = proto::parse(x.text, proto::Limits{L.max_frame_bytes, L.max_text_bytes});
          if (!parsed) return log::error("cluster_bad_frame", {{"session", x.session}});
          if (x.role == Role::customer) h->customer_frame(x.session, parsed.value());
          else h->agent_frame(x.session, parsed.value());
        } else if constexpr (std::is_same_v<T, wire::Closed>) {
          {
            std::lock_guard lock(mutex_);
            auto it = remote_.find(node_of(x.session));
            if (it != remote_.end()) it->second.erase(x.session);
          }
          if (x.role == Role::customer) h->customer_closed(x.session);
          else h->agent_closed(x.session);
        } else if constexpr (std::is_same_v<T, wire::CloseAfterCommit>) {
          h->close_after_commit(x.session, x.code, x.reason);
        } else if constexpr (std::is_same_v<T, wire::Reset>) {
          forget_node(*h, x.node);
        }
      },
      m);
}

// `node`'s sessions are gone (it died, or its link broke and it closed them): the hub lets go of them
// as if each had disconnected, so an agent's grace period starts and a customer's place is kept.
void ClusterNode::forget_node(Hub& hub, std::int64_t node) {
  std::map<SessionId, Role> sessions;
  {
    std::lock_guard lock(mutex_);
    auto it = remote_.find(node);
    if (it == remote_.end()) return;
    sessions.swap(it->second);
    remote_.erase(it);
  }
  log::info("cluster_node_forgotten", {{"node", node}, {"sessions", sessions.size()}});
  for (const auto& [s, role] : sessions) {
    if (role == Role::customer) hub.customer_closed(s);
    else hub.agent_closed(s);
  }
}

void ClusterNode::forget_remote(Hub& hub) {
  std::vector<std::int64_t> nodes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [n, _] : remote_) nodes.push_back(n);
  }
  for (auto n : nodes) forget_node(hub, n);
}

// ---- the Redis link ----

// Subscribed again after a break: whatever the leader had of this node's sessions is stale (they
// were all closed when the link broke). A leader tells everyone to start again: it forgot them.
void ClusterNode::link_up() {
  full_report_due_ = true;
  const auto epoch = leader_epoch();
  if (leads()) link_->publish(kEveryone, wire::encode(wire::Reset{epoch, 0}));
  else up(wire::Reset{epoch, me_});
}

// Frames to or from this node may have been lost: its sessions reconnect and resume; a leader lets go
// of every remote session (their nodes close them when they hear the reset, or saw the break too).
void ClusterNode::link_down() {
  close_local_sessions("redis_link_down");
  if (usage_) {
    usage_->forget_all();
    std::lock_guard lock(usage_mutex_);
    heard_.clear();
  }
  if (auto h = hub()) forget_remote(*h);
}

void ClusterNode::close_local_sessions(const char* why) {
  log::info("cluster_sessions_closed", {{"node", me_}, {"why", why}, {"sessions", registry_.size()}});
  registry_.close_all(kLeaderChanged, "reconnect: the cluster changed");
}

// ---- the lease ----

void ClusterNode::lease_loop() {
  const auto every = std::chrono::milliseconds(std::max(100, config_.cluster.lease_ms / 3));
  while (!stopping_) {
    {
      std::unique_lock lock(wake_mutex_);
      wake_.wait_for(lock, every, [&] { return stopping_.load() || fenced_.load(); });
    }
    if (stopping_) break;
    if (fenced_.exchange(false)) step_down("fenced: a commit found the lease gone");
    beat();
  }
}

void ClusterNode::beat() {
  std::int64_t held = -1;
  {
    std::lock_guard lock(mutex_);
    held = my_epoch_;
  }
  LeaderLease::View v;
  try {
    v = lease_.beat(me_, held);
  } catch (const std::exception& e) {
    log::warn("cluster_beat_failed", {{"error", e.what()}});
    // PostgreSQL away: nobody can take over (nor commit), so a leader goes on until its lease would
    // have run out, and then stops pretending.
    std::chrono::steady_clock::time_point renewed;
    {
      std::lock_guard lock(mutex_);
      renewed = renewed_;
    }
    if (held >= 0 && std::chrono::steady_clock::now() - renewed > std::chrono::milliseconds(config_.cluster.lease_ms))
      step_down("lease not renewed in time");
    return;
  }
  if (v.leader == me_ && held == v.epoch) {
    std::lock_guard lock(mutex_);
    renewed_ = std::chrono::steady_clock::now();
  } else if (v.leader == me_) {
    become_leader(v.epoch);
  } else {
    if (held >= 0) step_down("another node holds the lease");
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      changed = v.leader != leader_.leader || v.epoch != leader_.epoch;
      leader_ = v;
    }
    if (changed) {
      log::info("cluster_leader", {{"node", me_}, {"leader", v.leader}, {"epoch", v.epoch}});
      close_local_sessions("new_leader");
    }
  }
  std::shared_ptr<Hub> h = hub();
  if (!h) return;
  std::set<std::int64_t> nodes;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [n, sessions] : remote_)
      if (!sessions.empty()) nodes.insert(n);
  }
  try {
    for (auto n : lease_.gone(nodes)) forget_node(*h, n);
  } catch (const std::exception& e) {
    log::warn("cluster_beat_failed", {{"error", e.what()}});
  }
}

// The hub is built from what PostgreSQL holds (every acknowledged message is there), with writes
// fenced at this epoch, on a thread of its own: the lease thread goes on renewing meanwhile, so a
// load that takes longer than the lease does not hand the cluster to another node halfway.
void ClusterNode::become_leader(std::int64_t epoch) {
  if (leads()) step_down("the lease came back at a new epoch");  // its hub decided at the old one
  const auto started = std::chrono::steady_clock::now();
  store_.fence_writes(me_, epoch, [this] {
    fenced_ = true;
    wake_.notify_all();
  });
  {
    std::lock_guard lock(mutex_);
    my_epoch_ = epoch;  // loading(): new sessions wait (503, the client retries) until the hub is here
    renewed_ = started;
    remote_.clear();
  }
  if (loader_.joinable()) loader_.join();  // an earlier takeover's load, long over or about to discard itself
  loader_ = std::thread([this, epoch, started] { load_hub(epoch, started); });
}

void ClusterNode::load_hub(std::int64_t epoch, std::chrono::steady_clock::time_point started) {
  std::shared_ptr<Hub> hub = make_hub_(fanout_, secret_);
  hub->load();
  {
    std::lock_guard lock(mutex_);
    if (my_epoch_ != epoch || stopping_) {  // lost the lease while loading: this hub never runs
      retired_.push_back(std::move(hub));
      return;
    }
    hub_ = hub;
    leader_ = LeaderLease::View{me_, epoch};
  }
  // Sessions opened under the old leader, or on any node while this hub was loading (their frames
  // found no hub here), start again now that it is here.
  close_local_sessions("new_leader");
  if (link_) link_->publish(kEveryone, wire::encode(wire::Reset{epoch, 0}));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
  log::info("cluster_leading", {{"node", me_}, {"epoch", epoch}, {"load_ms", ms.count()}});
  publish_figures();
}

// A hub whose lease is gone keeps nothing: its commits are fenced. It stays in memory (answers in
// flight may still call it) and this node goes on as a gateway; its own sessions start again.
void ClusterNode::step_down(const char* why) {
  std::shared_ptr<Hub> old;
  {
    std::lock_guard lock(mutex_);
    if (!hub_) {
      my_epoch_ = -1;
      return;
    }
    old = std::move(hub_);
    retired_.push_back(old);
    my_epoch_ = -1;
    remote_.clear();
  }
  log::warn("cluster_stepped_down", {{"node", me_}, {"why", why}});
  metrics_.set_queue_length(0);
  metrics_.set_agents_online(0);
  close_local_sessions("stepped_down");
  publish_figures();
}

void ClusterNode::publish_figures() {
  Metrics::ClusterFigures f;
  {
    std::lock_guard lock(mutex_);
    f.leader = hub_ != nullptr;
    f.epoch = static_cast<std::uint64_t>(std::max<std::int64_t>(0, leader_.epoch));
  }
  if (link_) {
    const auto c = link_->counters();
    f.published = c.published;
    f.received = c.received;
    f.dropped = c.dropped;
    f.reconnects = c.reconnects;
  }
  metrics_.set_cluster(f);
}

// ---- the leader's delivery ----

void ClusterNode::Fanout::send(SessionId to, std::shared_ptr<const std::string> frame) {
  Parcel p;
  p.to = to;
  p.frames.push_back(std::move(frame));
  deliver({std::move(p)});
}

void ClusterNode::Fanout::close(SessionId to, std::uint16_t code, const std::string& reason) {
  Parcel p;
  p.to = to;
  p.close = true;
  p.code = code;
  p.reason = reason;
  deliver({std::move(p)});
}

void ClusterNode::Fanout::deliver(std::vector<Parcel> parcels) {
  std::vector<Parcel> here;
  std::map<std::int64_t, wire::Parcels> there;
  for (Parcel& p : parcels) {
    const auto n = node_of(p.to);
    if (n == node_.me_) here.push_back(std::move(p));
    else there[n].parcels.push_back(std::move(p));
  }
  if (!here.empty()) node_.registry_.deliver(std::move(here));
  for (auto& [n, batch] : there) node_.link_->publish(channel_of(n), wire::encode(batch));
}

}  // namespace duet::server
