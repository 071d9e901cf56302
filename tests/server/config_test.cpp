// Config parsing, business hours, resume tokens, token buckets and the SQLite store's migrations.
#include <catch2/catch.hpp>

#include "server/business_hours.hpp"
#include "server/cli.hpp"
#include "server/config.hpp"
#include "server/net/token_bucket.hpp"
#include "server/resume_token.hpp"
#include "server/sqlite_store.hpp"
#include "temp_dir.hpp"

using namespace duet;
using namespace duet::server;

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
  const std::string t = signer.issue("c_abc", "shop");
  CHECK(signer.verify(t, "shop") == std::optional<std::string>("c_abc"));
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
    CHECK(store.schema_version() == SqliteStore::kSchemaVersion);
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
  CHECK(again.schema_version() == SqliteStore::kSchemaVersion);
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
