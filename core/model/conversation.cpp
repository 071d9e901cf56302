#include "conversation.hpp"

#include <algorithm>
#include <limits>

namespace duet {
namespace {

// Why a message is refused when the conversation is full, for each side.
constexpr std::string_view kCustomerFull =
    "this chat has reached its length limit, so this was not sent; tap \"Talk to a human\" or start a new chat";
constexpr std::string_view kAgentFull =
    "this conversation has reached its length limit, so this was not sent; resolve it (the customer can start a "
    "new one)";

// Dedupe spaces: a customer's client ids and each agent's client ids are separate ("" is the customer).
std::string_view sender_of(const Event& e) { return e.speaker == Speaker::agent ? std::string_view(e.agent_id) : ""; }

Event make(EventKind kind) {
  Event e;
  e.kind = kind;
  return e;
}

}  // namespace

Conversation::Conversation(std::string id, std::string site, std::string language, TimeMs now)
    : id_(std::move(id)), site_(std::move(site)), language_(std::move(language)), created_(now) {}

Conversation Conversation::replay(std::string id, std::string site, std::string language, TimeMs created,
                                  const std::vector<Event>& events, Context context) {
  Conversation c(std::move(id), std::move(site), std::move(language), created);
  c.set_context(std::move(context));
  for (const Event& e : events) {
    c.events_.push_back(e);
    c.apply(e);
  }
  return c;
}

const Context& Conversation::context() const {
  static const Context none;
  return context_ ? *context_ : none;
}

void Conversation::set_context(Context c) {
  if (c == Context{}) context_.reset();
  else context_ = std::make_shared<const Context>(std::move(c));
}

Conversation Conversation::follow_up(const Conversation& closed, std::string new_id, TimeMs now,
                                     EscalationReason reason) {
  Conversation c(std::move(new_id), closed.site_, closed.language_, now);
  c.previous_id_ = closed.id_;
  c.context_ = closed.context_;
  c.request_human(reason, now);
  return c;
}

std::vector<Event> Conversation::events_since(Seq after, bool customer_view) const {
  constexpr auto kAll = std::numeric_limits<std::size_t>::max();
  return page_since(after, customer_view, kAll, kAll).events;
}

Page Conversation::page_since(Seq after, bool customer_view, std::size_t max_events, std::size_t max_bytes) const {
  Page page;
  std::size_t bytes = 0;
  auto first = std::upper_bound(events_.begin(), events_.end(), after,
                                [](Seq s, const Event& e) { return s < e.seq; });
  for (auto it = first; it != events_.end(); ++it) {
    if (customer_view && !it->visible_to_customer()) continue;
    // Roughly what the event costs in a frame: its texts plus the fixed fields.
    const std::size_t cost = it->text.size() + it->contact.size() + it->author.size() + 96;
    if (!page.events.empty() && (page.events.size() >= max_events || bytes + cost > max_bytes)) {
      page.more = true;
      break;
    }
    page.events.push_back(*it);
    bytes += cost;
  }
  return page;
}

bool Conversation::full(std::size_t text_bytes) const {
  return (limits_.max_events && events_.size() >= limits_.max_events) ||
         (limits_.max_text_bytes && text_bytes_ + text_bytes > limits_.max_text_bytes);
}

std::optional<Outcome> Conversation::refuse_if_full(std::size_t text_bytes, std::string_view why) const {
  if (!full(text_bytes)) return std::nullopt;
  Outcome o = reject(std::string(why));
  o.full = true;
  return o;
}

std::vector<Event> Conversation::since_ai_resumed() const {
  auto marker = std::find_if(events_.rbegin(), events_.rend(),
                             [](const Event& e) { return e.kind == EventKind::ai_resumed; });
  return {marker.base(), events_.end()};
}

const Event* Conversation::unanswered_customer_message() const {
  for (auto it = events_.rbegin(); it != events_.rend(); ++it) {
    if (it->kind != EventKind::message) continue;  // state changes, joins, notes answer nothing
    return it->speaker == Speaker::customer ? &*it : nullptr;
  }
  return nullptr;
}

Event& Conversation::append(Event e, TimeMs now) {
  e.seq = last_seq() + 1;
  e.at = now;
  events_.push_back(std::move(e));
  apply(events_.back());
  return events_.back();
}

bool Conversation::mark_read(Speaker reader, Seq read, Seq delivered) {
  Receipt& r = reader == Speaker::customer ? customer_receipt_ : agent_receipt_;
  const Receipt before = r;
  const Seq last = last_seq();
  r.read = std::max(r.read, std::min(read, last));
  r.delivered = std::max({r.delivered, r.read, std::min(delivered, last)});
  return !(r == before);
}

void Conversation::apply(const Event& e) {
  if (!e.client_id.empty()) client_ids_.add(ClientIdIndex::hash(sender_of(e), e.client_id), e.seq);
  text_bytes_ += e.text.size() + e.contact.size();
  if (e.feedback == Feedback::helpful) ++helpful_;
  if (e.feedback == Feedback::not_helpful) ++not_helpful_;
  switch (e.kind) {
    case EventKind::state:
      // An agent lost past the grace period keeps the customer's place: queued_at stays.
      if (e.state == State::waiting_human && e.reason != EscalationReason::agent_lost) queued_at_ = e.at;
      if (e.state == State::waiting_human) queue_position_ = 0, estimate_s_ = -1;
      if (e.state != State::with_human) agent_id_.clear(), agent_name_.clear();
      if (e.reason != EscalationReason::none) reason_ = e.reason;
      state_ = e.state;
      break;
    case EventKind::agent_joined:
      agent_id_ = e.agent_id;
      agent_name_ = e.author;
      break;
    case EventKind::queue:
      queue_position_ = e.position;
      estimate_s_ = e.estimate_s;
      break;
    case EventKind::rating:
      rated_ = true;
      break;
    default:
      break;
  }
}

Outcome Conversation::reject(std::string why) const {
  Outcome o;
  o.error = std::move(why);
  return o;
}

Outcome Conversation::enter_state(State s, EscalationReason reason, TimeMs now) {
  Event e = make(EventKind::state);
  e.state = s;
  e.reason = reason;
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  return o;
}

std::optional<Outcome> Conversation::duplicate_of(const std::string& sender, const std::string& cid) const {
  auto seq = seen(sender, cid);
  if (!seq) return std::nullopt;
  Outcome o;
  o.ack = *seq;
  o.duplicate = true;
  return o;
}

// The assigned agent leaves (lost, transferred, or handing back to the AI). Handing back adds the
// ai_resumed marker so the policy ignores the context that led to the handoff.
Outcome Conversation::agent_leaves(State next, EscalationReason reason, TimeMs now) {
  Event left = make(EventKind::agent_left);
  left.speaker = Speaker::agent;
  left.agent_id = agent_id_;
  left.author = agent_name_;
  Outcome o;
  o.events.push_back(append(std::move(left), now));
  if (next == State::ai) o.events.push_back(append(make(EventKind::ai_resumed), now));
  auto entered = enter_state(next, reason, now);
  o.events.insert(o.events.end(), entered.events.begin(), entered.events.end());
  return o;
}

const Event* Conversation::event_at(Seq seq) const {
  // Sequence numbers count from 1 without gaps, so this is nearly always a direct index.
  if (seq >= 1 && static_cast<std::size_t>(seq) <= events_.size() && events_[seq - 1].seq == seq) return &events_[seq - 1];
  auto it = std::lower_bound(events_.begin(), events_.end(), seq, [](const Event& e, Seq s) { return e.seq < s; });
  return it != events_.end() && it->seq == seq ? &*it : nullptr;
}

std::optional<Seq> Conversation::seen(const std::string& sender, const std::string& cid) const {
  const std::string_view space = sender == "customer" ? std::string_view() : std::string_view(sender);
  const Seq seq = client_ids_.find(ClientIdIndex::hash(space, cid), [&](Seq candidate) {
    const Event* e = event_at(candidate);
    return e && e->client_id == cid && sender_of(*e) == space;
  });
  if (seq == 0) return std::nullopt;
  return seq;
}

// ---- customer ----

Outcome Conversation::customer_say(const std::string& cid, std::string text, TimeMs now, Seq reply_to) {
  if (cid.empty()) return reject("a message needs a client id");
  if (auto dup = duplicate_of("customer", cid)) return *dup;
  if (state_ == State::closed) return reject("the conversation is closed; start a new one to write again");
  if (text.empty()) return reject("an empty message cannot be sent");
  if (auto refused = refuse_if_full(text.size(), kCustomerFull)) return *refused;
  Event e = make(EventKind::message);
  e.speaker = Speaker::customer;
  e.client_id = cid;
  // A tap on a suggestion of an AI message: which one it was, and what it said about the answer.
  if (const Event* asked = reply_to > 0 ? event_at(reply_to) : nullptr;
      asked && asked->kind == EventKind::message && asked->speaker == Speaker::ai) {
    for (const QuickReply& r : asked->replies) {
      if (r.text != text) continue;
      e.reply_to = reply_to;
      if (r.action == ReplyAction::helpful) e.feedback = Feedback::helpful;
      if (r.action == ReplyAction::not_helpful) e.feedback = Feedback::not_helpful;
      break;
    }
  }
  e.text = std::move(text);
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  o.ack = o.events.back().seq;
  return o;
}

Outcome Conversation::request_human(EscalationReason reason, TimeMs now, bool humans_reachable) {
  switch (state_) {
    case State::ai:
    case State::offline:  // the caller asks again once a human can take it
      if (full()) {  // never a dead end: a new conversation that continues this one goes to the queue
        Outcome o;
        o.follow_up = o.full = true;
        return o;
      }
      if (!humans_reachable) return state_ == State::offline ? Outcome{} : enter_state(State::offline, reason, now);
      return enter_state(State::waiting_human, reason, now);
    case State::waiting_human:
    case State::with_human:
      return {};  // idempotent: already on the way to, or with, a human
    case State::closed: {
      Outcome o;
      o.follow_up = true;
      return o;
    }
  }
  return {};
}

Outcome Conversation::leave_message(const std::string& cid, std::string contact, std::string text, TimeMs now) {
  if (cid.empty()) return reject("a message needs a client id");
  if (auto dup = duplicate_of("customer", cid)) return *dup;
  if (state_ == State::closed) return reject("the conversation is closed; start a new one to leave a message");
  if (text.empty()) return reject("the message is empty");
  if (contact.empty()) return reject("leave an email address or phone number so a human can answer");
  if (auto refused = refuse_if_full(text.size() + contact.size(), kCustomerFull)) return *refused;
  Event e = make(EventKind::offline_message);
  e.speaker = Speaker::customer;
  e.client_id = cid;
  e.contact = std::move(contact);
  e.text = std::move(text);
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  o.ack = o.events.back().seq;
  return o;
}

Outcome Conversation::end(TimeMs now) {
  if (state_ == State::closed) return {};
  return enter_state(State::closed, EscalationReason::none, now);
}

Outcome Conversation::leave_queue(TimeMs now) {
  if (state_ == State::ai) return {};  // idempotent: already back with the assistant
  if (state_ != State::waiting_human && state_ != State::offline)
    return reject("only a customer waiting for a human can leave the queue");
  if (auto refused = refuse_if_full(0, kCustomerFull)) return *refused;
  return enter_state(State::ai, EscalationReason::none, now);
}

Outcome Conversation::rate(int score, std::string comment, TimeMs now) {
  if (state_ != State::closed) return reject("a conversation can be rated once it has ended");
  if (rated_) return reject("this conversation has already been rated");
  if (score < 1 || score > 5) return reject("a rating is a whole number from 1 to 5");
  Event e = make(EventKind::rating);
  e.speaker = Speaker::customer;
  e.score = score;
  e.text = std::move(comment);
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  return o;
}

// ---- assistant ----

Outcome Conversation::ai_say(std::string text, std::string article_id, double confidence, TimeMs now,
                             DialogueAct act, Seq reply_to, std::vector<QuickReply> replies,
                             ArticleCard card) {
  if (state_ != State::ai && state_ != State::waiting_human && state_ != State::offline)
    return reject("the assistant only answers while no human has the conversation");
  Event e = make(EventKind::message);
  e.act = act;
  e.reply_to = reply_to;
  e.speaker = Speaker::ai;
  e.text = std::move(text);
  e.article_id = std::move(article_id);
  e.confidence = confidence;
  e.replies = std::move(replies);
  e.card = std::move(card);
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  return o;
}

Outcome Conversation::offer_human(EscalationReason reason, TimeMs now) {
  if (state_ != State::ai) return reject("a human is only offered while the conversation is with the AI");
  Event e = make(EventKind::offer_human);
  e.speaker = Speaker::ai;
  e.reason = reason;
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  return o;
}

// ---- queue and routing ----

Outcome Conversation::update_queue(int position, int estimate_s, TimeMs now) {
  if (state_ != State::waiting_human) return reject("only a waiting conversation has a queue position");
  if (position == queue_position_ && estimate_s == estimate_s_) return {};
  Event e = make(EventKind::queue);
  e.position = position;
  e.estimate_s = estimate_s;
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  return o;
}

Outcome Conversation::go_offline(TimeMs now) {
  if (state_ == State::offline) return {};
  if (state_ != State::waiting_human) return reject("only a conversation waiting for a human can go offline");
  return enter_state(State::offline, reason_, now);
}

Outcome Conversation::back_to_queue(TimeMs now) {
  if (state_ != State::offline) return {};
  if (auto refused = refuse_if_full(0, kCustomerFull)) return *refused;
  return enter_state(State::waiting_human, reason_, now);
}

Outcome Conversation::agent_join(const std::string& agent_id, const std::string& agent_name, TimeMs now) {
  if (agent_id.empty()) return reject("an agent needs an id");
  if (state_ == State::with_human) {
    if (agent_id == agent_id_) return {};
    return reject("the conversation is already with " + agent_name_);
  }
  if (state_ != State::waiting_human && state_ != State::offline)
    return reject("an agent can only join a conversation that is waiting for a human");
  Event joined = make(EventKind::agent_joined);
  joined.speaker = Speaker::agent;
  joined.agent_id = agent_id;
  joined.author = agent_name;
  Outcome o;
  o.events.push_back(append(std::move(joined), now));
  auto entered = enter_state(State::with_human, EscalationReason::none, now);
  o.events.insert(o.events.end(), entered.events.begin(), entered.events.end());
  return o;
}

Outcome Conversation::agent_lost(TimeMs now) {
  if (state_ != State::with_human) return reject("no agent is assigned");
  return agent_leaves(State::waiting_human, EscalationReason::agent_lost, now);
}

// ---- agent ----

namespace {
std::string not_assigned(const std::string& agent_id, State s, const std::string& assigned) {
  if (s != State::with_human) return "the conversation is not with a human agent";
  if (agent_id != assigned) return "the conversation is assigned to another agent";
  return {};
}
}  // namespace

Outcome Conversation::agent_say(const std::string& agent_id, const std::string& cid, std::string text, TimeMs now) {
  return agent_writes(EventKind::message, agent_id, cid, std::move(text), now);
}

Outcome Conversation::agent_note(const std::string& agent_id, const std::string& cid, std::string text, TimeMs now) {
  return agent_writes(EventKind::note, agent_id, cid, std::move(text), now);
}

// A reply (message) or an internal note by the assigned agent: deduped per agent, acked with its seq.
Outcome Conversation::agent_writes(EventKind kind, const std::string& agent_id, const std::string& cid,
                                   std::string text, TimeMs now) {
  const char* what = kind == EventKind::note ? "note" : "message";
  if (cid.empty()) return reject(std::string("a ") + what + " needs a client id");
  if (auto dup = duplicate_of(agent_id, cid)) return *dup;
  if (auto why = not_assigned(agent_id, state_, agent_id_); !why.empty()) return reject(why);
  if (text.empty()) return reject(std::string("an empty ") + what + " cannot be sent");
  if (auto refused = refuse_if_full(text.size(), kAgentFull)) return *refused;
  Event e = make(kind);
  e.speaker = Speaker::agent;
  e.agent_id = agent_id;
  e.author = agent_name_;
  e.client_id = cid;
  e.text = std::move(text);
  Outcome o;
  o.events.push_back(append(std::move(e), now));
  o.ack = o.events.back().seq;
  return o;
}

Outcome Conversation::return_to_ai(const std::string& agent_id, TimeMs now) {
  if (auto why = not_assigned(agent_id, state_, agent_id_); !why.empty()) return reject(why);
  return agent_leaves(State::ai, EscalationReason::none, now);
}

Outcome Conversation::transfer(const std::string& agent_id, TimeMs now) {
  if (auto why = not_assigned(agent_id, state_, agent_id_); !why.empty()) return reject(why);
  return agent_leaves(State::waiting_human, EscalationReason::transfer, now);
}

Outcome Conversation::resolve(const std::string& agent_id, TimeMs now) {
  if (auto why = not_assigned(agent_id, state_, agent_id_); !why.empty()) return reject(why);
  return enter_state(State::closed, EscalationReason::none, now);
}

}  // namespace duet
