#include "client_session.hpp"

#include <algorithm>
#include <cstdio>

#include "backoff.hpp"
#include "text.hpp"

namespace duet {
namespace {

// Frames from the server carry pages of the transcript (welcome, replay) and agents' snapshots, so
// they may be far larger than what a client may send.
constexpr proto::Limits kServerFrameLimits{4 * 1024 * 1024, 64 * 1024};
// Customer messages whose streamed answer is done, remembered so late pieces are ignored.
constexpr std::size_t kFinishedStreams = 32;

std::size_t common_prefix(std::string_view a, std::string_view b) {
  std::size_t n = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) ++n;
  return n;
}

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; });
}

// Errors about the message itself: sending it again would be refused again. Anything else
// (rate_limited, shutting_down, internal, ...) keeps the message in the outbox for a resend.
bool refused_for_content(proto::ErrorCode c) {
  using proto::ErrorCode;
  return c == ErrorCode::text_too_long || c == ErrorCode::bad_utf8 || c == ErrorCode::bad_value ||
         c == ErrorCode::missing_field || c == ErrorCode::wrong_type || c == ErrorCode::not_allowed ||
         c == ErrorCode::conversation_full;
}

ChatLine line_of(const Event& e) {
  ChatLine l;
  l.seq = e.seq;
  l.at = e.at;
  l.kind = e.kind;
  l.speaker = e.speaker;
  l.author = e.author;
  l.text = e.text;
  l.cid = e.client_id;
  l.state = e.state;
  l.reason = e.reason;
  l.score = e.score;
  l.replies = e.replies;
  l.card = e.card;
  l.feedback = e.feedback;
  return l;
}

}  // namespace

Greeting greeting_for(const Context& context) {
  const std::string& e = context.payment_error;
  if (e.empty()) return Greeting::plain;
  // Declines (by the bank, for funds or a limit) are named as such; anything else failed.
  for (const char* declined : {"declin", "insufficient_funds", "limit_exceeded"})
    if (e.find(declined) != std::string::npos) return Greeting::payment_declined;
  return Greeting::payment_failed;
}

TextFit text_fit(std::string_view text, std::size_t max_bytes) {
  TextFit fit{text::length(text), 0};
  if (text.size() <= max_bytes) {
    fit.max_chars = fit.chars + (max_bytes - text.size());
  } else {
    std::size_t cut = max_bytes;  // back to the start of a character: a split one does not count
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    fit.max_chars = text::length(text.substr(0, cut));
  }
  return fit;
}

std::string_view to_string(Connection c) {
  switch (c) {
    case Connection::idle: return "idle";
    case Connection::connecting: return "connecting";
    case Connection::online: return "online";
    case Connection::reconnecting: return "reconnecting";
  }
  return "unknown";
}

CustomerSession::CustomerSession(ClientConfig config, Transport& transport, std::uint64_t seed)
    : config_(std::move(config)), transport_(transport), rng_(seed) {
  char prefix[24];
  std::snprintf(prefix, sizeof prefix, "%012llx", static_cast<unsigned long long>(rng_() & 0xffffffffffffULL));
  cid_prefix_ = prefix;
  view_.max_text_bytes = limits_.max_text_bytes;
  view_.greeting = greeting_for(config_.context);
}

// ---- lifecycle ----

void CustomerSession::start(TimeMs) {
  stopped_ = false;
  view_.connection = Connection::connecting;
  changed();
  transport_.open(config_.url);
}

void CustomerSession::stop() {
  stopped_ = true;
  reconnect_at_.reset();
  transport_.close();
  view_.connection = Connection::idle;
  changed();
}

void CustomerSession::tick(TimeMs now) {
  report_read(now);
  if (!reconnect_at_ || now < *reconnect_at_ || stopped_) return;
  reconnect_at_.reset();
  ++attempts_;
  transport_.open(config_.url);
}

std::optional<TimeMs> CustomerSession::next_wakeup() const { return earliest(reconnect_at_, read_due()); }

void CustomerSession::schedule_reconnect(TimeMs now) {
  reconnect_at_ = now + reconnect_delay(config_.backoff_min_ms, config_.backoff_max_ms, attempts_, rng_);
  view_.reconnect_at = *reconnect_at_;
}

// ---- transport callbacks ----

