#pragma once
// Where conversations live between restarts. The hub writes through this interface and never sees SQL;
// make_store (store_factory.hpp) picks the backend from `store.kind`: SQLite (the embedded default) or
// memory (tests; keeps nothing across restarts). Every backend passes the same conformance suite
// (tests/server/store_conformance_test.cpp) and may reuse the group commit (commit_queue.hpp).
//
// Writes are queued and applied in order. A write is durable once a `when_durable` callback queued
// after it has run with `true`: the hub sends acks only from such callbacks ("stored before acked").
// A write that fails makes the callbacks behind it report `false`; one that may succeed later (a full
// disk) is kept and tried again, in order, so the hub's memory and the store agree again once it does.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/types.hpp"
#include "server/config.hpp"
#include "server/store/store_counters.hpp"

namespace duet::server {

struct ConversationRow {
  std::string id, site, language, previous_id;
  TimeMs created = 0;
  Context context;
};

struct AgentRow {
  std::string id, name;
  std::string token_hash;  // hex SHA-256 of the login token; the token itself is never stored
  std::vector<std::string> languages, skills;
  int capacity = 3;
  bool available = false;  // the agent's last chosen status, restored when they sign in again
  TimeMs created = 0;
};

struct QueueRow {
  std::string conversation, language, intent;
  TimeMs since = 0;  // when the customer first joined the queue (kept across agent loss and restarts)
};

struct AssignmentRow {
  std::string conversation, agent_id;
  TimeMs since = 0;        // the customer's original queue time
  TimeMs assigned_at = 0;
};

struct RatingRow {
  std::string conversation;
  int score = 0;
  std::string comment;
  bool human = false;  // a human agent took part in the conversation
  TimeMs at = 0;
};

struct OfflineMessageRow {
  std::string conversation;
  Seq seq = 0;
  std::string contact, text;
  TimeMs at = 0;
  bool handled = false;
};

// A file sent in a conversation, already checked and stripped of its metadata (server/files).
struct AttachmentRow {
  std::string id, conversation;
  std::string kind;    // FileKind's name: "png", "jpeg", "webp", "pdf"
  std::string name;    // as the sender named it: shown, never trusted for the type
  std::string sender;  // "customer", or the agent's id
  std::string bytes;
  TimeMs at = 0;
};

struct StoredConversation {
  ConversationRow row;
  std::vector<Event> events;
};

// Everything the hub needs to come back after a restart.
struct StoredState {
  // Those a human is needed for (waiting, with a human, offline) and any that changed state since the
  // given time; the others load on demand when their customer resumes.
  std::vector<StoredConversation> conversations;
  std::vector<QueueRow> queue;
  std::vector<AssignmentRow> assignments;
  std::vector<AgentRow> agents;
};

class Store {
 public:
  using Counters = StoreCounters;
  virtual ~Store() = default;

  // ---- writes: queued, applied in order ----
  virtual void save_conversation(const ConversationRow& c) = 0;  // insert or update
  virtual void append_events(const std::string& conversation, const std::vector<Event>& events) = 0;
  virtual void put_queue(const QueueRow& q) = 0;
  virtual void remove_queue(const std::string& conversation) = 0;
  virtual void put_assignment(const AssignmentRow& a) = 0;
  virtual void remove_assignment(const std::string& conversation) = 0;
  virtual void add_rating(const RatingRow& r) = 0;
  virtual void add_offline_message(const OfflineMessageRow& m) = 0;
  virtual void mark_offline_handled(const std::string& conversation) = 0;
  virtual void put_agent(const AgentRow& a) = 0;
  virtual void set_agent_status(const std::string& agent_id, bool available, int capacity) = 0;
  virtual void put_site(const SiteConfig& s) = 0;
  // Resume tokens of `conversation` issued before `before` open nothing any more (kept at the latest).
  virtual void revoke_resume_tokens(const std::string& conversation, TimeMs before) = 0;
  virtual void put_attachment(const AttachmentRow& a) = 0;  // the first one stored under an id stays

  // Runs `done(true)` once every write queued before it is committed (`false` if that failed).
  virtual void when_durable(std::function<void(bool durable)> done) = 0;
  // Blocks until everything queued so far is committed and its callbacks have run.
  virtual void flush() = 0;
  // For /metrics; cheap, callable from any thread.
  virtual Counters counters() const = 0;

  // ---- many nodes (server/cluster) ----
  // From now on a batch commits only while cluster node `node` holds the leader lease at `epoch`,
  // checked inside the batch's own transaction; a batch that finds the lease lost stores nothing,
  // fails its callbacks and calls `lost` (on the writer's thread). False where the backend has no
  // cluster lease (SQLite, memory: one node only).
  virtual bool fence_writes(std::int64_t /*node*/, std::int64_t /*epoch*/, std::function<void()> /*lost*/) {
    return false;
  }

  // ---- reads: synchronous ----
  virtual StoredState load(TimeMs closed_since) = 0;
  virtual std::optional<StoredConversation> load_conversation(const std::string& id) = 0;
  virtual std::vector<AgentRow> agents() = 0;
  virtual std::optional<AgentRow> agent_by_token_hash(const std::string& hash) = 0;
  virtual std::vector<SiteConfig> sites() = 0;
  virtual std::vector<OfflineMessageRow> offline_messages(bool unhandled_only) = 0;
  // The issue time resume tokens of `conversation` need at least; 0 when none were revoked.
  virtual TimeMs resume_tokens_valid_from(const std::string& conversation) = 0;
  virtual std::optional<AttachmentRow> attachment(const std::string& id) = 0;
};

}  // namespace duet::server
