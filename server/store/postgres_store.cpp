#include "server/store/postgres_store.hpp"

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "server/log.hpp"
#include "server/store/pg_migrations.hpp"
#include "server/store/column_codecs.hpp"

namespace duet::server {

namespace {
// Any constant: every duet-server migrating this database takes the same lock, one after the other.
constexpr std::int64_t kMigrationLock = 0x64756574;  // "duet"

void rollback_quietly(PgConn& c) {
  try {
    c.exec("ROLLBACK");
  } catch (...) {  // no transaction, or no connection: nothing to undo
  }
}
}  // namespace

PostgresStore::PostgresStore(const std::string& conninfo, const StoreConfig& config)
    : session_setup_([sync = config.synchronous_commit](PgConn& c) {
        c.exec("SET client_encoding TO 'UTF8'; SET synchronous_commit TO " + sync);
      }),
      reads_(conninfo, config.pool, session_setup_),
      queue_(*this, config.batch_max, std::chrono::microseconds(config.commit_interval_us)) {
  try {
    writer_ = std::make_unique<PgConn>(conninfo);
    session_setup_(*writer_);
    migrate();
  } catch (const PgError& e) {
    throw std::runtime_error(std::string("store.kind postgres: ") + e.what());
  }
  queue_.start();
}

PostgresStore::~PostgresStore() { queue_.stop(); }

void PostgresStore::migrate() {
  PgConn& c = *writer_;
  c.exec("BEGIN");
  try {
    c.run("SELECT pg_advisory_xact_lock($1)", kMigrationLock);
    c.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL)");
    int current = 0;
    c.query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
            [&](const PgRow& r) { current = static_cast<int>(r.integer(0)); });
    const int known = static_cast<int>(pg_migrations().size());
    if (current > known)
      throw std::runtime_error("the database uses schema version " + std::to_string(current) +
                               ", newer than this duet-server knows (" + std::to_string(known) + "): upgrade duet-server");
    for (int v = current; v < known; ++v) {
      c.exec(pg_migrations()[v]);
      c.run("INSERT INTO schema_migrations(version, applied_at) VALUES ($1, "
            "(EXTRACT(EPOCH FROM now()) * 1000)::BIGINT)",
            v + 1);
      log::info("store_migrated", {{"version", v + 1}, {"kind", "postgres"}});
    }
    c.exec("COMMIT");
  } catch (...) {
    rollback_quietly(c);
    throw;
  }
}

// ---- the writer's batches (CommitBackend) ----

void PostgresStore::enqueue(Op op) {
  queue_.write([this, op = std::move(op)] { op(*writer_); });
}

// After PostgreSQL restarted (or failed over) the writer's connection is gone: reconnect before the
// batch. Until that works every batch is `retry`, and the queue waits longer each time (up to 1 s).
bool PostgresStore::writer_ready() {
  if (writer_->ok()) return true;
  try {
    writer_->reset();
    session_setup_(*writer_);
    log::info("store_reconnected", {{"kind", "postgres"}});
    return true;
  } catch (const std::exception& e) {
    log::error("store_commit_failed", {{"error", e.what()}});
    return false;
  }
}

// All writes in one transaction; if any of them fails, none is kept and they are applied again one by
// one, each in a savepoint, to tell the write that fails from the others.
std::vector<WriteOutcome> PostgresStore::apply_batch(std::vector<Write>& writes) {
  std::vector<WriteOutcome> out(writes.size(), WriteOutcome::retry);
  if (!writer_ready()) return out;
  try {
    writer_->exec("BEGIN");
    if (fenced_out()) {
      rollback_quietly(*writer_);
      std::fill(out.begin(), out.end(), WriteOutcome::dropped);
      return out;
    }
    for (auto& w : writes) w();
    writer_->exec("COMMIT");
    std::fill(out.begin(), out.end(), WriteOutcome::stored);
    return out;
  } catch (const PgError& e) {
    rollback_quietly(*writer_);
    // Lost in the middle: whether COMMIT took is unknown, but the writes are idempotent, so all of
    // them again (after the reconnect) is right either way.
    if (!writer_->ok() || e.sqlstate().empty()) {
      log::error("store_commit_failed", {{"error", e.what()}});
      return out;
    }
  } catch (const std::exception& e) {
    rollback_quietly(*writer_);
    log::error("store_commit_failed", {{"error", e.what()}});
  }
  apply_one_by_one(writes, out);
  return out;
}

