#include "ui/agent_format.hpp"

#include <cstdio>

#include "model/enum_names.hpp"
#include "model/text.hpp"

namespace duet::ui {

std::string format_wait(int s) {
  if (s < 0) s = 0;
  char buf[32];
  if (s < 60) std::snprintf(buf, sizeof buf, "%d s", s);
  else if (s < 3600) std::snprintf(buf, sizeof buf, "%d min %d s", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%d h %d min", s / 3600, (s % 3600) / 60);
  return buf;
}

std::string reason_label(EscalationReason r) {
  static constexpr auto kLabels = enum_names<EscalationReason>(
      "None", "Asked for a human", "AI unsure", "AI did not help", "Frustrated", "Repeated question", "Fraud",
      "Dispute", "Financial hardship", "Complaint", "Vulnerable customer", "Bereavement", "Transferred",
      "Agent disconnected");
  return std::string(kLabels(r));
}

std::string state_label(State s) {
  switch (s) {
    case State::ai: return "Back with the AI";
    case State::waiting_human: return "Waiting for a human";
    case State::with_human: return "With a human";
    case State::offline: return "Offline (no one was available)";
    case State::closed: return "Resolved";
  }
  return "";
}

std::string speaker_label(const AgentLine& l) {
  if (l.is_note()) return "Internal note" + (l.author.empty() ? std::string{} : " by " + l.author);
  switch (l.speaker) {
    case Speaker::customer: return "Customer";
    case Speaker::ai: return "AI assistant";
    case Speaker::agent: return l.author.empty() ? "Agent" : l.author + " (human)";
    case Speaker::system: return "System";
  }
  return "";
}

std::string line_label(const AgentLine& l, const std::string& me) {
  (void)me;
  switch (l.kind) {
    case EventKind::message:
    case EventKind::note: return speaker_label(l) + ": " + l.text;
    case EventKind::state: return "Conversation is now: " + state_label(l.state) +
                                  (l.reason != EscalationReason::none ? " (" + reason_label(l.reason) + ")" : "");
    case EventKind::queue: return "Queue position " + std::to_string(l.position);
    case EventKind::agent_joined: return l.author + " (human) joined";
    case EventKind::agent_left: return l.author + " left";
    case EventKind::offer_human: return "The AI offered a human (" + reason_label(l.reason) + ")";
    case EventKind::ai_resumed: return "Handed back to the AI";
    case EventKind::offline_message: return "Offline message from " + l.contact + ": " + l.text;
    case EventKind::rating: return "Customer rated " + std::to_string(l.score) + " of 5" +
                                   (l.text.empty() ? std::string{} : ": " + l.text);
  }
  return l.text;
}

std::string money(double amount, const std::string& currency) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.2f", amount);
  return currency.empty() ? std::string(buf) : std::string(buf) + " " + currency;
}

bool matches(const std::string& text, const std::string& query) {
  if (query.empty()) return true;
  return text::fold(text).find(text::fold(query)) != std::string::npos;
}

}  // namespace duet::ui