void CustomerSession::on_open(TimeMs) {
  context_unsent_ = false;  // the hello carries the latest context
  proto::Hello hello;
  hello.site = config_.site;
  hello.resume = resume_;
  hello.last_seq = last_seq_;
  hello.locale = config_.locale;
  hello.context = config_.context;
  send(hello);
}

void CustomerSession::on_closed(TimeMs now) {
  if (stopped_) return;
  view_.connection = Connection::reconnecting;
  view_.ai_typing = view_.agent_typing = false;
  schedule_reconnect(now);
  changed();
}

void CustomerSession::on_frame(std::string_view frame, TimeMs now) {
  auto parsed = proto::parse(frame, kServerFrameLimits);
  if (!parsed) {
    view_.last_error = parsed.error();
    changed();
    return;
  }
  std::visit(
      [this](const auto& m) {
        using T = std::decay_t<decltype(m)>;
        if constexpr (std::is_same_v<T, proto::Welcome>) {
          on_welcome(m);
        } else if constexpr (std::is_same_v<T, proto::Replay>) {
          on_replay(m);
        } else if constexpr (std::is_same_v<T, proto::EventMsg>) {
          apply_event(m.event, true);
          rebuild_pending_lines();
        } else if constexpr (std::is_same_v<T, proto::Ack>) {
          auto it = std::find_if(outbox_.begin(), outbox_.end(), [&](const Pending& p) { return p.cid == m.cid; });
          if (it != outbox_.end()) outbox_.erase(it);
          rebuild_pending_lines();
        } else if constexpr (std::is_same_v<T, proto::Stream>) {
          on_stream(m);
        } else if constexpr (std::is_same_v<T, proto::Typing>) {
          (m.who == Speaker::agent ? view_.agent_typing : view_.ai_typing) = m.on;
          // Every AI turn ends with typing off: a stream still open then has no final message coming
          // (a human took over, or the answer was dropped), so its partial text must not linger.
          if (m.who == Speaker::ai && !m.on) drop_streams(m.reply_to);
          rebuild_pending_lines();
        } else if constexpr (std::is_same_v<T, proto::Error>) {
          on_error(m);
        } else if constexpr (std::is_same_v<T, proto::Read>) {
          apply_support_read(m);
        }
      },
      parsed.value());
  update_replies_for();
  report_read(now);
  changed();
}

void CustomerSession::on_welcome(const proto::Welcome& w) {
  // Pieces are not replayed: the welcome's transcript is the truth, and pieces still arriving for a
  // dropped answer would be a fragment without its start.
  drop_streams();
  if (w.conversation != view_.conversation) {
    // A new conversation (first contact, a follow-up, or a resume the server refused): start clean,
    // with what a follow-up continues above it (the server's copy, or the lines on screen).
    view_.earlier.clear();
    if (!w.earlier.empty()) {
      for (const Event& e : w.earlier) view_.earlier.push_back(line_of(e));
    } else if (!w.previous.empty() && w.previous == view_.conversation) {
      for (ChatLine& l : view_.lines)
        if (!l.pending && !l.streaming) view_.earlier.push_back(std::move(l));
    }
    // Seqs count per conversation: what was seen of another one says nothing about this one.
    if (!view_.conversation.empty()) seen_seq_ = 0;
    view_.lines.clear();
    confirmed_lines_ = 0;
    last_seq_ = 0;
    view_.rated = view_.message_left = view_.offer_human = false;
    view_.unread_from = 0;
    view_.support_read = view_.support_delivered = 0;
    other_read_ = other_delivered_ = tapped_ = 0;
    read_reporter_.restart();
  }
  view_.support_read = std::max(view_.support_read, w.read_seq);
  view_.support_delivered = std::max({view_.support_delivered, w.delivered_seq, view_.support_read});
  view_.conversation = w.conversation;
  resume_ = w.resume;
  for (const Event& e : w.events) apply_event(e, false);
  // The current state only: the page's events are applied above, not kept.
  current_ = proto::Welcome{.state = w.state, .humans_available = w.humans_available, .agent_name = w.agent_name,
                            .queue_position = w.queue_position, .estimate_s = w.estimate_s};
  apply_current();
  // The rest of the transcript comes page by page; the server holds live events back until then.
  view_.loading_history = w.more;
  if (w.more) send(proto::Replay{last_seq_, {}, {}, false});
  view_.connection = Connection::online;
  view_.last_error.reset();
  attempts_ = 0;
  reconnect_at_.reset();
  flush_outbox();
  if (want_human_) request_human(0);
  if (want_leave_queue_) {
    if (w.state == State::waiting_human || w.state == State::offline) leave_queue(0);
    want_leave_queue_ = false;  // a human took it meanwhile, or it is back with the AI already
  }
  if (pending_rate_) rate(pending_rate_->score, pending_rate_->comment);
  if (context_unsent_) set_context(config_.context);
  rebuild_pending_lines();
}

