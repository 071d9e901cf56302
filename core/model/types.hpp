#pragma once
// Vocabulary shared by every part of the model: who speaks, what state a conversation is in,
// what happened in it, and the merchant's page/cart context. Plain data, no behaviour.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet {

// Milliseconds since the Unix epoch. The model never reads a clock: callers pass `now` in.
using TimeMs = std::int64_t;
using Seq = std::int64_t;

enum class Speaker { customer, ai, agent, system };
enum class State { ai, waiting_human, with_human, offline, closed };

std::string_view to_string(Speaker s);
std::string_view to_string(State s);
std::optional<Speaker> speaker_from_string(std::string_view s);
std::optional<State> state_from_string(std::string_view s);

// Why a conversation went (or was offered to go) to a human. Used by the brief and the metrics.
enum class EscalationReason {
  none,
  customer_request,     // button or typed ("talk to a human", "människa", "Mitarbeiter", ...)
  low_confidence,       // the assistant was unsure (it offered a human with its answer)
  not_helped,           // the customer said the assistant's answer did not help
  frustration,          // lexicon, caps, repeated punctuation
  repeated_question,    // the customer asked the same thing again
  fraud,                // unauthorised purchase, stolen card, scam
  dispute,              // chargeback, item not as described, merchant dispute
  financial_hardship,   // cannot pay, debt collection
  complaint,
  vulnerable_customer,  // illness, disability, abuse, ...
  bereavement,
  transfer,             // an agent transferred the conversation
  agent_lost,           // the assigned agent disconnected past the grace period
  count_,
};
std::string_view to_string(EscalationReason r);
std::optional<EscalationReason> escalation_reason_from_string(std::string_view s);

// The kinds of transcript events. Every change to a conversation is one event with a sequence number.
enum class EventKind {
  message,        // speaker + text (+ agent name for humans)
  note,           // internal agent note: never sent to the customer
  state,          // the conversation entered `state` (with `reason`)
  queue,          // queue position and honest estimate changed
  agent_joined,   // "<name> (human) joined"
  agent_left,
  offer_human,    // the assistant suggests a human (one-tap suggestion in the widget)
  ai_resumed,     // marker: a human handed back to the AI; older context must not re-escalate
  offline_message,// the customer left a message for later (contact + text)
  rating,         // 1..5, optional comment
};
std::string_view to_string(EventKind k);
std::optional<EventKind> event_kind_from_string(std::string_view s);

// What a customer's message does in the dialogue, recognised before any retrieval (dialogue.hpp).
// An assistant message carries the act it answered, so the brief, the metrics and the evaluation
// can tell a greeting from an answer.
enum class DialogueAct {
  none,         // a question or request: retrieval answers it
  greeting,     // "hello", "hej", "hallo"
  thanks,       // "thanks!", "tack", "danke"
  goodbye,      // "bye", "hej då", "tschüss"
  affirm,       // "yes", "ja", "yes please": to the assistant's last offer or question
  deny,         // "no", "nej", "nein"
  didnt_help,   // "that didn't help", "hjälpte inte", "hilft nicht"
  small_talk,   // "how are you?", "are you a bot?"
  off_topic,    // "tell me a joke", "what's the weather?"
  sensitive,    // a matter for a human at once (fraud, hardship, ...): a kind line, then the queue
  frustration,  // an apology and a one-tap offer
  unsure,       // retrieval found nothing it is confident of: it says so and offers a human
  count_,
};
std::string_view to_string(DialogueAct a);
std::optional<DialogueAct> dialogue_act_from_string(std::string_view s);

// A suggested reply under an AI message: a tap sends `text` (say), asks for a person (human) or says
// whether the answer helped (helpful / not_helpful, stored as the customer's feedback).
enum class ReplyAction { say, human, helpful, not_helpful, count_ };
std::string_view to_string(ReplyAction a);
std::optional<ReplyAction> reply_action_from_string(std::string_view s);

struct QuickReply {
  std::string text;  // what the button says and what a tap sends ("\xF0\x9F\x91\x8D" for helpful)
  ReplyAction action = ReplyAction::say;
  bool operator==(const QuickReply&) const = default;
};

// A knowledge-base article shown as a card: its title, the start of its body, and the whole body
// for "read more" (the widget opens it in place; nothing is fetched).
struct ArticleCard {
  std::string title;
  std::string body;
  bool empty() const { return title.empty() && body.empty(); }
  bool operator==(const ArticleCard&) const = default;
};

// What a customer's tap on helpful / not_helpful said about the answer it was under.
enum class Feedback { none, helpful, not_helpful, count_ };
std::string_view to_string(Feedback f);
std::optional<Feedback> feedback_from_string(std::string_view s);

struct Event {
  Seq seq = 0;
  TimeMs at = 0;
  EventKind kind = EventKind::message;
  // message / note
  Speaker speaker = Speaker::system;
  std::string author;     // agent's display name for human messages/notes/joins
  std::string text;       // message/note text, offline message text, rating comment
  std::string client_id;  // the sender's id for dedupe (customer or agent message)
  std::string agent_id;   // the agent behind a human message/note/join/leave (never shown to customers)
  // assistant answers
  std::string article_id;  // the KB article used, empty when none
  double confidence = 0;   // the assistant's confidence in [0,1]
  DialogueAct act = DialogueAct::none;  // what the assistant's message answered (none: an article)
  Seq reply_to = 0;        // the customer message an AI message answers (0: not said); for a
                           // customer message: the AI message whose suggested reply it was
  std::vector<QuickReply> replies;  // AI messages: suggested replies (buttons until the customer answers)
  ArticleCard card;                 // AI messages: the article as a card
  Feedback feedback = Feedback::none;  // customer messages: a tap on helpful / not_helpful
  // state / offer_human
  State state = State::ai;
  EscalationReason reason = EscalationReason::none;
  // queue
  int position = 0;        // 1-based; 0 when not queued
  int estimate_s = -1;     // seconds; -1 when there is no honest estimate yet
  // offline_message
  std::string contact;
  // rating
  int score = 0;

  bool visible_to_customer() const { return kind != EventKind::note; }
  bool operator==(const Event&) const = default;
};

struct CartItem {
  std::string name;
  int quantity = 1;
  double price = 0;  // unit price in `Context::currency`
  bool operator==(const CartItem&) const = default;
};

// What the merchant's page tells us (Duet.setContext / identify). Goes into the human's brief.
struct Context {
  std::string page;           // URL or page name
  std::string checkout_step;  // e.g. "payment"
  std::string payment_error;  // e.g. "card_declined"
  std::string order_id;
  std::string currency;
  double cart_total = 0;
  std::vector<CartItem> cart;
  std::string customer_id, customer_name, customer_email;
  // Client -> server only: the merchant's signed identity (a JWT). The server verifies it, takes
  // id, name and email from it and drops it: it is never stored nor sent on.
  std::string identity_token;
  // Server -> agents: customer_id/name/email come from a verified identity token. Set only by the
  // server; what a client sends here is ignored.
  bool identity_verified = false;
  bool empty() const { return page.empty() && checkout_step.empty() && payment_error.empty() && order_id.empty() && cart.empty() && customer_id.empty() && customer_name.empty() && customer_email.empty() && identity_token.empty(); }
  bool operator==(const Context&) const = default;
};

}  // namespace duet
