// One contract, every store backend: ordering of writes, durability callbacks, restart, migrations,
// concurrent writers. A backend is one struct below (how to open it, whether it is durable, how to
// leave a data dir at an older schema); a new engine is one more struct in `Backends`. PostgreSQL
// runs as a real server the tests start (pg_instance.hpp); each test's data dir names its database.
#include <catch2/catch.hpp>

#include <filesystem>
#include <future>
#include <mutex>
#include <thread>
#include <tuple>

#include "pg_instance.hpp"
#include "stored_events.hpp"
#include "server/store/pg_conn.hpp"
#include "server/store/pg_migrations.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/sqlite_migrations.hpp"
#include "server/store/store_factory.hpp"
#include "temp_dir.hpp"

using namespace duet;
using namespace duet::server;
using namespace duet::test;

namespace {

std::unique_ptr<Store> open_kind(const std::string& kind, const std::string& dir) {
  Config c;
  c.store.kind = kind;
  c.data_dir = dir;
  return make_store(c);
}

// What a data dir at schema version 1 holds, the same SQL on both engines: conversation c_old with
// two events, stored out of order.
constexpr const char* kOldConversation =
    "INSERT INTO conversations(id, site, language, created, state) VALUES ('c_old', 'shop', 'en', 1, 'waiting_human');"
    R"(INSERT INTO events VALUES ('c_old', 2, 3, 'message', '{"seq":2,"at":3,"kind":"message","speaker":"customer","text":"second"}');)"
    R"(INSERT INTO events VALUES ('c_old', 1, 2, 'message', '{"seq":1,"at":2,"kind":"message","speaker":"customer","text":"first"}');)";

struct SqliteBackend {
  static constexpr const char* kind = "sqlite";
  static constexpr bool durable = true;
  static std::unique_ptr<Store> open(const std::string& dir) { return open_kind(kind, dir); }
  // Schema version 1 (duet-server 0.1: events in their own table) with conversation c_old and two
  // events, written through the first migration itself.
  static bool seed_old_version(const std::string& dir) {
    Db db(dir + "/duet.sqlite3");
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);"
            "INSERT INTO schema_migrations VALUES (1, 0);");
    db.exec(sqlite_migrations().at(0));
    db.exec(kOldConversation);
    return true;
  }
};

// Not durable by design (docs/server.md, store.kind): a reopened memory store is empty, and it has
// no schema to migrate. The restart and migration cases say so and check only that.
struct MemoryBackend {
  static constexpr const char* kind = "memory";
  static constexpr bool durable = false;
  static std::unique_ptr<Store> open(const std::string& dir) { return open_kind(kind, dir); }
  static bool seed_old_version(const std::string&) { return false; }
};

struct PostgresBackend {
  static constexpr const char* kind = "postgres";
  static constexpr bool durable = true;
  static std::unique_ptr<Store> open(const std::string& dir) {
    Config c;
    c.store.kind = kind;
    c.store.url = PgInstance::shared().url(std::filesystem::path(dir).filename().string());
    return make_store(c);
  }
  // Schema version 1 (before clusters and attachments) with conversation c_old and two events,
  // written through the first migration itself.
  static bool seed_old_version(const std::string& dir) {
    PgConn db(PgInstance::shared().url(std::filesystem::path(dir).filename().string()));
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at BIGINT NOT NULL);"
            "INSERT INTO schema_migrations VALUES (1, 0);");
    db.exec(pg_migrations().at(0));
    db.exec(kOldConversation);
    return true;
  }
};

using Backends = std::tuple<SqliteBackend, PostgresBackend, MemoryBackend>;

Event state(Seq seq, State s) {
  Event e;
  e.kind = EventKind::state;
  e.seq = seq;
  e.at = 1000 + seq;
  e.state = s;
  return e;
}