void CustomerSession::on_replay(const proto::Replay& r) {
  if (!view_.loading_history || r.conversation != view_.conversation) return;  // not ours, or late
  for (const Event& e : r.events) apply_event(e, false);
  apply_current();
  view_.loading_history = r.more;
  if (r.more) send(proto::Replay{last_seq_, {}, {}, false});
  rebuild_pending_lines();
}

void CustomerSession::apply_current() {
  view_.state = current_.state;
  view_.humans_available = current_.humans_available;
  view_.agent_name = current_.agent_name;
  view_.queue_position = current_.queue_position;
  view_.estimate_s = current_.estimate_s;
}

void CustomerSession::on_error(const proto::Error& e) {
  view_.last_error = e;
  if (e.code == proto::ErrorCode::bad_resume_token) resume_.clear();
  // A message the server refuses for its content would be refused again: take it out of the
  // outbox, and keep its text visible through last_error (the UI puts it back in the composer).
  if (!e.cid.empty() && refused_for_content(e.code)) {
    auto it = std::find_if(outbox_.begin(), outbox_.end(), [&](const Pending& p) { return p.cid == e.cid; });
    if (it != outbox_.end()) {
      view_.last_error->message += " Your message: \"" + it->text + "\"";
      view_.refused = {view_.refused.count + 1, e.code, it->text, it->contact};
      outbox_.erase(it);
    }
  }
  rebuild_pending_lines();
}

// ---- events into the view ----

void CustomerSession::apply_event(const Event& e, bool live) {
  if (e.seq <= last_seq_) return;  // already applied (replayed or duplicated by the network)
  last_seq_ = e.seq;
  const bool from_other = e.kind == EventKind::message && e.speaker != Speaker::customer;
  // Replays on welcome are not news, except what arrived after the customer last looked (a reply
  // while they were away; seen_seq is 0 when the page kept nothing, and then nothing counts).
  const bool news = live || (seen_seq_ > 0 && e.seq > seen_seq_);
  if (panel_open_) seen_seq_ = e.seq;
  note_read_marks(e);
  if (news && from_other && !panel_open_) {
    ++view_.unread;
    if (view_.unread_from == 0) view_.unread_from = e.seq;
  }
  switch (e.kind) {
    case EventKind::message:
      if (e.speaker == Speaker::ai) view_.ai_typing = false;
      if (e.speaker == Speaker::agent) view_.agent_typing = false;
      // The offer card belongs to the latest AI turn: a new AI message (its own offer follows it) or
      // the customer's answer ends it.
      if (e.speaker == Speaker::ai || e.speaker == Speaker::customer) view_.offer_human = false;
      if (e.speaker == Speaker::ai && live) finish_stream_for(e);
      if (e.speaker == Speaker::ai) note_answered(e);
      break;
    case EventKind::state:
      view_.state = e.state;
      if (e.state != State::waiting_human) view_.queue_position = 0, view_.estimate_s = -1;
      if (e.state != State::with_human) view_.agent_name.clear();
      if (e.state != State::ai) view_.offer_human = false;
      break;
    case EventKind::queue:
      view_.queue_position = e.position;
      view_.estimate_s = e.estimate_s;
      break;
    case EventKind::agent_joined:
      view_.agent_name = e.author;
      break;
    case EventKind::offer_human:
      view_.offer_human = true;
      view_.offer_reason = e.reason;
      break;
    case EventKind::offline_message:
      view_.message_left = true;
      break;
    case EventKind::rating:
      view_.rated = true;
      break;
    default:
      break;
  }
  if (e.kind == EventKind::queue || e.kind == EventKind::ai_resumed || e.kind == EventKind::note) return;
  view_.lines.resize(confirmed_lines_);
  view_.lines.push_back(line_of(e));
  ++confirmed_lines_;
}

