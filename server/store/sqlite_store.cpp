#include "server/store/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "server/log.hpp"
#include "server/store/sqlite_migrations.hpp"
#include "server/store/sqlite_rows.hpp"

namespace duet::server {

SqliteStore::SqliteStore(const std::string& data_dir, const StoreConfig& config)
    : before_batch_(config.before_batch),
      queue_(*this, config.batch_max, std::chrono::microseconds(config.commit_interval_us)) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  if (ec) throw std::runtime_error("cannot create the data directory " + data_dir + ": " + ec.message());
  db_ = std::make_unique<Db>((std::filesystem::path(data_dir) / "duet.sqlite3").string());
  db_->exec("PRAGMA journal_mode=WAL;");
  // NORMAL in WAL mode: a commit survives a crash of this process (the WAL is written before the ack);
  // FULL also survives power loss, at one fsync per group commit.
  db_->exec(config.synchronous == "full" ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;");
  db_->exec("PRAGMA foreign_keys=ON;");
  // Index batches sort in memory, and the pages they touch stay cached (16 MiB at most), so the
  // writer reads little from disk.
  db_->exec("PRAGMA temp_store=MEMORY;");
  db_->exec("PRAGMA cache_size=-16384;");
  // After a checkpoint lets the WAL start over, its file is cut back to this (after a rush).
  db_->exec("PRAGMA journal_size_limit=67108864;");
  migrate();
  // Checkpoints off the writer's thread (wal_checkpointer.hpp), every 16 MiB of WAL by default.
  checkpointer_ = std::make_unique<WalCheckpointer>((std::filesystem::path(data_dir) / "duet.sqlite3").string(),
                                                    std::max(16, config.checkpoint_pages));
  db_->on_wal_commit([this](int pages) { return checkpointer_ && checkpointer_->wal_pages(pages); });
  index_log();  // what the last process left unindexed: reads at start need no tail scan
  queue_.start();
}

SqliteStore::~SqliteStore() {
  queue_.stop();  // applies what is queued first
  checkpointer_.reset();  // before the writer's connection closes, which checkpoints what is left
}

void SqliteStore::migrate() {
  db_->exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
  const int current = schema_version();
  const int known = static_cast<int>(sqlite_migrations().size());
  if (current > known)
    throw std::runtime_error("the data directory uses schema version " + std::to_string(current) +
                             ", newer than this duet-server knows (" + std::to_string(known) + "): upgrade duet-server");
  for (int v = current; v < known; ++v) {
    db_->exec("BEGIN IMMEDIATE;");
    try {
      db_->exec(sqlite_migrations()[v]);
      db_->run("INSERT INTO schema_migrations(version, applied_at) VALUES (?, strftime('%s','now'))", v + 1);
      db_->exec("COMMIT;");
    } catch (...) {
      db_->exec("ROLLBACK;");
      throw;
    }
    log::info("store_migrated", {{"version", v + 1}});
  }
}

int SqliteStore::latest_schema_version() { return static_cast<int>(sqlite_migrations().size()); }

int SqliteStore::schema_version() {
  int v = 0;
  db_->query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [&](const Row& r) { v = static_cast<int>(r.integer(0)); });
  return v;
}

// ---- the writer's batches (CommitBackend) ----

void SqliteStore::enqueue(Op op) {
  queue_.write([this, op = std::move(op)] { op(*db_); });
}

// The log's tail is indexed when it is long, or when the writer has had nothing to do for a second.
constexpr std::int64_t kIndexRows = 2048;

bool SqliteStore::has_idle_work() { return unindexed_ != 0; }
void SqliteStore::idle_work() { index_log(); }
void SqliteStore::after_batch(bool retrying) {
  if (!retrying && unindexed_ >= index_at_) index_log();
}

void SqliteStore::index_log() {
  std::lock_guard lock(db_mutex_);
  try {
    db_->exec("BEGIN IMMEDIATE;");
    // Sorted, so each conversation's index page is written once per batch rather than once per commit.
    // IGNORE: a (conversation, seq) is never stored twice; if it were, the first one stays, as in reads.
    db_->exec("INSERT OR IGNORE INTO event_index(conversation, seq, log_id) "
              "SELECT conversation, seq, id FROM event_log "
              "WHERE id > (SELECT value FROM store_meta WHERE key = 'indexed_up_to') ORDER BY conversation, seq, id;"
              "UPDATE store_meta SET value = (SELECT COALESCE(MAX(id), 0) FROM event_log) WHERE key = 'indexed_up_to';");
    db_->exec("COMMIT;");
    unindexed_ = 0;
    index_at_ = kIndexRows;
    ++index_runs_;
  } catch (const std::exception& e) {
    log::error("store_index_failed", {{"error", e.what()}});
    try {
      db_->exec("ROLLBACK;");
    } catch (...) {
    }
    index_at_ = unindexed_ + kIndexRows;  // the rows stay readable through the tail; try again later
  }
}

