// Hub: lifecycle, sending, conversations, timers. Customer, agent and queue handling live in
// hub_customer.cpp, hub_agent.cpp and hub_queue.cpp.
#include "server/hub.hpp"

#include <algorithm>
#include <unordered_set>

#include "model/brief.hpp"
#include "server/crypto.hpp"
#include "server/log.hpp"

namespace duet::server {

Hub::Hub(const Config& config, Store& store, AnswerService& answers, Delivery& delivery, Metrics& metrics,
         std::string secret, std::function<TimeMs()> clock)
    : config_(config),
      limits_{config.limits.max_frame_bytes, config.limits.max_text_bytes},
      store_(store),
      answers_(answers),
      delivery_(delivery),
      metrics_(metrics),
      signer_(std::move(secret)),
      clock_(std::move(clock)) {
  for (const auto& s : config.sites) sites_[s.key] = s;
  writes_dropped_seen_ = store_.counters().writes_dropped;  // a hub that took over counts from here
  router_.set_skilled_intents(config.routing.skilled_intents);
}

// Reads in flight finish (nothing new starts); frames still queued behind the store refer to this
// hub: let them go out first.
Hub::~Hub() {
  reads_.stop();
  store_.flush();
}

// Hands the frames to the store's queue: they go out once everything written before them is
// committed. Called under the lock, so frames leave in the order the operations happened.
void Hub::commit(Txn& t) {
  if (t.out.empty()) return;
  store_.when_durable([this, out = std::move(t.out)](bool durable) mutable { after_commit(std::move(out), durable); });
}

// Instead of an ack: the client keeps the message and sends it again.
Hub::Outbound Hub::not_stored(const Outbound& ack) {
  const proto::Error e = proto::make_error(proto::ErrorCode::internal,
                                           "the message could not be stored; it will be sent again", {}, ack.ack_cid);
  return {ack.to, std::make_shared<const std::string>(proto::serialize(e)), {}, false, 0, {}};
}

// On the store's writer thread, one callback at a time. A frame never goes out before what it says
// is stored: a client that saw an event the store lost (a node fenced mid-write) would resume past
// the seq the next writer gives to another one. When a commit fails, the store tries its writes
// again; the frames wait, in order, for the first callback that says durable, and acks become
// errors now (the client resends; the resend is acked once the write went in). A write the store
// gave up on (fenced, a constraint) never comes: its frames must never go out.
void Hub::after_commit(std::vector<Outbound> out, bool durable) {
  const std::uint64_t dropped = store_.counters().writes_dropped;
  if (dropped != writes_dropped_seen_) {
    writes_dropped_seen_ = dropped;
    return forget_unstored(std::move(out));
  }
  if (durable) {
    if (!unstored_.empty()) {
      out.insert(out.begin(), std::make_move_iterator(unstored_.begin()), std::make_move_iterator(unstored_.end()));
      unstored_.clear();
    }
    return delivery_.deliver(parcels_of(out));
  }
  std::vector<Outbound> now;
  for (Outbound& o : out) {
    if (!o.ack_cid.empty()) {
      now.push_back(not_stored(o));
    } else if (unstored_.size() < kUnstoredFramesCap || o.close) {
      unstored_.push_back(std::move(o));
    } else {
      // A long outage: this session stops waiting; it resumes from what was stored once it reconnects.
      now.push_back(Outbound{o.to, nullptr, {}, true, close_code::try_later, "the store is unavailable"});
    }
  }
  delivery_.deliver(parcels_of(now));
}

// What the sessions were to be shown may never be stored: each of them gets its acks as errors
// (the client resends) and is closed, so that it resumes from what the store has.
void Hub::forget_unstored(std::vector<Outbound> out) {
  out.insert(out.begin(), std::make_move_iterator(unstored_.begin()), std::make_move_iterator(unstored_.end()));
  unstored_.clear();
  std::vector<Outbound> now;
  std::unordered_set<SessionId> closing;
  for (const Outbound& o : out) {
    if (!o.ack_cid.empty()) {
      now.push_back(not_stored(o));
    }
    closing.insert(o.to);
  }
  for (SessionId s : closing)
    now.push_back(Outbound{s, nullptr, {}, true, close_code::try_later, "the store lost a write; resume"});
  delivery_.deliver(parcels_of(now));
}

// Each session's frames travel together (one write on its connection), in the order decided. Most
// operations write to a session or three (a linear look-up); a tick in a rush writes to thousands,
// which get an index.
std::vector<Parcel> Hub::parcels_of(const std::vector<Outbound>& out) {
  std::vector<Parcel> parcels;
  std::unordered_map<SessionId, std::size_t> index;
  auto parcel_of = [&](SessionId to) -> Parcel& {
    if (index.empty()) {
      for (Parcel& p : parcels)
        if (p.to == to) return p;
      if (parcels.size() < 8) return parcels.emplace_back(Parcel{to, {}, false, 0, {}});
      for (std::size_t i = 0; i < parcels.size(); ++i) index.emplace(parcels[i].to, i);
    }
    auto [it, fresh] = index.try_emplace(to, parcels.size());
    if (fresh) parcels.push_back(Parcel{to, {}, false, 0, {}});
    return parcels[it->second];
  };
  for (const Outbound& o : out) {
    Parcel& p = parcel_of(o.to);
    if (p.close) continue;  // nothing follows a close
    if (o.close) {
      p.close = true;
      p.code = o.code;
      p.reason = o.reason;
    } else {
      p.frames.push_back(o.frame);
    }
  }
  return parcels;
}

void Hub::close_after_commit(SessionId s, std::uint16_t code, std::string reason) {
  locked([&](Txn& t) {
    // Behind the frames waiting for a read: their answers (acks) go out before the close.
    if (waits_for_read(s)) return hold(s, [this, s, code, reason](Txn& later) { close(later, s, code, reason); });
    close(t, s, code, std::move(reason));
  });
}

void Hub::upsert_site(const SiteConfig& site) {
  std::lock_guard lock(mutex_);
  sites_[site.key] = site;
}

std::optional<SiteConfig> Hub::site(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = sites_.find(key);
  if (it == sites_.end()) return std::nullopt;
  return it->second;
}

std::vector<SiteConfig> Hub::sites() const {
  std::lock_guard lock(mutex_);
  std::vector<SiteConfig> out;
  for (const auto& [key, s] : sites_) out.push_back(s);
  return out;
}

// ---- sending ----

void Hub::send(Txn& t, SessionId to, const proto::Message& m, Role role) {
  auto frame = std::make_shared<const std::string>(role == Role::customer ? proto::serialize_for_customer(m)
                                                                          : proto::serialize(m));
  t.out.push_back({to, std::move(frame)});
}

void Hub::send_ack(Txn& t, SessionId to, const std::string& cid, Seq seq, const std::string& conversation) {
  proto::Ack ack{cid, seq, conversation};
  t.out.push_back({to, std::make_shared<const std::string>(proto::serialize(ack)), cid});
}

void Hub::send_error(Txn& t, SessionId to, proto::ErrorCode code, std::string message, std::string field,
                     std::string cid) {
  metrics_.error_sent(code);
  send(t, to, proto::make_error(code, std::move(message), std::move(field), std::move(cid)), Role::agent);
}

void Hub::close(Txn& t, SessionId to, std::uint16_t code, std::string reason) {
  Outbound o;
  o.to = to;
  o.close = true;
  o.code = code;
  o.reason = std::move(reason);
  t.out.push_back(std::move(o));
}

void Hub::to_customers(Txn& t, const ConvRt& rt, const proto::Message& m) {
  if (rt.customers.empty()) return;
  auto frame = std::make_shared<const std::string>(proto::serialize_for_customer(m));
  for (SessionId s : rt.customers)
    if (rt.live(s)) t.out.push_back({s, frame});
}

void Hub::to_agent(Txn& t, const std::string& agent_id, const proto::Message& m) {
  auto it = agents_.find(agent_id);
  if (it == agents_.end() || it->second.sessions.empty()) return;
  auto frame = std::make_shared<const std::string>(proto::serialize(m));
  for (SessionId s : it->second.sessions) t.out.push_back({s, frame});
}

void Hub::to_all_agents(Txn& t, const proto::Message& m) {
  std::shared_ptr<const std::string> frame;
  for (const auto& [s, as] : agent_sessions_) {
    if (as.agent_id.empty()) continue;
    if (!frame) frame = std::make_shared<const std::string>(proto::serialize(m));
    t.out.push_back({s, frame});
  }
}

void Hub::publish(Txn& t, ConvRt& rt, const std::vector<Event>& events, const std::string& also_agent,
                  bool to_assigned_agent) {
  if (events.empty()) return;
  store_.append_events(rt.conv.id(), events);
  rt.last_activity = now_;
  const std::string assigned = to_assigned_agent ? rt.conv.agent_id() : std::string();
  for (const Event& e : events) {
    if (e.kind == EventKind::message) metrics_.message(e.speaker);
    if (e.kind == EventKind::agent_joined) rt.human_involved = true;
    if (e.kind == EventKind::state && e.state == State::closed) metrics_.conversation_closed(rt.human_involved);

    // Serialised once per audience; when the customer view is the event itself (no agent id), once.
    const proto::EventMsg m{rt.conv.id(), e};
    std::shared_ptr<const std::string> agent_frame;
    auto for_agents = [&] {
      if (!agent_frame) agent_frame = std::make_shared<const std::string>(proto::serialize(m));
      return agent_frame;
    };
    if (e.visible_to_customer() && !rt.customers.empty()) {
      auto frame = e.agent_id.empty() ? for_agents()
                                      : std::make_shared<const std::string>(proto::serialize_for_customer(m));
      for (SessionId s : rt.customers)
        if (rt.live(s)) t.out.push_back({s, frame});
    }
    for (const std::string* agent : {&assigned, &also_agent}) {
      if (agent->empty() || (agent == &also_agent && also_agent == assigned)) continue;
      auto it = agents_.find(*agent);
      if (it == agents_.end()) continue;
      for (SessionId s : it->second.sessions) t.out.push_back({s, for_agents()});
    }
  }
}

// ---- conversations ----

Hub::ConvRt* Hub::loaded(const std::string& id) {
  auto it = conversations_.find(id);
  return it == conversations_.end() ? nullptr : it->second.get();
}

// Closed conversations leave memory after a while; a resume (or an agent) brings them back.
Hub::ConvRt& Hub::install(StoredConversation stored, Earlier earlier) {
  const std::string id = stored.row.id;
  Conversation c = Conversation::replay(stored.row.id, stored.row.site, stored.row.language, stored.row.created,
                                        stored.events, stored.row.context);
  auto rt = runtime_of(std::move(c));
  for (const Event& e : rt->conv.events())
    if (e.kind == EventKind::agent_joined) rt->human_involved = true;
  rt->last_activity = now_;
  rt->earlier = std::move(earlier);
  inbox_left_.erase(id);  // in memory again: the inbox reads it from there
  return *conversations_.emplace(id, std::move(rt)).first->second;
}

std::unique_ptr<Hub::ConvRt> Hub::runtime_of(Conversation c) const {
  c.set_size_limits({config_.limits.conversation_events, config_.limits.conversation_bytes});
  return std::make_unique<ConvRt>(std::move(c));
}

// 80 random bits: ids are not secrets (resume tokens are signed) but must never collide.
std::string Hub::new_conversation_id() { return "c_" + crypto::hex(crypto::random_bytes(10)); }

Hub::ConvRt& Hub::adopt(Conversation c, const std::string& previous_id) {
  const std::string id = c.id();
  auto rt = runtime_of(std::move(c));
  rt->last_activity = now_;
  ConvRt& ref = *conversations_.emplace(id, std::move(rt)).first->second;
  ConversationRow row{ref.conv.id(), ref.conv.site(), ref.conv.language(), previous_id, ref.conv.created_at(),
                      ref.conv.context()};
  store_.save_conversation(row);
  metrics_.conversation_started();
  return ref;
}

Hub::ConvRt& Hub::create(const std::string& site, const std::string& language, const Context& context) {
  Conversation c(new_conversation_id(), site, language, now_);
  c.set_context(context);
  return adopt(std::move(c), {});
}

void Hub::save_row(const ConvRt& rt) {
  store_.save_conversation({rt.conv.id(), rt.conv.site(), rt.conv.language(), rt.conv.previous_id(),
                            rt.conv.created_at(), rt.conv.context()});
}

Brief Hub::brief_of(const ConvRt& rt, const std::string& for_agent) const {
  // The summary is written in the language the agent reads first (their first listed language).
  std::string summary_language = rt.conv.language();
  if (auto a = agents_.find(for_agent); a != agents_.end() && !a->second.row.languages.empty())
    summary_language = a->second.row.languages.front();
  // A follow-up's story starts in the conversation it continues.
  std::vector<Event> story = rt.earlier ? proto::customer_view(*rt.earlier) : std::vector<Event>{};
  const auto now = proto::customer_view(rt.conv.events());
  story.insert(story.end(), now.begin(), now.end());
  Brief b = make_brief(story, rt.conv.context(), rt.conv.escalation_reason(), rt.conv.language(),
                       [this](const std::string& id, const std::string& lang) { return answers_.title_of(id, lang); },
                       summary_language);
  b.previous = rt.conv.previous_id();
  return b;
}

// The end of a closed conversation, as much as one page of the transcript holds.
Hub::Earlier Hub::earlier_of(const std::vector<Event>& events) const {
  const std::size_t keep = std::min(events.size(), config_.limits.replay_page_events);
  return std::make_shared<const std::vector<Event>>(events.end() - static_cast<std::ptrdiff_t>(keep), events.end());
}

Hub::Earlier Hub::read_earlier(const StoredConversation& stored) {
  if (stored.row.previous_id.empty()) return {};
  auto previous = store_.load_conversation(stored.row.previous_id);
  return previous ? earlier_of(previous->events) : Earlier{};
}

const std::string* Hub::last_customer_text(const ConvRt& rt) const {
  const auto& events = rt.conv.events();
  for (auto it = events.rbegin(); it != events.rend() && it->kind != EventKind::ai_resumed; ++it)
    if (it->kind == EventKind::message && it->speaker == Speaker::customer) return &it->text;
  return nullptr;
}

bool Hub::open_now(const std::string& site) const {
  auto it = sites_.find(site);
  return it == sites_.end() || it->second.hours.open_at(now_);
}

bool Hub::humans_available(const ConvRt& rt) const {
  return open_now(rt.conv.site()) && router_.can_serve(rt.conv.language(), rt.intent);
}

// The transcript goes in pages: a connection that asks for it and never reads holds one page, not a
// copy of the whole conversation.
Page Hub::page_of(ConvRt& rt, SessionId s, Seq after) {
  const auto& L = config_.limits;
  Page page = rt.conv.page_since(after, /*customer_view=*/true, L.replay_page_events, L.replay_page_bytes);
  if (page.more) rt.catching_up.insert(s);
  else rt.catching_up.erase(s);
  return page;
}

void Hub::send_welcome(Txn& t, SessionId s, ConvRt& rt, Seq after) {
  proto::Welcome w;
  w.conversation = rt.conv.id();
  w.resume = signer_.issue(rt.conv.id(), rt.conv.site(), now_);  // a fresh one on every welcome
  w.state = rt.conv.state();
  Page page = page_of(rt, s, after);
  w.events = std::move(page.events);
  w.more = page.more;
  w.humans_available = humans_available(rt);
  w.agent_name = rt.conv.agent_name();
  w.queue_position = rt.conv.queue_position();
  w.estimate_s = rt.conv.estimate_s();
  w.read_seq = rt.conv.receipt(Speaker::agent).read;
  w.delivered_seq = rt.conv.receipt(Speaker::agent).delivered;
  if (rt.earlier && after == 0) {  // the first welcome of this tab: what came before, above
    w.previous = rt.conv.previous_id();
    w.earlier = *rt.earlier;
  }
  send(t, s, w, Role::customer);
}

// ---- restart ----

void Hub::load() {
  std::lock_guard lock(mutex_);
  now_ = clock_();
  const TimeMs keep = static_cast<TimeMs>(config_.store.keep_closed_hours) * 3600 * 1000;
  StoredState st = store_.load(now_ - keep);
  for (const AgentRow& a : st.agents) add_agent(a);
  for (auto& sc : st.conversations) {
    Conversation c = Conversation::replay(sc.row.id, sc.row.site, sc.row.language, sc.row.created, sc.events,
                                          sc.row.context);
    auto rt = runtime_of(std::move(c));
    for (const Event& e : rt->conv.events())
      if (e.kind == EventKind::agent_joined) rt->human_involved = true;
    rt->last_activity = now_;
    rt->earlier = read_earlier(sc);  // at start, before any client: reading here stalls no one
    rt->intent = brief_of(*rt).intent;
    conversations_.emplace(sc.row.id, std::move(rt));
  }
  std::map<std::string, const QueueRow*> queue;
  for (const auto& q : st.queue) queue[q.conversation] = &q;
  std::map<std::string, const AssignmentRow*> assigned;
  for (const auto& a : st.assignments) assigned[a.conversation] = &a;

  int waiting = 0, with_human = 0;
  for (auto& [id, rt] : conversations_) {
    const State s = rt->conv.state();
    if (s == State::waiting_human) {
      auto q = queue.find(id);
      rt->queue_since = q != queue.end() ? q->second->since : rt->conv.queued_at();
      if (q != queue.end() && !q->second->intent.empty()) rt->intent = q->second->intent;
      router_.enqueue({id, rt->conv.language(), rt->intent, rt->queue_since});
      ++waiting;
    } else if (s == State::with_human) {
      auto a = assigned.find(id);
      rt->queue_since = a != assigned.end() ? a->second->since : rt->conv.queued_at();
      const std::string agent = rt->conv.agent_id();
      auto ag = agents_.find(agent);
      if (ag != agents_.end()) {
        router_.assigned(agent, id, a != assigned.end() ? a->second->assigned_at : now_);
        // The agent was connected to the old process: give them the grace period to come back.
        ag->second.grace_until = now_ + static_cast<TimeMs>(config_.routing.grace_s) * 1000;
      }
      ++with_human;
    }
  }
  metrics_.set_queue_length(static_cast<int>(router_.waiting_count()));
  log::info("store_loaded", {{"conversations", conversations_.size()},
                             {"waiting", waiting},
                             {"with_human", with_human},
                             {"agents", agents_.size()}});
}

// ---- timers ----

void Hub::tick() {
  locked([&](Txn& t) {
    bool changed = false;
    // Offers not accepted in time go back to the queue (at the customer's original place).
    const TimeMs offer_ms = static_cast<TimeMs>(config_.routing.offer_timeout_s) * 1000;
    for (const WaitingCustomer& w : router_.waiting_in_order()) {
      const std::string& id = w.conversation;
      auto found = conversations_.find(id);
      if (found == conversations_.end()) continue;
      ConvRt& rt = *found->second;
      const auto at = router_.offered_at(id);
      if (at && now_ - *at >= offer_ms) {
        log::info("offer_expired", {{"conversation", id}, {"agent", *router_.offered_to(id)}});
        withdraw_offer(rt, /*requeue=*/true);
        changed = true;
      }
    }
    // Agents gone past their grace period: their customers go back to the queue at their old place.
    for (auto& [agent_id, a] : agents_) {
      if (!a.grace_until || *a.grace_until > now_) continue;
      a.grace_until.reset();
      const std::vector<std::string> lost = router_.handling(agent_id);
      for (const std::string& id : lost) {
        ConvRt* rt = loaded(id);  // assigned ones stay in memory (evict_idle)
        if (!rt) continue;
        auto o = rt->conv.agent_lost(now_);
        release_agent(*rt, agent_id);
        if (!o.ok()) continue;
        publish(t, *rt, o.events, agent_id);
        metrics_.escalation(EscalationReason::agent_lost);
        log::info("agent_lost", {{"conversation", id}, {"agent", agent_id}});
        place_in_queue(t, *rt);
        changed = true;
      }
    }
    // Customers nobody can serve (closed hours, or every fitting agent gone) take the offline path.
    const TimeMs offline_ms = static_cast<TimeMs>(config_.routing.offline_after_s) * 1000;
    std::vector<ConvRt*> to_offline;
    for (const WaitingCustomer& w : router_.waiting_in_order()) {
      auto found = conversations_.find(w.conversation);
      if (found == conversations_.end()) continue;
      ConvRt& rt = *found->second;
      if (offered(rt)) continue;
      const bool servable = open_now(rt.conv.site()) && router_.can_serve(rt.conv.language(), rt.intent);
      if (servable) {
        rt.unservable_since = 0;
      } else if (rt.unservable_since == 0) {
        rt.unservable_since = now_;
      }
      if (!servable && now_ - rt.unservable_since >= offline_ms) to_offline.push_back(&rt);
    }
    for (ConvRt* rt : to_offline) {
      go_offline(t, *rt);
      changed = true;
    }
    // A site whose opening hours just began: its offline customers still on the page go back to the queue.
    bool opened = false;
    for (const auto& [key, site] : sites_) {
      const bool open = site.hours.open_at(now_);
      auto [it, fresh] = site_open_.try_emplace(key, open);
      if (!fresh && open && !it->second) opened = true;
      it->second = open;
    }
    if (opened) requeue_offline(t), changed = true;
    if (changed) rebalance(t);
    if (queue_dirty_) refresh_queue(t);  // changes coalesced during a rush (queue_changed)

    evict_idle();
    metrics_.set_queue_length(static_cast<int>(router_.waiting_count()));
    metrics_.set_agents_online(agents_available());
  });
}

// Conversations nobody looks at and no human is handling leave memory (they are in the store); a
// resume or an agent loads them again. An offline one leaves its messages behind for the agents'
// inbox. Waiting ones stay: the queue and offers read them on every change.
void Hub::evict_idle() {
  const TimeMs idle_ms = static_cast<TimeMs>(config_.limits.idle_conversation_s) * 1000;
  for (auto it = conversations_.begin(); it != conversations_.end();) {
    const ConvRt& rt = *it->second;
    const State st = rt.conv.state();
    const bool idle = rt.customers.empty() && now_ - rt.last_activity > idle_ms;
    if (!idle || (st != State::closed && st != State::ai && st != State::offline)) {
      ++it;
      continue;
    }
    if (st == State::offline)
      if (auto entry = inbox_entry(rt)) inbox_left_[it->first] = std::move(*entry);
    it = conversations_.erase(it);
  }
}

void Hub::shutdown() {
  locked([&](Txn& t) {
    for (const auto& [s, cs] : customer_sessions_) {
      send_error(t, s, proto::ErrorCode::shutting_down, "the server is restarting; reconnect in a few seconds");
      close(t, s, close_code::restart, "server restarting");
    }
    for (const auto& [s, as] : agent_sessions_) {
      send_error(t, s, proto::ErrorCode::shutting_down, "the server is restarting; reconnect in a few seconds");
      close(t, s, close_code::restart, "server restarting");
    }
    log::info("shutdown", {{"customers", customer_sessions_.size()}, {"agents", agent_sessions_.size()}});
  });
}

Hub::Stats Hub::stats() const {
  std::lock_guard lock(mutex_);
  Stats s;
  s.conversations = conversations_.size();
  s.waiting = static_cast<int>(router_.waiting_count());
  s.agents_available = agents_available();
  s.customer_sessions = customer_sessions_.size();
  s.agent_sessions = agent_sessions_.size();
  return s;
}

}  // namespace duet::server
