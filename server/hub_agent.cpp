// Hub: the agent side (/ws/agent): sign-in, status, offers and accept, replies, notes, hand-back,
// transfer, resolve, and the grace period of an agent who lost their connection.
#include <algorithm>
#include <tuple>

#include "server/crypto.hpp"
#include "server/hub.hpp"
#include "server/log.hpp"

namespace duet::server {
namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// The conversation an agent's frame acts on, when it names one.
const std::string* named_conversation(const proto::Message& m) {
  const std::string* id = std::visit(
      overloaded{
          [](const proto::Accept& x) { return &x.conversation; },
          [](const proto::Say& x) { return &x.conversation; },
          [](const proto::Note& x) { return &x.conversation; },
          [](const proto::ReturnToAi& x) { return &x.conversation; },
          [](const proto::Transfer& x) { return &x.conversation; },
          [](const proto::Resolve& x) { return &x.conversation; },
          [](const proto::Typing& x) { return &x.conversation; },
          [](const auto&) -> const std::string* { return nullptr; },
      },
      m);
  return id && !id->empty() ? id : nullptr;
}

}  // namespace

Hub::AgentRt& Hub::add_agent(const AgentRow& row) {
  AgentRt& a = agents_[row.id];
  a.row = row;
  router_.upsert_agent({row.id, row.name, row.languages, row.skills, row.capacity, false});
  sync_router(a);
  return a;
}

void Hub::agent_open(SessionId s, Peer peer) {
  std::lock_guard lock(mutex_);
  agent_sessions_[s] = AgentSession{std::move(peer), {}};
}

void Hub::agent_closed(SessionId s) {
  locked([&](Txn& t) {
    held_.erase(s);  // a read in flight for it finds nobody waiting
    auto it = agent_sessions_.find(s);
    if (it == agent_sessions_.end()) return;
    const std::string agent_id = it->second.agent_id;
    agent_sessions_.erase(it);
    auto a = agents_.find(agent_id);
    if (a == agents_.end()) return;
    a->second.sessions.erase(s);
    if (a->second.online()) return;  // another console of the same agent is still open
    // Offers go back to the queue at once; conversations wait for the grace period.
    for (const std::string& id : router_.offers_of(agent_id)) router_.withdraw(id, /*requeue=*/true);
    const int load = router_.load(agent_id);  // the router holds who handles what
    if (load > 0) a->second.grace_until = now_ + static_cast<TimeMs>(config_.routing.grace_s) * 1000;
    log::info("agent_disconnected", {{"agent", agent_id}, {"conversations", load}});
    sync_router(a->second);
    rebalance(t);
  });
}

void Hub::agent_frame(SessionId s, const proto::Message& m) {
  locked([&](Txn& t) {
    if (waits_for_read(s)) return hold(s, [this, s, m](Txn& later) { on_agent_frame(later, s, m, false); });
    on_agent_frame(t, s, m, false);
  });
}

void Hub::on_agent_frame(Txn& t, SessionId s, const proto::Message& m, bool store_checked) {
  auto it = agent_sessions_.find(s);
  if (it == agent_sessions_.end()) return;
  AgentSession& as = it->second;
  if (as.agent_id.empty()) {
    if (const auto* h = std::get_if<proto::AgentHello>(&m)) return on_agent_hello(t, s, as, *h);
    return send_error(t, s, proto::ErrorCode::unexpected_type,
                      "send agent_hello with your token first: " + std::string(proto::type_name(m)) +
                          " needs a signed-in agent");
  }
  // A conversation that left memory is read first; this frame and the next wait for it.
  if (const std::string* id = named_conversation(m); id && !store_checked && !loaded(*id))
    return read_named_conversation(s, m, *id);
  AgentRt& a = agents_.at(as.agent_id);
  std::visit(overloaded{
                 [&](const proto::AgentHello&) {
                   send_error(t, s, proto::ErrorCode::unexpected_type,
                              "agent_hello was already received on this connection");
                 },
                 [&](const proto::Status& st) { on_status(t, a, st); },
                 [&](const proto::Accept& ac) { on_accept(t, s, a, ac.conversation); },
                 [&](const proto::Say& say) { on_agent_say(t, s, a, say); },
                 [&](const proto::Note& n) { on_note(t, s, a, n); },
                 [&](const proto::ReturnToAi& r) { on_return_to_ai(t, s, a, r.conversation); },
                 [&](const proto::Transfer& tr) { on_transfer(t, s, a, tr); },
                 [&](const proto::Resolve& r) { on_resolve(t, s, a, r.conversation); },
                 [&](const proto::Typing& ty) { on_agent_typing(t, s, a, ty); },
                 [&](const proto::Read& r) { on_agent_read(t, a, r); },
                 [&](const auto& other) {
                   send_error(t, s, proto::ErrorCode::unexpected_type,
                              std::string(proto::type_name(proto::Message(other))) +
                                  " is not an agent message; see docs/protocol.md");
                 },
             },
             m);
}

