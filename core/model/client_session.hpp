#pragma once
// The customer's side of a conversation, shared by the browser widget and the native harness:
// an outbox of unacknowledged messages keyed by client id (resent after reconnect), resume from the
// last sequence number, reconnect backoff with jitter, and the view-model the UI renders.
// Pure: time comes in as `now`, randomness from the seed, the network through Transport.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "protocol.hpp"
#include "read_receipts.hpp"
#include "transport.hpp"
#include "types.hpp"

namespace duet {

enum class Connection { idle, connecting, online, reconnecting };
std::string_view to_string(Connection c);

// How the widget greets before the first message: the page's context may say the payment just
// failed, and a greeting that ignores it reads as if nobody looked.
enum class Greeting { plain, payment_declined, payment_failed };
Greeting greeting_for(const Context& context);

// A text against the byte limit, in characters (what a customer counts): `max_chars` is how many
// characters of this text fit.
struct TextFit {
  std::size_t chars = 0, max_chars = 0;
  bool fits() const { return chars <= max_chars; }
};
TextFit text_fit(std::string_view text, std::size_t max_bytes);

// One line of the transcript as the widget shows it.
struct ChatLine {
  Seq seq = 0;                 // 0 while pending (not yet acknowledged)
  TimeMs at = 0;
  EventKind kind = EventKind::message;
  Speaker speaker = Speaker::system;
  std::string author;          // the human agent's name
  std::string text;
  std::string cid;             // our own messages
  bool pending = false;        // sent but not acknowledged: shown greyed, resent on reconnect
  State state = State::ai;     // for kind == state
  EscalationReason reason = EscalationReason::none;
  int score = 0;               // for kind == rating
  bool streaming = false;      // an AI answer still being generated: replaced by its final message
  Seq reply_to = 0;            // when streaming: the customer message it answers
  // AI messages: suggested replies (buttons while WidgetViewModel::replies_for names this line) and
  // the article it answered from.
  std::vector<QuickReply> replies;
  ArticleCard card;
  Feedback feedback = Feedback::none;  // own messages: what a tap on helpful / not helpful said
  bool answered = false;       // own messages: an AI message answered it (the assistant read it)
};

// The tick under a customer's own message: sent (acknowledged), delivered to the support side, read
// by it (the agent's read mark, or the assistant answered it). none: not the customer's, or pending.
enum class Receipt { none, sent, delivered, read };

struct WidgetViewModel {
  Connection connection = Connection::idle;
  std::string conversation;
  State state = State::ai;
  bool humans_available = false;
  std::vector<ChatLine> lines;       // acknowledged events in seq order, AI answers being streamed, then pending messages
  // A follow-up of a closed conversation: the end of that one, shown above `lines` (read only), so
  // asking for a person after the end hides nothing the customer saw.
  std::vector<ChatLine> earlier;
  bool ai_typing = false;
  bool agent_typing = false;
  std::string agent_name;            // when with_human
  int queue_position = 0;            // when waiting_human
  int estimate_s = -1;               // -1: no honest estimate yet
  bool offer_human = false;          // the latest AI turn suggests a human (one-tap card); gone once answered
  EscalationReason offer_reason = EscalationReason::none;
  bool rated = false;
  bool message_left = false;         // offline form sent
  int unread = 0;                    // new messages from others while the panel is closed
  Seq unread_from = 0;               // the first of them: the panel opens there, under a "new messages" marker
  bool loading_history = false;      // the transcript is still arriving in pages (history, not news)
  std::optional<proto::Error> last_error;
  // The latest message the server refused for its content (out of the outbox): the UI gives its
  // text back to the customer once; `count` grows with every refusal. `contact` non-empty: an
  // offline message.
  struct Refused { std::uint64_t count = 0; proto::ErrorCode code{}; std::string text, contact; };
  Refused refused;
  // Messages the session took into its outbox so far (say, leave_message): a box the customer wrote
  // in is cleared only once its message is counted here.
  std::uint64_t taken = 0;
  // The latest message the session would not take (nothing was sent; its text stays in its box):
  // why, for the view to say what to do. `count` grows with every such refusal; `field` is "text"
  // or "contact".
  struct NotTaken { std::uint64_t count = 0; proto::ErrorCode code{}; std::string field; };
  NotTaken not_taken;
  std::size_t max_text_bytes = proto::Limits{}.max_text_bytes;  // the longest message that can be sent
  Greeting greeting = Greeting::plain;  // follows the page's context (set_context)
  TimeMs reconnect_at = 0;           // when reconnecting: next attempt
  // The AI message whose suggested replies are buttons now (0: none). Only the latest AI message,
  // until the customer writes or taps; replies repeating the offer card (a `human` action while it
  // shows) are left to the card, so the choice is on screen once.
  Seq replies_for = 0;
  Seq support_read = 0, support_delivered = 0;  // how far the support side has read / received
};

Receipt receipt_of(const ChatLine& line, const WidgetViewModel& vm);

struct ClientConfig {
  std::string url;        // ws://host:port/ws/customer
  std::string site;       // site key
  std::string locale;     // "en", "sv-SE", ...
  Context context;
  TimeMs backoff_min_ms = 500;
  TimeMs backoff_max_ms = 15000;
};

class CustomerSession {
 public:
  CustomerSession(ClientConfig config, Transport& transport, std::uint64_t seed);

