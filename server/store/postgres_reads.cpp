// PostgresStore's synchronous reads, on the pool's connections (never the writer's). Each read
// builds its result from nothing, so the pool may run it again on a fresh connection.
#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "server/log.hpp"
#include "server/store/postgres_store.hpp"
#include "server/store/column_codecs.hpp"

namespace duet::server {

using json = nlohmann::json;

namespace {

constexpr const char* kConversationColumns = "id, site, language, created, previous_id, context";

ConversationRow conversation_from(const PgRow& r) {
  ConversationRow c;
  c.id = r.text(0);
  c.site = r.text(1);
  c.language = r.text(2);
  c.created = r.integer(3);
  c.previous_id = r.text(4);
  c.context = context_from(r.text(5));
  return c;
}

AgentRow agent_from_pg(const PgRow& r) {
  AgentRow a;
  a.id = r.text(0);
  a.name = r.text(1);
  a.token_hash = r.text(2);
  a.languages = list_from(r.text(3));
  a.skills = list_from(r.text(4));
  a.capacity = static_cast<int>(r.integer(5));
  a.available = r.boolean(6);
  a.created = r.integer(7);
  return a;
}

std::vector<Event> events_of(PgConn& c, const std::string& conversation) {
  std::vector<Event> out;
  c.query("SELECT body FROM events WHERE conversation = $1 ORDER BY seq",
          [&](const PgRow& r) {
            json j = json::parse(r.text(0), nullptr, false);
            auto e = j.is_discarded() ? Result<Event, std::string>(std::string("not JSON")) : event_from_json(j);
            if (e) out.push_back(e.value());
            else log::error("store_bad_event", {{"conversation", conversation}, {"error", e.error()}});
          },
          conversation);
  return out;
}

std::vector<AgentRow> agents_where(PgConn& c, const std::string& where, const std::string& arg) {
  std::vector<AgentRow> out;
  const std::string sql = std::string("SELECT ") + kAgentColumns + " FROM agents" + where;
  auto each = [&](const PgRow& r) { out.push_back(agent_from_pg(r)); };
  if (arg.empty()) c.query(sql, each);
  else c.query(sql, each, arg);
  return out;
}

}  // namespace

void PostgresStore::read(const std::function<void(PgConn&)>& r) {
  try {
    reads_.with(r);
  } catch (const PgError& e) {
    throw std::runtime_error(std::string("store read failed: ") + e.what());
  }
}

TimeMs PostgresStore::resume_tokens_valid_from(const std::string& conversation) {
  TimeMs before = 0;
  read([&](PgConn& c) {
    before = 0;
    c.query("SELECT issued_before FROM resume_revocations WHERE conversation = $1",
            [&](const PgRow& r) { before = r.integer(0); }, conversation);
  });
  return before;
}

StoredState PostgresStore::load(TimeMs closed_since) {
  flush();
  StoredState s;
  read([&](PgConn& c) {
    s = {};
    // One snapshot for all of it: the queue and the assignments agree with the conversations.
    c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    c.query(std::string("SELECT ") + kConversationColumns +
                " FROM conversations WHERE state IN ('waiting_human', 'with_human', 'offline') OR updated >= $1 "
                "ORDER BY created, id",
            [&](const PgRow& r) { s.conversations.push_back({conversation_from(r), {}}); }, closed_since);
    for (auto& conv : s.conversations) conv.events = events_of(c, conv.row.id);
    c.query("SELECT conversation, since, language, intent FROM queue ORDER BY since, conversation",
            [&](const PgRow& r) { s.queue.push_back({r.text(0), r.text(2), r.text(3), r.integer(1)}); });
    c.query("SELECT conversation, agent_id, since, assigned_at FROM assignments ORDER BY conversation",
            [&](const PgRow& r) { s.assignments.push_back({r.text(0), r.text(1), r.integer(2), r.integer(3)}); });
    s.agents = agents_where(c, " ORDER BY created, id", "");
    c.exec("COMMIT");
  });
  return s;
}

std::optional<StoredConversation> PostgresStore::load_conversation(const std::string& id) {
  std::optional<StoredConversation> out;
  read([&](PgConn& c) {
    out.reset();
    c.exec("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    c.query(std::string("SELECT ") + kConversationColumns + " FROM conversations WHERE id = $1",
            [&](const PgRow& r) { out = StoredConversation{conversation_from(r), {}}; }, id);
    if (out) out->events = events_of(c, id);
    c.exec("COMMIT");
  });
  return out;
}

std::vector<AgentRow> PostgresStore::agents() {
  std::vector<AgentRow> out;
  read([&](PgConn& c) { out = agents_where(c, " ORDER BY created, id", ""); });
  return out;
}

std::optional<AgentRow> PostgresStore::agent_by_token_hash(const std::string& hash) {
  if (hash.empty()) return std::nullopt;
  std::vector<AgentRow> found;
  read([&](PgConn& c) { found = agents_where(c, " WHERE token_hash = $1", hash); });
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::vector<SiteConfig> PostgresStore::sites() {
  std::vector<SiteConfig> out;
  read([&](PgConn& c) {
    out.clear();
    c.query("SELECT key, config FROM sites ORDER BY key", [&](const PgRow& r) {
      json j = json::parse(r.text(1), nullptr, false);
      auto s = j.is_discarded() ? Result<SiteConfig, std::string>(std::string("not JSON")) : site_from_json(j);
      if (s) out.push_back(s.value());
      else log::error("store_bad_site", {{"site", r.text(0)}, {"error", s.error()}});
    });
  });
  return out;
}

std::vector<OfflineMessageRow> PostgresStore::offline_messages(bool unhandled_only) {
  std::vector<OfflineMessageRow> out;
  read([&](PgConn& c) {
    out.clear();
    c.query(std::string("SELECT conversation, seq, contact, text, at, handled FROM offline_messages") +
                (unhandled_only ? " WHERE NOT handled" : "") + " ORDER BY at, conversation, seq",
            [&](const PgRow& r) {
              out.push_back({r.text(0), r.integer(1), r.text(2), r.text(3), r.integer(4), r.boolean(5)});
            });
  });
  return out;
}

std::optional<AttachmentRow> PostgresStore::attachment(const std::string& id) {
  std::optional<AttachmentRow> out;
  read([&](PgConn& c) {
    out.reset();
    c.query("SELECT id, conversation, kind, name, sender, at, bytes FROM attachments WHERE id = $1",
            [&](const PgRow& r) { out = AttachmentRow{r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.bytea(6), r.integer(5)}; },
            id);
  });
  return out;
}

}  // namespace duet::server
