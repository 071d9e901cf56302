// Hub: the customer side (/ws/customer) and the AI turn.
#include <algorithm>
#include <cctype>

#include "model/dialogue.hpp"
#include "model/quick_replies.hpp"
#include "model/text.hpp"
#include "server/hub.hpp"
#include "server/log.hpp"
#include "server/origin.hpp"

namespace duet::server {
namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
template <class... F>
overloaded(F...) -> overloaded<F...>;

// Empty when the peer may use the site; otherwise why not, for the error. The site's origins are
// canonical (config.cpp); the header is compared in canonical form, and one that has none (ftp://,
// a bare host:port, "null") matches nothing.
std::string origin_refusal(const SiteConfig& site, const Peer& peer) {
  if (site.origins.empty()) return {};  // no allow-list configured: any origin
  if (peer.same_origin) return {};      // our own widget iframe (framing is checked by CSP)
  if (!peer.origin)
    return site.allow_missing_origin ? std::string() : "this site only accepts browsers that send an Origin header";
  std::string why;
  const auto o = canonical_origin(*peer.origin, &why);
  if (!o) return "the Origin header \"" + *peer.origin + "\" is not an http(s) origin (" + why + ")";
  if (std::find(site.origins.begin(), site.origins.end(), *o) != site.origins.end()) return {};
  return "the origin " + *o + " may not embed the site " + site.key;
}

// Why a genuine token opens nothing any more; empty when it still does. `valid_from`: the store's
// revocation (0: none). A legacy token has no issue time and is good until one is recorded.
std::string resume_refusal(const ResumeClaim& c, TimeMs now, TimeMs ttl_ms, TimeMs valid_from) {
  if (c.legacy) return valid_from > 0 ? "the resume token was replaced or revoked" : std::string();
  if (c.issued < valid_from) return "the resume token was revoked";
  if (now - c.issued > ttl_ms) return "the resume token has expired";
  return {};
}

}  // namespace

void Hub::customer_open(SessionId s, Peer peer) {
  std::lock_guard lock(mutex_);
  customer_sessions_[s] = CustomerSession{std::move(peer), {}};
}

void Hub::customer_closed(SessionId s) {
  std::lock_guard lock(mutex_);
  held_.erase(s);  // a read in flight for it finds nobody waiting
  auto it = customer_sessions_.find(s);
  if (it == customer_sessions_.end()) return;
  if (auto c = conversations_.find(it->second.conversation); c != conversations_.end()) {
    c->second->customers.erase(s);
    c->second->catching_up.erase(s);
  }
  customer_sessions_.erase(it);
}

void Hub::customer_frame(SessionId s, const proto::Message& m) {
  locked([&](Txn& t) {
    if (waits_for_read(s)) return hold(s, [this, s, m](Txn& later) { on_customer_frame(later, s, m); });
    on_customer_frame(t, s, m);
  });
}

void Hub::on_customer_frame(Txn& t, SessionId s, const proto::Message& m) {
  auto it = customer_sessions_.find(s);
  if (it == customer_sessions_.end()) return;  // already closed
  CustomerSession& cs = it->second;
  if (cs.conversation.empty()) {
    if (const auto* h = std::get_if<proto::Hello>(&m)) return on_hello(t, s, cs, *h);
    return send_error(t, s, proto::ErrorCode::unexpected_type,
                      "send hello first: " + std::string(proto::type_name(m)) + " needs a conversation");
  }
  ConvRt* rt = loaded(cs.conversation);  // its customers keep it in memory (evict_idle)
  if (!rt) return send_error(t, s, proto::ErrorCode::internal, "the conversation is gone; reconnect");
  std::visit(overloaded{
                 [&](const proto::Hello&) {
                   send_error(t, s, proto::ErrorCode::unexpected_type,
                              "hello was already received on this connection");
                 },
                 [&](const proto::Say& say) { on_say(t, s, *rt, say); },
                 [&](const proto::RequestHuman&) { on_request_human(t, s, *rt); },
                 [&](const proto::Typing& ty) {
                   if (rt->conv.state() != State::with_human) return;
                   to_agent(t, rt->conv.agent_id(), proto::Typing{ty.on, rt->conv.id(), Speaker::customer, {}});
                 },
                 [&](const proto::Rate& r) { on_rate(t, s, *rt, r); },
                 [&](const proto::LeaveMessage& lm) { on_leave_message(t, s, *rt, lm); },
                 [&](const proto::SetContext& sc) {
                   rt->conv.set_context(checked_context(rt->conv.site(), sc.context));
                   save_row(*rt);
                 },
                 [&](const proto::End&) { on_end(t, *rt); },
                 [&](const proto::LeaveQueue&) { on_leave_queue(t, s, *rt); },
                 [&](const proto::Replay& r) { on_replay(t, s, *rt, r); },
                 [&](const proto::Read& r) { on_customer_read(t, *rt, r); },
                 [&](const auto& other) {
                   send_error(t, s, proto::ErrorCode::unexpected_type,
                              std::string(proto::type_name(proto::Message(other))) +
                                  " is not a customer message; see docs/protocol.md");
                 },
             },
             m);
}

