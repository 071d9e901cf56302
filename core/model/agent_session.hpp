#pragma once
// The human agent's side, shared by the web agent console and the native harness: sign in with a
// token, availability and capacity, the live queue, offers, several conversations at once with
// unread counts, an outbox of replies and notes keyed by client id (resent after a reconnect, the
// server drops duplicates), resume after reconnect (the server sends a snapshot of every assigned
// conversation again), and the view-model the console renders.
// Pure: time comes in as `now`, randomness from the seed, the network through Transport.
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "brief.hpp"
#include "client_session.hpp"  // Connection
#include "protocol.hpp"
#include "read_receipts.hpp"
#include "transport.hpp"
#include "types.hpp"

namespace duet {

// The customer's display name from the brief's context, or a short form of the conversation id.
std::string customer_title(const Brief& brief, const std::string& conversation);

// One line of a conversation as the agent sees it: messages of everyone, internal notes, and
// system lines (state changes, joins, queue moves, ratings, offline messages).
struct AgentLine {
  Seq seq = 0;                 // 0 while pending (not yet acknowledged)
  TimeMs at = 0;
  EventKind kind = EventKind::message;
  Speaker speaker = Speaker::system;
  std::string author;          // a human agent's name
  std::string text;
  std::string cid;             // our own replies and notes
  bool pending = false;        // sent, not acknowledged: shown greyed, resent on reconnect
  bool failed = false;         // the server refused it (error text in `error`)
  std::string error;
  State state = State::ai;     // kind == state
  EscalationReason reason = EscalationReason::none;
  int position = 0;            // kind == queue
  int estimate_s = -1;
  std::string contact;         // kind == offline_message
  int score = 0;               // kind == rating
  std::vector<QuickReply> replies;  // AI messages: the replies the customer was offered
  Seq reply_to = 0;            // a customer's tap: the AI message it answered
  Feedback feedback = Feedback::none;  // a customer's tap on helpful / not helpful
  // AI messages: what the customer's tap said of this answer (their later message carries it).
  Feedback answer_feedback = Feedback::none;
  bool is_note() const { return kind == EventKind::note; }
};

// One conversation the agent has (or had) open: a tab in the console.
struct AgentConversation {
  std::string id;
  State state = State::with_human;
  Brief brief;
  std::vector<AgentLine> lines;  // acknowledged events in seq order, then pending replies/notes
  std::string previous;          // a follow-up: the closed conversation it continues
  std::vector<AgentLine> earlier;  // the end of that one's transcript, shown above (read only)
  int unread = 0;                // messages from others since the agent last looked at this tab
  bool assigned = true;          // still ours; false once resolved, returned to AI or transferred
  bool joining = false;          // accepted here, the server's snapshot not in yet: shown at once,
                                 // replies written meanwhile wait for the join
  std::string join_error;        // why the server refused the accept (another agent took it)
  bool customer_typing = false;
  Seq customer_read = 0, customer_delivered = 0;  // how far the customer has read / received
  Seq last_seq = 0;
  TimeMs last_activity = 0;
  // The customer's display name from the brief's context, or a short form of the id.
  std::string title() const;
};

// The latest message of an agent the customer has read (the console's "Seen" under it); 0: none.
Seq seen_by_customer(const AgentConversation& c);

// A queue entry with its wait as of the moment the queue arrived (wait grows while displayed).
struct AgentQueueItem {
  proto::QueueEntry entry;
  TimeMs received_at = 0;
  int wait_s(TimeMs now) const;
};

struct AgentOffer {
  std::string conversation;
  Brief brief;
  TimeMs at = 0;
  bool accepting = false;  // accept sent, waiting for the snapshot
  bool listed = false;     // seen in a queue update since offered (leaving the queue withdraws it)
  std::string title() const { return customer_title(brief, conversation); }
};

// One waiting customer as the console lists them. A customer offered to this agent is still in the
// queue: one entry, with the offer (Accept) and the queue position, never two.
struct AgentWaiting {
  std::string conversation;
  const AgentOffer* offer = nullptr;      // offered to this agent
  const AgentQueueItem* queued = nullptr;  // listed in the queue (its position)
};

enum class SignIn { signed_out, signing_in, signed_in, rejected };
std::string_view to_string(SignIn s);

struct AgentViewModel {
  Connection connection = Connection::idle;
  SignIn sign_in = SignIn::signed_out;
  std::string agent_id;
  std::string name;
  std::vector<std::string> languages;
  std::vector<std::string> skills;
  bool available = false;       // what the agent asked for (sent again after a reconnect)
  int capacity = 3;
  std::vector<std::string> canned;  // canned responses from the server's config
  std::vector<proto::AgentPresence> team;  // agents online (this one included), for transfers
  int team_more = 0;                       // online agents the server left out of a long list
  std::vector<AgentQueueItem> queue;  // longest wait first
  int agents_available = 0;
  std::vector<AgentOffer> offers;     // newest last
  std::vector<proto::InboxEntry> inbox;  // messages left offline, oldest first; take one with accept()
  int inbox_total = 0;                   // all of them, when the server sent only a page
  int new_offers = 0;                 // offers not yet seen: the title badge and the sound
  std::vector<AgentConversation> conversations;  // in the order they were opened
  std::string active;                 // the conversation on screen, empty for none
  int unread_total = 0;
  int assigned_count = 0;             // conversations still ours (compare with capacity)
  std::optional<proto::Error> last_error;
  TimeMs reconnect_at = 0;            // when reconnecting: next attempt