namespace {
void rollback_quietly(Db& db, const char* sql) {
  try {
    db.exec(sql);
  } catch (...) {  // already rolled back by SQLite itself (it does so on some errors)
  }
}
}  // namespace

// All writes in one transaction; if any of them fails, none is kept and they are applied again one by one.
std::vector<WriteOutcome> SqliteStore::apply_batch(std::vector<Write>& writes) {
  std::vector<WriteOutcome> out(writes.size(), WriteOutcome::retry);
  std::lock_guard lock(db_mutex_);
  try {
    if (before_batch_) before_batch_(*db_);
    db_->exec("BEGIN IMMEDIATE;");
  } catch (const std::exception& e) {
    log::error("store_commit_failed", {{"error", e.what()}});
    return out;  // nothing written: all of it again later
  }
  try {
    for (auto& w : writes) w();
    db_->exec("COMMIT;");
    std::fill(out.begin(), out.end(), WriteOutcome::stored);
    return out;
  } catch (const std::exception&) {
    rollback_quietly(*db_, "ROLLBACK;");
  }
  apply_one_by_one(writes, writes.size(), out);
  return out;
}

// The writes of [0, end), each in its own savepoint. One that can never succeed (a bug: a
// constraint, bad SQL) is dropped and the others are kept; at one that may succeed later (a full
// disk), the batch stops there and that write and those behind it wait for the next try. The queue
// then fails every callback behind the failed write: those are for writes not all stored.
void SqliteStore::apply_one_by_one(std::vector<Write>& writes, std::size_t end, std::vector<WriteOutcome>& out) {
  for (auto& o : out)
    if (o != WriteOutcome::dropped) o = WriteOutcome::retry;
  try {
    db_->exec("BEGIN IMMEDIATE;");
  } catch (const std::exception& e) {
    log::error("store_commit_failed", {{"error", e.what()}});
    return;
  }
  for (std::size_t i = 0; i < end; ++i) {
    if (out[i] == WriteOutcome::dropped) continue;
    try {
      db_->exec("SAVEPOINT write;");
      writes[i]();
      db_->exec("RELEASE write;");
      out[i] = WriteOutcome::stored;
      continue;
    } catch (const std::exception& e) {
      const auto* sql = dynamic_cast<const SqliteError*>(&e);
      const bool transient = sql && sql->transient();
      log::error("store_write_failed", {{"error", e.what()}, {"retried", transient}});
      if (!transient) out[i] = WriteOutcome::dropped;  // it would fail the same way again
      bool in_transaction = true;
      try {
        db_->exec("ROLLBACK TO write; RELEASE write;");
      } catch (...) {
        in_transaction = false;
      }
      if (!in_transaction) {
        // SQLite rolled the whole transaction back (it does on a full disk when the statement has
        // no journal of its own): the writes before this one went with it, so apply them again;
        // this one and those behind it wait.
        rollback_quietly(*db_, "ROLLBACK;");
        apply_one_by_one(writes, i, out);
        return;
      }
      if (transient) break;  // this one and those behind it: retry
    }
  }
  try {
    db_->exec("COMMIT;");
  } catch (const std::exception& e) {
    log::error("store_commit_failed", {{"error", e.what()}});
    rollback_quietly(*db_, "ROLLBACK;");
    for (auto& o : out)
      if (o == WriteOutcome::stored) o = WriteOutcome::retry;
  }
}

void SqliteStore::when_durable(std::function<void(bool)> done) { queue_.when_durable(std::move(done)); }
void SqliteStore::flush() { queue_.flush(); }
StoreCounters SqliteStore::counters() const { return queue_.counters(); }
std::uint64_t SqliteStore::index_runs() const { return index_runs_; }

// ---- writes ----

void SqliteStore::save_conversation(const ConversationRow& c) {
  enqueue({[c](Db& db) {
    db.run("INSERT INTO conversations(id, site, language, created, previous_id, context, updated) "
           "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET language = excluded.language, "
           "context = excluded.context",
           c.id, c.site, c.language, c.created, c.previous_id, to_json(c.context).dump(), c.created);
  }});
}