void Hub::on_hello(Txn& t, SessionId s, CustomerSession& cs, const proto::Hello& h, ResumeRead* read) {
  auto site = sites_.find(h.site);
  if (site == sites_.end()) {
    log::warn("hello_rejected", {{"cause", "bad_site_key"}, {"ip", cs.peer.ip}});
    send_error(t, s, proto::ErrorCode::bad_site_key, "unknown site key \"" + h.site + "\"", "site");
    return close(t, s, close_code::policy, "bad site key");
  }
  if (auto refusal = origin_refusal(site->second, cs.peer); !refusal.empty()) {
    log::warn("hello_rejected", {{"cause", "origin_not_allowed"}, {"site", h.site}, {"origin", cs.peer.origin.value_or("")}});
    send_error(t, s, proto::ErrorCode::origin_not_allowed, std::move(refusal));
    return close(t, s, close_code::policy, "origin not allowed");
  }

  ConvRt* rt = nullptr;
  if (!h.resume.empty()) {
    std::string refusal = "the resume token is not valid for this site";
    if (auto claim = signer_.verify(h.resume, h.site)) {
      // The revocation (and a conversation that left memory) are read off the lock; then this runs
      // again with them. Evicted meanwhile (rare): read again.
      if (!read || (!read->looked_up && !loaded(claim->conversation)))
        return read_resume(s, h, claim->conversation);
      const TimeMs ttl_ms = static_cast<TimeMs>(config_.limits.resume_token_ttl_hours) * 3600 * 1000;
      refusal = resume_refusal(*claim, now_, ttl_ms, read->valid_from);
      if (refusal.empty()) {
        rt = loaded(claim->conversation);  // memory first: it may have changed since the read
        if (!rt && read->stored) rt = &install(std::move(*read->stored), read->earlier);
        if (rt && rt->conv.site() != h.site) rt = nullptr;
        if (!rt) refusal = "the resume token is not valid for this site";
      }
      // A token from before issue times: good once, then replaced by the welcome's (written before it).
      if (rt && claim->legacy) store_.revoke_resume_tokens(claim->conversation, 1);
    }
    if (!rt) {
      log::warn("resume_rejected", {{"site", h.site}, {"ip", cs.peer.ip}, {"cause", refusal}});
      send_error(t, s, proto::ErrorCode::bad_resume_token, refusal + "; a new conversation was started", "resume");
    }
  }
  if (rt && rt->customers.size() >= config_.limits.sessions_per_conversation) {
    log::warn("hello_rejected", {{"cause", "sessions_per_conversation"}, {"conversation", rt->conv.id()}});
    send_error(t, s, proto::ErrorCode::too_many_connections,
               "this chat is open in too many tabs or windows; close some and reload this one");
    return close(t, s, close_code::try_later, "too many tabs");
  }
  const bool resumed = rt != nullptr;
  const Context context = checked_context(h.site, h.context);
  if (!rt) {
    rt = &create(h.site, text::language_of(h.locale), context);
  } else if (!h.context.empty() && context != rt->conv.context()) {
    rt->conv.set_context(context);
    save_row(*rt);
  }
  cs.conversation = rt->conv.id();
  cs.peer = {};  // checked: the hub needs it no more (the session keeps its own for limits and logs)
  rt->customers.insert(s);
  rt->last_activity = now_;
  send_welcome(t, s, *rt, resumed ? h.last_seq : 0);
  // Back on the page after asking for a human while nobody was there, and now someone is: the queue.
  if (rt->conv.state() == State::offline && humans_available(*rt)) requeue(t, *rt);
  log::info("hello", {{"conversation", rt->conv.id()},
                      {"site", h.site},
                      {"resumed", resumed},
                      {"state", to_string(rt->conv.state())},
                      {"last_seq", h.last_seq}});
}

