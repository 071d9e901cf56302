#include "server/store/sqlite_migrations.hpp"

namespace duet::server {

// Each entry migrates the schema from version i to i + 1. Append, never edit: data dirs in the field
// were created by the older entries.
const std::vector<std::string>& sqlite_migrations() {
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
      // 4: files sent in conversations (checked and cleaned before they are stored).
      R"sql(
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY, conversation TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        sender TEXT NOT NULL, at INTEGER NOT NULL, bytes BLOB NOT NULL);
      )sql",
  };
  return m;
}

}  // namespace duet::server
