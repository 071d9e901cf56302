#include "agent_session.hpp"
#include "backoff.hpp"

#include <algorithm>
#include <cstdio>

namespace duet {
namespace {

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

AgentLine line_from(const Event& e) {
  AgentLine l;
  l.seq = e.seq;
  l.at = e.at;
  l.kind = e.kind;
  l.speaker = e.speaker;
  l.author = e.author;
  l.text = e.text;
  l.cid = e.client_id;
  l.state = e.state;
  l.reason = e.reason;
  l.position = e.position;
  l.estimate_s = e.estimate_s;
  l.contact = e.contact;
  l.score = e.score;
  l.replies = e.replies;
  l.reply_to = e.reply_to;
  l.feedback = e.feedback;
  return l;
}

// Inserts or replaces the acknowledged line with `l.seq`, keeping acknowledged lines in seq order
// before the pending and failed ones.
void upsert_acknowledged(std::vector<AgentLine>& lines, AgentLine l) {
  auto unacked = std::find_if(lines.begin(), lines.end(), [](const AgentLine& x) { return x.seq == 0; });
  auto pos = std::lower_bound(lines.begin(), unacked, l.seq, [](const AgentLine& x, Seq s) { return x.seq < s; });
  if (pos != unacked && pos->seq == l.seq) {
    l.answer_feedback = pos->answer_feedback;  // from a later message, not from this event
    *pos = std::move(l);
  }
  else
    lines.insert(pos, std::move(l));
}

// A message from someone other than this agent, which the agent has not read yet.
bool counts_as_unread(const Event& e, const std::string& agent_id) {
  if (e.kind == EventKind::offline_message) return true;
  if (e.kind != EventKind::message) return false;
  return e.speaker != Speaker::agent || (!e.agent_id.empty() && e.agent_id != agent_id);
}

}  // namespace

std::string_view to_string(SignIn s) {
  switch (s) {
    case SignIn::signed_out: return "signed_out";
    case SignIn::signing_in: return "signing_in";
    case SignIn::signed_in: return "signed_in";
    case SignIn::rejected: return "rejected";
  }
  return "unknown";
}

std::string customer_title(const Brief& brief, const std::string& conversation) {
  if (!brief.context.customer_name.empty()) return brief.context.customer_name;
  std::string tail = conversation.size() > 6 ? conversation.substr(conversation.size() - 6) : conversation;
  return "Customer " + tail;
}

std::string AgentConversation::title() const { return customer_title(brief, id); }

int AgentQueueItem::wait_s(TimeMs now) const {
  TimeMs grown = now > received_at ? (now - received_at) / 1000 : 0;
  return entry.wait_s + static_cast<int>(grown);
}

const AgentConversation* AgentViewModel::find(const std::string& id) const {
  if (id.empty()) return nullptr;
  for (const auto& c : conversations)
    if (c.id == id) return &c;
  return nullptr;
}

std::vector<AgentWaiting> waiting_list(const AgentViewModel& vm) {
  auto ours = [&](const std::string& id) {
    const auto* c = vm.find(id);
    return c && c->assigned;
  };
  auto queued = [&](const std::string& id) -> const AgentQueueItem* {
    for (const auto& q : vm.queue)
      if (q.entry.conversation == id) return &q;
    return nullptr;
  };
  std::vector<AgentWaiting> out;
  for (const auto& o : vm.offers)
    if (!ours(o.conversation)) out.push_back({o.conversation, &o, queued(o.conversation)});
  for (const auto& q : vm.queue) {
    const std::string& id = q.entry.conversation;
    const bool offered = std::any_of(vm.offers.begin(), vm.offers.end(), [&](const AgentOffer& o) { return o.conversation == id; });
    if (!offered && !ours(id)) out.push_back({id, nullptr, &q});
  }
  return out;
}

AgentSession::AgentSession(AgentConfig config, Transport& transport, std::uint64_t seed)
    : config_(std::move(config)), transport_(transport), rng_(seed) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "a%08llx", static_cast<unsigned long long>(rng_() & 0xffffffffULL));
  cid_prefix_ = buf;
}

