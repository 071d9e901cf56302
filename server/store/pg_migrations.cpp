#include "server/store/pg_migrations.hpp"

namespace duet::server {

// Each entry migrates the schema from version i to i + 1. Append, never edit: databases in the field
// were created by the older entries. The tables mirror SQLite's (sqlite_migrations.cpp) without its
// append-log-then-index trick: PostgreSQL's B-tree on (conversation, seq) takes random inserts well.
// Times are milliseconds since the epoch (BIGINT), as everywhere in Duet.
const std::vector<std::string>& pg_migrations() {
  static const std::vector<std::string> m = {
      R"sql(
      CREATE TABLE conversations (
        id TEXT PRIMARY KEY, site TEXT NOT NULL, language TEXT NOT NULL, created BIGINT NOT NULL,
        previous_id TEXT NOT NULL DEFAULT '', context TEXT NOT NULL DEFAULT '{}',
        state TEXT NOT NULL DEFAULT 'ai', updated BIGINT NOT NULL DEFAULT 0);
      CREATE INDEX conversations_by_state ON conversations(state, updated);
      CREATE TABLE events (
        conversation TEXT NOT NULL, seq BIGINT NOT NULL, at BIGINT NOT NULL, kind TEXT NOT NULL,
        body TEXT NOT NULL, PRIMARY KEY (conversation, seq));
      CREATE TABLE agents (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
        languages TEXT NOT NULL, skills TEXT NOT NULL, capacity INTEGER NOT NULL,
        available BOOLEAN NOT NULL, created BIGINT NOT NULL);
      CREATE TABLE queue (
        conversation TEXT PRIMARY KEY, since BIGINT NOT NULL, language TEXT NOT NULL, intent TEXT NOT NULL);
      CREATE TABLE assignments (
        conversation TEXT PRIMARY KEY, agent_id TEXT NOT NULL, since BIGINT NOT NULL,
        assigned_at BIGINT NOT NULL);
      CREATE TABLE ratings (
        conversation TEXT NOT NULL, score INTEGER NOT NULL, comment TEXT NOT NULL,
        human BOOLEAN NOT NULL, at BIGINT NOT NULL);
      CREATE TABLE offline_messages (
        conversation TEXT NOT NULL, seq BIGINT NOT NULL, contact TEXT NOT NULL, text TEXT NOT NULL,
        at BIGINT NOT NULL, handled BOOLEAN NOT NULL DEFAULT false, PRIMARY KEY (conversation, seq));
      CREATE TABLE sites (key TEXT PRIMARY KEY, config TEXT NOT NULL);
      CREATE TABLE resume_revocations (conversation TEXT PRIMARY KEY, issued_before BIGINT NOT NULL);
      )sql",
      // 2: many nodes (server/cluster). Nodes register for a number (the high bits of their session
      // ids) and say they are alive until `seen_until`; one row names the leader, whose `epoch` fences
      // every commit; the secret that signs resume tokens is the cluster's, so any node opens them.
      R"sql(
      CREATE TABLE cluster_nodes (
        id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL, started TIMESTAMPTZ NOT NULL DEFAULT now(),
        seen_until TIMESTAMPTZ NOT NULL);
      CREATE TABLE cluster_leader (
        one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), node BIGINT NOT NULL, epoch BIGINT NOT NULL,
        lease_until TIMESTAMPTZ NOT NULL);
      INSERT INTO cluster_leader(node, epoch, lease_until) VALUES (0, 0, 'epoch');
      CREATE TABLE cluster_secret (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), secret TEXT NOT NULL);
      )sql",
      // 3: files sent in conversations (checked and cleaned before they are stored).
      R"sql(
      CREATE TABLE attachments (
        id TEXT PRIMARY KEY, conversation TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
        sender TEXT NOT NULL, at BIGINT NOT NULL, bytes BYTEA NOT NULL);
      )sql",
  };
  return m;
}

}  // namespace duet::server