void Hub::on_replay(Txn& t, SessionId s, ConvRt& rt, const proto::Replay& m) {
  Page page = page_of(rt, s, m.after);
  send(t, s, proto::Replay{0, rt.conv.id(), std::move(page.events), page.more}, Role::customer);
}

void Hub::on_say(Txn& t, SessionId s, ConvRt& rt, const proto::Say& m) {
  auto o = rt.conv.customer_say(m.cid, m.text, now_, m.reply_to);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, {}, m.cid);
  send_ack(t, s, m.cid, *o.ack, rt.conv.id());
  if (o.duplicate) return;  // sent again after a reconnect: acked with its original seq, nothing appended
  publish(t, rt, o.events);
  // A feedback tap is an emoji: the assistant answers the words it stands for ("thanks", "that
  // didn't help"), as it would have had the customer typed them.
  Event said = o.events.back();
  if (said.feedback != Feedback::none) {
    metrics_.feedback(said.feedback);
    log::info("answer_feedback", {{"conversation", rt.conv.id()}, {"feedback", to_string(said.feedback)},
                                  {"answer", said.reply_to}});
    said.text = feedback_words(said.feedback, rt.conv.language());
  }
  switch (rt.conv.state()) {
    case State::ai:
    case State::offline: return start_ai_turn(t, rt, said);
    case State::waiting_human:
      queue_changed(t);  // the preview changed
      return start_ai_turn(t, rt, said);  // the assistant keeps helping; the place is kept
    default: return;
  }
}

// Receipts go to whoever is on the other side: the assigned agent (the assistant needs none).
void Hub::on_customer_read(Txn& t, ConvRt& rt, const proto::Read& m) {
  if (!rt.conv.mark_read(Speaker::customer, m.seq, std::max(m.seq, m.delivered))) return;
  if (rt.conv.state() != State::with_human) return;
  const Conversation::Receipt r = rt.conv.receipt(Speaker::customer);
  to_agent(t, rt.conv.agent_id(), proto::Read{rt.conv.id(), r.read, r.delivered, Speaker::customer});
}

void Hub::on_request_human(Txn& t, SessionId s, ConvRt& rt) {
  const State before = rt.conv.state();
  if (before == State::closed) return follow_up(t, rt);
  if ((before == State::ai || before == State::offline) && rt.conv.full()) {
    // Never a dead end: this one ends, and a new conversation that continues it goes to the queue.
    on_end(t, rt);
    return follow_up(t, rt);
  }
  escalate(t, rt, EscalationReason::customer_request);
  if (before == State::waiting_human || before == State::with_human) {
    // Idempotent, yet answered within one round trip: the latest queue or state event again.
    const auto& events = rt.conv.events();
    auto last = std::find_if(events.rbegin(), events.rend(), [&](const Event& e) {
      return before == State::waiting_human ? e.kind == EventKind::queue || e.kind == EventKind::state
                                            : e.kind == EventKind::state;
    });
    // (A tab still paging gets it with its pages.)
    if (last != events.rend() && rt.live(s)) send(t, s, proto::EventMsg{rt.conv.id(), *last}, Role::customer);
  }
}

// request_human on a closed conversation: a new conversation that continues it, straight to the queue.
void Hub::follow_up(Txn& t, ConvRt& closed) {
  const std::string previous = closed.conv.id();
  Conversation c = Conversation::follow_up(closed.conv, new_conversation_id(), now_, EscalationReason::customer_request);
  SessionSet sessions;
  sessions.swap(closed.customers);
  closed.catching_up = {};  // they page through the new conversation now
  ConvRt& rt = adopt(std::move(c), previous);
  rt.earlier = earlier_of(closed.conv.events());
  store_.append_events(rt.conv.id(), rt.conv.events());
  for (SessionId s : sessions) {
    customer_sessions_[s].conversation = rt.conv.id();
    rt.customers.insert(s);
    send_welcome(t, s, rt, 0);  // a new conversation id and resume token
  }
  metrics_.escalation(EscalationReason::customer_request);
  rt.intent = brief_of(rt).intent;
  rt.queue_since = now_;
  log::info("follow_up", {{"conversation", rt.conv.id()}, {"previous", previous}});
  place_in_queue(t, rt);
}

