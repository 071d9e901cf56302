#pragma once
// One support conversation: an append-only transcript with per-conversation sequence numbers and the
// state machine  ai -> waiting_human -> with_human -> closed,  ai | waiting_human <-> offline,
// with_human -> ai (returned by a human). Every change is an Event; illegal operations are rejected
// with a reason and change nothing. Pure: the caller passes `now`.
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "client_id_index.hpp"
#include "types.hpp"

namespace duet {

struct Outcome {
  std::vector<Event> events;   // appended by this operation, in order (empty for no-ops)
  std::optional<Seq> ack;      // say/note/leave_message: the message's seq (also for a duplicate)
  bool duplicate = false;      // the client id was seen before; nothing was appended
  bool follow_up = false;      // request_human on a closed (or full) conversation: start Conversation::follow_up
  bool full = false;           // refused because the conversation reached its size limit
  std::string error;           // empty when accepted; otherwise why it was rejected (for people)
  bool ok() const { return error.empty(); }
};

// What one conversation may grow to. A customer can write for as long as the rate limits allow, and
// everything the server holds or sends about a conversation (its memory, an agent's snapshot) grows
// with it: past these, what people write is refused with a reason (0: no limit).
struct SizeLimits {
  std::size_t max_events = 0;
  std::size_t max_text_bytes = 0;  // texts and contacts of all events together
};

// A bounded run of events: what one welcome or replay frame carries.
struct Page {
  std::vector<Event> events;
  bool more = false;  // events after the last one remain
};

class Conversation {
 public:
  Conversation(std::string id, std::string site, std::string language, TimeMs now);

  // Rebuilds a conversation from stored events (the store keeps events, not state).
  static Conversation replay(std::string id, std::string site, std::string language, TimeMs created,
                             const std::vector<Event>& events, Context context = {});
  // A new conversation that continues a closed one and goes straight to the human queue.
  static Conversation follow_up(const Conversation& closed, std::string new_id, TimeMs now,
                                EscalationReason reason = EscalationReason::customer_request);

  const std::string& id() const { return id_; }
  const std::string& site() const { return site_; }
  const std::string& language() const { return language_; }
  const std::string& previous_id() const { return previous_id_; }
  TimeMs created_at() const { return created_; }
  State state() const { return state_; }
  Seq last_seq() const { return events_.empty() ? 0 : events_.back().seq; }
  const std::vector<Event>& events() const { return events_; }
  // Events after `after`; customer view leaves out internal notes.
  std::vector<Event> events_since(Seq after, bool customer_view) const;
  // The same, at most `max_events` and about `max_bytes` of text (always at least one event).
  Page page_since(Seq after, bool customer_view, std::size_t max_events, std::size_t max_bytes) const;
  void set_size_limits(SizeLimits l) { limits_ = l; }
  std::size_t text_bytes() const { return text_bytes_; }
  // No room for another message of `text_bytes` (or for any more events).
  bool full(std::size_t text_bytes = 0) const;
  const Context& context() const;
  void set_context(Context c);
  void set_language(std::string l) { language_ = std::move(l); }

  const std::string& agent_id() const { return agent_id_; }      // with_human only
  const std::string& agent_name() const { return agent_name_; }
  EscalationReason escalation_reason() const { return reason_; }  // last reason to go to a human
  TimeMs queued_at() const { return queued_at_; }                 // when it last entered waiting_human
  int queue_position() const { return queue_position_; }
  int estimate_s() const { return estimate_s_; }
  bool rated() const { return rated_; }
  // Answers the customer said helped / did not help (taps on the feedback replies).
  int feedback_count(Feedback f) const { return f == Feedback::helpful ? helpful_ : f == Feedback::not_helpful ? not_helpful_ : 0; }

  // Read receipts: how far each side (customer, or agent for the support side) has received and
  // read. Not events (they would bump seq for every glance); kept while the conversation is in
  // memory. Marks only move forward and never past the last event; true when one moved.
  struct Receipt {
    Seq read = 0, delivered = 0;
    bool operator==(const Receipt&) const = default;
  };
  bool mark_read(Speaker reader, Seq read, Seq delivered);
  Receipt receipt(Speaker reader) const { return reader == Speaker::customer ? customer_receipt_ : agent_receipt_; }
  // Events after the last `ai_resumed` marker: the context the assistant/policy should consider.
  std::vector<Event> since_ai_resumed() const;
  // The customer's last message when nobody (assistant or agent) has written since: what is still open,
  // e.g. a question asked just before an agent handed back to the assistant. Null when answered.
  const Event* unanswered_customer_message() const;

