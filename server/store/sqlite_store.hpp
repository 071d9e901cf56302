#pragma once
// The embedded store: SQLite in WAL mode under the data directory, schema migrations, and group
// commit (commit_queue.hpp: one writer thread applies everything queued so far in a single
// transaction, then runs the `when_durable` callbacks, so a burst of messages costs one commit).
// Events go to an append-only log, and an index by conversation is built behind it in sorted
// batches. See docs/server.md ("Store"). Only store_factory.cpp and SQLite's own tests name it.
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "server/store/commit_queue.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/store.hpp"
#include "server/store/wal_checkpointer.hpp"

namespace duet::server {

class SqliteStore final : public Store, private CommitBackend {
 public:
  // Opens (or creates) DIR/duet.sqlite3 and migrates it to the current schema. Throws
  // std::runtime_error with a message for operators when that is impossible.
  SqliteStore(const std::string& data_dir, const StoreConfig& config);
  ~SqliteStore() override;  // flushes, then stops the writer

  static int latest_schema_version();  // one per migration step (sqlite_migrations.cpp)
  int schema_version();

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

  StoredState load(TimeMs closed_since) override;
  std::optional<StoredConversation> load_conversation(const std::string& id) override;
  std::vector<AgentRow> agents() override;
  std::optional<AgentRow> agent_by_token_hash(const std::string& hash) override;
  std::vector<SiteConfig> sites() override;
  std::vector<OfflineMessageRow> offline_messages(bool unhandled_only) override;
  TimeMs resume_tokens_valid_from(const std::string& conversation) override;
  std::optional<AttachmentRow> attachment(const std::string& id) override;

  StoreCounters counters() const override;
  std::uint64_t index_runs() const;  // batches of event_log added to event_index (SQLite's own)

 private:
  using Op = std::function<void(Db&)>;
  void enqueue(Op op);
  // CommitBackend: the writer thread's side.
  std::vector<WriteOutcome> apply_batch(std::vector<Write>& writes) override;
  bool has_idle_work() override;
  void idle_work() override;
  void after_batch(bool retrying) override;
  void apply_one_by_one(std::vector<Write>& writes, std::size_t end, std::vector<WriteOutcome>& out);
  void migrate();
  void index_log();
  std::vector<Event> events_of(const std::string& conversation);
  std::vector<AgentRow> agents_where(const std::string& where, const std::string& arg);

  std::unique_ptr<Db> db_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::mutex db_mutex_;  // one connection: the writer's batches and the synchronous reads take turns
  const std::function<void(Db&)> before_batch_;  // StoreConfig::before_batch (tests)
  std::atomic<std::uint64_t> index_runs_{0};
  // Rows appended to event_log since it was last indexed; touched only by the writer (and the
  // constructor before it starts).
  std::int64_t unindexed_ = 0, index_at_ = 0;
  CommitQueue queue_;  // last: its writer stops before the connection goes
};

}  // namespace duet::server