bool durable(Store& store) {
  auto p = std::make_shared<std::promise<bool>>();
  store.when_durable([p](bool ok) { p->set_value(ok); });
  auto f = p->get_future();
  REQUIRE(f.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return f.get();
}

std::vector<Seq> seqs(const std::optional<StoredConversation>& c) {
  std::vector<Seq> out;
  if (c)
    for (const auto& e : c->events) out.push_back(e.seq);
  return out;
}

std::vector<Seq> one_to(Seq n) {
  std::vector<Seq> out;
  for (Seq s = 1; s <= n; ++s) out.push_back(s);
  return out;
}

AgentRow agent(const std::string& id, const std::string& hash, TimeMs created) {
  AgentRow a;
  a.id = id;
  a.name = id;
  a.token_hash = hash;
  a.languages = {"en", "sv"};
  a.created = created;
  return a;
}

// Writes one of everything; `check_everything` reads it back.
void write_everything(Store& store) {
  store.save_conversation({"c_1", "shop", "en", "", 1000, {}});
  store.append_events("c_1", {customer_message(1, "hej"), customer_message(2, "again")});
  store.append_events("c_1", {state(3, State::waiting_human)});
  store.put_queue({"c_1", "en", "refund", 1003});
  store.put_assignment({"c_1", "a_ana", 1003, 1004});
  store.put_agent(agent("a_ana", "hash_ana", 10));
  store.set_agent_status("a_ana", true, 5);
  SiteConfig site;
  site.key = "shop";
  site.origins = {"https://shop.example"};
  store.put_site(site);
  store.add_offline_message({"c_1", 4, "ana@example.com", "call me", 1005, false});
  store.revoke_resume_tokens("c_1", 2000);
  store.add_rating({"c_1", 5, "thanks", true, 1006});
}

void check_everything(Store& store) {
  auto st = store.load(1'000'000);  // c_1 is waiting for a human: loaded however old
  REQUIRE(st.conversations.size() == 1);
  CHECK(st.conversations[0].row.site == "shop");
  CHECK(seqs(st.conversations[0]) == one_to(3));
  CHECK(st.conversations[0].events[1].text == "again");
  CHECK(st.conversations[0].events[1].client_id == "m2");
  REQUIRE(st.queue.size() == 1);
  CHECK(st.queue[0].intent == "refund");
  REQUIRE(st.assignments.size() == 1);
  CHECK(st.assignments[0].agent_id == "a_ana");
  REQUIRE(st.agents.size() == 1);
  CHECK(st.agents[0].available);
  CHECK(st.agents[0].capacity == 5);
  CHECK(st.agents[0].languages == std::vector<std::string>{"en", "sv"});
  CHECK(store.agent_by_token_hash("hash_ana"));
  CHECK_FALSE(store.agent_by_token_hash(""));
  REQUIRE(store.sites().size() == 1);
  CHECK(store.sites()[0].origins == std::vector<std::string>{"https://shop.example"});
  REQUIRE(store.offline_messages(true).size() == 1);
  CHECK(store.offline_messages(true)[0].contact == "ana@example.com");
  CHECK(store.resume_tokens_valid_from("c_1") == 2000);
  CHECK(store.resume_tokens_valid_from("c_other") == 0);
}

}  // namespace

TEMPLATE_LIST_TEST_CASE("store conformance: writes apply in the order they were queued", "[store]", Backends) {
  test::TempDir dir;
  auto store = TestType::open(dir.path());
  write_everything(*store);
  store->flush();
  check_everything(*store);

  // Later writes win, each in its turn: an upsert, a removal, a second revocation that is older.
  store->put_queue({"c_1", "en", "delivery", 1010});
  store->remove_queue("c_1");
  store->put_queue({"c_1", "sv", "billing", 1011});
  store->remove_assignment("c_1");
  store->save_conversation({"c_1", "other-site", "sv", "", 1000, {}});  // language and context only
  store->mark_offline_handled("c_1");
  store->revoke_resume_tokens("c_1", 1500);  // an older time: the later revocation stays
  store->append_events("c_1", {customer_message(4, "four"), customer_message(5, "five")});
  store->append_events("c_1", {customer_message(4, "four, again")});  // a seq stored twice reads once: the first
  store->flush();
  auto st = store->load(0);
  REQUIRE(st.queue.size() == 1);
  CHECK(st.queue[0].intent == "billing");
  CHECK(st.assignments.empty());
  REQUIRE(st.conversations.size() == 1);
  CHECK(st.conversations[0].row.site == "shop");
  CHECK(st.conversations[0].row.language == "sv");
  CHECK(seqs(st.conversations[0]) == one_to(5));
  CHECK(st.conversations[0].events[3].text == "four");
  CHECK(store->offline_messages(true).empty());
  CHECK(store->offline_messages(false).size() == 1);
  CHECK(store->resume_tokens_valid_from("c_1") == 2000);
}

TEMPLATE_LIST_TEST_CASE("store conformance: durability callbacks run in order, after the writes before them", "[store]",
                        Backends) {
  test::TempDir dir;
  auto store = TestType::open(dir.path());
  store->save_conversation({"c_1", "shop", "en", "", 1000, {}});
  constexpr int kMessages = 300;
  std::mutex m;
  std::vector<int> ran;                // callback order
  std::vector<std::size_t> seen;       // events readable when each callback ran
  std::vector<bool> results;
  for (int i = 1; i <= kMessages; ++i) {
    store->append_events("c_1", {customer_message(i, "m" + std::to_string(i))});
    // From the writer's thread: the store is readable there, and what it reads is committed.
    store->when_durable([&, i, s = store.get()](bool ok) {
      const std::size_t n = s->load_conversation("c_1")->events.size();
      std::lock_guard lock(m);
      ran.push_back(i);
      seen.push_back(n);
      results.push_back(ok);
    });
  }
  store->flush();
  std::lock_guard lock(m);
  REQUIRE(ran.size() == static_cast<std::size_t>(kMessages));
  for (int i = 0; i < kMessages; ++i) {
    CHECK(ran[i] == i + 1);
    CHECK(seen[i] >= static_cast<std::size_t>(i + 1));
    CHECK(results[i]);
  }
  CHECK(store->counters().writes_committed == static_cast<std::uint64_t>(kMessages + 1));
  CHECK(store->counters().writes_queued == static_cast<std::uint64_t>(kMessages + 1));
  CHECK(store->counters().writes_failed == 0);
  CHECK(store->counters().batches >= 1);
  CHECK(durable(*store));  // a callback with nothing queued before it
}

