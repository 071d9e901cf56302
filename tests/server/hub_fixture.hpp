#pragma once
// The hub without sockets: a real store (SQLite in a temp dir, unless config.store.kind says
// otherwise), the real KB assistant, a fake clock and a Delivery that records every frame per session.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "model/protocol.hpp"
#include "server/answers.hpp"
#include "server/crypto.hpp"
#include "server/hub.hpp"
#include "server/store/store.hpp"
#include "temp_dir.hpp"

namespace duet::test {

class Recorder : public server::Delivery {
 public:
  void send(server::SessionId to, std::shared_ptr<const std::string> frame) override {
    std::lock_guard lock(mutex_);
    frames_[to].push_back(*frame);
  }
  void close(server::SessionId to, std::uint16_t code, const std::string& reason) override {
    std::lock_guard lock(mutex_);
    closed_[to] = {code, reason};
  }
  // Frames sent to `s` since the last take, parsed (a frame that does not parse fails the test).
  std::vector<proto::Message> take(server::SessionId s);
  std::optional<std::pair<std::uint16_t, std::string>> closed(server::SessionId s) {
    std::lock_guard lock(mutex_);
    auto it = closed_.find(s);
    if (it == closed_.end()) return std::nullopt;
    return it->second;
  }

 private:
  std::mutex mutex_;
  std::map<server::SessionId, std::vector<std::string>> frames_;
  std::map<server::SessionId, std::pair<std::uint16_t, std::string>> closed_;
};

server::Config test_config();
std::unique_ptr<server::KbAnswers> kb_answers();

struct HubWorld {
  explicit HubWorld(server::Config c = test_config(), std::string data_dir = {});
  ~HubWorld();

  // Everything sent to `s` so far (after the store committed it).
  std::vector<proto::Message> take(server::SessionId s) {
    hub->settle();
    store->flush();
    return recorder.take(s);
  }
  // Adds an agent to the store and returns its login token.
  std::string add_agent(const std::string& name, std::vector<std::string> languages = {"en"},
                        std::vector<std::string> skills = {});
  // Restarts the hub over the same data dir (same secret), like a new process would.
  void restart();

  TempDir dir;
  std::string data;
  server::Config config;
  TimeMs now = 1'700'000'000'000;  // a Tuesday, 22:13 UTC
  std::unique_ptr<server::Store> store;  // config.store.kind picks it (SQLite by default)
  std::unique_ptr<server::KbAnswers> answers;
  server::AnswerService* answer_override = nullptr;  // set, then restart(): the hub asks this instead
  // Set, then restart(): the hub uses the store this returns, a decorator over `store`.
  std::function<std::unique_ptr<server::Store>(server::Store&)> wrap_store;
  std::unique_ptr<server::Store> wrapped;
  server::Metrics metrics;
  Recorder recorder;
  std::unique_ptr<server::Hub> hub;
};

// ---- helpers over received messages ----
template <class T>
std::vector<T> all_of(const std::vector<proto::Message>& ms) {
  std::vector<T> out;
  for (const auto& m : ms)
    if (const T* t = std::get_if<T>(&m)) out.push_back(*t);
  return out;
}
template <class T>
std::optional<T> first_of(const std::vector<proto::Message>& ms) {
  auto v = all_of<T>(ms);
  if (v.empty()) return std::nullopt;
  return v.front();
}
std::vector<Event> events_of(const std::vector<proto::Message>& ms, std::optional<EventKind> kind = {});
std::string describe(const std::vector<proto::Message>& ms);  // for failure messages

}  // namespace duet::test