// ---- lifecycle ----

void AgentSession::start(TimeMs now) {
  (void)now;
  started_ = true;
  stopped_ = false;
  if (config_.token.empty() || open_ || view_.connection == Connection::connecting) return;
  view_.connection = Connection::connecting;
  if (view_.sign_in != SignIn::signed_in) view_.sign_in = SignIn::signing_in;
  reconnect_at_.reset();
  changed();
  transport_.open(config_.url);
}

void AgentSession::tick(TimeMs now) {
  report_reads(now);
  if (!reconnect_at_ || now < *reconnect_at_) return;
  reconnect_at_.reset();
  view_.connection = Connection::connecting;
  view_.reconnect_at = 0;
  changed();
  transport_.open(config_.url);
}

std::optional<TimeMs> AgentSession::next_wakeup() const { return earliest(reconnect_at_, reads_due()); }

void AgentSession::stop() {
  stopped_ = true;
  reconnect_at_.reset();
  if (open_ || view_.connection == Connection::connecting) transport_.close();
  open_ = welcomed_ = false;
  view_.connection = Connection::idle;
  changed();
}

void AgentSession::schedule_reconnect(TimeMs now) {
  reconnect_at_ = now + reconnect_delay(config_.backoff_min_ms, config_.backoff_max_ms, attempts_, rng_);
  ++attempts_;
  view_.reconnect_at = *reconnect_at_;
  view_.connection = Connection::reconnecting;
}

// ---- transport callbacks ----

void AgentSession::on_open(TimeMs now) {
  (void)now;
  if (stopped_) return;
  open_ = true;
  welcomed_ = false;
  attempts_ = 0;
  view_.connection = Connection::online;
  view_.reconnect_at = 0;
  changed();
  send(proto::AgentHello{config_.token});
}

void AgentSession::on_closed(TimeMs now) {
  open_ = welcomed_ = false;
  for (auto& o : view_.offers) o.accepting = false;
  for (auto& c : view_.conversations) c.customer_typing = false;
  if (stopped_ || view_.sign_in == SignIn::rejected) {
    view_.connection = Connection::idle;
  } else {
    schedule_reconnect(now);
  }
  changed();
}

void AgentSession::on_frame(std::string_view frame, TimeMs now) {
  auto parsed = proto::parse(frame, proto::Limits::for_server_frames());
  if (!parsed) {
    // A frame we cannot read is the server's bug, not the agent's: note it and carry on.
    view_.last_error = parsed.error();
    changed();
    return;
  }
  std::visit(
      [&](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, proto::AgentWelcome> || std::is_same_v<T, proto::Queue> ||
                      std::is_same_v<T, proto::Offer> || std::is_same_v<T, proto::Snapshot> ||
                      std::is_same_v<T, proto::EventMsg> || std::is_same_v<T, proto::Ack> ||
                      std::is_same_v<T, proto::Error> || std::is_same_v<T, proto::Typing> ||
                      std::is_same_v<T, proto::Inbox> || std::is_same_v<T, proto::Agents>)
          handle(m, now);
        if constexpr (std::is_same_v<T, proto::Read>) apply_customer_read(m);
        // Anything else is not for agents; ignore it rather than fail.
      },
      parsed.value());
  recount();
  report_reads(now);
  changed();
}

// ---- server -> agent ----

void AgentSession::handle(const proto::AgentWelcome& m, TimeMs now) {
  (void)now;
  welcomed_ = true;
  view_.sign_in = SignIn::signed_in;
  view_.agent_id = m.agent_id;
  view_.name = m.name;
  view_.languages = m.languages;
  view_.skills = m.skills;
  view_.canned = m.canned;
  view_.last_error.reset();
  if (status_set_) {
    send(proto::Status{view_.available, view_.capacity});
  } else {
    view_.available = m.available;
    view_.capacity = m.capacity;
  }
  flush_outbox();
  // Accepts the server may not have answered before the connection dropped: asked again (an accept
  // of a conversation already ours is answered with its snapshot).
  for (const auto& id : joining_) send(proto::Accept{id});
  auto deferred = std::move(deferred_);
  deferred_.clear();
  for (const auto& d : deferred) send(d);
}

