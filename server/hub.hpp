#pragma once
// The hub: every live conversation, the router, the assistant and the store behind one mutex.
// Sessions hand it parsed frames; it applies the domain rules of core/model (state machine, handoff
// policy, routing, brief) and decides which frames go to which sessions. Frames are handed to the
// Delivery only after the store has committed what they report, so an ack always means "stored".
// No sockets here: tests drive it directly with a recording Delivery. The store is read off the lock
// (hub_reads.cpp): a session waiting for a read holds its later frames, every other session goes on.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "model/conversation.hpp"
#include "model/dialogue.hpp"
#include "model/protocol.hpp"
#include "model/router.hpp"
#include "server/answers.hpp"
#include "server/config.hpp"
#include "server/delivery.hpp"
#include "server/hub_port.hpp"
#include "server/metrics.hpp"
#include "server/offline_reply.hpp"
#include "server/read_pool.hpp"
#include "server/resume_token.hpp"
#include "server/store/store.hpp"

namespace duet::server {

// The error code for an operation the conversation refused.
inline proto::ErrorCode refusal_code(const Outcome& o) {
  return o.full ? proto::ErrorCode::conversation_full : proto::ErrorCode::not_allowed;
}

class Hub final : public HubPort {
 public:
  Hub(const Config& config, Store& store, AnswerService& answers, Delivery& delivery, Metrics& metrics,
      std::string secret, std::function<TimeMs()> clock);
  ~Hub();
  Hub(const Hub&) = delete;
  Hub& operator=(const Hub&) = delete;

  // Restores conversations (replayed from their events), the queue with each customer's original
  // `since`, assignments (their agents get a grace period to reconnect) and agents.
  void load();
  void upsert_site(const SiteConfig& site);
  // Told (under the hub's lock, so it must be quick) the client IP of every agent_hello with a wrong
  // token; the network layer throttles that address. Set before the server starts.
  void on_agent_login_failed(std::function<void(const std::string& ip)> f) { login_failed_ = std::move(f); }
  // Replies to offline messages whose customer is not connected (called after the lock is released).
  void on_offline_reply(std::function<void(OfflineReply)> f) { offline_reply_ = std::move(f); }
  std::optional<SiteConfig> site(const std::string& key) const override;
  std::vector<SiteConfig> sites() const;

  void customer_open(SessionId s, Peer peer) override;
  void customer_frame(SessionId s, const proto::Message& m) override;
  void customer_closed(SessionId s) override;

  void agent_open(SessionId s, Peer peer) override;
  void agent_frame(SessionId s, const proto::Message& m) override;
  void agent_closed(SessionId s) override;
  // Closes a session after every frame already decided for it (the acks of what it sent before),
  // in commit order: an abuse close does not drop the acks of messages stored just before it.
  void close_after_commit(SessionId s, std::uint16_t code, std::string reason) override;

  // Timers: offers not accepted in time, agents past their grace period, customers nobody can serve,
  // and closed conversations leaving memory. Called every Config::tick_ms.
  void tick();
  // Every client hears "shutting_down" and gets a close (1012): they reconnect to the next process.
  void shutdown();

  using Stats = HubStats;
  Stats stats() const;
  std::optional<HubStats> hub_stats() const override { return stats(); }
  // Blocks until every store read started so far has been applied, and what the sessions sent behind
  // it (tests: the hub is then as if it read synchronously).
  void settle();