  // Customer side. `reply_to`: the AI message whose suggested reply this is (a tap); when the text is
  // one of its helpful / not_helpful replies, the message carries that feedback.
  Outcome customer_say(const std::string& cid, std::string text, TimeMs now, Seq reply_to = 0);
  // Idempotent; from closed -> follow_up. When nobody can serve the customer now (`humans_reachable`
  // false) it goes straight to offline: one truthful state, not "in the queue" then "no one is there".
  Outcome request_human(EscalationReason reason, TimeMs now, bool humans_reachable = true);
  Outcome leave_message(const std::string& cid, std::string contact, std::string text, TimeMs now);
  Outcome end(TimeMs now);                                      // customer closes
  Outcome leave_queue(TimeMs now);  // waiting_human/offline -> ai: the assistant solved it meanwhile
  Outcome rate(int score, std::string comment, TimeMs now);     // closed only, once

  // Assistant side: it answers with the AI, and keeps helping while the customer waits for a human.
  Outcome ai_say(std::string text, std::string article_id, double confidence, TimeMs now,
                 DialogueAct act = DialogueAct::none, Seq reply_to = 0, std::vector<QuickReply> replies = {},
                 ArticleCard card = {});
  Outcome offer_human(EscalationReason reason, TimeMs now);

  // Queue and routing (server side).
  Outcome update_queue(int position, int estimate_s, TimeMs now);  // waiting_human; no-op if unchanged
  Outcome go_offline(TimeMs now);                                   // waiting_human -> offline
  // offline -> waiting_human: someone who can serve the customer came online (no-op otherwise).
  Outcome back_to_queue(TimeMs now);
  Outcome agent_join(const std::string& agent_id, const std::string& agent_name, TimeMs now);
  Outcome agent_lost(TimeMs now);  // assigned agent gone past grace: back to waiting_human

  // Agent side (the assigned agent only).
  Outcome agent_say(const std::string& agent_id, const std::string& cid, std::string text, TimeMs now);
  Outcome agent_note(const std::string& agent_id, const std::string& cid, std::string text, TimeMs now);
  Outcome return_to_ai(const std::string& agent_id, TimeMs now);
  Outcome transfer(const std::string& agent_id, TimeMs now);  // back to waiting_human (reason transfer)
  Outcome resolve(const std::string& agent_id, TimeMs now);

 private:
  Event& append(Event e, TimeMs now);
  void apply(const Event& e);  // the one place state follows from events (used by append and replay)
  Outcome reject(std::string why) const;
  std::optional<Outcome> refuse_if_full(std::size_t text_bytes, std::string_view why) const;
  Outcome enter_state(State s, EscalationReason reason, TimeMs now);
  std::optional<Seq> seen(const std::string& sender, const std::string& cid) const;
  std::optional<Outcome> duplicate_of(const std::string& sender, const std::string& cid) const;
  Outcome agent_leaves(State next, EscalationReason reason, TimeMs now);
  Outcome agent_writes(EventKind kind, const std::string& agent_id, const std::string& cid, std::string text,
                       TimeMs now);

  std::string id_, site_, language_, previous_id_;
  TimeMs created_ = 0;
  State state_ = State::ai;
  std::vector<Event> events_;
  // Held only when the merchant sent some: an empty Context is ~300 bytes, and a server keeps a
  // conversation per idle customer in memory.
  std::shared_ptr<const Context> context_;
  std::string agent_id_, agent_name_;
  EscalationReason reason_ = EscalationReason::none;
  TimeMs queued_at_ = 0;
  int queue_position_ = 0, estimate_s_ = -1;
  bool rated_ = false;
  int helpful_ = 0, not_helpful_ = 0;
  Receipt customer_receipt_, agent_receipt_;
  SizeLimits limits_;
  std::size_t text_bytes_ = 0;
  const Event* event_at(Seq seq) const;
  ClientIdIndex client_ids_;  // for dedupe
};

}  // namespace duet
