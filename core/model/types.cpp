#include "types.hpp"

#include <array>
#include <utility>

#include "enum_names.hpp"

namespace duet {
namespace {

template <class E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}
template <class E, std::size_t N>
std::string_view name_of(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table)
    if (value == e) return name;
  return "unknown";
}

constexpr std::array<std::pair<Speaker, std::string_view>, 4> kSpeakers{{
    {Speaker::customer, "customer"}, {Speaker::ai, "ai"}, {Speaker::agent, "agent"}, {Speaker::system, "system"}}};
constexpr std::array<std::pair<State, std::string_view>, 5> kStates{{
    {State::ai, "ai"}, {State::waiting_human, "waiting_human"}, {State::with_human, "with_human"},
    {State::offline, "offline"}, {State::closed, "closed"}}};
constexpr auto kReasons = enum_names<EscalationReason>(
    "none", "customer_request", "low_confidence", "not_helped", "frustration", "repeated_question", "fraud",
    "dispute", "financial_hardship", "complaint", "vulnerable_customer", "bereavement", "transfer", "agent_lost");
constexpr std::array<std::pair<EventKind, std::string_view>, 10> kKinds{{
    {EventKind::message, "message"}, {EventKind::note, "note"}, {EventKind::state, "state"},
    {EventKind::queue, "queue"}, {EventKind::agent_joined, "agent_joined"}, {EventKind::agent_left, "agent_left"},
    {EventKind::offer_human, "offer_human"}, {EventKind::ai_resumed, "ai_resumed"},
    {EventKind::offline_message, "offline_message"}, {EventKind::rating, "rating"}}};

constexpr auto kActs = enum_names<DialogueAct>("none", "greeting", "thanks", "goodbye", "affirm", "deny",
                                               "didnt_help", "small_talk", "off_topic", "sensitive",
                                               "frustration", "unsure");

constexpr auto kReplyActions = enum_names<ReplyAction>("say", "human", "helpful", "not_helpful");
constexpr auto kFeedback = enum_names<Feedback>("none", "helpful", "not_helpful");

}  // namespace

std::string_view to_string(ReplyAction a) { return kReplyActions(a); }
std::optional<ReplyAction> reply_action_from_string(std::string_view s) { return kReplyActions.parse(s); }
std::string_view to_string(Feedback f) { return kFeedback(f); }
std::optional<Feedback> feedback_from_string(std::string_view s) { return kFeedback.parse(s); }
std::string_view to_string(DialogueAct a) { return kActs(a); }
std::optional<DialogueAct> dialogue_act_from_string(std::string_view s) { return kActs.parse(s); }
std::string_view to_string(Speaker s) { return name_of(kSpeakers, s); }
std::string_view to_string(State s) { return name_of(kStates, s); }
std::string_view to_string(EscalationReason r) { return kReasons(r); }
std::string_view to_string(EventKind k) { return name_of(kKinds, k); }
std::optional<Speaker> speaker_from_string(std::string_view s) { return lookup(kSpeakers, s); }
std::optional<State> state_from_string(std::string_view s) { return lookup(kStates, s); }
std::optional<EscalationReason> escalation_reason_from_string(std::string_view s) { return kReasons.parse(s); }
std::optional<EventKind> event_kind_from_string(std::string_view s) { return lookup(kKinds, s); }

}  // namespace duet
