#pragma once
// A few threads that run the hub's store reads (a resume's conversation, an agent's token) off its
// lock and off the I/O threads: a slow database then delays the one request that waits for it, not
// every connection. The queue needs no bound of its own: the hub starts at most one read per session
// (its later frames wait behind it), so the sessions' limits bound it.
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace duet::server {

class ReadPool {
 public:
  explicit ReadPool(int threads);
  ~ReadPool();
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  void submit(std::function<void()> job);
  // Blocks until no job is queued or running (one a job submits counts): tests and shutdown.
  void wait_idle();
  // Drops what has not started (nobody waits for it any more) and joins the threads. Idempotent.
  void stop();

 private:
  void work();

  std::mutex mutex_;
  std::condition_variable work_cv_, idle_cv_;
  std::deque<std::function<void()>> jobs_;
  std::size_t running_ = 0;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace duet::server