void Hub::on_rate(Txn& t, SessionId s, ConvRt& rt, const proto::Rate& m) {
  auto o = rt.conv.rate(m.score, m.comment, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, "score");
  publish(t, rt, o.events);
  store_.add_rating({rt.conv.id(), m.score, m.comment, rt.human_involved, now_});
  metrics_.rating(rt.human_involved, m.score);
  log::info("rated", {{"conversation", rt.conv.id()}, {"score", m.score}, {"human", rt.human_involved}});
}

void Hub::on_leave_message(Txn& t, SessionId s, ConvRt& rt, const proto::LeaveMessage& m) {
  auto o = rt.conv.leave_message(m.cid, m.contact, m.text, now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error, {}, m.cid);
  send_ack(t, s, m.cid, *o.ack, rt.conv.id());
  if (o.duplicate) return;
  publish(t, rt, o.events);
  const Event& e = o.events.back();
  store_.add_offline_message({rt.conv.id(), e.seq, e.contact, e.text, now_, false});
  // Visible to every signed-in agent: the offline inbox (see docs/server.md).
  inbox_changed(t);
  log::info("offline_message", {{"conversation", rt.conv.id()}});
}

void Hub::on_end(Txn& t, ConvRt& rt) {
  const bool listed = in_inbox(rt);
  const std::string agent = rt.conv.agent_id();
  auto o = rt.conv.end(now_);
  if (o.events.empty()) return;
  leave_queue(rt);
  if (!agent.empty()) release_agent(rt, agent);
  publish(t, rt, o.events, agent);
  store_.mark_offline_handled(rt.conv.id());
  if (listed) inbox_changed(t);
  log::info("ended", {{"conversation", rt.conv.id()}, {"by", "customer"}});
  rebalance(t);
}

// The assistant solved it while the customer waited: back to the AI, out of the queue.
void Hub::on_leave_queue(Txn& t, SessionId s, ConvRt& rt) {
  const bool listed = in_inbox(rt);
  auto o = rt.conv.leave_queue(now_);
  if (!o.ok()) return send_error(t, s, refusal_code(o), o.error);
  if (o.events.empty()) return;
  leave_queue(rt);
  publish(t, rt, o.events);
  if (listed) inbox_changed(t);
  log::info("left_queue", {{"conversation", rt.conv.id()}});
  rebalance(t);
}

// ---- the AI turn ----

