// AnswerPool: answers leave the caller's thread, a slow answer does not hold the others, the queue is
// bounded, and stopping answers what is left.
#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <thread>

#include "server/answer_pool.hpp"

using namespace duet;
using namespace duet::server;

namespace {

// Blocks questions that say "slow" until released; answers the rest at once.
class Gate final : public AnswerService {
 public:
  void ask(Question q, AnswerPiece, std::function<void(Answer)> done) override {
    if (q.text == "slow") {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return open_; });
    }
    Answer a;
    a.text = "answer to " + q.text;
    a.article_id = std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id()));
    done(a);
  }
  void open() {
    {
      std::lock_guard lock(mutex_);
      open_ = true;
    }
    cv_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = false;
};

Question question(std::string text) {
  Question q;
  q.text = std::move(text);
  return q;
}

}  // namespace

TEST_CASE("answer pool: answers run off the caller's thread, and a slow one does not hold the rest", "[limits]") {
  Gate gate;
  AnswerPool pool(gate, 2, 16);
  std::promise<Answer> slow, fast;
  pool.ask(question("slow"), {}, [&](Answer a) { slow.set_value(a); });
  pool.ask(question("fast"), {}, [&](Answer a) { fast.set_value(a); });
  auto fast_answer = fast.get_future();
  REQUIRE(fast_answer.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  const Answer f = fast_answer.get();
  CHECK(f.text == "answer to fast");
  CHECK(f.article_id != std::to_string(std::hash<std::thread::id>{}(std::this_thread::get_id())));
  gate.open();
  auto slow_answer = slow.get_future();
  REQUIRE(slow_answer.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(slow_answer.get().text == "answer to slow");
}

TEST_CASE("answer pool: past its bound a question is answered unsure at once; stop answers what waits", "[limits]") {
  Gate gate;
  std::atomic<int> answered{0}, unsure{0};
  {
    AnswerPool pool(gate, 1, 2);
    auto count = [&](Answer a) {
      ++answered;
      if (a.unsure) ++unsure;
    };
    pool.ask(question("slow"), {}, count);  // the worker takes it and blocks
    for (int i = 0; i < 50 && pool.queued() > 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    pool.ask(question("slow"), {}, count);  // queued
    pool.ask(question("slow"), {}, count);  // queued
    pool.ask(question("slow"), {}, count);  // over the bound
    CHECK(pool.rejected() == 1);
    CHECK(unsure == 1);
    std::thread opener([&] {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      gate.open();
    });
    pool.stop();
    opener.join();
  }
  CHECK(answered == 4);  // every question got exactly one answer
}