  const AgentConversation* find(const std::string& id) const;
  const AgentConversation* active_conversation() const { return find(active); }
};

// Who is waiting, once each: the offers first (in the order they came), then the rest of the queue
// (longest wait first). Customers already ours are left out (the queue catches up a moment later).
std::vector<AgentWaiting> waiting_list(const AgentViewModel& vm);

struct AgentConfig {
  std::string url;          // ws://host:port/ws/agent
  std::string token;        // may be empty: sign_in() provides it
  TimeMs backoff_min_ms = 500;
  TimeMs backoff_max_ms = 15000;
};

class AgentSession {
 public:
  AgentSession(AgentConfig config, Transport& transport, std::uint64_t seed);

  // Lifecycle, as CustomerSession: `start` connects when a token is set; `tick` runs timers.
  void start(TimeMs now);
  void tick(TimeMs now);
  std::optional<TimeMs> next_wakeup() const;
  void stop();

  // Transport callbacks.
  void on_open(TimeMs now);
  void on_frame(std::string_view frame, TimeMs now);
  void on_closed(TimeMs now);

  // Intents from the console. Safe in any state: what cannot be sent now is sent after reconnect.
  void sign_in(std::string token, TimeMs now);
  void sign_out();
  void set_status(bool available, int capacity);
  // Opens the conversation at once (from the offer's brief or the queue entry, marked joining) and
  // asks the server for it; replies written before the snapshot are sent once it is ours.
  void accept(const std::string& conversation);
  void say(const std::string& conversation, std::string text, TimeMs now);
  void note(const std::string& conversation, std::string text, TimeMs now);
  void return_to_ai(const std::string& conversation);
  void transfer(const std::string& conversation, std::string to_agent, std::string note);
  void resolve(const std::string& conversation);
  void set_typing(const std::string& conversation, bool on);
  void select(const std::string& conversation);     // show this tab; clears its unread count
  void close_tab(const std::string& conversation);  // only when no longer assigned
  void offers_seen();                               // the agent looked: clears the badge
  // The console is on screen (not a background tab): only then is the conversation on screen read
  // (the read receipts the customer gets).
  void set_page_visible(bool visible);

  struct Pending {
    std::string conversation;
    std::string cid;
    std::string text;
    bool note = false;
    TimeMs at = 0;
    bool held = false;  // written while joining: sent once the conversation is ours
  };
  const std::vector<Pending>& outbox() const { return outbox_; }

  const AgentViewModel& view() const { return view_; }
  std::uint64_t revision() const { return revision_; }

 private:
  void send(const proto::Message& m);
  void send_pending(const Pending& p);
  void command(proto::Message m);  // sent now when signed in, else after the next welcome
  bool ready() const { return open_ && welcomed_; }
  void queue_outgoing(const std::string& conversation, std::string text, bool is_note, TimeMs now);
  void flush_outbox();
  void schedule_reconnect(TimeMs now);
  AgentLine line_of(const Pending& p) const;
  void handle(const proto::AgentWelcome& m, TimeMs now);
  void handle(const proto::Queue& m, TimeMs now);
  void handle(const proto::Offer& m, TimeMs now);
  void handle(const proto::Snapshot& m, TimeMs now);
  void handle(const proto::Inbox& m, TimeMs now);
  void handle(const proto::EventMsg& m, TimeMs now);
  void handle(const proto::Ack& m, TimeMs now);
  void handle(const proto::Error& m, TimeMs now);
  void handle(const proto::Typing& m, TimeMs now);
  void handle(const proto::Agents& m, TimeMs now);
  AgentConversation& conversation(const std::string& id);
  AgentConversation* find(const std::string& id);
  void apply_event(AgentConversation& c, const Event& e, bool count_unread);
  void rebuild_pending_lines(AgentConversation& c);
  void remove_offer(const std::string& conversation);
  void join_refused(const std::string& conversation, const std::string& why);
  void recount();
  // agent_session_replies.cpp: the customer's feedback on AI answers, and the read marks this agent
  // sends, per conversation.
  void note_feedback(AgentConversation& c, const Event& e);
  struct Marks { std::string conversation; Seq read = 0, delivered = 0; ReadReporter reporter; };
  Marks& marks(const std::string& conversation);
  void note_read_marks(const AgentConversation& c, const Event& e);
  void mark_all_read(const std::string& conversation);
  void apply_customer_read(const proto::Read& m);
  void report_reads(TimeMs now);
  std::optional<TimeMs> reads_due() const;
  void changed() { ++revision_; }
  std::string next_cid();

  AgentConfig config_;
  Transport& transport_;
  std::mt19937_64 rng_;
  std::string cid_prefix_;
  std::uint64_t cid_counter_ = 0;
  std::vector<Pending> outbox_;
  std::vector<proto::Message> deferred_;  // return/transfer/resolve asked while offline
  std::vector<std::string> joining_;      // accepts sent, oldest first (the server answers in order)
  bool status_set_ = false;    // the agent chose availability: sent again after every welcome
  bool open_ = false;          // transport open
  bool welcomed_ = false;      // agent_welcome received on this connection
  bool started_ = false;
  bool stopped_ = false;
  int attempts_ = 0;
  std::optional<TimeMs> reconnect_at_;
  std::vector<Marks> marks_;
  bool page_visible_ = true;
  AgentViewModel view_;
  std::uint64_t revision_ = 0;
};

}  // namespace duet
