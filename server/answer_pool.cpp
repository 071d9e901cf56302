#include "server/answer_pool.hpp"

#include <algorithm>

namespace duet::server {

AnswerPool::AnswerPool(AnswerService& inner, int threads, std::size_t max_queued)
    : inner_(inner), max_queued_(std::max<std::size_t>(1, max_queued)) {
  for (int i = 0; i < std::max(1, threads); ++i) workers_.emplace_back([this] { work(); });
}

AnswerPool::~AnswerPool() { stop(); }

Answer AnswerPool::busy() {
  Answer a;
  a.unsure = true;
  return a;
}

void AnswerPool::ask(Question q, AnswerPiece on_piece, std::function<void(Answer)> done) {
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && jobs_.size() < max_queued_) {
      jobs_.push_back(Job{std::move(q), std::move(on_piece), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  ++rejected_;
  done(busy());
}

void AnswerPool::work() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
    }
    inner_.ask(std::move(job.question), std::move(job.on_piece), std::move(job.done));
  }
}

void AnswerPool::stop() {
  std::deque<Job> left;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    left.swap(jobs_);
  }
  cv_.notify_all();
  for (Job& j : left) j.done(busy());
  for (auto& w : workers_)
    if (w.joinable()) w.join();
  workers_.clear();
}

std::size_t AnswerPool::queued() const {
  std::lock_guard lock(mutex_);
  return jobs_.size();
}

}  // namespace duet::server
