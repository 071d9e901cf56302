// Hub: the human queue. Customers wait in the router's queue (longest wait first); the router picks
// the least-loaded agent who fits; that agent gets an offer and accepts. While offered, a customer is
// out of the router's queue and counts against the agent's capacity; an offer not accepted within
// routing.offer_timeout_s goes back to the queue at the customer's original place.
#include <algorithm>

#include "server/hub.hpp"
#include "server/log.hpp"

namespace duet::server {
namespace {

// The first `max` bytes of `s`, cut at a UTF-8 character boundary, with an ellipsis when cut.
std::string shorten(const std::string& s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

}  // namespace

// Whether anyone can serve the customer is decided before the state changes, so they hear one truthful
// status: in the queue, or offline at once (never "in the queue" then "no one is available").
void Hub::escalate(Txn& t, ConvRt& rt, EscalationReason reason) {
  const std::string intent = brief_of(rt).intent;
  const bool reachable = open_now(rt.conv.site()) && router_.can_serve(rt.conv.language(), intent);
  auto o = rt.conv.request_human(reason, now_, reachable);
  if (o.events.empty()) return;  // already waiting or with a human (closed: see follow_up)
  publish(t, rt, o.events);
  metrics_.escalation(reason);
  rt.intent = intent;
  if (rt.conv.state() == State::waiting_human || !rt.queue_since) rt.queue_since = now_;
  log::info("escalated", {{"conversation", rt.conv.id()}, {"reason", to_string(reason)}, {"intent", rt.intent},
                          {"reachable", reachable}});
  if (!reachable) {
    metrics_.offline();
    return queue_changed(t);
  }
  place_in_queue(t, rt);
}

// Someone who can serve came online (an agent went available, opening hours began): customers still
// on the page in the offline state go back to the queue, at the place they asked for it.
void Hub::requeue_offline(Txn& t) {
  std::vector<ConvRt*> back;
  for (auto& [id, rt] : conversations_)
    if (rt->conv.state() == State::offline && !rt->customers.empty() && humans_available(*rt)) back.push_back(rt.get());
  for (ConvRt* rt : back) requeue(t, *rt);
}

void Hub::requeue(Txn& t, ConvRt& rt) {
  const bool listed = in_inbox(rt);
  auto o = rt.conv.back_to_queue(now_);
  if (o.events.empty()) return;
  publish(t, rt, o.events);
  log::info("requeued", {{"conversation", rt.conv.id()}});
  if (listed) inbox_changed(t);  // they are in the queue now, their message with them
  place_in_queue(t, rt);
}

// The conversation is waiting_human: queue it, or send it offline when nobody can serve it now.
void Hub::place_in_queue(Txn& t, ConvRt& rt, const std::string& preferred_agent) {
  if (!open_now(rt.conv.site()) || !router_.can_serve(rt.conv.language(), rt.intent)) return go_offline(t, rt);
  rt.unservable_since = 0;
  router_.enqueue({rt.conv.id(), rt.conv.language(), rt.intent, rt.queue_since});
  store_.put_queue({rt.conv.id(), rt.conv.language(), rt.intent, rt.queue_since});
  if (!preferred_agent.empty()) make_offer(t, rt, preferred_agent);
  rebalance(t);
  if (queue_dirty_ && router_.waiting(rt.conv.id())) {
    // A rush: the others hear at the next tick, but whoever just asked hears their place now.
    publish_position(t, rt, queue_position(rt), router_.estimate_s(rt.conv.id(), now_));
  }
}

void Hub::go_offline(Txn& t, ConvRt& rt) {
  leave_queue(rt);
  auto o = rt.conv.go_offline(now_);
  if (o.events.empty()) return;
  publish(t, rt, o.events);
  metrics_.offline();
  log::info("offline", {{"conversation", rt.conv.id()},
                        {"open", open_now(rt.conv.site())},
                        {"language", rt.conv.language()},
                        {"intent", rt.intent}});
  queue_changed(t);
}

void Hub::leave_queue(ConvRt& rt) {
  if (!router_.waiting(rt.conv.id())) return;
  router_.dequeue(rt.conv.id());  // and its offer, if it had one
  store_.remove_queue(rt.conv.id());
}

// The router holds offers (one owner: who holds which customer, since when, the slot it takes); the
// hub tells the agent.
void Hub::make_offer(Txn& t, ConvRt& rt, const std::string& agent_id) {
  if (agents_.find(agent_id) == agents_.end()) return;
  router_.enqueue({rt.conv.id(), rt.conv.language(), rt.intent, rt.queue_since});  // idempotent: keeps the place
  router_.offer(rt.conv.id(), agent_id, now_);
  to_agent(t, agent_id, proto::Offer{rt.conv.id(), brief_of(rt, agent_id)});
  log::info("offered", {{"conversation", rt.conv.id()}, {"agent", agent_id}});
}

void Hub::withdraw_offer(ConvRt& rt, bool requeue) { router_.withdraw(rt.conv.id(), requeue); }

bool Hub::offered(const ConvRt& rt) const { return router_.offered_to(rt.conv.id()) != nullptr; }

void Hub::sync_router(const AgentRt& a) {
  router_.set_available(a.row.id, a.online() && a.row.available, a.row.capacity);
}

void Hub::release_agent(ConvRt& rt, const std::string& agent_id) {
  router_.finished(agent_id, rt.conv.id(), now_);
  store_.remove_assignment(rt.conv.id());
}

// Offers for every free slot that fits someone waiting, then fresh positions and the agents' queue.
void Hub::rebalance(Txn& t) {
  for (int pass = 0; pass < 8; ++pass) {  // each pass fills every free slot; a second finds none
    for (auto& [id, a] : agents_) sync_router(a);
    const auto assignments = router_.assign(now_);
    if (assignments.empty()) break;
    for (const Assignment& as : assignments) {
      auto c = conversations_.find(as.conversation);
      if (c == conversations_.end()) {
        router_.dequeue(as.conversation);
        continue;
      }
      make_offer(t, *c->second, as.agent_id);
    }
  }
  queue_changed(t);
  broadcast_agents(t);  // every change of presence or load passes here
}

// While the queue is short everyone hears of a change at once; in a rush (hundreds waiting, every
// arrival moving everyone), positions and the agents' list are refreshed once per tick instead, so
// the work per arrival stays small and nobody gets hundreds of frames a second.
void Hub::queue_changed(Txn& t) {
  if (router_.waiting_count() > kImmediateQueue) {
    queue_dirty_ = true;
    return;
  }
  refresh_queue(t);
}

void Hub::refresh_queue(Txn& t) {
  queue_dirty_ = false;
  update_positions(t);
  broadcast_queue(t);
}

// Each waiting customer hears the position agents see in their queue (longest wait first); the wait
// estimate is the router's, for the agents who can serve them.
void Hub::update_positions(Txn& t) {
  const auto all = router_.standings(now_);
  std::map<std::string_view, const Router::Standing*> standing;
  for (const auto& s : all) standing.emplace(s.conversation, &s);
  int position = 0;
  for (ConvRt* rt : waiting_in_order()) {
    auto it = standing.find(rt->conv.id());
    publish_position(t, *rt, ++position, it == standing.end() ? std::nullopt : it->second->estimate_s);
  }
}

// A waiting customer's queue event (only when it changed). An offered one is about to be taken.
void Hub::publish_position(Txn& t, ConvRt& rt, int position, std::optional<int> estimate_s) {
  if (offered(rt)) estimate_s = 0;
  auto o = rt.conv.update_queue(position, estimate_s.value_or(-1), now_);
  if (o.ok()) publish(t, rt, o.events);
}

// Where a waiting customer stands in the agents' list (offered ones included), without sorting it.
int Hub::queue_position(const ConvRt& rt) const { return router_.waiting_position(rt.conv.id()); }

// The router holds who waits (one list); the hub adds what it knows of each.
std::vector<Hub::ConvRt*> Hub::waiting_in_order() const {
  std::vector<ConvRt*> list;
  for (const WaitingCustomer& w : router_.waiting_in_order())
    if (auto it = conversations_.find(w.conversation); it != conversations_.end()) list.push_back(it->second.get());
  return list;
}

std::vector<proto::QueueEntry> Hub::queue_entries() const {
  std::vector<proto::QueueEntry> out;
  for (const ConvRt* rt : waiting_in_order()) {
    proto::QueueEntry e;
    e.conversation = rt->conv.id();
    e.position = static_cast<int>(out.size()) + 1;
    e.wait_s = static_cast<int>(std::max<TimeMs>(0, now_ - rt->queue_since) / 1000);
    e.language = rt->conv.language();
    e.intent = rt->intent;
    e.reason = rt->conv.escalation_reason();
    if (const std::string* last = last_customer_text(*rt)) e.preview = shorten(*last, 120);
    out.push_back(std::move(e));
  }
  return out;
}

int Hub::agents_available() const {
  return static_cast<int>(std::count_if(agents_.begin(), agents_.end(),
                                        [](const auto& kv) { return kv.second.online() && kv.second.row.available; }));
}

// Sends the queue to every agent when it changed (waits grow on the console's own clock).
void Hub::broadcast_queue(Txn& t, bool force) {
  const auto entries = queue_entries();
  std::string key = std::to_string(agents_available());
  for (const auto& e : entries)
    key += "|" + e.conversation + "," + e.intent + "," + e.preview + "," + std::string(to_string(e.reason));
  metrics_.set_queue_length(static_cast<int>(entries.size()));
  metrics_.set_agents_online(agents_available());
  if (key == last_queue_key_ && !force) return;
  last_queue_key_ = key;
  to_all_agents(t, proto::Queue{entries, agents_available()});
}

void Hub::send_queue(Txn& t, SessionId s) { send(t, s, proto::Queue{queue_entries(), agents_available()}, Role::agent); }

}  // namespace duet::server