void CustomerSession::rebuild_pending_lines() {
  view_.lines.resize(confirmed_lines_);
  for (const Streaming& st : streams_) {
    ChatLine l;
    l.speaker = Speaker::ai;
    l.text = st.text;
    l.streaming = true;
    l.reply_to = st.reply_to;
    view_.lines.push_back(std::move(l));
  }
  for (const Pending& p : outbox_) {
    // Once the server's event for it arrived the message is shown confirmed, even before the ack.
    const bool confirmed = std::any_of(view_.lines.begin(), view_.lines.end(),
                                       [&](const ChatLine& l) { return l.cid == p.cid; });
    if (confirmed) continue;
    ChatLine l;
    l.at = p.at;
    l.kind = p.contact.empty() ? EventKind::message : EventKind::offline_message;
    l.speaker = Speaker::customer;
    l.text = p.text;
    l.cid = p.cid;
    l.pending = true;
    view_.lines.push_back(std::move(l));
  }
  update_replies_for();
}

// ---- streamed answers ----

bool CustomerSession::stream_finished(Seq reply_to) const {
  return std::find(finished_streams_.begin(), finished_streams_.end(), reply_to) != finished_streams_.end();
}

void CustomerSession::on_stream(const proto::Stream& m) {
  if (m.text.empty() || stream_finished(m.reply_to)) return;
  auto it = std::find_if(streams_.begin(), streams_.end(), [&](const Streaming& st) { return st.reply_to == m.reply_to; });
  if (it == streams_.end()) {
    streams_.push_back(Streaming{m.reply_to, {}});
    it = streams_.end() - 1;
  }
  it->text += m.text;
  view_.ai_typing = true;
  rebuild_pending_lines();
}

// The final AI message replaces the streamed answer to the customer message it names (`reply_to`).
// From a server that does not say, it takes the stream it continues best (ties: the oldest).
void CustomerSession::finish_stream_for(const Event& final_message) {
  if (final_message.reply_to != 0) {
    auto it = std::find_if(streams_.begin(), streams_.end(),
                           [&](const Streaming& st) { return st.reply_to == final_message.reply_to; });
    if (it != streams_.end()) streams_.erase(it);
    if (!stream_finished(final_message.reply_to)) finished_streams_.push_back(final_message.reply_to);
    if (finished_streams_.size() > kFinishedStreams) finished_streams_.erase(finished_streams_.begin());
    return;
  }
  const std::string& final_text = final_message.text;
  if (streams_.empty()) return;
  auto best = streams_.begin();
  std::size_t best_len = common_prefix(best->text, final_text);
  for (auto it = streams_.begin() + 1; it != streams_.end(); ++it) {
    const std::size_t len = common_prefix(it->text, final_text);
    if (len > best_len) best = it, best_len = len;
  }
  finished_streams_.push_back(best->reply_to);
  streams_.erase(best);
  if (finished_streams_.size() > kFinishedStreams) finished_streams_.erase(finished_streams_.begin());
}

void CustomerSession::drop_streams(Seq reply_to) {
  // A turn that names its message ends only its own stream; one that does not ends them all.
  if (reply_to != 0) {
    auto it = std::find_if(streams_.begin(), streams_.end(), [&](const Streaming& st) { return st.reply_to == reply_to; });
    if (it != streams_.end()) {
      finished_streams_.push_back(it->reply_to);
      streams_.erase(it);
    }
    while (finished_streams_.size() > kFinishedStreams) finished_streams_.erase(finished_streams_.begin());
    return;
  }
  while (!streams_.empty()) {
    finished_streams_.push_back(streams_.back().reply_to);
    streams_.pop_back();
  }
  while (finished_streams_.size() > kFinishedStreams) finished_streams_.erase(finished_streams_.begin());
}

// ---- intents ----

std::string CustomerSession::next_cid() { return cid_prefix_ + "-" + std::to_string(++cid_counter_); }

