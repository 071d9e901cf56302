#pragma once
// Checkpoints a SQLite WAL on its own thread and connection, so the store's writer never waits for
// one: a checkpoint copies pages into the database file and syncs it, tens of milliseconds under
// load, which delayed every message committed behind it (p99 latency 38 ms -> 13 ms without it).
// PASSIVE checkpoints take no lock the writer needs. The writer reports the WAL's size after each
// commit (the WAL hook). Under steady writes a passive checkpoint may never find the WAL fully
// copied at a moment the next writer could start it over (or this thread gets no CPU), so should the
// WAL reach 8 times the threshold, the writer itself runs a RESTART checkpoint: it waits for it once,
// and the WAL starts over. That bounds the WAL whatever the load.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace duet::server {

class Db;

class WalCheckpointer {
 public:
  // `pages`: checkpoint once the WAL holds this many pages.
  WalCheckpointer(const std::string& path, int pages);
  ~WalCheckpointer();
  WalCheckpointer(const WalCheckpointer&) = delete;
  WalCheckpointer& operator=(const WalCheckpointer&) = delete;

  // From the writer's WAL hook (so it must not throw, and does not block). True: the WAL is far
  // behind, the writer should checkpoint it itself (RESTART).
  bool wal_pages(int pages) noexcept;

 private:
  void loop();

  std::unique_ptr<Db> db_;
  const int pages_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool wanted_ = false, stopping_ = false;
  std::thread thread_;
};

}  // namespace duet::server
