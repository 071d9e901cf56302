// SQLite's writer when a write fails: its callbacks report failure, nothing behind it in its batch
// reports success, a write that may succeed later (a full disk) is tried again and stored once. It
// names SqliteStore because the faults are SQLite's own (PRAGMA max_page_count on its connection).
#include <catch2/catch.hpp>

#include <atomic>
#include <condition_variable>
#include <future>
#include <mutex>

#include "stored_events.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace duet;
using namespace duet::server;
using namespace duet::test;

namespace {

// Faults injected through StoreConfig::before_batch on the writer's own connection: `full` caps the
// database at its current size plus `spare_pages` (SQLite then fails writes that need more with
// SQLITE_FULL); `hold` keeps the writer in its next batch until released, so that the test can
// queue the following batch whole.
struct Faults {
  std::atomic<bool> full{false};
  std::atomic<int> spare_pages{0};
  std::mutex m;
  std::condition_variable cv;
  bool hold = false, holding = false;

  StoreConfig config() {
    StoreConfig c;
    c.before_batch = [this](Db& db) {
      std::int64_t pages = 0;
      db.query("PRAGMA page_count", [&](const Row& r) { pages = r.integer(0); });
      db.exec("PRAGMA max_page_count = " + std::to_string(full ? pages + spare_pages : 1'000'000'000) + ";");
      std::unique_lock lock(m);
      holding = hold;
      cv.notify_all();
      cv.wait(lock, [&] { return !hold; });
      holding = false;
    };
    return c;
  }
  void wait_holding() {
    std::unique_lock lock(m);
    REQUIRE(cv.wait_for(lock, std::chrono::seconds(5), [&] { return holding; }));
  }
  void release() {
    std::lock_guard lock(m);
    hold = false;
    cv.notify_all();
  }
};

std::future<bool> durable(Store& store) {
  auto p = std::make_shared<std::promise<bool>>();
  store.when_durable([p](bool ok) { p->set_value(ok); });
  return p->get_future();
}

bool wait(std::future<bool>& f) {
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return f.get();
}

// Rows in the file itself, read through a second connection (the store's reads drop a seq stored twice).
std::int64_t rows_in_log(const std::string& dir, const std::string& conversation) {
  Db db(dir + "/duet.sqlite3");
  std::int64_t n = 0;
  db.query("SELECT COUNT(*) FROM event_log WHERE conversation = ?", [&](const Row& r) { n = r.integer(0); },
           conversation);
  return n;
}

}  // namespace

TEST_CASE("sqlite store: a write the full disk refuses is not durable, is retried, and is stored once", "[store]") {
  test::TempDir dir;
  Faults faults;
  SqliteStore store(dir.path(), faults.config());
  store.save_conversation({"c_1", "shop", "en", "", 1000, {}});
  auto first = durable(store);
  CHECK(wait(first));

  faults.full = true;
  store.append_events("c_1", {customer_message(1, std::string(40'000, 'x'))});  // needs pages the disk has not
  auto refused = durable(store);
  CHECK_FALSE(wait(refused));
  auto still_full = durable(store);  // tried again, refused again
  CHECK_FALSE(wait(still_full));
  CHECK(rows_in_log(dir.path(), "c_1") == 0);
  CHECK(store.counters().writes_failed >= 2);

  faults.full = false;  // room again: the write kept in the store goes in, once
  auto room = durable(store);
  CHECK(wait(room));
  CHECK(rows_in_log(dir.path(), "c_1") == 1);
  auto c = store.load_conversation("c_1");
  REQUIRE(c);
  REQUIRE(c->events.size() == 1);
  CHECK(c->events[0].text.size() == 40'000);
}

TEST_CASE("sqlite store: in one batch, writes before a full-disk failure commit; the rest wait their turn", "[store]") {
  test::TempDir dir;
  Faults faults;
  SqliteStore store(dir.path(), faults.config());
  store.save_conversation({"c_1", "shop", "en", "", 1000, {}});
  {
    std::lock_guard lock(faults.m);
    faults.hold = true;
  }
  store.save_conversation({"c_2", "shop", "en", "", 1000, {}});
  faults.wait_holding();  // the writer is in that batch (its cap already set): what follows is queued as one
  faults.full = true;
  faults.spare_pages = 3;  // room for a small message, not for a large one
  store.append_events("c_1", {customer_message(1, "small")});
  auto before = durable(store);
  store.append_events("c_1", {customer_message(2, std::string(40'000, 'x'))});
  auto own = durable(store);
  store.append_events("c_1", {customer_message(3, "behind")});
  auto behind = durable(store);
  faults.release();
  CHECK(wait(before));
  CHECK_FALSE(wait(own));
  CHECK_FALSE(wait(behind));
  CHECK(rows_in_log(dir.path(), "c_1") == 1);

  faults.full = false;
  auto room = durable(store);
  CHECK(wait(room));
  auto c = store.load_conversation("c_1");
  REQUIRE(c);
  REQUIRE(c->events.size() == 3);  // in their order, each once
  for (std::size_t i = 0; i < 3; ++i) CHECK(c->events[i].seq == static_cast<Seq>(i + 1));
  CHECK(rows_in_log(dir.path(), "c_1") == 3);
}

TEST_CASE("sqlite store: a write that can never succeed is dropped; its batch's other writes are kept", "[store]") {
  test::TempDir dir;
  Faults faults;
  SqliteStore store(dir.path(), faults.config());
  AgentRow ana;
  ana.id = "a_ana";
  ana.name = "Ana";
  ana.token_hash = "hash_1";
  store.put_agent(ana);
  store.save_conversation({"c_1", "shop", "en", "", 1000, {}});
  {
    std::lock_guard lock(faults.m);
    faults.hold = true;
  }
  store.save_conversation({"c_2", "shop", "en", "", 1000, {}});
  faults.wait_holding();
  store.append_events("c_1", {customer_message(1, "before")});
  auto before = durable(store);
  AgentRow twin = ana;  // another agent with the same token: the UNIQUE constraint refuses it, always
  twin.id = "a_twin";
  store.put_agent(twin);
  auto own = durable(store);
  store.append_events("c_1", {customer_message(2, "behind")});
  auto behind = durable(store);
  faults.release();
  CHECK(wait(before));
  CHECK_FALSE(wait(own));
  CHECK(wait(behind));  // its own write was stored: the failure before it was its group's, reported there
  auto next = durable(store);  // the bad write is not retried: the store goes on
  CHECK(wait(next));
  CHECK(store.agents().size() == 1);
  auto c = store.load_conversation("c_1");
  REQUIRE(c);
  CHECK(c->events.size() == 2);
}