  // Lifecycle. `start` connects; `tick` runs timers (reconnect). next_wakeup() says when tick is due,
  // so a render-on-demand loop knows when it must run again without polling.
  void start(TimeMs now);
  void tick(TimeMs now);
  std::optional<TimeMs> next_wakeup() const;
  void stop();

  // Transport callbacks.
  void on_open(TimeMs now);
  void on_frame(std::string_view frame, TimeMs now);
  void on_closed(TimeMs now);

  // Intents from the UI. All are safe in any state: what cannot be sent now is kept and sent later.
  // say/leave_message return false (and set view().last_error) when the text cannot be sent at all
  // (empty or too long), so the UI keeps it in the composer: nothing typed is lost.
  bool say(std::string text, TimeMs now);
  void request_human(TimeMs now);
  // Waiting for a human (or offline) and helped meanwhile: back to the assistant.
  void leave_queue(TimeMs now);
  void rate(int score, std::string comment);
  bool leave_message(std::string contact, std::string text, TimeMs now);
  void set_context(Context context);
  void set_typing(bool on);
  void end_conversation();
  // Unread counts only while closed. Opening keeps unread_from (where the view lands and marks);
  // closing forgets it: what was open has been seen.
  void set_panel_open(bool open);
  // The page is on screen (not a background tab, not minimised): only then does an open panel mean
  // the customer reads what arrives (the read receipts the support side gets).
  void set_page_visible(bool visible);
  // A tap on suggested reply `index` under AI message `message` (only while vm.replies_for names it):
  // a `human` action asks for a person; any other is the reply's text as a message with `reply_to`,
  // through the outbox like anything typed. Returns false when there is no such open reply.
  bool tap_reply(Seq message, std::size_t index, TimeMs now);

  // Persistence across page reloads (the web layer stores these in the merchant origin's storage).
  const std::string& resume_token() const { return resume_; }
  Seq last_seq() const { return last_seq_; }
  // The last event the customer had in front of them (the panel open): kept across reloads, so
  // replies that arrived while they were away count as unread when they return.
  Seq seen_seq() const { return seen_seq_; }
  void restore(std::string resume_token, Seq seen_seq = 0);
  // Unacknowledged outgoing messages, to persist and restore across a reload.
  struct Pending {
    std::string cid;
    std::string text;
    TimeMs at = 0;
    std::string contact;  // non-empty: an offline message (leave_message) rather than a say
    Seq reply_to = 0;     // a tap on a suggested reply: the AI message it was under
    bool operator==(const Pending&) const = default;
  };
  const std::vector<Pending>& outbox() const { return outbox_; }
  void restore_outbox(std::vector<Pending> pending);

  const WidgetViewModel& view() const { return view_; }
  // Increments on every change of view(): the UI renders when it differs from what it drew.
  std::uint64_t revision() const { return revision_; }

 private:
  void send(const proto::Message& m);
  void flush_outbox();
  void schedule_reconnect(TimeMs now);
  void apply_event(const Event& e, bool live);
  void rebuild_pending_lines();
  void on_stream(const proto::Stream& m);
  void finish_stream_for(const Event& final_message);
  void drop_streams(Seq reply_to = 0);
  bool stream_finished(Seq reply_to) const;
  void on_welcome(const proto::Welcome& w);
  void on_replay(const proto::Replay& r);
  void apply_current();  // the welcome's "now" (state, queue, agent) over the replayed history
  void on_error(const proto::Error& e);
  void send_pending(const Pending& p);
  bool check_text(const std::string& text);
  void not_taken(proto::ErrorCode code, std::string message, std::string field);
  void changed() { ++revision_; }
  std::string next_cid();
  // client_session_replies.cpp
  void update_replies_for();
  void note_answered(const Event& ai_message);
  void note_read_marks(const Event& e);
  void apply_support_read(const proto::Read& m);
  void report_read(TimeMs now);
  std::optional<TimeMs> read_due() const;

  proto::Limits limits_;
  ClientConfig config_;
  Transport& transport_;
  std::mt19937_64 rng_;
  std::string cid_prefix_;
  std::uint64_t cid_counter_ = 0;
  std::string resume_;
  Seq last_seq_ = 0;
  std::vector<Pending> outbox_;
  bool want_human_ = false;         // request_human asked while offline: send on reconnect
  bool want_leave_queue_ = false;   // leave_queue asked while offline: send on reconnect
  // AI answers being streamed, oldest first, and the customer messages whose answers are done (their
  // late pieces are ignored; the newest few are enough).
  struct Streaming { Seq reply_to = 0; std::string text; };
  std::vector<Streaming> streams_;
  std::vector<Seq> finished_streams_;
  std::optional<proto::Rate> pending_rate_;
  proto::Welcome current_;              // the latest welcome's current state, without its events
  bool context_unsent_ = false;     // set_context between hello and welcome: send after welcome
  std::size_t confirmed_lines_ = 0; // view_.lines[0, confirmed_lines_) are acknowledged events
  bool stopped_ = false;
  int attempts_ = 0;
  std::optional<TimeMs> reconnect_at_;
  bool panel_open_ = false;
  Seq seen_seq_ = 0;  // see seen_seq()
  // Read receipts: the latest message from the support side received and seen (the marks we send).
  Seq other_delivered_ = 0, other_read_ = 0;
  ReadReporter read_reporter_;
  Seq tapped_ = 0;    // the AI message whose reply was tapped (its buttons go at once)
  bool page_visible_ = true;
  WidgetViewModel view_;
  std::uint64_t revision_ = 0;
};

}  // namespace duet