void Hub::on_agent_hello(Txn& t, SessionId s, AgentSession& as, const proto::AgentHello& h,
                         const std::optional<AgentRow>* from_store) {
  const std::string hash = crypto::token_hash(h.token);
  std::string agent_id;
  for (const auto& [id, a] : agents_)
    if (crypto::equal_constant_time(a.row.token_hash, hash)) agent_id = id;
  if (agent_id.empty()) {
    // Added with `duet-server add-agent` while this process runs: asked of the store, off the lock.
    if (!from_store) return read_agent_token(s, h, hash);
    if (*from_store) agent_id = add_agent(**from_store).row.id;
  }
  if (agent_id.empty()) {
    log::warn("agent_login_failed", {{"ip", as.peer.ip}});
    if (login_failed_) login_failed_(as.peer.ip);
    send_error(t, s, proto::ErrorCode::unauthorized, "unknown or revoked agent token", "token");
    return close(t, s, close_code::policy, "bad agent token");
  }
  AgentRt& a = agents_.at(agent_id);
  as.agent_id = agent_id;
  a.sessions.insert(s);
  a.grace_until.reset();
  sync_router(a);

  proto::AgentWelcome w;
  w.agent_id = a.row.id;
  w.name = a.row.name;
  w.languages = a.row.languages;
  w.skills = a.row.skills;
  w.capacity = a.row.capacity;
  w.available = a.row.available;
  w.canned = config_.canned;
  send(t, s, w, Role::agent);
  if (!broadcast_agents(t)) send(t, s, agents_on_duty(), Role::agent);  // this agent was online already
  send_queue(t, s);
  for (const std::string& id : router_.handling(agent_id))
    if (ConvRt* rt = loaded(id)) send_snapshot(t, agent_id, *rt, s);  // assigned: in memory
  for (const std::string& id : router_.offers_of(agent_id))
    if (ConvRt* rt = loaded(id)) send(t, s, proto::Offer{id, brief_of(*rt, agent_id)}, Role::agent);
  send_inbox(t, s);
  log::info("agent_login", {{"agent", agent_id}, {"conversations", router_.load(agent_id)}, {"available", a.row.available}});
  if (a.row.available) requeue_offline(t);
  rebalance(t);
}

void Hub::on_status(Txn& t, AgentRt& a, const proto::Status& m) {
  a.row.available = m.available;
  a.row.capacity = std::clamp(m.capacity, 0, 50);
  store_.set_agent_status(a.row.id, a.row.available, a.row.capacity);
  if (!a.row.available) {
    for (const std::string& id : router_.offers_of(a.row.id)) router_.withdraw(id, /*requeue=*/true);
  }
  sync_router(a);
  log::info("agent_status", {{"agent", a.row.id}, {"available", a.row.available}, {"capacity", a.row.capacity}});
  if (a.row.available) requeue_offline(t);
  rebalance(t);
  broadcast_queue(t);
}

void Hub::send_snapshot(Txn& t, const std::string& agent_id, const ConvRt& rt, std::optional<SessionId> only) {
  proto::Snapshot snap{rt.conv.id(), rt.conv.state(), brief_of(rt, agent_id), rt.conv.events(), rt.conv.previous_id(),
                       rt.earlier ? *rt.earlier : std::vector<Event>{}};
  snap.read_seq = rt.conv.receipt(Speaker::customer).read;
  snap.delivered_seq = rt.conv.receipt(Speaker::customer).delivered;
  if (only) return send(t, *only, snap, Role::agent);
  to_agent(t, agent_id, snap);
}

