#include "server/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <future>

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "server/log.hpp"

namespace duet::server {
namespace {

using json = nlohmann::json;

// Each entry migrates the schema from version i to i + 1. Append, never edit: data dirs in the field
// were created by the older entries.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> m = {
      R"sql(
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY, site TEXT NOT NULL, language TEXT NOT NULL, created INTEGER NOT NULL,
        previous_id TEXT NOT NULL DEFAULT '', context TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL DEFAULT 'ai', updated INTEGER NOT NULL DEFAULT 0);
      CREATE INDEX conversations_by_state ON conversations(state, updated);
      CREATE TABLE events (
        conversation TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL, kind TEXT NOT NULL,
        body TEXT NOT NULL, PRIMARY KEY (conversation, seq)) WITHOUT ROWID;
      CREATE TABLE agents (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
        languages TEXT NOT NULL, skills TEXT NOT NULL, capacity INTEGER NOT NULL,
        available INTEGER NOT NULL, created INTEGER NOT NULL);
      CREATE TABLE queue (
        conversation TEXT PRIMARY KEY, since INTEGER NOT NULL, language TEXT NOT NULL, intent TEXT NOT NULL);
      CREATE TABLE assignments (
        conversation TEXT PRIMARY KEY, agent_id TEXT NOT NULL, since INTEGER NOT NULL,
        assigned_at INTEGER NOT NULL);
      CREATE TABLE ratings (
        conversation TEXT NOT NULL, score INTEGER NOT NULL, comment TEXT NOT NULL,
        human INTEGER NOT NULL, at INTEGER NOT NULL);
      CREATE TABLE offline_messages (
        conversation TEXT NOT NULL, seq INTEGER NOT NULL, contact TEXT NOT NULL, text TEXT NOT NULL,
        at INTEGER NOT NULL, handled INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (conversation, seq));
      CREATE TABLE sites (key TEXT PRIMARY KEY, config TEXT NOT NULL);
      )sql",
      // 2: events are appended to event_log in rowid order, so a commit writes the last page or
      // two whatever conversations it holds, and each body is written once. event_index, by
      // (conversation, seq), is built behind it in sorted batches; rows above
      // store_meta.indexed_up_to are not in it yet, and reads scan that short tail.
      R"sql(
      CREATE TABLE event_log (
        id INTEGER PRIMARY KEY, conversation TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,
        kind TEXT NOT NULL, body TEXT NOT NULL);
      INSERT INTO event_log(conversation, seq, at, kind, body)
        SELECT conversation, seq, at, kind, body FROM events ORDER BY conversation, seq;
      DROP TABLE events;
      CREATE TABLE event_index (
        conversation TEXT NOT NULL, seq INTEGER NOT NULL, log_id INTEGER NOT NULL,
        PRIMARY KEY (conversation, seq)) WITHOUT ROWID;
      INSERT INTO event_index(conversation, seq, log_id) SELECT conversation, seq, id FROM event_log;
      CREATE TABLE store_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL);
      INSERT INTO store_meta(key, value) VALUES ('indexed_up_to', COALESCE((SELECT MAX(id) FROM event_log), 0));
      )sql",
      // 3: resume tokens of a conversation issued before `issued_before` (ms) open nothing (revoke-resume,
      // and a legacy token once it was used).
      R"sql(
      CREATE TABLE resume_revocations (conversation TEXT PRIMARY KEY, issued_before INTEGER NOT NULL) WITHOUT ROWID;
      )sql",
  };
  return m;
}

std::string list_json(const std::vector<std::string>& v) { return json(v).dump(); }
std::vector<std::string> list_from(const std::string& s) {
  json j = json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

Context context_from(const std::string& s) {
  json j = json::parse(s, nullptr, false);
  if (j.is_discarded()) return {};
  auto c = context_from_json(j);
  return c ? c.value() : Context{};
}

AgentRow agent_from(const Row& r) {
  AgentRow a;
  a.id = r.text(0);
  a.name = r.text(1);
  a.token_hash = r.text(2);
  a.languages = list_from(r.text(3));
  a.skills = list_from(r.text(4));
  a.capacity = static_cast<int>(r.integer(5));
  a.available = r.integer(6) != 0;
  a.created = r.integer(7);
  return a;
}

constexpr const char* kAgentColumns = "id, name, token_hash, languages, skills, capacity, available, created";

}  // namespace

SqliteStore::SqliteStore(const std::string& data_dir, const StoreConfig& config)
    : batch_max_(std::max(1, config.batch_max)),
      commit_interval_(std::max(0, config.commit_interval_us)),
      before_batch_(config.before_batch) {
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
  db_->on_wal_commit([this](int pages) {
    if (checkpointer_) checkpointer_->wal_pages(pages);
  });
  index_log();  // what the last process left unindexed: reads at start need no tail scan
  writer_ = std::thread([this] { writer_loop(); });
}