void AgentSession::handle(const proto::Queue& m, TimeMs now) {
  view_.queue.clear();
  for (const auto& e : m.entries) view_.queue.push_back(AgentQueueItem{e, now});
  std::stable_sort(view_.queue.begin(), view_.queue.end(),
                   [](const AgentQueueItem& a, const AgentQueueItem& b) { return a.entry.wait_s > b.entry.wait_s; });
  view_.agents_available = m.agents_available;
  // An offer whose customer was listed and has now left the queue was taken or withdrawn.
  std::vector<std::string> gone;
  for (auto& o : view_.offers) {
    bool listed = std::any_of(m.entries.begin(), m.entries.end(),
                              [&](const proto::QueueEntry& e) { return e.conversation == o.conversation; });
    if (listed) o.listed = true;
    else if (o.listed && !o.accepting) gone.push_back(o.conversation);
  }
  for (const auto& g : gone) remove_offer(g);
}

void AgentSession::handle(const proto::Offer& m, TimeMs now) {
  if (const auto* c = find(m.conversation); c && c->assigned) return;  // already ours
  for (auto& o : view_.offers) {
    if (o.conversation == m.conversation) {
      o.brief = m.brief;
      return;
    }
  }
  view_.offers.push_back(AgentOffer{m.conversation, m.brief, now});
  ++view_.new_offers;
}

void AgentSession::handle(const proto::Snapshot& m, TimeMs now) {
  bool known = find(m.conversation) != nullptr;
  auto& c = conversation(m.conversation);
  Seq seen = c.last_seq;
  c.state = m.state;
  c.brief = m.brief;
  c.previous = m.previous;
  c.earlier.clear();
  for (const Event& e : m.earlier) c.earlier.push_back(line_from(e));
  c.assigned = m.state == State::with_human;
  c.joining = false;
  c.join_error.clear();
  std::erase(joining_, c.id);
  // Keep lines the server refused; everything else comes from the snapshot.
  std::vector<AgentLine> failed;
  for (auto& l : c.lines)
    if (l.failed) failed.push_back(std::move(l));
  c.lines.clear();
  c.customer_read = std::max(c.customer_read, m.read_seq);
  c.customer_delivered = std::max({c.customer_delivered, m.delivered_seq, c.customer_read});
  for (const auto& e : m.events) {
    upsert_acknowledged(c.lines, line_from(e));
    note_feedback(c, e);
    note_read_marks(c, e);
    c.last_seq = std::max(c.last_seq, e.seq);
    if (known && e.seq > seen && c.id != view_.active && counts_as_unread(e, view_.agent_id)) ++c.unread;
    std::erase_if(outbox_, [&](const Pending& p) { return !e.client_id.empty() && p.cid == e.client_id; });
  }
  for (auto& f : failed) c.lines.push_back(std::move(f));
  c.last_activity = now;
  if (!c.assigned) {
    join_refused(c.id, "the conversation is no longer waiting for a human");
  } else {
    // Replies written while joining go out now, in the order they were written.
    for (auto& p : outbox_) {
      if (p.conversation != c.id || !p.held) continue;
      p.held = false;
      if (ready()) send_pending(p);
    }
  }
  rebuild_pending_lines(c);
  remove_offer(m.conversation);
  // The conversation on screen stays: an accept opened its conversation already, and a snapshot
  // nobody here asked for (another tab of this agent, a reconnect) never takes the screen.
  if (view_.active.empty() || !view_.find(view_.active)) view_.active = c.id;
  mark_all_read(view_.active);
}

void AgentSession::handle(const proto::Inbox& m, TimeMs now) {
  (void)now;
  view_.inbox = m.entries;
  view_.inbox_total = std::max<int>(m.total, static_cast<int>(m.entries.size()));
}

void AgentSession::handle(const proto::EventMsg& m, TimeMs now) {
  // Events of a conversation that is not (or was never) ours open no tab: the queue, offers and the
  // inbox are where others' conversations show.
  AgentConversation* known = find(m.conversation);
  if (!known) return;
  auto& c = *known;
  apply_event(c, m.event, c.id != view_.active);
  c.last_activity = now;
}