void Hub::on_accept(Txn& t, SessionId s, AgentRt& a, const std::string& id) {
  ConvRt* rt = loaded(id);  // on_agent_frame read it from the store if it had left memory
  if (!rt) return send_error(t, s, proto::ErrorCode::no_such_conversation, "no conversation " + id, "conversation");
  const State st = rt->conv.state();
  if (st == State::with_human && rt->conv.agent_id() == a.row.id) return send_snapshot(t, a.row.id, *rt, s);
  if (st != State::waiting_human && st != State::offline)
    return send_error(t, s, proto::ErrorCode::not_allowed,
                      st == State::with_human ? "another agent already took this conversation"
                                              : "the conversation is no longer waiting for a human",
                      "conversation");
  if (router_.load(a.row.id) >= a.row.capacity)
    return send_error(t, s, proto::ErrorCode::not_allowed,
                      "you are at your capacity of " + std::to_string(a.row.capacity) + " conversations",
                      "conversation");
  const bool from_inbox = in_inbox(*rt);
  const std::string contact = from_inbox ? left_message(*rt)->contact : std::string();
  auto o = rt->conv.agent_join(a.row.id, a.row.name, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "conversation");
  if (from_inbox) rt->inbox_contact = contact;

  leave_queue(*rt);
  router_.assigned(a.row.id, id, now_);
  store_.put_assignment({id, a.row.id, rt->queue_since, now_});
  store_.mark_offline_handled(id);
  const double waited_s = static_cast<double>(now_ - (rt->queue_since ? rt->queue_since : now_)) / 1000.0;
  metrics_.time_to_human(waited_s);
  // The agent gets the whole story in one snapshot; the customer sees "<name> (human) joined".
  publish(t, *rt, o.events, {}, /*to_assigned_agent=*/false);
  send_snapshot(t, a.row.id, *rt);
  log::info("accepted", {{"conversation", id}, {"agent", a.row.id}, {"waited_ms", now_ - rt->queue_since},
                         {"from_inbox", from_inbox}});
  if (from_inbox) inbox_changed(t);
  rebalance(t);
}

// Whether the agent may act on it is the model's rule (Conversation rejects other agents).
Hub::ConvRt* Hub::conversation_or_error(Txn& t, SessionId s, const std::string& id) {
  ConvRt* rt = loaded(id);  // on_agent_frame read it from the store if it had left memory
  if (!rt) send_error(t, s, proto::ErrorCode::no_such_conversation, "no conversation " + id, "conversation");
  return rt;
}

void Hub::on_agent_say(Txn& t, SessionId s, AgentRt& a, const proto::Say& m) {
  ConvRt* rt = conversation_or_error(t, s, m.conversation);
  if (!rt) return;
  auto o = rt->conv.agent_say(a.row.id, m.cid, m.text, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "conversation", m.cid);
  send_ack(t, s, m.cid, *o.ack, rt->conv.id());
  if (o.duplicate) return;
  publish(t, *rt, o.events);
  // An answer to a message left offline, while its customer is away: the hook takes it to them too.
  if (!rt->inbox_contact.empty() && rt->customers.empty() && offline_reply_) {
    const Event& e = o.events.back();
    t.after.push_back([f = offline_reply_, r = OfflineReply{rt->conv.site(), rt->conv.id(), rt->inbox_contact,
                                                           a.row.name, e.text, e.at}] { f(r); });
  }
}

void Hub::on_note(Txn& t, SessionId s, AgentRt& a, const proto::Note& m) {
  ConvRt* rt = conversation_or_error(t, s, m.conversation);
  if (!rt) return;
  auto o = rt->conv.agent_note(a.row.id, m.cid, m.text, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "conversation", m.cid);
  send_ack(t, s, m.cid, *o.ack, rt->conv.id());
  if (o.duplicate) return;
  publish(t, *rt, o.events);  // notes reach agents only: publish never sends them to customers
}

void Hub::on_return_to_ai(Txn& t, SessionId s, AgentRt& a, const std::string& id) {
  ConvRt* rt = conversation_or_error(t, s, id);
  if (!rt) return;
  auto o = rt->conv.return_to_ai(a.row.id, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "conversation");
  release_agent(*rt, a.row.id);
  publish(t, *rt, o.events, a.row.id);
  log::info("returned_to_ai", {{"conversation", id}, {"agent", a.row.id}});
  // A question the customer asked that the agent left unanswered: the assistant answers it now.
  if (const Event* open = rt->conv.unanswered_customer_message()) start_ai_turn(t, *rt, Event(*open));
  rebalance(t);
}