TEMPLATE_LIST_TEST_CASE("store conformance: a restart finds what was stored", "[store]", Backends) {
  test::TempDir dir;
  {
    auto store = TestType::open(dir.path());
    write_everything(*store);
    CHECK(durable(*store));
  }
  auto again = TestType::open(dir.path());
  if constexpr (TestType::durable) {
    check_everything(*again);
  } else {
    // Documented as not durable: a new memory store starts empty, whatever the data dir holds.
    INFO(TestType::kind << " is not durable: the restart check is skipped, an empty store is checked instead");
    CHECK(again->load(0).conversations.empty());
    CHECK(again->agents().empty());
  }
}

TEMPLATE_LIST_TEST_CASE("store conformance: attachments keep every byte, the first under an id stays", "[store]",
                        Backends) {
  test::TempDir dir;
  std::string bytes;
  for (int round = 0; round < 300; ++round)
    for (int b = 0; b < 256; ++b) bytes.push_back(char(b));  // NULs, high bytes, backslashes: binary
  const AttachmentRow sent{"f_1", "c_1", "png", "Screen shot 2026-12-03 at 10.02.png", "customer", bytes, 1234};
  {
    auto store = TestType::open(dir.path());
    store->put_attachment(sent);
    AttachmentRow again = sent;
    again.bytes = "replaced";
    store->put_attachment(again);
    CHECK(durable(*store));
    auto got = store->attachment("f_1");
    REQUIRE(got);
    CHECK(got->bytes == bytes);
    CHECK(got->conversation == "c_1");
    CHECK(got->kind == "png");
    CHECK(got->name == sent.name);
    CHECK(got->sender == "customer");
    CHECK(got->at == 1234);
    CHECK_FALSE(store->attachment("f_2"));
  }
  if constexpr (TestType::durable) {
    auto reopened = TestType::open(dir.path());
    auto got = reopened->attachment("f_1");
    REQUIRE(got);
    CHECK(got->bytes == bytes);
  }
}

TEMPLATE_LIST_TEST_CASE("store conformance: a data dir at an older schema is migrated with its data", "[store]",
                        Backends) {
  test::TempDir dir;
  if (!TestType::seed_old_version(dir.path())) {
    INFO(TestType::kind << " has no older schema: nothing to migrate, the migration check is skipped");
    SUCCEED();
    return;
  }
  {
    auto store = TestType::open(dir.path());
    auto c = store->load_conversation("c_old");
    REQUIRE(c);
    REQUIRE(c->events.size() == 2);
    CHECK(c->events[0].text == "first");
    CHECK(c->events[1].text == "second");
    store->append_events("c_old", {customer_message(3, "third, after the upgrade")});
    store->revoke_resume_tokens("c_old", 77);  // tables the old schema did not have
    store->put_attachment({"f_old", "c_old", "pdf", "invoice.pdf", "customer", "%PDF-1.7\n%%EOF\n", 5});
    CHECK(durable(*store));
  }
  auto store = TestType::open(dir.path());  // and opening the migrated dir again changes nothing
  CHECK(seqs(store->load_conversation("c_old")) == one_to(3));
  CHECK(store->resume_tokens_valid_from("c_old") == 77);
  CHECK(store->attachment("f_old"));
}

TEMPLATE_LIST_TEST_CASE("store conformance: concurrent writers lose nothing and keep each conversation's order",
                        "[store]", Backends) {
  test::TempDir dir;
  auto store = TestType::open(dir.path());
  constexpr int kThreads = 4, kEach = 200;
  store->save_conversation({"c_shared", "shop", "en", "", 1000, {}});
  for (int t = 0; t < kThreads; ++t) store->save_conversation({"c_" + std::to_string(t), "shop", "en", "", 1000, {}});
  std::mutex shared_mutex;  // as the hub does: seq is assigned and queued under one lock
  Seq shared_seq = 0;
  std::atomic<int> not_durable{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      const std::string own = "c_" + std::to_string(t);
      for (int i = 1; i <= kEach; ++i) {
        store->append_events(own, {customer_message(i, own)});
        {
          std::lock_guard lock(shared_mutex);
          ++shared_seq;
          store->append_events("c_shared", {customer_message(shared_seq, own)});
        }
        if (i % 50 == 0) store->when_durable([&](bool ok) { not_durable += ok ? 0 : 1; });
      }
    });
  for (auto& t : threads) t.join();
  store->flush();
  CHECK(not_durable == 0);
  for (int t = 0; t < kThreads; ++t) CHECK(seqs(store->load_conversation("c_" + std::to_string(t))) == one_to(kEach));
  CHECK(seqs(store->load_conversation("c_shared")) == one_to(kThreads * kEach));
}