void CustomerSession::not_taken(proto::ErrorCode code, std::string message, std::string field) {
  view_.last_error = proto::make_error(code, std::move(message), field);
  view_.not_taken = {view_.not_taken.count + 1, code, std::move(field)};
  changed();
}

bool CustomerSession::check_text(const std::string& text) {
  if (blank(text)) {
    not_taken(proto::ErrorCode::bad_value, "Write a message first.", "text");
  } else if (text.size() > limits_.max_text_bytes) {
    not_taken(proto::ErrorCode::text_too_long, "That message is too long to send. Please shorten it or split it in two.", "text");
  } else if (!proto::valid_utf8(text)) {
    not_taken(proto::ErrorCode::bad_utf8, "That message has characters that cannot be sent.", "text");
  } else {
    return true;
  }
  return false;
}

bool CustomerSession::say(std::string text, TimeMs now) {
  if (!check_text(text)) return false;
  outbox_.push_back(Pending{next_cid(), std::move(text), now, {}});
  ++view_.taken;
  view_.offer_human = false;  // writing anything answers the offer (the assistant reads it)
  if (view_.connection == Connection::online) send_pending(outbox_.back());
  rebuild_pending_lines();
  changed();
  return true;
}

bool CustomerSession::leave_message(std::string contact, std::string text, TimeMs now) {
  if (blank(contact)) {
    not_taken(proto::ErrorCode::bad_value, "Leave an email address or phone number so we can answer you.", "contact");
    return false;
  }
  if (!check_text(text)) return false;
  outbox_.push_back(Pending{next_cid(), std::move(text), now, std::move(contact)});
  ++view_.taken;
  if (view_.connection == Connection::online) send_pending(outbox_.back());
  rebuild_pending_lines();
  changed();
  return true;
}

void CustomerSession::send_pending(const Pending& p) {
  if (p.contact.empty())
    send(proto::Say{p.cid, p.text, {}, p.reply_to});
  else
    send(proto::LeaveMessage{p.cid, p.contact, p.text});
}

void CustomerSession::flush_outbox() {
  for (const Pending& p : outbox_) send_pending(p);
}

void CustomerSession::request_human(TimeMs) {
  want_leave_queue_ = false;  // the later wish wins
  if (view_.connection != Connection::online) {
    want_human_ = true;  // sent as soon as we are back
    changed();
    return;
  }
  want_human_ = false;
  view_.offer_human = false;
  send(proto::RequestHuman{"button"});
  changed();
}

void CustomerSession::leave_queue(TimeMs) {
  want_human_ = false;  // the later wish wins
  if (view_.connection != Connection::online) {
    want_leave_queue_ = true;
    changed();
    return;
  }
  want_leave_queue_ = false;
  send(proto::LeaveQueue{});
  changed();
}

void CustomerSession::rate(int score, std::string comment) {
  proto::Rate r{score, std::move(comment)};
  if (view_.connection != Connection::online) {
    pending_rate_ = std::move(r);
    return;
  }
  pending_rate_.reset();
  send(r);
}

void CustomerSession::set_context(Context context) {
  config_.context = std::move(context);
  view_.greeting = greeting_for(config_.context);
  changed();
  // Before the welcome (even with hello already on its way) it is sent once we are online.
  context_unsent_ = view_.connection != Connection::online;
  if (!context_unsent_) send(proto::SetContext{config_.context});
}

void CustomerSession::set_typing(bool on) {
  if (view_.connection == Connection::online) send(proto::Typing{on, {}, Speaker::customer, {}});
}

void CustomerSession::end_conversation() {
  if (view_.connection == Connection::online) send(proto::End{});
}

void CustomerSession::set_panel_open(bool open) {
  panel_open_ = open;
  if (open) view_.unread = 0, seen_seq_ = std::max(seen_seq_, last_seq_);
  if (open && page_visible_) other_read_ = other_delivered_;
  else view_.unread_from = 0;
  changed();
}

void CustomerSession::restore(std::string resume_token, Seq seen_seq) {
  resume_ = std::move(resume_token);
  seen_seq_ = seen_seq;
}

void CustomerSession::restore_outbox(std::vector<Pending> pending) {
  outbox_ = std::move(pending);
  rebuild_pending_lines();
  changed();
}

void CustomerSession::send(const proto::Message& m) { transport_.send(proto::serialize(m)); }

}  // namespace duet