void AgentSession::apply_event(AgentConversation& c, const Event& e, bool count_unread) {
  bool fresh = e.seq > c.last_seq;
  if (!fresh) {
    // A duplicate (resent after a reconnect, or already in a snapshot): refresh, never count twice.
    if (e.seq > 0) upsert_acknowledged(c.lines, line_from(e));
    return;
  }
  c.last_seq = e.seq;
  upsert_acknowledged(c.lines, line_from(e));
  note_feedback(c, e);
  note_read_marks(c, e);
  if (!e.client_id.empty()) {
    auto before = outbox_.size();
    std::erase_if(outbox_, [&](const Pending& p) { return p.cid == e.client_id; });
    if (outbox_.size() != before) rebuild_pending_lines(c);
  }
  switch (e.kind) {
    case EventKind::state:
      c.state = e.state;
      if (e.state != State::with_human) c.assigned = false;
      break;
    case EventKind::agent_joined:
      c.state = State::with_human;
      c.assigned = e.agent_id.empty() || e.agent_id == view_.agent_id;
      break;
    case EventKind::message:
      if (e.speaker == Speaker::customer) c.customer_typing = false;
      break;
    default: break;
  }
  if (count_unread && counts_as_unread(e, view_.agent_id)) ++c.unread;
}

void AgentSession::handle(const proto::Ack& m, TimeMs now) {
  (void)now;
  auto it = std::find_if(outbox_.begin(), outbox_.end(), [&](const Pending& p) { return p.cid == m.cid; });
  if (it == outbox_.end()) return;  // a duplicate ack
  Pending p = *it;
  outbox_.erase(it);
  auto& c = conversation(p.conversation);
  bool present = std::any_of(c.lines.begin(), c.lines.end(), [&](const AgentLine& l) { return l.seq == m.seq; });
  if (!present && m.seq > 0) {
    // The ack came before the event: show the line as acknowledged now, the event refreshes it.
    AgentLine l;
    l.seq = m.seq;
    l.at = p.at;
    l.kind = p.note ? EventKind::note : EventKind::message;
    l.speaker = Speaker::agent;
    l.author = view_.name;
    l.text = p.text;
    l.cid = p.cid;
    upsert_acknowledged(c.lines, std::move(l));
  }
  rebuild_pending_lines(c);
}

void AgentSession::handle(const proto::Error& m, TimeMs now) {
  (void)now;
  view_.last_error = m;
  if (m.code == proto::ErrorCode::unauthorized && !welcomed_) {
    // A wrong token does not get better by retrying.
    view_.sign_in = SignIn::rejected;
    stopped_ = true;
    reconnect_at_.reset();
    open_ = false;
    view_.connection = Connection::idle;
    transport_.close();
    return;
  }
  if (!m.cid.empty()) {
    auto it = std::find_if(outbox_.begin(), outbox_.end(), [&](const Pending& p) { return p.cid == m.cid; });
    if (it != outbox_.end()) {
      Pending p = *it;
      outbox_.erase(it);
      auto& c = conversation(p.conversation);
      AgentLine l = line_of(p);
      l.failed = true;
      l.error = m.message;
      rebuild_pending_lines(c);
      c.lines.push_back(std::move(l));
    }
    return;
  }
  if (m.code == proto::ErrorCode::not_allowed || m.code == proto::ErrorCode::no_such_conversation) {
    // The server answers commands in order: the oldest accept in flight is the one refused.
    if (!joining_.empty()) return join_refused(joining_.front(), m.message);
    auto it = std::find_if(view_.offers.begin(), view_.offers.end(), [](const AgentOffer& o) { return o.accepting; });
    if (it != view_.offers.end()) view_.offers.erase(it);
  }
}

void AgentSession::handle(const proto::Typing& m, TimeMs now) {
  (void)now;
  if (auto* c = find(m.conversation); c && m.who == Speaker::customer) c->customer_typing = m.on;
}

