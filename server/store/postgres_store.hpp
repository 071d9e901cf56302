#pragma once
// PostgreSQL as the store (`store.kind: postgres`), for many nodes on one database: the group commit
// (commit_queue.hpp) on one writer connection, the synchronous reads on a small pool, and schema
// migrations that several nodes starting at once apply exactly once (an advisory lock). Writes are
// idempotent (upserts; an event's (conversation, seq) is stored once), so a batch whose COMMIT was cut
// off by a lost connection can be applied again without doubling anything. A lost connection makes
// the batch `retry` (commit_queue.hpp): the writer reconnects and the acks wait, nothing is dropped.
// See docs/server.md ("Store") and docs/scaling.md. Only store_factory.cpp and its tests name it.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/store/commit_queue.hpp"
#include "server/store/pg_conn.hpp"
#include "server/store/pg_pool.hpp"
#include "server/store/store.hpp"

namespace duet::server {

class PostgresStore final : public Store, private CommitBackend {
 public:
  // Connects to `conninfo` and migrates the schema. Throws std::runtime_error with a message for
  // operators when that is impossible (unreachable, refused, a newer schema).
  PostgresStore(const std::string& conninfo, const StoreConfig& config);
  ~PostgresStore() override;  // flushes, then stops the writer

  void save_conversation(const ConversationRow& c) override;
  void append_events(const std::string& conversation, const std::vector<Event>& events) override;
  void put_queue(const QueueRow& q) override;
  void remove_queue(const std::string& conversation) override;
  void put_assignment(const AssignmentRow& a) override;
  void remove_assignment(const std::string& conversation) override;
  void add_rating(const RatingRow& r) override;
  void add_offline_message(const OfflineMessageRow& m) override;
  void mark_offline_handled(const std::string& conversation) override;
  void put_agent(const AgentRow& a) override;
  void set_agent_status(const std::string& agent_id, bool available, int capacity) override;
  void put_site(const SiteConfig& s) override;
  void revoke_resume_tokens(const std::string& conversation, TimeMs before) override;
  void put_attachment(const AttachmentRow& a) override;

  void when_durable(std::function<void(bool)> done) override;
  void flush() override;
  StoreCounters counters() const override;

  bool fence_writes(std::int64_t node, std::int64_t epoch, std::function<void()> lost) override;

  StoredState load(TimeMs closed_since) override;
  std::optional<StoredConversation> load_conversation(const std::string& id) override;
  std::vector<AgentRow> agents() override;
  std::optional<AgentRow> agent_by_token_hash(const std::string& hash) override;
  std::vector<SiteConfig> sites() override;
  std::vector<OfflineMessageRow> offline_messages(bool unhandled_only) override;
  TimeMs resume_tokens_valid_from(const std::string& conversation) override;
  std::optional<AttachmentRow> attachment(const std::string& id) override;

 private:
  using Op = std::function<void(PgConn&)>;
  void enqueue(Op op);
  std::vector<WriteOutcome> apply_batch(std::vector<Write>& writes) override;
  void apply_one_by_one(std::vector<Write>& writes, std::vector<WriteOutcome>& out);
  bool writer_ready();
  void migrate();
  void read(const std::function<void(PgConn&)>& r);

  bool fenced_out();  // in the batch's transaction: the lease it writes under is gone

  struct Fence {
    std::int64_t node = 0, epoch = 0;
    std::function<void()> lost;
  };
  std::mutex fence_mutex_;
  std::optional<Fence> fence_;
  std::function<void(PgConn&)> session_setup_;
  std::unique_ptr<PgConn> writer_;  // the writer thread's (and the constructor's, before it starts)
  PgPool reads_;
  CommitQueue queue_;  // last: its writer stops before the connections go
};

}  // namespace duet::server