bool PostgresStore::fence_writes(std::int64_t node, std::int64_t epoch, std::function<void()> lost) {
  std::lock_guard lock(fence_mutex_);
  fence_ = Fence{node, epoch, std::move(lost)};
  return true;
}

// FOR SHARE holds the lease row until this batch commits: a takeover (an UPDATE of that row) waits
// for the batch, and a batch behind a takeover sees the new owner and stores nothing. So a leader that
// was paused or cut off past its lease can never commit over its successor.
bool PostgresStore::fenced_out() {
  std::optional<Fence> f;
  {
    std::lock_guard lock(fence_mutex_);
    f = fence_;
  }
  if (!f) return false;
  bool holds = false;
  writer_->query("SELECT 1 FROM cluster_leader WHERE node = $1 AND epoch = $2 AND lease_until > now() FOR SHARE",
                 [&](const PgRow&) { holds = true; }, f->node, f->epoch);
  if (holds) return false;
  log::error("store_fenced", {{"node", f->node}, {"epoch", f->epoch}, {"effect", "this node no longer leads; nothing stored"}});
  if (f->lost) f->lost();
  return true;
}

// One that can never succeed (a constraint, bad SQL) is dropped and the others kept; at one that may
// succeed later (out of disk, a serialization conflict) the batch stops, and that write and those
// behind it wait for the next try. The queue then fails every callback behind the failed write.
void PostgresStore::apply_one_by_one(std::vector<Write>& writes, std::vector<WriteOutcome>& out) {
  PgConn& c = *writer_;
  try {
    c.exec("BEGIN");
    for (std::size_t i = 0; i < writes.size(); ++i) {
      try {
        c.exec("SAVEPOINT write");
        writes[i]();
        c.exec("RELEASE SAVEPOINT write");
        out[i] = WriteOutcome::stored;
      } catch (const PgError& e) {
        const bool transient = e.transient();
        log::error("store_write_failed", {{"error", e.what()}, {"retried", transient}});
        if (!c.ok()) throw;
        c.exec("ROLLBACK TO SAVEPOINT write; RELEASE SAVEPOINT write");
        if (transient) break;  // this one and those behind it: retry
        out[i] = WriteOutcome::dropped;
      }
    }
    c.exec("COMMIT");
  } catch (const std::exception& e) {
    log::error("store_commit_failed", {{"error", e.what()}});
    rollback_quietly(c);
    for (auto& o : out)
      if (o == WriteOutcome::stored) o = WriteOutcome::retry;
  }
}

void PostgresStore::when_durable(std::function<void(bool)> done) { queue_.when_durable(std::move(done)); }
void PostgresStore::flush() { queue_.flush(); }
StoreCounters PostgresStore::counters() const { return queue_.counters(); }

// ---- writes: each an upsert or an insert that ignores a row already there (idempotent) ----

void PostgresStore::save_conversation(const ConversationRow& c) {
  enqueue([c](PgConn& db) {
    db.run("INSERT INTO conversations(id, site, language, created, previous_id, context, updated) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT(id) DO UPDATE SET language = excluded.language, "
           "context = excluded.context",
           c.id, c.site, c.language, c.created, c.previous_id, to_json(c.context).dump(), c.created);
  });
}

void PostgresStore::append_events(const std::string& conversation, const std::vector<Event>& events) {
  if (events.empty()) return;
  enqueue([conversation, events](PgConn& db) {
    for (const Event& e : events) {
      // A (conversation, seq) is stored once: a batch applied again after a lost COMMIT adds nothing,
      // and the first stored stays, as SQLite keeps it.
      db.run("INSERT INTO events(conversation, seq, at, kind, body) VALUES ($1, $2, $3, $4, $5) "
             "ON CONFLICT (conversation, seq) DO NOTHING",
             conversation, e.seq, e.at, to_string(e.kind), event_json(e));
      if (e.kind == EventKind::state)
        db.run("UPDATE conversations SET state = $1, updated = $2 WHERE id = $3", to_string(e.state), e.at,
               conversation);
    }
  });
}

