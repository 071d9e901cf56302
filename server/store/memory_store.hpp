#pragma once
// A store in memory (`store.kind: memory`): the same queue, group commit and callbacks as SQLite
// (commit_queue.hpp), the same rules for what is read back, and nothing on disk, so nothing survives
// the process. For tests and throw-away demos; it passes the conformance suite except the restart
// check. Events are kept as the SQLite store reads them back (through their JSON form).
#include <map>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "server/store/commit_queue.hpp"
#include "server/store/store.hpp"

namespace duet::server {

class MemoryStore final : public Store, private CommitBackend {
 public:
  explicit MemoryStore(const StoreConfig& config);
  ~MemoryStore() override;  // applies what is queued, then stops the writer

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
  Counters counters() const override;

  StoredState load(TimeMs closed_since) override;
  std::optional<StoredConversation> load_conversation(const std::string& id) override;
  std::vector<AgentRow> agents() override;
  std::optional<AgentRow> agent_by_token_hash(const std::string& hash) override;
  std::vector<SiteConfig> sites() override;
  std::vector<OfflineMessageRow> offline_messages(bool unhandled_only) override;
  TimeMs resume_tokens_valid_from(const std::string& conversation) override;
  std::optional<AttachmentRow> attachment(const std::string& id) override;

 private:
  struct Conversation {
    ConversationRow row;
    State state = State::ai;
    TimeMs updated = 0;
    std::size_t order = 0;  // insertion order: ties on `created` read back as inserted
  };
  // A write that throws is dropped, like a constraint failure in SQLite.
  std::vector<WriteOutcome> apply_batch(std::vector<Write>& writes) override;
  std::vector<Event> events_of(const std::string& conversation) const;
  std::vector<AgentRow> sorted_agents() const;

  mutable std::mutex mutex_;  // the writer's batches and the reads take turns
  std::map<std::string, Conversation> conversations_;
  std::map<std::string, std::map<Seq, Event>> events_;  // the first event stored at a seq stays
  std::map<std::string, QueueRow> queue_rows_;
  std::map<std::string, AssignmentRow> assignments_;
  std::vector<RatingRow> ratings_;
  std::map<std::pair<std::string, Seq>, OfflineMessageRow> offline_;
  std::map<std::string, AgentRow> agents_;
  std::map<std::string, SiteConfig> sites_;
  std::map<std::string, TimeMs> revoked_before_;
  std::map<std::string, AttachmentRow> attachments_;
  CommitQueue queue_;  // last: its writer stops before the data goes
};

}  // namespace duet::server