void AgentSession::handle(const proto::Agents& m, TimeMs now) {
  (void)now;
  view_.team = m.agents;
  view_.team_more = m.more;
}

// ---- intents ----

void AgentSession::sign_in(std::string token, TimeMs now) {
  if (blank(token)) {
    view_.last_error = proto::make_error(proto::ErrorCode::unauthorized, "Enter your agent token.", "token");
    changed();
    return;
  }
  config_.token = std::move(token);
  stopped_ = false;
  view_.sign_in = SignIn::signing_in;
  view_.last_error.reset();
  if (ready() || open_) {
    send(proto::AgentHello{config_.token});
    changed();
    return;
  }
  start(now);
  changed();
}

void AgentSession::sign_out() {
  stop();
  config_.token.clear();
  outbox_.clear();
  deferred_.clear();
  joining_.clear();
  status_set_ = false;
  view_ = AgentViewModel{};
  changed();
}

void AgentSession::set_status(bool available, int capacity) {
  view_.available = available;
  view_.capacity = std::clamp(capacity, 1, 20);
  status_set_ = true;
  if (ready()) send(proto::Status{view_.available, view_.capacity});
  changed();
}

void AgentSession::command(proto::Message m) {
  if (ready())
    send(m);
  else
    deferred_.push_back(std::move(m));
}

void AgentSession::accept(const std::string& id) {
  if (id.empty()) return;
  if (const auto* c = find(id); c && (c->assigned || c->joining)) return select(id);  // one accept is enough
  Brief brief;
  bool described = false;
  for (auto& o : view_.offers)
    if (o.conversation == id) {
      o.accepting = true;
      brief = o.brief;
      described = true;
    }
  for (const auto& q : view_.queue)
    if (!described && q.entry.conversation == id) {
      // Taken from the queue: what the queue says until the snapshot brings the brief.
      brief.language = q.entry.language;
      brief.intent = q.entry.intent;
      brief.reason = q.entry.reason;
      brief.summary = q.entry.preview;
      described = true;
    }
  for (const auto& e : view_.inbox)
    if (!described && e.conversation == id) {  // taken from the offline inbox: its brief
      brief = e.brief;
      described = true;
    }
  // The agent asked for this customer: their conversation is on screen from now on, so whatever is
  // typed next is for them (it waits for the join), never for the customer shown before.
  auto& c = conversation(id);
  if (described) c.brief = std::move(brief);
  c.state = State::waiting_human;
  c.assigned = false;
  c.joining = true;
  c.join_error.clear();
  c.unread = 0;
  view_.active = id;
  joining_.push_back(id);
  if (ready()) send(proto::Accept{id});
  recount();
  changed();
}

void AgentSession::say(const std::string& conversation, std::string text, TimeMs now) {
  queue_outgoing(conversation, std::move(text), false, now);
}

void AgentSession::note(const std::string& conversation, std::string text, TimeMs now) {
  queue_outgoing(conversation, std::move(text), true, now);
}

void AgentSession::queue_outgoing(const std::string& conversation, std::string text, bool is_note, TimeMs now) {
  auto* c = find(conversation);
  if (!c || blank(text)) return;
  Pending p{conversation, next_cid(), std::move(text), is_note, now, c->joining};
  outbox_.push_back(p);
  if (ready() && !p.held) send_pending(p);
  rebuild_pending_lines(*c);
  c->last_activity = now;
  changed();
}

void AgentSession::return_to_ai(const std::string& conversation) {
  if (find(conversation)) command(proto::ReturnToAi{conversation});
  changed();
}

void AgentSession::transfer(const std::string& conversation, std::string to_agent, std::string note_text) {
  if (find(conversation)) command(proto::Transfer{conversation, std::move(to_agent), std::move(note_text)});
  changed();
}

void AgentSession::resolve(const std::string& conversation) {
  if (find(conversation)) command(proto::Resolve{conversation});
  changed();
}

void AgentSession::set_typing(const std::string& conversation, bool on) {
  const auto* c = find(conversation);
  if (!ready() || !c || !c->assigned) return;  // the customer of a conversation still joining waits
  proto::Typing t;
  t.on = on;
  t.conversation = conversation;
  t.who = Speaker::agent;
  send(t);
}

