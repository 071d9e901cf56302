#pragma once
// The embedded store: SQLite in WAL mode under the data directory, schema migrations, and group
// commit. Writes go to a queue; one writer thread applies everything queued so far in a single
// transaction and then runs the `when_durable` callbacks, so a burst of messages costs one commit,
// not one per message. Events go to an append-only log, and an index by conversation is built
// behind it in sorted batches. See docs/server.md ("Store").
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "server/sqlite_db.hpp"
#include "server/store.hpp"
#include "server/wal_checkpointer.hpp"

namespace duet::server {

class SqliteStore final : public Store {
 public:
  // Opens (or creates) DIR/duet.sqlite3 and migrates it to the current schema. Throws
  // std::runtime_error with a message for operators when that is impossible.
  SqliteStore(const std::string& data_dir, const StoreConfig& config);
  ~SqliteStore() override;  // flushes, then stops the writer

  static constexpr int kSchemaVersion = 3;
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

  void when_durable(std::function<void(bool)> done) override;
  void flush() override;

  StoredState load(TimeMs closed_since) override;
  std::optional<StoredConversation> load_conversation(const std::string& id) override;
  std::vector<AgentRow> agents() override;
  std::optional<AgentRow> agent_by_token_hash(const std::string& hash) override;
  std::vector<SiteConfig> sites() override;
  std::vector<OfflineMessageRow> offline_messages(bool unhandled_only) override;
  TimeMs resume_tokens_valid_from(const std::string& conversation) override;

  // Counters for /metrics.
  std::uint64_t commits() const;
  std::uint64_t write_errors() const;
  std::uint64_t index_runs() const;  // batches of event_log added to event_index

 private:
  using Op = std::function<void(Db&)>;
  struct Item {
    Op op;                              // a write, or
    std::function<void(bool)> done;     // a durability callback
  };
  // What a batch came to: callbacks before `first_failure` report `committed`, the others false;
  // writes from `retry_from` on (those not dropped) are tried again.
  struct Applied {
    bool committed = false;
    std::size_t first_failure = 0, retry_from = 0;
  };
  void enqueue(Item item);
  void writer_loop();
  bool take_batch(std::vector<Item>& batch);
  Applied apply(std::vector<Item>& batch);
  Applied apply_one_by_one(std::vector<Item>& batch, std::size_t end);
  void keep_for_retry(std::vector<Item>& batch, std::size_t from);
  void migrate();
  void index_log();
  std::vector<Event> events_of(const std::string& conversation);
  std::vector<AgentRow> agents_where(const std::string& where, const std::string& arg);

  std::unique_ptr<Db> db_;
  std::unique_ptr<WalCheckpointer> checkpointer_;
  std::mutex db_mutex_;  // one connection: the writer's batches and the synchronous reads take turns
  int batch_max_;
  const std::chrono::microseconds commit_interval_;
  std::chrono::steady_clock::time_point last_commit_{};  // the writer's own
  const std::function<void(Db&)> before_batch_;          // StoreConfig::before_batch (tests)
  // Writes that failed for a reason that may pass (a full disk, I/O): they go first into the next
  // batch, in their order, after a delay that doubles up to a second. The writer's own.
  std::deque<Item> retry_;
  std::chrono::milliseconds retry_delay_{0};
  std::chrono::steady_clock::time_point retry_at_{};

  std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<Item> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> commits_{0}, write_errors_{0}, index_runs_{0};
  // Rows appended to event_log since it was last indexed; touched only by the writer (and the
  // constructor before it starts).
  std::int64_t unindexed_ = 0, index_at_ = 0;
  std::thread writer_;
};

}  // namespace duet::server