void Hub::on_transfer(Txn& t, SessionId s, AgentRt& a, const proto::Transfer& m) {
  ConvRt* rt = conversation_or_error(t, s, m.conversation);
  if (!rt) return;
  std::string preferred;
  if (!m.to_agent.empty()) {
    auto to = agents_.find(m.to_agent);
    if (to == agents_.end() || to->first == a.row.id)
      return send_error(t, s, proto::ErrorCode::bad_value, "no other agent with id " + m.to_agent, "to_agent");
    // Offered to that agent directly when they can take it now; otherwise the queue decides.
    if (to->second.online() && to->second.row.available &&
        router_.load(to->first) + router_.reserved(to->first) < to->second.row.capacity)
      preferred = to->first;
  }
  if (!m.note.empty()) {
    auto n = rt->conv.agent_note(a.row.id, "transfer-" + std::to_string(now_), m.note, now_);
    if (n.ok()) publish(t, *rt, n.events);
  }
  auto o = rt->conv.transfer(a.row.id, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "conversation");
  release_agent(*rt, a.row.id);
  publish(t, *rt, o.events, a.row.id);
  metrics_.escalation(EscalationReason::transfer);
  log::info("transferred", {{"conversation", rt->conv.id()}, {"from", a.row.id}, {"to", m.to_agent}});
  place_in_queue(t, *rt, preferred);  // keeps the customer's original place in the queue
  broadcast_agents(t);                // the load went down (also when the customer went offline)
}

void Hub::on_resolve(Txn& t, SessionId s, AgentRt& a, const std::string& id) {
  ConvRt* rt = conversation_or_error(t, s, id);
  if (!rt) return;
  auto o = rt->conv.resolve(a.row.id, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "conversation");
  release_agent(*rt, a.row.id);
  publish(t, *rt, o.events, a.row.id);
  store_.mark_offline_handled(id);
  log::info("resolved", {{"conversation", id}, {"agent", a.row.id}});
  rebalance(t);
}

void Hub::on_agent_typing(Txn& t, SessionId s, AgentRt& a, const proto::Typing& m) {
  ConvRt* rt = conversation_or_error(t, s, m.conversation);
  if (!rt) return;
  if (rt->conv.state() != State::with_human || rt->conv.agent_id() != a.row.id)
    return send_error(t, s, proto::ErrorCode::not_allowed, "the conversation is not assigned to you", "conversation");
  to_customers(t, *rt, proto::Typing{m.on, {}, Speaker::agent, a.row.name});
}

// Only the assigned agent's receipts count (another console's glance is not the customer's agent).
void Hub::on_agent_read(Txn& t, AgentRt& a, const proto::Read& m) {
  ConvRt* rt = loaded(m.conversation);
  if (!rt || rt->conv.state() != State::with_human || rt->conv.agent_id() != a.row.id) return;
  if (!rt->conv.mark_read(Speaker::agent, m.seq, std::max(m.seq, m.delivered))) return;
  const Conversation::Receipt r = rt->conv.receipt(Speaker::agent);
  to_customers(t, *rt, proto::Read{rt->conv.id(), r.read, r.delivered, Speaker::agent});
}

proto::Agents Hub::agents_on_duty() const {
  proto::Agents list;
  for (const auto& [id, a] : agents_) {
    if (!a.online()) continue;
    list.agents.push_back({id, a.row.name, a.row.languages, a.row.available, router_.load(id),
                           a.row.capacity});
  }
  std::sort(list.agents.begin(), list.agents.end(), [](const auto& x, const auto& y) {
    return std::tie(x.name, x.agent_id) < std::tie(y.name, y.agent_id);
  });
  // Bounded: a big team's list stays one small frame per change.
  if (list.agents.size() > proto::kMaxAgentsListed) {
    list.more = static_cast<int>(list.agents.size() - proto::kMaxAgentsListed);
    list.agents.resize(proto::kMaxAgentsListed);
  }
  return list;
}

bool Hub::broadcast_agents(Txn& t) {
  std::string frame = proto::serialize(agents_on_duty());
  if (frame == last_agents_frame_) return false;
  last_agents_frame_ = frame;
  auto shared = std::make_shared<const std::string>(std::move(frame));
  for (const auto& [s, as] : agent_sessions_)
    if (!as.agent_id.empty()) t.out.push_back({s, shared});
  return true;
}

}  // namespace duet::server