SqliteStore::~SqliteStore() {
  flush();
  {
    std::lock_guard lock(queue_mutex_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  writer_.join();
  checkpointer_.reset();  // before the writer's connection closes, which checkpoints what is left
}

void SqliteStore::migrate() {
  db_->exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);");
  const int current = schema_version();
  const int known = static_cast<int>(migrations().size());
  if (current > known)
    throw std::runtime_error("the data directory uses schema version " + std::to_string(current) +
                             ", newer than this duet-server knows (" + std::to_string(known) + "): upgrade duet-server");
  for (int v = current; v < known; ++v) {
    db_->exec("BEGIN IMMEDIATE;");
    try {
      db_->exec(migrations()[v]);
      db_->run("INSERT INTO schema_migrations(version, applied_at) VALUES (?, strftime('%s','now'))", v + 1);
      db_->exec("COMMIT;");
    } catch (...) {
      db_->exec("ROLLBACK;");
      throw;
    }
    log::info("store_migrated", {{"version", v + 1}});
  }
}

int SqliteStore::schema_version() {
  int v = 0;
  db_->query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations", [&](const Row& r) { v = static_cast<int>(r.integer(0)); });
  return v;
}

// ---- the writer ----

void SqliteStore::enqueue(Item item) {
  bool was_empty;
  {
    std::lock_guard lock(queue_mutex_);
    was_empty = queue_.empty();
    queue_.push_back(std::move(item));
  }
  // The writer takes the whole queue at once, so only the first item after that can find it asleep.
  if (was_empty) queue_cv_.notify_one();
}

// The log's tail is indexed when it is long, or when the writer has had nothing to do for a second.
constexpr std::int64_t kIndexRows = 2048;
constexpr auto kIndexWhenIdle = std::chrono::seconds(1);

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
    ++write_errors_;
    log::error("store_index_failed", {{"error", e.what()}});
    try {
      db_->exec("ROLLBACK;");
    } catch (...) {
    }
    index_at_ = unindexed_ + kIndexRows;  // the rows stay readable through the tail; try again later
  }
}