void AgentSession::select(const std::string& conversation) {
  auto* c = find(conversation);
  if (!c) return;
  view_.active = conversation;
  c->unread = 0;
  mark_all_read(conversation);
  recount();
  changed();
}

void AgentSession::close_tab(const std::string& conversation) {
  auto* c = find(conversation);
  if (!c || c->assigned || c->joining) return;
  std::erase_if(view_.conversations, [&](const AgentConversation& x) { return x.id == conversation; });
  if (view_.active == conversation) view_.active = view_.conversations.empty() ? std::string{} : view_.conversations.front().id;
  mark_all_read(view_.active);
  recount();
  changed();
}

void AgentSession::offers_seen() {
  if (view_.new_offers == 0) return;
  view_.new_offers = 0;
  changed();
}

// ---- helpers ----

void AgentSession::send(const proto::Message& m) { transport_.send(proto::serialize(m)); }

void AgentSession::send_pending(const Pending& p) {
  if (p.note)
    send(proto::Note{p.conversation, p.cid, p.text});
  else
    send(proto::Say{p.cid, p.text, p.conversation});
}

void AgentSession::flush_outbox() {
  for (const auto& p : outbox_)
    if (!p.held) send_pending(p);
}

AgentConversation& AgentSession::conversation(const std::string& id) {
  if (auto* c = find(id)) return *c;
  AgentConversation c;
  c.id = id;
  view_.conversations.push_back(std::move(c));
  return view_.conversations.back();
}

AgentConversation* AgentSession::find(const std::string& id) {
  for (auto& c : view_.conversations)
    if (c.id == id) return &c;
  return nullptr;
}

// The line an unacknowledged reply or note shows as until the server's event replaces it.
AgentLine AgentSession::line_of(const Pending& p) const {
  AgentLine l;
  l.at = p.at;
  l.kind = p.note ? EventKind::note : EventKind::message;
  l.speaker = Speaker::agent;
  l.author = view_.name;
  l.text = p.text;
  l.cid = p.cid;
  return l;
}

void AgentSession::rebuild_pending_lines(AgentConversation& c) {
  std::erase_if(c.lines, [](const AgentLine& l) { return l.pending; });
  // Pending lines go last, in the order they were written.
  for (const auto& p : outbox_) {
    if (p.conversation != c.id) continue;
    AgentLine l = line_of(p);
    l.pending = true;
    c.lines.push_back(std::move(l));
  }
}

// The server would not give us the conversation (another agent took it, it left the queue): it stays
// on screen, not ours, saying why; replies written for it are shown as not sent, with their text.
void AgentSession::join_refused(const std::string& id, const std::string& why) {
  std::erase(joining_, id);
  remove_offer(id);
  auto* c = find(id);
  if (!c) return;
  c->joining = false;
  c->assigned = false;
  c->join_error = why;
  std::vector<AgentLine> refused;
  for (const auto& p : outbox_) {
    if (p.conversation != id || !p.held) continue;
    AgentLine l = line_of(p);
    l.failed = true;
    l.error = why;
    refused.push_back(std::move(l));
  }
  std::erase_if(outbox_, [&](const Pending& p) { return p.conversation == id && p.held; });
  rebuild_pending_lines(*c);
  for (auto& l : refused) c->lines.push_back(std::move(l));
  recount();
}

void AgentSession::remove_offer(const std::string& conversation) {
  std::erase_if(view_.offers, [&](const AgentOffer& o) { return o.conversation == conversation; });
  view_.new_offers = std::min<int>(view_.new_offers, static_cast<int>(view_.offers.size()));
}

void AgentSession::recount() {
  view_.unread_total = 0;
  view_.assigned_count = 0;
  for (const auto& c : view_.conversations) {
    view_.unread_total += c.unread;
    if (c.assigned) ++view_.assigned_count;
  }
}

std::string AgentSession::next_cid() { return cid_prefix_ + "-" + std::to_string(++cid_counter_); }

}  // namespace duet
