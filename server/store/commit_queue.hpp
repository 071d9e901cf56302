#pragma once
// Group commit, for any store backend: writes and `when_durable` callbacks go into one queue, and
// one writer thread hands everything queued so far to the backend as one batch (one transaction),
// then runs the callbacks. A callback reports `true` only if every write queued before it, since the
// callback before it, was stored ("stored before acked"), in its batch or an earlier one, and no
// write queued before it is waiting to be tried again. A write the backend could not store now but may later
// (a full disk) goes first into the next batch, in order, after a delay that doubles up to a second;
// one that can never succeed is dropped. The backend only applies batches (CommitBackend).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "server/store/store_counters.hpp"

namespace duet::server {

// What became of one write of a batch.
enum class WriteOutcome {
  stored,   // committed
  dropped,  // can never succeed (a constraint, a bug): logged by the backend, not tried again
  retry,    // not stored now, may be later (a full disk, I/O): tried again, in its order
};

class CommitBackend {
 public:
  using Write = std::function<void()>;  // runs inside the backend's transaction, on the writer thread
  virtual ~CommitBackend() = default;
  // Applies `writes` in order; one outcome per write. Writes behind a `retry` must be `retry` too
  // (or `dropped`), so that the stored ones keep the order they were queued in.
  virtual std::vector<WriteOutcome> apply_batch(std::vector<Write>& writes) = 0;
  // Work for a quiet writer (SQLite: indexing its event log), done after a second without writes.
  // Asked under the queue's lock: must not call back into the queue.
  virtual bool has_idle_work() { return false; }
  virtual void idle_work() {}
  // After each batch's callbacks ran; `retrying`: writes wait to be tried again.
  virtual void after_batch(bool /*retrying*/) {}
};

class CommitQueue {
 public:
  using Write = CommitBackend::Write;
  // `batch_max`: writes per batch; `commit_interval`: under load, batches start at most this often.
  CommitQueue(CommitBackend& backend, int batch_max, std::chrono::microseconds commit_interval);
  ~CommitQueue();  // stops (see stop)
  CommitQueue(const CommitQueue&) = delete;
  CommitQueue& operator=(const CommitQueue&) = delete;

  // Starts the writer; apart, so that a backend holding the queue is whole before its first batch.
  void start();
  // Applies what is queued, tries writes waiting for a retry once more (what still fails is lost, and
  // logged as `store_writes_lost`), and joins the writer. Idempotent.
  void stop();

  void write(Write w);
  void when_durable(std::function<void(bool durable)> done);
  void flush();  // blocks until everything queued so far was applied and its callbacks ran
  StoreCounters counters() const;

 private:
  struct Item {
    Write write;                          // a write, or
    std::function<void(bool)> done;       // a durability callback
  };
  void enqueue(Item item);
  void writer_loop();
  bool take_batch(std::vector<Item>& items);
  void run_batch(std::vector<Item>& items);
  void keep_for_retry(std::vector<Write>& writes, const std::vector<WriteOutcome>& outcomes);

  CommitBackend& backend_;
  const int batch_max_;
  const std::chrono::microseconds commit_interval_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Item> queue_;
  bool failed_since_callback_ = false;  // the writer thread's: a write not stored, not yet reported
  bool stopping_ = false, stopped_ = false;  // stopped: the writer is gone

  // The writer's own.
  std::chrono::steady_clock::time_point last_commit_{};
  std::deque<Write> retry_;
  std::chrono::milliseconds retry_delay_{0};
  std::chrono::steady_clock::time_point retry_at_{};

  std::atomic<std::uint64_t> queued_{0}, committed_{0}, failed_{0}, dropped_{0}, batches_{0}, commit_us_{0};
  std::thread writer_;
};

}  // namespace duet::server
