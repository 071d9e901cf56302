#include "server/store/memory_store.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "server/log.hpp"

namespace duet::server {
namespace {

// What the SQLite store would read back: only what an event's JSON form keeps.
Event as_stored(const Event& e) {
  auto back = event_from_json(nlohmann::json::parse(event_json(e)));
  if (!back) throw std::runtime_error("event does not read back: " + back.error());
  return back.value();
}

}  // namespace

MemoryStore::MemoryStore(const StoreConfig& config)
    : queue_(*this, config.batch_max, std::chrono::microseconds(config.commit_interval_us)) {
  queue_.start();
}

MemoryStore::~MemoryStore() { queue_.stop(); }

std::vector<WriteOutcome> MemoryStore::apply_batch(std::vector<Write>& writes) {
  std::lock_guard lock(mutex_);
  std::vector<WriteOutcome> out;
  out.reserve(writes.size());
  for (auto& w : writes) {
    try {
      w();
      out.push_back(WriteOutcome::stored);
    } catch (const std::exception& e) {
      log::error("store_write_failed", {{"error", e.what()}, {"retried", false}});
      out.push_back(WriteOutcome::dropped);
    }
  }
  return out;
}

void MemoryStore::when_durable(std::function<void(bool)> done) { queue_.when_durable(std::move(done)); }
void MemoryStore::flush() { queue_.flush(); }
StoreCounters MemoryStore::counters() const { return queue_.counters(); }

// ---- writes: applied on the writer thread, under mutex_ ----

void MemoryStore::save_conversation(const ConversationRow& c) {
  queue_.write([this, c] {
    auto [it, inserted] = conversations_.try_emplace(c.id);
    if (inserted) {
      it->second.row = c;
      it->second.updated = c.created;
      it->second.order = conversations_.size();
      return;
    }
    it->second.row.language = c.language;  // as SQLite's upsert: the rest stays as first saved
    it->second.row.context = c.context;
  });
}

void MemoryStore::append_events(const std::string& conversation, const std::vector<Event>& events) {
  if (events.empty()) return;
  queue_.write([this, conversation, events] {
    std::vector<Event> stored;
    for (const Event& e : events) stored.push_back(as_stored(e));  // all or nothing, before any change
    auto& log = events_[conversation];
    for (Event& e : stored) {
      if (e.kind == EventKind::state)
        if (auto it = conversations_.find(conversation); it != conversations_.end()) {
          it->second.state = e.state;
          it->second.updated = e.at;
        }
      log.try_emplace(e.seq, std::move(e));
    }
  });
}

void MemoryStore::put_queue(const QueueRow& q) {
  queue_.write([this, q] { queue_rows_[q.conversation] = q; });
}

void MemoryStore::remove_queue(const std::string& conversation) {
  queue_.write([this, conversation] { queue_rows_.erase(conversation); });
}

void MemoryStore::put_assignment(const AssignmentRow& a) {
  queue_.write([this, a] { assignments_[a.conversation] = a; });
}

void MemoryStore::remove_assignment(const std::string& conversation) {
  queue_.write([this, conversation] { assignments_.erase(conversation); });
}

void MemoryStore::add_rating(const RatingRow& r) {
  queue_.write([this, r] { ratings_.push_back(r); });
}

void MemoryStore::add_offline_message(const OfflineMessageRow& m) {
  queue_.write([this, m] { offline_.try_emplace({m.conversation, m.seq}, m); });
}

void MemoryStore::mark_offline_handled(const std::string& conversation) {
  queue_.write([this, conversation] {
    for (auto& [key, m] : offline_)
      if (key.first == conversation) m.handled = true;
  });
}

void MemoryStore::put_agent(const AgentRow& a) {
  queue_.write([this, a] {
    for (const auto& [id, other] : agents_)  // token hashes are unique, as in SQLite's schema
      if (id != a.id && other.token_hash == a.token_hash)
        throw std::runtime_error("agent " + a.id + ": another agent has this token");
    auto [it, inserted] = agents_.try_emplace(a.id, a);
    if (!inserted) {
      const TimeMs created = it->second.created;  // kept from the first save, as SQLite's upsert does
      it->second = a;
      it->second.created = created;
    }
  });
}

void MemoryStore::set_agent_status(const std::string& agent_id, bool available, int capacity) {
  queue_.write([this, agent_id, available, capacity] {
    if (auto it = agents_.find(agent_id); it != agents_.end()) {
      it->second.available = available;
      it->second.capacity = capacity;
    }
  });
}

void MemoryStore::put_site(const SiteConfig& s) {
  queue_.write([this, s] { sites_[s.key] = s; });
}

void MemoryStore::revoke_resume_tokens(const std::string& conversation, TimeMs before) {
  queue_.write([this, conversation, before] {
    TimeMs& at = revoked_before_[conversation];
    at = std::max(at, before);
  });
}

void MemoryStore::put_attachment(const AttachmentRow& a) {
  queue_.write([this, a] { attachments_.try_emplace(a.id, a); });
}

// ---- reads: what the writer has applied ----

std::vector<Event> MemoryStore::events_of(const std::string& conversation) const {
  std::vector<Event> out;
  if (auto it = events_.find(conversation); it != events_.end())
    for (const auto& [seq, e] : it->second) out.push_back(e);
  return out;
}

std::vector<AgentRow> MemoryStore::sorted_agents() const {
  std::vector<AgentRow> out;
  for (const auto& [id, a] : agents_) out.push_back(a);
  std::stable_sort(out.begin(), out.end(), [](const AgentRow& x, const AgentRow& y) { return x.created < y.created; });
  return out;
}

StoredState MemoryStore::load(TimeMs closed_since) {
  flush();
  std::lock_guard lock(mutex_);
  std::vector<const Conversation*> picked;
  for (const auto& [id, c] : conversations_)
    if (c.state == State::waiting_human || c.state == State::with_human || c.state == State::offline ||
        c.updated >= closed_since)
      picked.push_back(&c);
  std::sort(picked.begin(), picked.end(), [](const Conversation* x, const Conversation* y) {
    return std::pair(x->row.created, x->order) < std::pair(y->row.created, y->order);
  });
  StoredState s;
  for (const Conversation* c : picked) s.conversations.push_back({c->row, events_of(c->row.id)});
  for (const auto& [id, q] : queue_rows_) s.queue.push_back(q);
  std::stable_sort(s.queue.begin(), s.queue.end(), [](const QueueRow& x, const QueueRow& y) { return x.since < y.since; });
  for (const auto& [id, a] : assignments_) s.assignments.push_back(a);
  s.agents = sorted_agents();
  return s;
}

std::optional<StoredConversation> MemoryStore::load_conversation(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = conversations_.find(id);
  if (it == conversations_.end()) return std::nullopt;
  return StoredConversation{it->second.row, events_of(id)};
}

std::vector<AgentRow> MemoryStore::agents() {
  std::lock_guard lock(mutex_);
  return sorted_agents();
}

std::optional<AgentRow> MemoryStore::agent_by_token_hash(const std::string& hash) {
  if (hash.empty()) return std::nullopt;
  std::lock_guard lock(mutex_);
  for (const auto& [id, a] : agents_)
    if (a.token_hash == hash) return a;
  return std::nullopt;
}

std::vector<SiteConfig> MemoryStore::sites() {
  std::lock_guard lock(mutex_);
  std::vector<SiteConfig> out;
  for (const auto& [key, s] : sites_) out.push_back(s);
  return out;
}

std::vector<OfflineMessageRow> MemoryStore::offline_messages(bool unhandled_only) {
  std::lock_guard lock(mutex_);
  std::vector<OfflineMessageRow> out;
  for (const auto& [key, m] : offline_)
    if (!unhandled_only || !m.handled) out.push_back(m);
  std::stable_sort(out.begin(), out.end(), [](const OfflineMessageRow& x, const OfflineMessageRow& y) { return x.at < y.at; });
  return out;
}

TimeMs MemoryStore::resume_tokens_valid_from(const std::string& conversation) {
  std::lock_guard lock(mutex_);
  auto it = revoked_before_.find(conversation);
  return it == revoked_before_.end() ? 0 : it->second;
}

std::optional<AttachmentRow> MemoryStore::attachment(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto it = attachments_.find(id);
  if (it == attachments_.end()) return std::nullopt;
  return it->second;
}

}  // namespace duet::server