void SqliteStore::append_events(const std::string& conversation, const std::vector<Event>& events) {
  if (events.empty()) return;
  enqueue({[this, conversation, events](Db& db) {
    for (const Event& e : events) {
      db.run("INSERT INTO event_log(conversation, seq, at, kind, body) VALUES (?, ?, ?, ?, ?)", conversation, e.seq,
             e.at, to_string(e.kind), event_json(e));
      ++unindexed_;
      if (e.kind == EventKind::state)
        db.run("UPDATE conversations SET state = ?, updated = ? WHERE id = ?", to_string(e.state), e.at,
               conversation);
    }
  }});
}

void SqliteStore::put_queue(const QueueRow& q) {
  enqueue({[q](Db& db) {
    db.run("INSERT INTO queue(conversation, since, language, intent) VALUES (?, ?, ?, ?) "
           "ON CONFLICT(conversation) DO UPDATE SET since = excluded.since, language = excluded.language, "
           "intent = excluded.intent",
           q.conversation, q.since, q.language, q.intent);
  }});
}

void SqliteStore::remove_queue(const std::string& conversation) {
  enqueue({[conversation](Db& db) { db.run("DELETE FROM queue WHERE conversation = ?", conversation); }});
}

void SqliteStore::put_assignment(const AssignmentRow& a) {
  enqueue({[a](Db& db) {
    db.run("INSERT INTO assignments(conversation, agent_id, since, assigned_at) VALUES (?, ?, ?, ?) "
           "ON CONFLICT(conversation) DO UPDATE SET agent_id = excluded.agent_id, since = excluded.since, "
           "assigned_at = excluded.assigned_at",
           a.conversation, a.agent_id, a.since, a.assigned_at);
  }});
}

void SqliteStore::remove_assignment(const std::string& conversation) {
  enqueue({[conversation](Db& db) { db.run("DELETE FROM assignments WHERE conversation = ?", conversation); }});
}

void SqliteStore::add_rating(const RatingRow& r) {
  enqueue({[r](Db& db) {
    db.run("INSERT INTO ratings(conversation, score, comment, human, at) VALUES (?, ?, ?, ?, ?)", r.conversation,
           r.score, r.comment, r.human, r.at);
  }});
}

void SqliteStore::add_offline_message(const OfflineMessageRow& m) {
  enqueue({[m](Db& db) {
    db.run("INSERT OR IGNORE INTO offline_messages(conversation, seq, contact, text, at, handled) "
           "VALUES (?, ?, ?, ?, ?, ?)",
           m.conversation, m.seq, m.contact, m.text, m.at, m.handled);
  }});
}

void SqliteStore::mark_offline_handled(const std::string& conversation) {
  enqueue({[conversation](Db& db) {
    db.run("UPDATE offline_messages SET handled = 1 WHERE conversation = ?", conversation);
  }});
}

void SqliteStore::put_agent(const AgentRow& a) {
  enqueue({[a](Db& db) {
    db.run("INSERT INTO agents(id, name, token_hash, languages, skills, capacity, available, created) "
           "VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
           "token_hash = excluded.token_hash, languages = excluded.languages, skills = excluded.skills, "
           "capacity = excluded.capacity, available = excluded.available",
           a.id, a.name, a.token_hash, list_json(a.languages), list_json(a.skills), a.capacity, a.available,
           a.created);
  }});
}

void SqliteStore::set_agent_status(const std::string& agent_id, bool available, int capacity) {
  enqueue({[agent_id, available, capacity](Db& db) {
    db.run("UPDATE agents SET available = ?, capacity = ? WHERE id = ?", available, capacity, agent_id);
  }});
}

void SqliteStore::put_site(const SiteConfig& s) {
  enqueue({[s](Db& db) {
    db.run("INSERT INTO sites(key, config) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET config = excluded.config",
           s.key, to_json(s).dump());
  }});
}

void SqliteStore::revoke_resume_tokens(const std::string& conversation, TimeMs before) {
  enqueue({[conversation, before](Db& db) {
    db.run("INSERT INTO resume_revocations(conversation, issued_before) VALUES (?, ?) "
           "ON CONFLICT(conversation) DO UPDATE SET issued_before = MAX(issued_before, excluded.issued_before)",
           conversation, before);
  }});
}

void SqliteStore::put_attachment(const AttachmentRow& a) {
  enqueue({[a](Db& db) {
    db.run("INSERT OR IGNORE INTO attachments(id, conversation, kind, name, sender, at, bytes) "
           "VALUES (?, ?, ?, ?, ?, ?, ?)",
           a.id, a.conversation, a.kind, a.name, a.sender, a.at, Blob{a.bytes});
  }});
}

}  // namespace duet::server
