// The customer session's suggested replies, article cards and read receipts: which AI message's
// buttons show, what a tap sends, and the `read` marks both ways.
#include <algorithm>

#include "client_session.hpp"

namespace duet {
namespace {

bool offers_a_person(const std::vector<QuickReply>& replies) {
  return std::any_of(replies.begin(), replies.end(), [](const QuickReply& r) { return r.action == ReplyAction::human; });
}

bool from_support(const Event& e) {
  return e.kind == EventKind::message && (e.speaker == Speaker::ai || e.speaker == Speaker::agent);
}

}  // namespace

Receipt receipt_of(const ChatLine& line, const WidgetViewModel& vm) {
  if (line.kind != EventKind::message || line.speaker != Speaker::customer) return Receipt::none;
  if (line.pending || line.seq == 0) return Receipt::none;
  if (line.answered || line.seq <= vm.support_read) return Receipt::read;
  if (line.seq <= vm.support_delivered) return Receipt::delivered;
  return Receipt::sent;
}

// Only the latest AI message keeps its buttons, and only until the customer writes (a pending line
// counts: the buttons go the moment they send) or taps, or an agent speaks.
void CustomerSession::update_replies_for() {
  view_.replies_for = 0;
  for (auto it = view_.lines.rbegin(); it != view_.lines.rend(); ++it) {
    if (it->kind != EventKind::message || it->streaming) continue;
    if (it->speaker != Speaker::ai) return;
    if (it->replies.empty() || it->seq == 0 || it->seq == tapped_) return;
    // The offer card shows this same choice; once a person was asked for, the offer is moot.
    if (offers_a_person(it->replies) && (view_.offer_human || view_.state != State::ai)) return;
    view_.replies_for = it->seq;
    return;
  }
}

bool CustomerSession::tap_reply(Seq message, std::size_t index, TimeMs now) {
  if (message == 0 || message != view_.replies_for) return false;
  auto line = std::find_if(view_.lines.begin(), view_.lines.end(), [&](const ChatLine& l) { return l.seq == message; });
  if (line == view_.lines.end() || index >= line->replies.size()) return false;
  const QuickReply reply = line->replies[index];
  tapped_ = message;
  if (reply.action == ReplyAction::human) {
    request_human(now);
    update_replies_for();
    changed();
    return true;
  }
  outbox_.push_back(Pending{next_cid(), reply.text, now, {}, message});
  ++view_.taken;
  view_.offer_human = false;
  if (view_.connection == Connection::online) send_pending(outbox_.back());
  rebuild_pending_lines();
  changed();
  return true;
}

// An AI message that names the customer message it answers: the assistant read that one.
void CustomerSession::note_answered(const Event& ai_message) {
  if (ai_message.reply_to == 0) return;
  const auto end = view_.lines.begin() + static_cast<std::ptrdiff_t>(confirmed_lines_);
  auto it = std::lower_bound(view_.lines.begin(), end, ai_message.reply_to,
                             [](const ChatLine& l, Seq s) { return l.seq < s; });
  if (it != end && it->seq == ai_message.reply_to) it->answered = true;
}

// The marks we report cover messages from the support side only: our own words need no receipt.
void CustomerSession::note_read_marks(const Event& e) {
  if (!from_support(e)) return;
  other_delivered_ = std::max(other_delivered_, e.seq);
  if (e.seq <= seen_seq_ && page_visible_) other_read_ = std::max(other_read_, e.seq);
}

void CustomerSession::set_page_visible(bool visible) {
  page_visible_ = visible;
  if (visible && panel_open_) other_read_ = other_delivered_;
  changed();
}

void CustomerSession::apply_support_read(const proto::Read& m) {
  if (m.who != Speaker::agent) return;
  if (!m.conversation.empty() && m.conversation != view_.conversation) return;
  view_.support_read = std::max(view_.support_read, m.seq);
  view_.support_delivered = std::max({view_.support_delivered, m.delivered, view_.support_read});
}

std::optional<TimeMs> CustomerSession::read_due() const {
  if (view_.connection != Connection::online) return std::nullopt;
  return read_reporter_.due(other_read_, other_delivered_);
}

void CustomerSession::report_read(TimeMs now) {
  const auto due = read_due();
  if (!due || now < *due) return;
  proto::Read r;
  r.seq = other_read_;
  r.delivered = other_delivered_;
  send(r);
  read_reporter_.sent(other_read_, other_delivered_, now);
}

}  // namespace duet
