// `store.kind` picks the backend: "sqlite" by default, "postgres" with a connection string, "memory"
// for tests; a server on the memory store serves and acks like one on SQLite.
#include <catch2/catch.hpp>

#include <sstream>

#include <nlohmann/json.hpp>

#include "live_server.hpp"
#include "server/config.hpp"
#include "server/operator_commands.hpp"
#include "server/store/store_factory.hpp"

using namespace duet;
using namespace duet::test;

TEST_CASE("config: store.kind is sqlite by default, memory or postgres on request", "[config]") {
  auto plain = server::config_from_json(nlohmann::json::parse(R"({})"));
  REQUIRE(plain);
  CHECK(plain.value().store.kind == "sqlite");
  auto memory = server::config_from_json(nlohmann::json::parse(R"({"store": {"kind": "memory"}})"));
  REQUIRE(memory);
  CHECK(memory.value().store.kind == "memory");
  auto postgres = server::config_from_json(nlohmann::json::parse(
      R"({"store": {"kind": "postgres", "url": "postgresql://duet@db/duet", "synchronous_commit": "remote_apply", "pool": 8}})"));
  REQUIRE(postgres);
  CHECK(postgres.value().store.url == "postgresql://duet@db/duet");
  CHECK(postgres.value().store.synchronous_commit == "remote_apply");
  CHECK(postgres.value().store.pool == 8);
  // Without a connection string, or with acks that a database crash could take back: refused, saying why.
  auto nowhere = server::config_from_json(nlohmann::json::parse(R"({"store": {"kind": "postgres"}})"));
  REQUIRE_FALSE(nowhere);
  CHECK(nowhere.error().find("needs store.url") != std::string::npos);
  auto unsafe = server::config_from_json(
      nlohmann::json::parse(R"({"store": {"kind": "postgres", "url": "x", "synchronous_commit": "off"}})"));
  REQUIRE_FALSE(unsafe);
  CHECK(unsafe.error().find("off would ack messages a database crash can lose") != std::string::npos);
  auto bogus = server::config_from_json(nlohmann::json::parse(R"({"store": {"kind": "mysql"}})"));
  REQUIRE_FALSE(bogus);
  CHECK(bogus.error().find("store.kind must be") != std::string::npos);
  server::Config built;  // a Config made in code skips validate(): the factory refuses it too
  built.store.kind = "mysql";
  CHECK_THROWS_WITH(server::make_store(built), Catch::Contains("is unknown"));
  built.store.kind = "postgres";  // nothing listens there: the operator hears where it tried
  built.store.url = "postgresql://duet@127.0.0.1:1/duet?connect_timeout=2";
  CHECK_THROWS_WITH(server::make_store(built), Catch::Contains("cannot connect to PostgreSQL"));
  built.store.url_env = "DUET_TEST_UNSET_VARIABLE";
  CHECK_THROWS_WITH(server::make_store(built), Catch::Contains("DUET_TEST_UNSET_VARIABLE, which is not set"));
}

TEST_CASE("operator commands refuse the memory store: what they write would vanish", "[config]") {
  TempDir dir;
  server::Config c;
  c.data_dir = dir.path();
  c.store.kind = "memory";
  std::ostringstream out;
  CHECK_THROWS_WITH(server::list_agents_command(c, out), Catch::Contains("need \"sqlite\""));
}

TEST_CASE("loopback: a server on the memory store acks a message once it is stored", "[store]") {
  auto config = loopback_config();
  config.store.kind = "memory";
  LiveServer s(config);
  auto c = s.customer();
  auto w = say_hello(*c);
  c->send(proto::Say{"m1", "How long does a refund take?", ""});
  auto ack = c->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "m1"; });
  REQUIRE(ack);
  CHECK(ack->conversation == w.conversation);
  auto stored = s.server->store().load_conversation(w.conversation);
  REQUIRE(stored);
  bool found = false;
  for (const auto& e : stored->events) found = found || e.client_id == "m1";
  CHECK(found);
  CHECK(s.server->store().counters().writes_committed > 0);
}