 private:
  // A conversation's customer sessions: nearly always one, so a vector, not a tree (memory per
  // idle customer is a budget).
  struct SessionSet {
    std::vector<SessionId> ids;
    void insert(SessionId s) {
      if (std::find(ids.begin(), ids.end(), s) == ids.end()) ids.push_back(s);
    }
    void erase(SessionId s) { ids.erase(std::remove(ids.begin(), ids.end(), s), ids.end()); }
    bool contains(SessionId s) const { return std::find(ids.begin(), ids.end(), s) != ids.end(); }
    bool empty() const { return ids.empty(); }
    std::size_t size() const { return ids.size(); }
    void swap(SessionSet& other) { ids.swap(other.ids); }
    auto begin() const { return ids.begin(); }
    auto end() const { return ids.end(); }
  };
  using Earlier = std::shared_ptr<const std::vector<Event>>;
  struct ConvRt {
    explicit ConvRt(Conversation c) : conv(std::move(c)) {}
    Conversation conv;
    SessionSet customers;
    // Customers still paging through the transcript (welcome or replay with `more`): live events
    // skip them, the next page brings those too, so each sees every event once and in order.
    SessionSet catching_up;
    bool live(SessionId s) const { return catching_up.empty() || !catching_up.contains(s); }
    std::string intent = "other";
    TimeMs queue_since = 0;       // first joined the queue; kept across agent loss and transfer
    TimeMs unservable_since = 0;  // waiting while no agent could serve it
    bool human_involved = false;
    std::string inbox_contact;    // taken from the offline inbox: where replies go while the customer is away
    // A follow-up: the end of the closed conversation it continues (agent view), for the brief, the
    // customer's welcome and the agent's snapshot.
    Earlier earlier;
    TimeMs last_activity = 0;
  };
  struct AgentRt {
    AgentRow row;
    std::set<SessionId> sessions;
    std::optional<TimeMs> grace_until;    // disconnected with conversations: they wait this long
    bool online() const { return !sessions.empty(); }
  };
  struct CustomerSession {
    Peer peer;
    std::string conversation;  // empty until hello
  };
  struct AgentSession {
    Peer peer;
    std::string agent_id;      // empty until agent_hello
  };
  struct Outbound {
    SessionId to = 0;
    std::shared_ptr<const std::string> frame;
    std::string ack_cid;       // acks become errors if the store could not commit
    bool close = false;
    std::uint16_t code = 0;
    std::string reason;
  };
  struct Txn {
    std::vector<Outbound> out;
    std::vector<std::function<void()>> after;  // run once the lock is released (AI turns)
  };

  template <class F>
  void locked(F&& f);
  void commit(Txn& t);
  void after_commit(std::vector<Outbound> out, bool durable);
  void forget_unstored(std::vector<Outbound> out);
  // The customer's context with its identity checked against the site's secret (hub_identity.cpp).
  Context checked_context(const std::string& site, Context c);
  static Outbound not_stored(const Outbound& ack);
  static std::vector<Parcel> parcels_of(const std::vector<Outbound>& out);

  // ---- store reads off the lock (hub_reads.cpp) ----
  // What a read brought, applied under the lock (which may have seen other operations meanwhile).
  using Continuation = std::function<void(Txn&)>;
  struct Held {
    bool reading = false;
    bool full = false;  // past limits.held_frames: the close is queued, later frames are dropped
    std::deque<Continuation> frames;
  };
  // Under the lock: `read` runs on the read pool without the lock; the continuation it returns runs
  // under the lock, then the frames `s` sent meanwhile, in order.
  void read_then(SessionId s, std::function<Continuation()> read);
  bool waits_for_read(SessionId s) const { return held_.contains(s); }
  void hold(SessionId s, Continuation frame);  // behind the read `s` waits for
  void release_held(Txn& t, SessionId s);
  struct ResumeRead {
    TimeMs valid_from = 0;
    bool looked_up = false;  // the conversation was not in memory when the read started
    std::optional<StoredConversation> stored;
    Earlier earlier;
  };
  void read_resume(SessionId s, const proto::Hello& h, const std::string& conversation);
  void read_agent_token(SessionId s, const proto::AgentHello& h, const std::string& hash);
  void read_named_conversation(SessionId s, const proto::Message& m, const std::string& conversation);

  // Sending.
  void send(Txn& t, SessionId to, const proto::Message& m, Role role);
  void send_ack(Txn& t, SessionId to, const std::string& cid, Seq seq, const std::string& conversation);
  void send_error(Txn& t, SessionId to, proto::ErrorCode code, std::string message, std::string field = {},
                  std::string cid = {});
  void close(Txn& t, SessionId to, std::uint16_t code, std::string reason);
  void to_customers(Txn& t, const ConvRt& rt, const proto::Message& m);
  void to_agent(Txn& t, const std::string& agent_id, const proto::Message& m);
  void to_all_agents(Txn& t, const proto::Message& m);
  // Stores events and sends them: customers see what is visible to them, the assigned agent (and
  // `also_agent`, e.g. one who just left) sees everything.
  void publish(Txn& t, ConvRt& rt, const std::vector<Event>& events, const std::string& also_agent = {},
               bool to_assigned_agent = true);