// Waits for work and moves it into `batch`: the writes to try again first, then what was queued, up
// to batch_max writes. False when stopping with nothing left.
bool SqliteStore::take_batch(std::vector<Item>& batch) {
  std::unique_lock lock(queue_mutex_);
  auto ready = [&] { return stopping_ || !queue_.empty(); };
  for (;;) {
    if (!retry_.empty()) {
      // Not before the delay, unless stopping (then once more, at once).
      queue_cv_.wait_until(lock, retry_at_, [&] { return stopping_; });
      break;
    }
    if (unindexed_ == 0) {
      queue_cv_.wait(lock, ready);
      break;
    }
    if (queue_cv_.wait_for(lock, kIndexWhenIdle, ready)) break;
    lock.unlock();
    index_log();
    lock.lock();
  }
  if (queue_.empty() && retry_.empty()) return false;  // stopping, and nothing left
  // Under load, commits are spaced by the interval so that each one carries many writes; the first
  // write after a quiet spell is committed at once.
  if (!stopping_ && retry_.empty() && commit_interval_.count() > 0) {
    const auto due = last_commit_ + commit_interval_;
    if (std::chrono::steady_clock::now() < due) {
      // A plain sleep, not a wait on queue_cv_: writers queued meanwhile need not wake us.
      lock.unlock();
      std::this_thread::sleep_until(due);
      lock.lock();
    }
  }
  int writes = static_cast<int>(retry_.size());
  for (auto& item : retry_) batch.push_back(std::move(item));
  retry_.clear();
  // Everything queued so far, up to batch_max writes, goes into one transaction.
  while (!queue_.empty() && writes < batch_max_) {
    if (queue_.front().op) ++writes;
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  // Callbacks right behind the last write are satisfied by this commit too.
  while (!queue_.empty() && !queue_.front().op) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return true;
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
SqliteStore::Applied SqliteStore::apply(std::vector<Item>& batch) {
  std::lock_guard lock(db_mutex_);
  try {
    if (before_batch_) before_batch_(*db_);
    db_->exec("BEGIN IMMEDIATE;");
  } catch (const std::exception& e) {
    ++write_errors_;
    log::error("store_commit_failed", {{"error", e.what()}});
    return {false, 0, 0};  // nothing written: all of it again later
  }
  try {
    for (auto& item : batch)
      if (item.op) item.op(*db_);
    db_->exec("COMMIT;");
    ++commits_;
    last_commit_ = std::chrono::steady_clock::now();
    return {true, batch.size(), batch.size()};
  } catch (const std::exception&) {
    rollback_quietly(*db_, "ROLLBACK;");
  }
  return apply_one_by_one(batch, batch.size());
}

// The writes of batch[0, end), each in its own savepoint. One that can never succeed (a bug: a
// constraint, bad SQL) is dropped and the others are kept; at one that may succeed later (a full
// disk), the batch stops there and that write and those behind it wait for the next try. Either way,
// no callback behind the failed write reports success: those are for writes not all stored.
SqliteStore::Applied SqliteStore::apply_one_by_one(std::vector<Item>& batch, std::size_t end) {
  Applied a{false, end, end};
  try {
    db_->exec("BEGIN IMMEDIATE;");
  } catch (const std::exception& e) {
    ++write_errors_;
    log::error("store_commit_failed", {{"error", e.what()}});
    return {false, 0, 0};
  }
  for (std::size_t i = 0; i < end; ++i) {
    Item& item = batch[i];
    if (!item.op) continue;
    try {
      db_->exec("SAVEPOINT write;");
      item.op(*db_);
      db_->exec("RELEASE write;");
      continue;
    } catch (const std::exception& e) {
      ++write_errors_;
      const auto* sql = dynamic_cast<const SqliteError*>(&e);
      const bool transient = sql && sql->transient();
      log::error("store_write_failed", {{"error", e.what()}, {"retried", transient}});
      if (!transient) item.op = nullptr;  // dropped: it would fail the same way again
      bool in_transaction = true;
      try {
        db_->exec("ROLLBACK TO write; RELEASE write;");
      } catch (...) {
        in_transaction = false;
      }
      if (!in_transaction) {
        // SQLite rolled the whole transaction back (it does on a full disk when the statement has
        // no journal of its own): the writes before this one went with it, so apply them again.
        // Its callbacks fail and the writes from this one on wait (their retry_from is at most i).
        rollback_quietly(*db_, "ROLLBACK;");
        return apply_one_by_one(batch, i);
      }
      a.first_failure = std::min(a.first_failure, i);
      if (transient) {
        a.retry_from = i;
        break;
      }
    }
  }
  try {
    db_->exec("COMMIT;");
    ++commits_;
    last_commit_ = std::chrono::steady_clock::now();
    a.committed = true;
  } catch (const std::exception& e) {
    ++write_errors_;
    log::error("store_commit_failed", {{"error", e.what()}});
    rollback_quietly(*db_, "ROLLBACK;");
    return {false, 0, 0};
  }
  return a;
}

void SqliteStore::keep_for_retry(std::vector<Item>& batch, std::size_t from) {
  for (std::size_t i = from; i < batch.size(); ++i)
    if (batch[i].op) retry_.push_back(Item{std::move(batch[i].op), {}});
  if (retry_.empty()) {
    retry_delay_ = std::chrono::milliseconds(0);
    return;
  }
  retry_delay_ = std::clamp(retry_delay_ * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  retry_at_ = std::chrono::steady_clock::now() + retry_delay_;
  std::lock_guard lock(queue_mutex_);
  if (!stopping_) return;
  // The last try before the store closes: what still fails is lost, and said so.
  log::error("store_writes_lost", {{"writes", retry_.size()}});
  retry_.clear();
}

void SqliteStore::writer_loop() {
  std::vector<Item> batch;
  while (take_batch(batch)) {
    const bool any_write = std::any_of(batch.begin(), batch.end(), [](const Item& i) { return bool(i.op); });
    const Applied a = any_write ? apply(batch) : Applied{true, batch.size(), batch.size()};
    keep_for_retry(batch, a.retry_from);
    for (std::size_t i = 0; i < batch.size(); ++i)
      if (batch[i].done) batch[i].done(a.committed && i < a.first_failure);
    batch.clear();
    if (retry_.empty() && unindexed_ >= index_at_) index_log();
  }
}

void SqliteStore::when_durable(std::function<void(bool)> done) { enqueue(Item{{}, std::move(done)}); }

void SqliteStore::flush() {
  std::promise<void> flushed;
  auto f = flushed.get_future();
  when_durable([&](bool) { flushed.set_value(); });
  f.wait();
}

std::uint64_t SqliteStore::commits() const { return commits_; }
std::uint64_t SqliteStore::write_errors() const { return write_errors_; }
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

// ---- reads ----

TimeMs SqliteStore::resume_tokens_valid_from(const std::string& conversation) {
  std::lock_guard lock(db_mutex_);
  TimeMs before = 0;
  db_->query("SELECT issued_before FROM resume_revocations WHERE conversation = ?",
             [&](const Row& r) { before = r.integer(0); }, conversation);
  return before;
}

std::vector<Event> SqliteStore::events_of(const std::string& conversation) {
  std::vector<Event> out;
  // The indexed events, then the tail the index does not cover yet (the same ?1 twice). A seq stored
  // twice (never written so, but not prevented by the log's schema) counts once: the first stored,
  // as the index keeps it.
  std::optional<Seq> last;
  db_->query("SELECT l.seq, l.body, l.id FROM event_index i JOIN event_log l ON l.id = i.log_id WHERE i.conversation = ?1 "
             "UNION ALL SELECT seq, body, id FROM event_log WHERE conversation = ?1 "
             "AND id > (SELECT value FROM store_meta WHERE key = 'indexed_up_to') ORDER BY 1, 3",
           [&](const Row& r) {
             const Seq seq = r.integer(0);
             if (last == seq) return;
             last = seq;
             json j = json::parse(r.text(1), nullptr, false);
             auto e = j.is_discarded() ? Result<Event, std::string>(std::string("not JSON")) : event_from_json(j);
             if (e) out.push_back(e.value());
             else log::error("store_bad_event", {{"conversation", conversation}, {"error", e.error()}});
           },
           conversation);
  return out;
}

StoredState SqliteStore::load(TimeMs closed_since) {
  flush();
  std::lock_guard lock(db_mutex_);
  StoredState s;
  db_->query("SELECT id, site, language, created, previous_id, context FROM conversations "
           "WHERE state IN ('waiting_human', 'with_human', 'offline') OR updated >= ? ORDER BY created",
           [&](const Row& r) {
             StoredConversation c;
             c.row.id = r.text(0);
             c.row.site = r.text(1);
             c.row.language = r.text(2);
             c.row.created = r.integer(3);
             c.row.previous_id = r.text(4);
             c.row.context = context_from(r.text(5));
             s.conversations.push_back(std::move(c));
           },
           closed_since);
  for (auto& c : s.conversations) c.events = events_of(c.row.id);
  db_->query("SELECT conversation, since, language, intent FROM queue ORDER BY since", [&](const Row& r) {
    s.queue.push_back({r.text(0), r.text(2), r.text(3), r.integer(1)});
  });
  db_->query("SELECT conversation, agent_id, since, assigned_at FROM assignments", [&](const Row& r) {
    s.assignments.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3)});
  });
  db_->query(std::string("SELECT ") + kAgentColumns + " FROM agents ORDER BY created, id",
           [&](const Row& r) { s.agents.push_back(agent_from(r)); });
  return s;
}