void PostgresStore::put_queue(const QueueRow& q) {
  enqueue([q](PgConn& db) {
    db.run("INSERT INTO queue(conversation, since, language, intent) VALUES ($1, $2, $3, $4) "
           "ON CONFLICT(conversation) DO UPDATE SET since = excluded.since, language = excluded.language, "
           "intent = excluded.intent",
           q.conversation, q.since, q.language, q.intent);
  });
}

void PostgresStore::remove_queue(const std::string& conversation) {
  enqueue([conversation](PgConn& db) { db.run("DELETE FROM queue WHERE conversation = $1", conversation); });
}

void PostgresStore::put_assignment(const AssignmentRow& a) {
  enqueue([a](PgConn& db) {
    db.run("INSERT INTO assignments(conversation, agent_id, since, assigned_at) VALUES ($1, $2, $3, $4) "
           "ON CONFLICT(conversation) DO UPDATE SET agent_id = excluded.agent_id, since = excluded.since, "
           "assigned_at = excluded.assigned_at",
           a.conversation, a.agent_id, a.since, a.assigned_at);
  });
}

void PostgresStore::remove_assignment(const std::string& conversation) {
  enqueue([conversation](PgConn& db) { db.run("DELETE FROM assignments WHERE conversation = $1", conversation); });
}

void PostgresStore::add_rating(const RatingRow& r) {
  enqueue([r](PgConn& db) {
    db.run("INSERT INTO ratings(conversation, score, comment, human, at) VALUES ($1, $2, $3, $4, $5)", r.conversation,
           r.score, r.comment, r.human, r.at);
  });
}

void PostgresStore::add_offline_message(const OfflineMessageRow& m) {
  enqueue([m](PgConn& db) {
    db.run("INSERT INTO offline_messages(conversation, seq, contact, text, at, handled) "
           "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (conversation, seq) DO NOTHING",
           m.conversation, m.seq, m.contact, m.text, m.at, m.handled);
  });
}

void PostgresStore::mark_offline_handled(const std::string& conversation) {
  enqueue([conversation](PgConn& db) {
    db.run("UPDATE offline_messages SET handled = true WHERE conversation = $1", conversation);
  });
}

void PostgresStore::put_agent(const AgentRow& a) {
  enqueue([a](PgConn& db) {
    db.run("INSERT INTO agents(id, name, token_hash, languages, skills, capacity, available, created) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
           "token_hash = excluded.token_hash, languages = excluded.languages, skills = excluded.skills, "
           "capacity = excluded.capacity, available = excluded.available",
           a.id, a.name, a.token_hash, list_json(a.languages), list_json(a.skills), a.capacity, a.available,
           a.created);
  });
}

void PostgresStore::set_agent_status(const std::string& agent_id, bool available, int capacity) {
  enqueue([agent_id, available, capacity](PgConn& db) {
    db.run("UPDATE agents SET available = $1, capacity = $2 WHERE id = $3", available, capacity, agent_id);
  });
}

void PostgresStore::put_site(const SiteConfig& s) {
  enqueue([s](PgConn& db) {
    db.run("INSERT INTO sites(key, config) VALUES ($1, $2) ON CONFLICT(key) DO UPDATE SET config = excluded.config",
           s.key, to_json(s).dump());
  });
}

void PostgresStore::revoke_resume_tokens(const std::string& conversation, TimeMs before) {
  enqueue([conversation, before](PgConn& db) {
    db.run("INSERT INTO resume_revocations(conversation, issued_before) VALUES ($1, $2) "
           "ON CONFLICT(conversation) DO UPDATE SET "
           "issued_before = GREATEST(resume_revocations.issued_before, excluded.issued_before)",
           conversation, before);
  });
}

void PostgresStore::put_attachment(const AttachmentRow& a) {
  enqueue([a](PgConn& db) {
    db.run("INSERT INTO attachments(id, conversation, kind, name, sender, at, bytes) "
           "VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO NOTHING",
           a.id, a.conversation, a.kind, a.name, a.sender, a.at, Blob{a.bytes});
  });
}

}  // namespace duet::server
