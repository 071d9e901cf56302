// The group-commit queue on its own, with a scripted backend: what a PostgreSQL backend will rely on.
// Callbacks report success only when every write queued before them (since the callback before) was
// stored, in their batch or an earlier one; a write to retry comes back first, in order; a dropped one
// never does.
#include <catch2/catch.hpp>

#include <algorithm>
#include <future>
#include <map>
#include <mutex>
#include <string>

#include "server/store/commit_queue.hpp"

using namespace duet::server;

namespace {

// Each write appends its name to `ran`; the outcome of a name is looked up in `script` (stored
// when absent), and a `retry` there holds only until `heal()`.
class ScriptedBackend : public CommitBackend {
 public:
  std::vector<WriteOutcome> apply_batch(std::vector<Write>& writes) override {
    std::lock_guard lock(m);
    std::vector<WriteOutcome> out;
    for (auto& w : writes) {
      w();
      const std::string name = ran.back();
      auto it = script.find(name);
      WriteOutcome o = it == script.end() ? WriteOutcome::stored : it->second;
      if (!out.empty() && out.back() == WriteOutcome::retry) o = WriteOutcome::retry;  // order kept
      if (o == WriteOutcome::stored) stored.push_back(name);
      out.push_back(o);
    }
    ++batches;
    return out;
  }
  void heal() {
    std::lock_guard lock(m);
    for (auto it = script.begin(); it != script.end();)
      it = it->second == WriteOutcome::retry ? script.erase(it) : std::next(it);
  }
  std::mutex m;
  std::map<std::string, WriteOutcome> script;
  std::vector<std::string> ran, stored;
  int batches = 0;
};

struct Queue {
  ScriptedBackend backend;
  CommitQueue queue{backend, 1024, std::chrono::microseconds(0)};
  Queue() { queue.start(); }
  void write(const std::string& name) {
    queue.write([this, name] { backend.ran.push_back(name); });
  }
  std::shared_future<bool> durable() {
    auto p = std::make_shared<std::promise<bool>>();
    queue.when_durable([p](bool ok) { p->set_value(ok); });
    return p->get_future().share();
  }
};

bool wait(const std::shared_future<bool>& f) {
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return f.get();
}

}  // namespace

TEST_CASE("commit queue: a write to retry fails the callbacks behind it and is stored first, once, later",
          "[store]") {
  Queue q;
  q.backend.script["b"] = WriteOutcome::retry;
  q.write("a");
  auto after_a = q.durable();
  q.write("b");
  auto after_b = q.durable();
  q.write("c");
  auto after_c = q.durable();
  CHECK(wait(after_a));
  CHECK_FALSE(wait(after_b));
  CHECK_FALSE(wait(after_c));
  q.backend.heal();
  auto healed = q.durable();
  CHECK(wait(healed));
  q.queue.flush();
  std::lock_guard lock(q.backend.m);
  CHECK(q.backend.stored == std::vector<std::string>{"a", "b", "c"});
  const auto c = q.queue.counters();
  CHECK(c.writes_queued == 3);
  CHECK(c.writes_committed == 3);
  CHECK(c.writes_failed >= 2);  // b and c at least once each
}

TEST_CASE("commit queue: while a write waits to be tried again, no callback behind it is true, with or without writes of its own",
          "[store]") {
  Queue q;
  q.backend.script["b"] = WriteOutcome::retry;
  q.write("b");
  auto after_b = q.durable();
  auto frames_only = q.durable();  // a commit that wrote nothing (the hub's typing or queue frames)
  CHECK_FALSE(wait(after_b));
  CHECK_FALSE(wait(frames_only));
  auto later = q.durable();  // queued after the first failure: the retry of "b" comes first
  CHECK_FALSE(wait(later));
  q.backend.heal();
  auto healed = q.durable();
  CHECK(wait(healed));
  CHECK(q.queue.counters().writes_dropped == 0);
}

TEST_CASE("commit queue: a dropped write fails the callbacks behind it in its batch, and is not tried again",
          "[store]") {
  Queue q;
  q.backend.script["bad"] = WriteOutcome::dropped;
  q.write("bad");
  q.write("good");
  auto behind = q.durable();
  CHECK_FALSE(wait(behind));
  q.write("next");
  auto next = q.durable();
  CHECK(wait(next));
  std::lock_guard lock(q.backend.m);
  CHECK(std::count(q.backend.ran.begin(), q.backend.ran.end(), "bad") == 1);
  CHECK(q.backend.stored == std::vector<std::string>{"good", "next"});
  CHECK(q.queue.counters().writes_dropped == 1);
}

TEST_CASE("commit queue: stopping applies what is queued; later callbacks report false instead of waiting",
          "[store]") {
  Queue q;
  for (int i = 0; i < 100; ++i) q.write("w" + std::to_string(i));
  auto last = q.durable();
  q.queue.stop();
  CHECK(wait(last));
  auto late = q.durable();
  CHECK_FALSE(wait(late));
  std::lock_guard lock(q.backend.m);
  CHECK(q.backend.stored.size() == 100);
}

TEST_CASE("commit queue: a callback answers for the writes before it even when a batch ended between them",
          "[store]") {
  ScriptedBackend backend;
  backend.script["bad"] = WriteOutcome::dropped;
  CommitQueue queue{backend, 1, std::chrono::microseconds(0)};  // one write per batch: a split at every write
  auto p = std::make_shared<std::promise<bool>>();
  queue.write([&] { backend.ran.push_back("bad"); });
  queue.write([&] { backend.ran.push_back("good"); });
  queue.when_durable([p](bool ok) { p->set_value(ok); });
  queue.start();
  CHECK_FALSE(wait(p->get_future().share()));  // "bad", in the batch before, was never stored
  auto q = std::make_shared<std::promise<bool>>();
  queue.write([&] { backend.ran.push_back("next"); });
  queue.when_durable([q](bool ok) { q->set_value(ok); });
  CHECK(wait(q->get_future().share()));  // the next group answers for itself only
  queue.flush();
  std::lock_guard lock(backend.m);
  CHECK(backend.batches >= 2);
  CHECK(backend.stored == std::vector<std::string>{"good", "next"});
}
