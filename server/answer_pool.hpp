#pragma once
// Answers on a few worker threads with a bounded queue. Retrieval and prompt building cost CPU per
// question; run on an I/O thread, a flood of long messages would delay every other connection's
// frames (issue 11). Here a question waits its turn, and past the queue's bound it is answered at once
// with an honest "unsure" (the dialogue layer then offers a person) instead of growing memory.
#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "server/answers.hpp"

namespace duet::server {

class AnswerPool final : public AnswerService {
 public:
  AnswerPool(AnswerService& inner, int threads, std::size_t max_queued);
  ~AnswerPool() override;
  AnswerPool(const AnswerPool&) = delete;
  AnswerPool& operator=(const AnswerPool&) = delete;

  void ask(Question q, AnswerPiece on_piece, std::function<void(Answer)> done) override;
  std::string title_of(const std::string& id, const std::string& language) const override {
    return inner_.title_of(id, language);
  }
  // Answers what is still queued as busy and joins the workers. Idempotent.
  void stop();

  std::size_t queued() const;
  std::uint64_t rejected() const { return rejected_; }  // answered "busy" because the queue was full

 private:
  struct Job {
    Question question;
    AnswerPiece on_piece;
    std::function<void(Answer)> done;
  };
  static Answer busy();
  void work();

  AnswerService& inner_;
  const std::size_t max_queued_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> rejected_{0};
  std::vector<std::thread> workers_;
};

}  // namespace duet::server