  // Conversations.
  ConvRt* loaded(const std::string& id);  // in memory, or null (hub_reads.cpp loads the others)
  ConvRt& install(StoredConversation stored, Earlier earlier = {});  // one that left memory, read again
  // The end of the conversation a follow-up continues, read from the store (off the lock).
  Earlier read_earlier(const StoredConversation& stored);
  Earlier earlier_of(const std::vector<Event>& events) const;
  ConvRt& create(const std::string& site, const std::string& language, const Context& context);
  ConvRt& adopt(Conversation c, const std::string& previous_id);
  static std::string new_conversation_id();
  void save_row(const ConvRt& rt);
  Brief brief_of(const ConvRt& rt, const std::string& for_agent = {}) const;
  const std::string* last_customer_text(const ConvRt& rt) const;  // since the last ai_resumed; or null
  bool open_now(const std::string& site) const;
  bool humans_available(const ConvRt& rt) const;
  void send_welcome(Txn& t, SessionId s, ConvRt& rt, Seq after);
  void on_replay(Txn& t, SessionId s, ConvRt& rt, const proto::Replay& m);
  Page page_of(ConvRt& rt, SessionId s, Seq after);  // the next page; marks `s` as catching up or not
  std::unique_ptr<ConvRt> runtime_of(Conversation c) const;  // with the configured size limits
  void evict_idle();

  // Customers.
  void on_customer_frame(Txn& t, SessionId s, const proto::Message& m);
  // `read`: what the store said about a resume; null the first time (a resume then waits for it).
  void on_hello(Txn& t, SessionId s, CustomerSession& cs, const proto::Hello& h, ResumeRead* read = nullptr);
  void on_say(Txn& t, SessionId s, ConvRt& rt, const proto::Say& m);
  void on_customer_read(Txn& t, ConvRt& rt, const proto::Read& m);
  void on_request_human(Txn& t, SessionId s, ConvRt& rt);
  void on_rate(Txn& t, SessionId s, ConvRt& rt, const proto::Rate& m);
  void on_leave_message(Txn& t, SessionId s, ConvRt& rt, const proto::LeaveMessage& m);
  void on_end(Txn& t, ConvRt& rt);
  void on_leave_queue(Txn& t, SessionId s, ConvRt& rt);
  void follow_up(Txn& t, ConvRt& closed);

  // The AI turn (dialogue.hpp decides): a reply at once, or retrieval off the lock, streamed, then finished.
  TurnInput turn_input(const ConvRt& rt, const Event& said) const;
  void start_ai_turn(Txn& t, ConvRt& rt, const Event& said);
  void stream_piece(const std::string& conversation, Seq reply_to, const std::string& piece);
  void finish_ai_turn(const std::string& conversation, Seq reply_to, TurnInput in, const TurnPlan& plan,
                      const Answer& a);
  void say_reply(Txn& t, ConvRt& rt, const AssistantReply& r, Seq reply_to);

  // Queue and routing.
  void escalate(Txn& t, ConvRt& rt, EscalationReason reason);
  void place_in_queue(Txn& t, ConvRt& rt, const std::string& preferred_agent = {});
  void go_offline(Txn& t, ConvRt& rt);
  void requeue_offline(Txn& t);        // every offline customer on the page whom someone can serve now
  void requeue(Txn& t, ConvRt& rt);    // offline -> the queue
  void leave_queue(ConvRt& rt);
  void make_offer(Txn& t, ConvRt& rt, const std::string& agent_id);
  void withdraw_offer(ConvRt& rt, bool requeue);
  bool offered(const ConvRt& rt) const;  // offered to an agent, not yet accepted (the router holds it)
  void rebalance(Txn& t);
  void queue_changed(Txn& t);  // positions and the agents' queue: now, or at the next tick in a rush
  void refresh_queue(Txn& t);  // positions and the agents' queue, now
  void update_positions(Txn& t);
  void publish_position(Txn& t, ConvRt& rt, int position, std::optional<int> estimate_s);
  std::vector<ConvRt*> waiting_in_order() const;  // the agents' queue order: longest wait first
  int queue_position(const ConvRt& rt) const;      // in that order, from 1
  std::vector<proto::QueueEntry> queue_entries() const;
  void broadcast_queue(Txn& t, bool force = false);
  void send_queue(Txn& t, SessionId s);
  int agents_available() const;
  void sync_router(const AgentRt& a);
  void release_agent(ConvRt& rt, const std::string& agent_id);

