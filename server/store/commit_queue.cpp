#include "server/store/commit_queue.hpp"

#include <algorithm>
#include <future>

#include "server/log.hpp"

namespace duet::server {

// Idle work (SQLite: indexing the log's tail) is done after this long without writes.
constexpr auto kIdleAfter = std::chrono::seconds(1);

CommitQueue::CommitQueue(CommitBackend& backend, int batch_max, std::chrono::microseconds commit_interval)
    : backend_(backend),
      batch_max_(std::max(1, batch_max)),
      commit_interval_(std::max(std::chrono::microseconds(0), commit_interval)) {}

CommitQueue::~CommitQueue() { stop(); }

void CommitQueue::start() {
  if (!writer_.joinable()) writer_ = std::thread([this] { writer_loop(); });
}

void CommitQueue::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
  // Nothing applies what comes now: its callbacks must not wait forever, nor claim it was stored.
  std::deque<Item> late;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    late.swap(queue_);
  }
  for (auto& item : late)
    if (item.done) item.done(false);
}

void CommitQueue::enqueue(Item item) {
  bool was_empty = false, queued = false;
  {
    std::lock_guard lock(mutex_);
    if (!stopped_) {
      was_empty = queue_.empty();
      queue_.push_back(std::move(item));
      queued = true;
    }
  }
  if (!queued) {  // the writer is gone: nothing will apply it
    if (item.done) item.done(false);
    return;
  }
  // The writer takes the whole queue at once, so only the first item after that can find it asleep.
  if (was_empty) cv_.notify_one();
}

void CommitQueue::write(Write w) {
  if (!w) return;
  ++queued_;
  enqueue(Item{std::move(w), {}});
}

void CommitQueue::when_durable(std::function<void(bool)> done) { enqueue(Item{{}, std::move(done)}); }

void CommitQueue::flush() {
  std::promise<void> flushed;
  auto f = flushed.get_future();
  when_durable([&](bool) { flushed.set_value(); });
  f.wait();
}

StoreCounters CommitQueue::counters() const {
  return {queued_.load(), committed_.load(), failed_.load(), dropped_.load(), batches_.load(), commit_us_.load()};
}

// Waits for work and moves it into `items`: the writes to try again first, then what was queued, up
// to batch_max writes, and the callbacks right behind them. False when stopping with nothing left.
bool CommitQueue::take_batch(std::vector<Item>& items) {
  std::unique_lock lock(mutex_);
  auto ready = [&] { return stopping_ || !queue_.empty(); };
  for (;;) {
    if (!retry_.empty()) {
      // Not before the delay, unless stopping (then once more, at once).
      cv_.wait_until(lock, retry_at_, [&] { return stopping_; });
      break;
    }
    if (!backend_.has_idle_work()) {
      cv_.wait(lock, ready);
      break;
    }
    if (cv_.wait_for(lock, kIdleAfter, ready)) break;
    lock.unlock();
    backend_.idle_work();
    lock.lock();
  }
  if (queue_.empty() && retry_.empty()) return false;  // stopping, and nothing left
  // Under load, commits are spaced by the interval so that each one carries many writes; the first
  // write after a quiet spell is committed at once.
  if (!stopping_ && retry_.empty() && commit_interval_.count() > 0) {
    const auto due = last_commit_ + commit_interval_;
    if (std::chrono::steady_clock::now() < due) {
      // A plain sleep, not a wait on cv_: writers queued meanwhile need not wake us.
      lock.unlock();
      std::this_thread::sleep_until(due);
      lock.lock();
    }
  }
  int writes = static_cast<int>(retry_.size());
  for (auto& w : retry_) items.push_back(Item{std::move(w), {}});
  retry_.clear();
  while (!queue_.empty() && writes < batch_max_) {
    if (!queue_.front().done) ++writes;
    items.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  // Callbacks right behind the last write are satisfied by this commit too.
  while (!queue_.empty() && queue_.front().done) {
    items.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return true;
}

// Applies the batch's writes, keeps those to retry, then runs each callback with whether every write
// queued before it (since the callback before it) was stored.
void CommitQueue::run_batch(std::vector<Item>& items) {
  std::vector<Write> writes;
  for (auto& item : items)
    if (!item.done) writes.push_back(std::move(item.write));
  std::vector<WriteOutcome> outcomes;
  if (!writes.empty()) {
    const auto began = std::chrono::steady_clock::now();
    outcomes = backend_.apply_batch(writes);
    const auto ended = std::chrono::steady_clock::now();
    commit_us_ += static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(ended - began).count());
    outcomes.resize(writes.size(), WriteOutcome::retry);  // a write the backend says nothing of was not stored
    const auto stored = static_cast<std::uint64_t>(std::count(outcomes.begin(), outcomes.end(), WriteOutcome::stored));
    committed_ += stored;
    failed_ += outcomes.size() - stored;
    dropped_ += static_cast<std::uint64_t>(std::count(outcomes.begin(), outcomes.end(), WriteOutcome::dropped));
    if (stored > 0) {
      ++batches_;
      last_commit_ = ended;
    }
  }
  keep_for_retry(writes, outcomes);
  // A callback answers for the writes queued since the callback before it, even when a batch ended
  // between those writes and it (batch_max, or the writer woke between the two): it is never true
  // for a write that was not stored. A write waiting to be tried again is still ahead of every
  // callback behind it, so none of them is true (the next batch tries it first).
  std::size_t w = 0;
  bool waiting_for_retry = false;
  for (auto& item : items) {
    if (item.done) {
      item.done(!failed_since_callback_ && !waiting_for_retry);
      failed_since_callback_ = false;
    } else {
      const WriteOutcome o = outcomes[w++];
      if (o != WriteOutcome::stored) failed_since_callback_ = true;
      if (o == WriteOutcome::retry) waiting_for_retry = true;
    }
  }
}

void CommitQueue::keep_for_retry(std::vector<Write>& writes, const std::vector<WriteOutcome>& outcomes) {
  for (std::size_t i = 0; i < writes.size(); ++i)
    if (outcomes[i] == WriteOutcome::retry) retry_.push_back(std::move(writes[i]));
  if (retry_.empty()) {
    retry_delay_ = std::chrono::milliseconds(0);
    return;
  }
  retry_delay_ = std::clamp(retry_delay_ * 2, std::chrono::milliseconds(10), std::chrono::milliseconds(1000));
  retry_at_ = std::chrono::steady_clock::now() + retry_delay_;
  std::lock_guard lock(mutex_);
  if (!stopping_) return;
  // The last try before the store closes: what still fails is lost, and said so.
  log::error("store_writes_lost", {{"writes", retry_.size()}});
  dropped_ += retry_.size();
  retry_.clear();
}

void CommitQueue::writer_loop() {
  std::vector<Item> items;
  while (take_batch(items)) {
    run_batch(items);
    items.clear();
    backend_.after_batch(!retry_.empty());
  }
}

}  // namespace duet::server
