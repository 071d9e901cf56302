#pragma once
// A store whose reads can be held until the test lets them go: a slow database, on demand. Every
// call goes to the real store behind it; writes are never held.
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>

#include "server/store/store.hpp"

namespace duet::test {

enum class Read { load_conversation, agent_by_token_hash, resume_tokens_valid_from };

class BlockingStore : public server::Store {
 public:
  explicit BlockingStore(server::Store& inner) : inner_(inner) {}

  void block(Read r);    // reads of this kind wait from now on, until release(r)
  void release(Read r);  // lets the waiting ones go, and those after
  // Until `n` reads of this kind are waiting; false after `timeout`.
  bool wait_blocked(Read r, int n, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  int waiting(Read r);

  void save_conversation(const server::ConversationRow& c) override { inner_.save_conversation(c); }
  void append_events(const std::string& conversation, const std::vector<Event>& events) override {
    inner_.append_events(conversation, events);
  }
  void put_queue(const server::QueueRow& q) override { inner_.put_queue(q); }
  void remove_queue(const std::string& conversation) override { inner_.remove_queue(conversation); }
  void put_assignment(const server::AssignmentRow& a) override { inner_.put_assignment(a); }
  void remove_assignment(const std::string& conversation) override { inner_.remove_assignment(conversation); }
  void add_rating(const server::RatingRow& r) override { inner_.add_rating(r); }
  void add_offline_message(const server::OfflineMessageRow& m) override { inner_.add_offline_message(m); }
  void mark_offline_handled(const std::string& conversation) override { inner_.mark_offline_handled(conversation); }
  void put_agent(const server::AgentRow& a) override { inner_.put_agent(a); }
  void set_agent_status(const std::string& agent_id, bool available, int capacity) override {
    inner_.set_agent_status(agent_id, available, capacity);
  }
  void put_site(const server::SiteConfig& s) override { inner_.put_site(s); }
  void revoke_resume_tokens(const std::string& conversation, TimeMs before) override {
    inner_.revoke_resume_tokens(conversation, before);
  }
  void put_attachment(const server::AttachmentRow& a) override { inner_.put_attachment(a); }
  void when_durable(std::function<void(bool durable)> done) override { inner_.when_durable(std::move(done)); }
  void flush() override { inner_.flush(); }
  Counters counters() const override { return inner_.counters(); }

  server::StoredState load(TimeMs closed_since) override { return inner_.load(closed_since); }
  std::optional<server::StoredConversation> load_conversation(const std::string& id) override {
    pass(Read::load_conversation);
    return inner_.load_conversation(id);
  }
  std::vector<server::AgentRow> agents() override { return inner_.agents(); }
  std::optional<server::AgentRow> agent_by_token_hash(const std::string& hash) override {
    pass(Read::agent_by_token_hash);
    return inner_.agent_by_token_hash(hash);
  }
  std::vector<server::SiteConfig> sites() override { return inner_.sites(); }
  std::vector<server::OfflineMessageRow> offline_messages(bool unhandled_only) override {
    return inner_.offline_messages(unhandled_only);
  }
  TimeMs resume_tokens_valid_from(const std::string& conversation) override {
    pass(Read::resume_tokens_valid_from);
    return inner_.resume_tokens_valid_from(conversation);
  }
  std::optional<server::AttachmentRow> attachment(const std::string& id) override { return inner_.attachment(id); }

 private:
  // Waits while `r` is blocked; bounded, so a failing test cannot hang the hub's shutdown.
  void pass(Read r);

  server::Store& inner_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<Read, bool> blocked_;
  std::map<Read, int> waiting_;
};

}  // namespace duet::test