  // Agents.
  // `store_checked`: a conversation it names that is not in memory was looked for in the store.
  void on_agent_frame(Txn& t, SessionId s, const proto::Message& m, bool store_checked);
  // `from_store`: the token's row in the store; null the first time (an unknown token waits for it).
  void on_agent_hello(Txn& t, SessionId s, AgentSession& as, const proto::AgentHello& h,
                      const std::optional<AgentRow>* from_store = nullptr);
  void on_status(Txn& t, AgentRt& a, const proto::Status& m);
  void on_accept(Txn& t, SessionId s, AgentRt& a, const std::string& conversation);
  void on_agent_say(Txn& t, SessionId s, AgentRt& a, const proto::Say& m);
  void on_note(Txn& t, SessionId s, AgentRt& a, const proto::Note& m);
  void on_return_to_ai(Txn& t, SessionId s, AgentRt& a, const std::string& conversation);
  void on_transfer(Txn& t, SessionId s, AgentRt& a, const proto::Transfer& m);
  void on_resolve(Txn& t, SessionId s, AgentRt& a, const std::string& conversation);
  void on_agent_typing(Txn& t, SessionId s, AgentRt& a, const proto::Typing& m);
  void on_agent_read(Txn& t, AgentRt& a, const proto::Read& m);
  ConvRt* conversation_or_error(Txn& t, SessionId s, const std::string& id);  // no_such_conversation
  AgentRt& add_agent(const AgentRow& row);
  void send_snapshot(Txn& t, const std::string& agent_id, const ConvRt& rt, std::optional<SessionId> only = {});
  // The offline inbox (hub_inbox.cpp).
  static const Event* left_message(const ConvRt& rt);  // the latest offline message, if any
  static bool in_inbox(const ConvRt& rt);              // offline with a message left
  std::optional<proto::InboxEntry> inbox_entry(const ConvRt& rt) const;
  proto::Inbox inbox() const;
  void send_inbox(Txn& t, SessionId s);
  void inbox_changed(Txn& t);  // to every signed-in agent
  // Who is on duty (online agents: name, languages, availability, load), for the console's transfer
  // list; sent to every agent when it changed. True when it was sent.
  proto::Agents agents_on_duty() const;
  bool broadcast_agents(Txn& t);

  const Config config_;
  const proto::Limits limits_;
  Store& store_;
  AnswerService& answers_;
  Delivery& delivery_;
  // Frames behind a failed commit, waiting for the store to say durable (touched only by the store's
  // callbacks, which run one at a time). Bounded: past the cap, sessions are closed instead.
  static constexpr std::size_t kUnstoredFramesCap = 100'000;
  std::vector<Outbound> unstored_;
  std::uint64_t writes_dropped_seen_ = 0;  // the store's count at the last callback
  Metrics& metrics_;
  ResumeSigner signer_;
  std::function<TimeMs()> clock_;
  std::function<void(const std::string& ip)> login_failed_;
  std::function<void(OfflineReply)> offline_reply_;

  mutable std::mutex mutex_;
  TimeMs now_ = 0;  // the clock, read once per operation
  std::map<std::string, SiteConfig> sites_;
  std::map<std::string, bool> site_open_;  // each site's opening hours at the last tick
  std::unordered_map<std::string, std::unique_ptr<ConvRt>> conversations_;  // looked up on every frame
  // Offline conversations that left memory, by id: their inbox entry (message and brief).
  std::map<std::string, proto::InboxEntry> inbox_left_;
  std::map<std::string, AgentRt> agents_;
  std::map<SessionId, CustomerSession> customer_sessions_;
  std::map<SessionId, AgentSession> agent_sessions_;
  Router router_;
  std::string last_queue_key_;
  std::string last_agents_frame_;  // the agents list last sent to everyone
  // More waiting than this: queue updates are coalesced to one per tick (queue_changed).
  static constexpr std::size_t kImmediateQueue = 32;
  bool queue_dirty_ = false;
  std::unordered_map<SessionId, Held> held_;  // sessions waiting for a store read
  // Reads wait on the database, not the CPU: a few threads let a slow one not delay the next.
  static constexpr int kStoreReaders = 2;
  ReadPool reads_{kStoreReaders};  // last: stopped (~Hub) before the rest goes
};

// Runs one operation under the lock with the clock read once; its frames leave after the store
// commits, its deferred work (AI answers) runs after the lock is released.
template <class F>
void Hub::locked(F&& f) {
  Txn t;
  {
    std::lock_guard lock(mutex_);
    now_ = clock_();
    f(t);
    commit(t);
  }
  for (auto& fn : t.after) fn();
}

}  // namespace duet::server
