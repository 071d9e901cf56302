// The agent session's side of quick replies and read receipts: the customer's feedback shown on
// the AI answer it was about, the customer's read mark ("Seen"), and the marks this agent sends.
#include <algorithm>

#include "agent_session.hpp"

namespace duet {

Seq seen_by_customer(const AgentConversation& c) {
  for (auto it = c.lines.rbegin(); it != c.lines.rend(); ++it)
    if (it->kind == EventKind::message && it->speaker == Speaker::agent && it->seq > 0 && it->seq <= c.customer_read)
      return it->seq;
  return 0;
}

void AgentSession::note_feedback(AgentConversation& c, const Event& e) {
  if (e.feedback == Feedback::none || e.reply_to == 0) return;
  auto it = std::find_if(c.lines.begin(), c.lines.end(), [&](const AgentLine& l) { return l.seq == e.reply_to; });
  if (it != c.lines.end() && it->speaker == Speaker::ai) it->answer_feedback = e.feedback;
}

AgentSession::Marks& AgentSession::marks(const std::string& conversation) {
  auto it = std::find_if(marks_.begin(), marks_.end(), [&](const Marks& m) { return m.conversation == conversation; });
  if (it != marks_.end()) return *it;
  marks_.push_back(Marks{conversation, 0, 0, {}});
  return marks_.back();
}

// The marks cover the customer's messages only: an agent's receipt says "I saw what you wrote".
void AgentSession::note_read_marks(const AgentConversation& c, const Event& e) {
  if (e.speaker != Speaker::customer || (e.kind != EventKind::message && e.kind != EventKind::offline_message)) return;
  Marks& m = marks(c.id);
  m.delivered = std::max(m.delivered, e.seq);
  if (c.id == view_.active && page_visible_) m.read = m.delivered;
}

// The conversation on screen: everything the customer wrote in it has been seen.
void AgentSession::mark_all_read(const std::string& conversation) {
  if (!page_visible_ || conversation.empty() || !find(conversation)) return;
  Marks& m = marks(conversation);
  m.read = m.delivered;
}

void AgentSession::set_page_visible(bool visible) {
  page_visible_ = visible;
  mark_all_read(view_.active);
  changed();
}

void AgentSession::apply_customer_read(const proto::Read& m) {
  auto* c = find(m.conversation);
  if (!c || m.who != Speaker::customer) return;
  c->customer_read = std::max(c->customer_read, m.seq);
  c->customer_delivered = std::max({c->customer_delivered, m.delivered, c->customer_read});
}

// Only for conversations that are ours (the server takes receipts from the assigned agent only).
std::optional<TimeMs> AgentSession::reads_due() const {
  if (!ready()) return std::nullopt;
  std::optional<TimeMs> due;
  for (const Marks& m : marks_) {
    const AgentConversation* c = view_.find(m.conversation);
    if (c && c->assigned && !c->joining) due = earliest(due, m.reporter.due(m.read, m.delivered));
  }
  return due;
}

void AgentSession::report_reads(TimeMs now) {
  if (!ready()) return;
  for (Marks& m : marks_) {
    const AgentConversation* c = view_.find(m.conversation);
    if (!c || !c->assigned || c->joining) continue;
    const auto due = m.reporter.due(m.read, m.delivered);
    if (!due || now < *due) continue;
    send(proto::Read{m.conversation, m.read, m.delivered, Speaker::agent});
    m.reporter.sent(m.read, m.delivered, now);
  }
}

}  // namespace duet
