// SqliteStore's synchronous reads (they take turns with the writer on the one connection).
#include "server/store/sqlite_store.hpp"

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "server/log.hpp"
#include "server/store/sqlite_rows.hpp"

namespace duet::server {

using json = nlohmann::json;

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

std::optional<AttachmentRow> SqliteStore::attachment(const std::string& id) {
  std::lock_guard lock(db_mutex_);
  std::optional<AttachmentRow> out;
  db_->query("SELECT id, conversation, kind, name, sender, at, bytes FROM attachments WHERE id = ?",
             [&](const Row& r) { out = AttachmentRow{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.blob(6), r.integer(5)}; },
             id);
  return out;
}

}  // namespace duet::server