std::optional<StoredConversation> SqliteStore::load_conversation(const std::string& id) {
  std::lock_guard lock(db_mutex_);
  std::optional<StoredConversation> c;
  db_->query("SELECT id, site, language, created, previous_id, context FROM conversations WHERE id = ?",
           [&](const Row& r) {
             c.emplace();
             c->row.id = r.text(0);
             c->row.site = r.text(1);
             c->row.language = r.text(2);
             c->row.created = r.integer(3);
             c->row.previous_id = r.text(4);
             c->row.context = context_from(r.text(5));
           },
           id);
  if (c) c->events = events_of(id);
  return c;
}

std::vector<AgentRow> SqliteStore::agents_where(const std::string& where, const std::string& arg) {
  std::lock_guard lock(db_mutex_);
  std::vector<AgentRow> out;
  const std::string sql = std::string("SELECT ") + kAgentColumns + " FROM agents" + where;
  if (arg.empty()) db_->query(sql, [&](const Row& r) { out.push_back(agent_from(r)); });
  else db_->query(sql, [&](const Row& r) { out.push_back(agent_from(r)); }, arg);
  return out;
}

std::vector<AgentRow> SqliteStore::agents() { return agents_where(" ORDER BY created, id", ""); }

std::optional<AgentRow> SqliteStore::agent_by_token_hash(const std::string& hash) {
  if (hash.empty()) return std::nullopt;
  auto found = agents_where(" WHERE token_hash = ?", hash);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<SiteConfig> SqliteStore::sites() {
  std::lock_guard lock(db_mutex_);
  std::vector<SiteConfig> out;
  db_->query("SELECT key, config FROM sites ORDER BY key", [&](const Row& r) {
    json j = json::parse(r.text(1), nullptr, false);
    auto s = j.is_discarded() ? Result<SiteConfig, std::string>(std::string("not JSON")) : site_from_json(j);
    if (s) out.push_back(s.value());
    else log::error("store_bad_site", {{"site", r.text(0)}, {"error", s.error()}});
  });
  return out;
}

std::vector<OfflineMessageRow> SqliteStore::offline_messages(bool unhandled_only) {
  std::lock_guard lock(db_mutex_);
  std::vector<OfflineMessageRow> out;
  db_->query(std::string("SELECT conversation, seq, contact, text, at, handled FROM offline_messages") +
               (unhandled_only ? " WHERE handled = 0" : "") + " ORDER BY at",
           [&](const Row& r) {
             out.push_back({r.text(0), r.integer(1), r.text(2), r.text(3), r.integer(4), r.integer(5) != 0});
           });
  return out;
}

}  // namespace duet::server
