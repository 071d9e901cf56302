// Config parsing, business hours, resume tokens, token buckets and the SQLite store's migrations.
#include <catch2/catch.hpp>

#include <filesystem>

#include "stored_events.hpp"
#include "server/business_hours.hpp"
#include "server/cli.hpp"
#include "server/config.hpp"
#include "server/net/token_bucket.hpp"
#include "server/resume_token.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace duet;
using namespace duet::server;
using namespace duet::test;

TEST_CASE("config: a full file parses; unknown keys and bad values name the key", "[config]") {
  auto c = config_from_json(nlohmann::json::parse(R"({
    "host": "0.0.0.0", "port": 9000, "data": "/var/lib/duet",
    "sites": [{"key": "acme", "origins": ["https://acme.example/"], "languages": ["en", "de"],
               "business_hours": {"utc_offset": "+01:00", "mon": "09:00-17:00", "sat": "closed"}}],
    "assistant": {"threshold": 0.4, "llm": {"url": "http://127.0.0.1:11434/v1/chat/completions", "model": "m"}},
    "routing": {"grace_s": 30}, "limits": {"burst": 10}, "canned": ["Hi!"]
  })"));
  REQUIRE(c);
  CHECK(c->port == 9000);
  CHECK(c->sites[0].origins[0] == "https://acme.example");
  CHECK(c->assistant.llm.enabled());
  CHECK(c->routing.grace_s == 30);
  CHECK(c->limits.burst == 10);

  auto typo = config_from_json(nlohmann::json::parse(R"({"limits": {"brust": 10}})"));
  REQUIRE_FALSE(typo);
  CHECK(typo.error() == "limits.brust: unknown key");
  auto bad = config_from_json(nlohmann::json::parse(R"({"sites": [{"key": "a", "origins": "x"}]})"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == "sites[0].origins: must be an array of strings");
  auto range = config_from_json(nlohmann::json::parse(R"({"port": 70000})"));
  REQUIRE_FALSE(range);
  CHECK(range.error() == "port: must be between 0 and 65535");

  auto hook = config_from_json(nlohmann::json::parse(
      R"({"offline_reply_hook": {"url": "https://mail.example/duet-replies", "timeout_ms": 2000}})"));
  REQUIRE(hook);
  CHECK(hook->offline_reply_hook.enabled());
  CHECK(hook->offline_reply_hook.timeout_ms == 2000);
  auto bad_hook = config_from_json(nlohmann::json::parse(R"({"offline_reply_hook": {"url": "mailto:ops@example"}})"));
  REQUIRE_FALSE(bad_hook);
  CHECK(bad_hook.error() == "offline_reply_hook.url must be http(s)://host[:port][/path]");
}

TEST_CASE("business hours: local weekday and time with a fixed offset", "[config]") {
  auto h = business_hours_from_json(nlohmann::json::parse(R"({"utc_offset": "+01:00", "tue": "09:00-17:00"})"));
  REQUIRE(h);
  const TimeMs tue_0800_utc = 1'699'948'800'000;  // 2023-11-14 08:00 UTC, a Tuesday
  CHECK(h->open_at(tue_0800_utc));                                  // 09:00 local
  CHECK_FALSE(h->open_at(tue_0800_utc - 3600'000));                 // 08:00 local
  CHECK_FALSE(h->open_at(tue_0800_utc + 8 * 3600'000));             // 17:00 local: closed
  CHECK_FALSE(h->open_at(tue_0800_utc + 24 * 3600'000));            // Wednesday
  CHECK_FALSE(business_hours_from_json(nlohmann::json::parse(R"({"mon": "17:00-09:00"})")));
  CHECK_FALSE(business_hours_from_json(nlohmann::json::parse(R"({"funday": "09:00-17:00"})")));
  CHECK(BusinessHours{}.open_at(0));
}

TEST_CASE("resume tokens: genuine ones verify, forged or cross-site ones do not", "[config]") {
  ResumeSigner signer("0123456789abcdef0123456789abcdef");
  const std::string t = signer.issue("c_abc", "shop", 1700000000000);
  REQUIRE(signer.verify(t, "shop"));
  CHECK(signer.verify(t, "shop")->conversation == "c_abc");
  CHECK(signer.verify(t, "shop")->issued == 1700000000000);
  CHECK_FALSE(signer.verify(t, "other"));
  CHECK_FALSE(signer.verify("c_abd" + t.substr(5), "shop"));
  CHECK_FALSE(signer.verify("c_abc", "shop"));
  CHECK_FALSE(signer.verify("", "shop"));
  CHECK_FALSE(ResumeSigner("another-secret-another-secret-xx").verify(t, "shop"));
}

TEST_CASE("token bucket: burst, then the rate", "[config]") {
  TokenBucket b(2, 3);
  CHECK(b.take(0));
  CHECK(b.take(0));
  CHECK(b.take(0));
  CHECK_FALSE(b.take(0));
  CHECK(b.take(0.5));
  CHECK_FALSE(b.take(0.5));
}

TEST_CASE("command line: sub-commands, repeated flags, unknown options", "[config]") {
  const char* argv[] = {"duet-server", "add-site", "--key", "k", "--origin", "https://a", "--origin=https://b",
                        "--allow-missing-origin"};
  auto cl = parse_command_line(8, argv);
  REQUIRE(cl);
  CHECK(cl->command == "add-site");
  CHECK(cl->flags.at("--origin") == std::vector<std::string>{"https://a", "https://b"});
  CHECK(cl->has("--allow-missing-origin"));
  const char* bad[] = {"duet-server", "--prot", "80"};
  CHECK_FALSE(parse_command_line(3, bad));
  CHECK(split_list(" en, sv ,,de") == std::vector<std::string>{"en", "sv", "de"});
}

TEST_CASE("sqlite store: migrations are recorded; reopening keeps the data", "[config]") {
  test::TempDir dir;
  {
    SqliteStore store(dir.path(), StoreConfig{});
    CHECK(store.schema_version() == SqliteStore::latest_schema_version());
    store.save_conversation({"c_1", "shop", "en", "", 1000, {}});
    Event e;
    e.kind = EventKind::message;
    e.speaker = Speaker::customer;
    e.seq = 1;
    e.at = 1001;
    e.text = "hej";
    e.client_id = "m1";
    store.append_events("c_1", {e});
    store.put_queue({"c_1", "en", "refund", 1002});
    bool durable = false;
    store.when_durable([&](bool ok) { durable = ok; });
    store.flush();
    CHECK(durable);
  }
  SqliteStore again(dir.path(), StoreConfig{});
  CHECK(again.schema_version() == SqliteStore::latest_schema_version());
  auto st = again.load(0);
  REQUIRE(st.conversations.size() == 1);
  REQUIRE(st.conversations[0].events.size() == 1);
  CHECK(st.conversations[0].events[0].text == "hej");
  CHECK(st.conversations[0].events[0].client_id == "m1");
  REQUIRE(st.queue.size() == 1);
  CHECK(st.queue[0].since == 1002);
}

TEST_CASE("config: the shipped example and demo configs parse", "[config]") {
  for (const char* name : {"/example.json", "/demo.json"}) {
    auto c = load_config_file(std::string(DUET_CONFIG_DIR) + name);
    INFO(name << ": " << (c ? "" : c.error()));
    CHECK(c);
  }
}

TEST_CASE("sqlite store: events read back in order, indexed or still in the log's tail", "[config]") {
  test::TempDir dir;
  SqliteStore store(dir.path(), StoreConfig{});
  const std::vector<std::string> ids = {"c_a", "c_b", "c_c"};
  for (const auto& id : ids) store.save_conversation({id, "shop", "en", "", 1000, {}});
  // Interleaved, as many customers write at once; enough rows that the writer indexes a batch.
  const int per_conversation = 3500;
  for (int s = 1; s <= per_conversation; ++s)
    for (const auto& id : ids) store.append_events(id, {customer_message(s, id + " " + std::to_string(s))});
  store.flush();
  CHECK(store.index_runs() >= 2);  // one at open, at least one for the batch
  // A few more, which stay in the tail for now (the writer indexes after a second of quiet).
  for (int s = per_conversation + 1; s <= per_conversation + 5; ++s) store.append_events("c_b", {customer_message(s, "tail")});
  store.flush();
  for (const auto& id : ids) {
    auto c = store.load_conversation(id);
    REQUIRE(c);
    const int expected = per_conversation + (id == "c_b" ? 5 : 0);
    REQUIRE(c->events.size() == static_cast<std::size_t>(expected));
    for (int i = 0; i < expected; ++i) CHECK(c->events[static_cast<std::size_t>(i)].seq == i + 1);
    CHECK(c->events.front().text == id + " 1");
  }
}

TEST_CASE("sqlite store: a data dir of schema 1 is migrated with its events", "[config]") {
  test::TempDir dir;
  {
    // What duet-server 0.1 left in the field: schema 1, events in their own table.
    Db db(dir.path() + "/duet.sqlite3");
    db.exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL);"
            "INSERT INTO schema_migrations VALUES (1, 0);"
            "CREATE TABLE conversations (id TEXT PRIMARY KEY, site TEXT NOT NULL, language TEXT NOT NULL,"
            " created INTEGER NOT NULL, previous_id TEXT NOT NULL DEFAULT '', context TEXT NOT NULL DEFAULT '{}',"
            " state TEXT NOT NULL DEFAULT 'ai', updated INTEGER NOT NULL DEFAULT 0);"
            "CREATE INDEX conversations_by_state ON conversations(state, updated);"
            "CREATE TABLE events (conversation TEXT NOT NULL, seq INTEGER NOT NULL, at INTEGER NOT NULL,"
            " kind TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (conversation, seq)) WITHOUT ROWID;"
            "CREATE TABLE agents (id TEXT PRIMARY KEY, name TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,"
            " languages TEXT NOT NULL, skills TEXT NOT NULL, capacity INTEGER NOT NULL, available INTEGER NOT NULL,"
            " created INTEGER NOT NULL);"
            "CREATE TABLE queue (conversation TEXT PRIMARY KEY, since INTEGER NOT NULL, language TEXT NOT NULL,"
            " intent TEXT NOT NULL);"
            "CREATE TABLE assignments (conversation TEXT PRIMARY KEY, agent_id TEXT NOT NULL, since INTEGER NOT NULL,"
            " assigned_at INTEGER NOT NULL);"
            "CREATE TABLE ratings (conversation TEXT NOT NULL, score INTEGER NOT NULL, comment TEXT NOT NULL,"
            " human INTEGER NOT NULL, at INTEGER NOT NULL);"
            "CREATE TABLE offline_messages (conversation TEXT NOT NULL, seq INTEGER NOT NULL, contact TEXT NOT NULL,"
            " text TEXT NOT NULL, at INTEGER NOT NULL, handled INTEGER NOT NULL DEFAULT 0,"
            " PRIMARY KEY (conversation, seq));"
            "CREATE TABLE sites (key TEXT PRIMARY KEY, config TEXT NOT NULL);"
            "INSERT INTO conversations(id, site, language, created, state) VALUES ('c_old', 'shop', 'en', 1, 'waiting_human');"
            R"(INSERT INTO events VALUES ('c_old', 2, 3, 'message', '{"seq":2,"at":3,"kind":"message","speaker":"customer","text":"second"}');)"
            R"(INSERT INTO events VALUES ('c_old', 1, 2, 'message', '{"seq":1,"at":2,"kind":"message","speaker":"customer","text":"first"}');)");
  }
  SqliteStore store(dir.path(), StoreConfig{});
  CHECK(store.schema_version() == SqliteStore::latest_schema_version());
  auto c = store.load_conversation("c_old");
  REQUIRE(c);
  REQUIRE(c->events.size() == 2);
  CHECK(c->events[0].text == "first");
  CHECK(c->events[1].text == "second");
  store.append_events("c_old", {customer_message(3, "third, after the upgrade")});
  store.flush();
  c = store.load_conversation("c_old");
  REQUIRE(c);
  REQUIRE(c->events.size() == 3);
  CHECK(c->events[2].text == "third, after the upgrade");
}

TEST_CASE("sqlite store: the WAL is checkpointed in the background and stays bounded", "[config]") {
  test::TempDir dir;
  StoreConfig config;
  config.checkpoint_pages = 64;  // 256 KiB
  const std::string wal = dir.path() + "/duet.sqlite3-wal";
  std::uintmax_t largest = 0;
  {
    SqliteStore store(dir.path(), config);
    store.save_conversation({"c_big", "shop", "en", "", 1000, {}});
    const std::string text(20000, 'x');
    for (int s = 1; s <= 400; ++s) {  // 8 MB of messages, many times the WAL's threshold
      store.append_events("c_big", {customer_message(s, text)});
      if (s % 10 == 0) {
        store.flush();
        largest = std::max(largest, std::filesystem::file_size(wal));
      }
    }
    auto c = store.load_conversation("c_big");
    REQUIRE(c);
    CHECK(c->events.size() == 400);
  }
  // Never more than the point where the writer checkpoints itself, plus one batch of writes.
  CHECK(largest < 8 * 64 * 4096 + 2 * 1024 * 1024);
  CHECK(largest > 0);
}