namespace {

// What the assistant reads of a conversation: enough recent context for the dialogue and a follow-up,
// bounded so a long conversation costs no more per turn than a short one.
constexpr std::size_t kTurnHistory = 48;
constexpr std::size_t kQuestionTurns = 12;

std::vector<Event> recent_history(const Conversation& c, Seq before) {
  const auto& events = c.events();
  std::vector<Event> out;
  for (auto it = events.rbegin(); it != events.rend() && out.size() < kTurnHistory; ++it) {
    if (it->kind == EventKind::ai_resumed) break;
    if (it->seq < before && it->visible_to_customer()) out.push_back(*it);
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Question question_for(const TurnInput& in, Seq reply_to) {
  Question q;
  q.text = in.text;
  q.language = in.language;
  q.context = in.context;
  q.reply_to = reply_to;
  for (const Event& e : in.history) {
    if (e.kind != EventKind::message) continue;
    if (e.speaker == Speaker::customer) q.history.push_back(e.text);
    q.conversation.push_back(Turn{e.speaker, e.text, e.article_id});
  }
  if (q.conversation.size() > kQuestionTurns) q.conversation.erase(q.conversation.begin(), q.conversation.end() - kQuestionTurns);
  return q;
}

}  // namespace

TurnInput Hub::turn_input(const ConvRt& rt, const Event& said) const {
  TurnInput in;
  in.text = said.text;
  in.language = rt.conv.language();
  in.state = rt.conv.state();
  in.history = recent_history(rt.conv, said.seq);
  in.context = rt.conv.context();
  in.queue_position = rt.conv.queue_position();
  // Whether a handover can find someone now: the intent this message would queue with decides the skill.
  const std::string intent = detect_intent(said.text, rt.conv.language());
  in.humans_available = open_now(rt.conv.site()) &&
                        router_.can_serve(rt.conv.language(), intent == "other" ? rt.intent : intent);
  return in;
}

// The dialogue layer decides first; only a question goes to the answer service (off the lock), whose
// pieces stream to the customer and whose answer finishes the turn.
void Hub::start_ai_turn(Txn& t, ConvRt& rt, const Event& said) {
  TurnInput in = turn_input(rt, said);
  TurnPlan plan = plan_turn(in);
  if (!plan.retrieve) return say_reply(t, rt, plan.reply, said.seq);
  to_customers(t, rt, proto::Typing{true, {}, Speaker::ai, {}, said.seq});
  Question q = question_for(in, said.seq);
  t.after.push_back([this, id = rt.conv.id(), seq = said.seq, q = std::move(q), in = std::move(in),
                     plan = std::move(plan)]() mutable {
    answers_.ask(
        std::move(q), [this, id, seq](const std::string& piece) { stream_piece(id, seq, piece); },
        [this, id, seq, in = std::move(in), plan = std::move(plan)](Answer a) mutable {
          finish_ai_turn(id, seq, std::move(in), plan, a);
        });
  });
}

void Hub::stream_piece(const std::string& conversation, Seq reply_to, const std::string& piece) {
  locked([&](Txn& t) {
    auto it = conversations_.find(conversation);
    if (it == conversations_.end() || it->second->conv.state() == State::with_human) return;
    to_customers(t, *it->second, proto::Stream{conversation, reply_to, piece});
  });
}

void Hub::finish_ai_turn(const std::string& conversation, Seq reply_to, TurnInput in, const TurnPlan& plan,
                         const Answer& a) {
  locked([&](Txn& t) {
    auto it = conversations_.find(conversation);
    if (it == conversations_.end()) return;
    ConvRt& rt = *it->second;
    // A person may have taken over (or the customer left) while the assistant was thinking: silence.
    const State state = rt.conv.state();
    if (state == State::with_human || state == State::closed) {
      to_customers(t, rt, proto::Typing{false, {}, Speaker::ai, {}, reply_to});
      return;
    }
    in.state = state;
    in.queue_position = rt.conv.queue_position();
    const AssistantReply reply = finish_turn(in, plan, a);
    metrics_.assistant_answer(reply.act == DialogueAct::unsure);
    say_reply(t, rt, reply, reply_to);
  });
}

// Says the reply, then offers a person or queues as it decided; every AI turn ends with typing off, so
// a client (and the evaluation) knows the assistant is done.
void Hub::say_reply(Txn& t, ConvRt& rt, const AssistantReply& r, Seq reply_to) {
  if (!r.text.empty()) {
    Suggestions suggested = suggestions_for(r, rt.conv.language());
    auto o = rt.conv.ai_say(r.text, r.article_id, r.confidence, now_, r.act, reply_to, std::move(suggested.replies),
                            std::move(suggested.card));
    if (o.ok()) publish(t, rt, o.events);
  }
  metrics_.assistant_reply(r.act);
  log::info("ai_reply", {{"conversation", rt.conv.id()},
                         {"act", to_string(r.act)},
                         {"article", r.article_id},
                         {"confidence", r.confidence},
                         {"handoff", to_string(r.handoff)},
                         {"reason", to_string(r.reason)},
                         {"detail", r.detail}});
  if (r.handoff == HandoffAction::queue) {
    escalate(t, rt, r.reason);
  } else if (r.handoff == HandoffAction::offer && rt.conv.state() == State::ai) {
    publish(t, rt, rt.conv.offer_human(r.reason, now_).events);
    metrics_.offer(r.reason);
  }
  to_customers(t, rt, proto::Typing{false, {}, Speaker::ai, {}, reply_to});
}

}  // namespace duet::server
