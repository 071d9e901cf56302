// duet-server on PostgreSQL (store.kind postgres) over real sockets, against a real PostgreSQL the
// test starts (pg_instance.hpp): what is acked is in the database, a server restart keeps the
// transcript, queue and assignment, and a PostgreSQL restart mid-conversation makes clients wait
// without losing or doubling an acknowledged message.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <thread>

#include "live_server.hpp"
#include "pg_instance.hpp"
#include "server/store/pg_conn.hpp"

using namespace duet;
using namespace duet::test;

namespace {

server::Config postgres_config(const std::string& database) {
  auto c = loopback_config();
  c.store.kind = "postgres";
  c.store.url = PgInstance::shared().url(database);
  return c;
}

// Rows whose body carries this client id, read straight from PostgreSQL.
std::int64_t stored_with_cid(const std::string& url, const std::string& conversation, const std::string& cid) {
  server::PgConn db(url);
  std::int64_t n = 0;
  db.query("SELECT COUNT(*) FROM events WHERE conversation = $1 AND body LIKE $2",
           [&](const server::PgRow& r) { n = r.integer(0); }, conversation, "%\"cid\":\"" + cid + "\"%");
  return n;
}

bool is_message(const Event& e, Speaker who, const std::string& text) {
  return e.kind == EventKind::message && e.speaker == who && e.text == text;
}

}  // namespace

TEST_CASE("postgres: acked means stored; a server restart keeps transcript, queue and assignment", "[postgres]") {
  LiveServer s(postgres_config("loopback_restart"));
  const std::string token = s.add_agent("Sara");
  auto a = s.agent();
  agent_sign_in(*a, token, true, 1);

  auto c1 = s.customer();
  auto w1 = say_hello(*c1);
  c1->send(proto::Say{"m1", "Someone used my card without permission", ""});
  auto ack = c1->wait_for<proto::Ack>([](const proto::Ack& x) { return x.cid == "m1"; });
  REQUIRE(ack);
  CHECK(stored_with_cid(s.config.store.url, w1.conversation, "m1") == 1);
  c1->send(proto::RequestHuman{"button"});
  REQUIRE(a->wait_for<proto::Offer>());
  a->send(proto::Accept{w1.conversation});
  REQUIRE(a->wait_for<proto::Snapshot>());
  a->send(proto::Say{"a1", "I'm looking into it now", w1.conversation});
  REQUIRE(c1->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::agent; }));

  auto c2 = s.customer();
  auto w2 = say_hello(*c2);
  c2->send(proto::RequestHuman{"button"});
  REQUIRE(c2->wait_event(EventKind::queue));
  const Seq c1_last = c1->events().back().seq;

  s.restart();
  CHECK(c1->wait_closed());

  auto r1 = s.customer();
  auto rw1 = say_hello(*r1, "shop", w1.resume, c1_last);
  CHECK(rw1.conversation == w1.conversation);
  CHECK(rw1.state == State::with_human);
  CHECK(rw1.agent_name == "Sara");
  auto r2 = s.customer();
  auto rw2 = say_hello(*r2, "shop", w2.resume, 0);
  CHECK(rw2.state == State::waiting_human);
  CHECK(rw2.queue_position == 1);
  auto a2 = s.agent();
  a2->send(proto::AgentHello{token});
  auto snap = a2->wait_for<proto::Snapshot>();
  REQUIRE(snap);
  CHECK(snap->conversation == w1.conversation);
  CHECK(std::any_of(snap->events.begin(), snap->events.end(),
                    [](const Event& e) { return is_message(e, Speaker::customer, "Someone used my card without permission"); }));
  a2->send(proto::Say{"a2", "Still here after the restart", w1.conversation});
  REQUIRE(r1->wait_event(EventKind::message, [](const Event& e) { return e.text == "Still here after the restart"; }));
}

TEST_CASE("postgres: PostgreSQL restarts mid-conversation: nothing acked is lost or doubled, the rest is resent", "[postgres]") {
  auto config = postgres_config("loopback_pg_restart");
  // This test sends quickly; the rate limits are not its subject.
  config.limits.messages_per_s = config.limits.ip_messages_per_s = 1000;
  config.limits.burst = config.limits.ip_burst = 1000;
  LiveServer s(config);
  auto c = s.customer();
  auto w = say_hello(*c);
  auto cid = [](int i) { return "m" + std::to_string(i); };
  // The first answer to message `i`: its ack, or the error that refuses it (with its cid).
  auto reply_to = [&](int i, std::chrono::milliseconds timeout) {
    return c->wait_message(
        [&](const proto::Message& m) {
          const auto* ack = std::get_if<proto::Ack>(&m);
          const auto* err = std::get_if<proto::Error>(&m);
          return (ack && ack->cid == cid(i)) || (err && err->cid == cid(i));
        },
        timeout);
  };
  constexpr int kBefore = 20, kDuring = 10;
  for (int i = 1; i <= kBefore; ++i) {
    c->send(proto::Say{cid(i), "before " + std::to_string(i), ""});
    auto r = reply_to(i, kWait);
    REQUIRE(r);
    REQUIRE(std::holds_alternative<proto::Ack>(*r));
  }

  PgInstance::shared().stop();  // every connection is cut, as in a database restart or failover
  std::vector<int> unacked;
  for (int i = kBefore + 1; i <= kBefore + kDuring; ++i) {
    c->send(proto::Say{cid(i), "during " + std::to_string(i), ""});
    // Nothing can be stored now, so nothing is acked: the store refuses it (internal, with its cid:
    // the client keeps it in its outbox), or the ack waits for the database.
    auto r = reply_to(i, std::chrono::milliseconds(300));
    if (r) CHECK(std::get<proto::Error>(*r).code == proto::ErrorCode::internal);
    unacked.push_back(i);
  }
  PgInstance::shared().start();

  // As the client does: what is not acked is sent again until it is. Each is stored once.
  for (int i : unacked) {
    bool acked = false;
    for (int attempt = 0; attempt < 20 && !acked; ++attempt) {
      auto r = reply_to(i, std::chrono::seconds(2));
      if (r && std::holds_alternative<proto::Ack>(*r)) acked = true;
      else c->send(proto::Say{cid(i), "during " + std::to_string(i), ""});
    }
    INFO(cid(i));
    CHECK(acked);
  }
  for (int i = 1; i <= kBefore + kDuring; ++i) {
    INFO(cid(i));
    CHECK(stored_with_cid(s.config.store.url, w.conversation, cid(i)) == 1);
  }
  // And a fresh connection reads all of it back, in order, once.
  auto again = s.customer();
  auto rw = say_hello(*again, "shop", w.resume, 0);
  replay_rest(*again, rw.more);
  std::vector<std::string> texts;
  for (const auto& e : again->events())
    if (e.kind == EventKind::message && e.speaker == Speaker::customer) texts.push_back(e.text);
  std::vector<std::string> expected;
  for (int i = 1; i <= kBefore; ++i) expected.push_back("before " + std::to_string(i));
  for (int i = kBefore + 1; i <= kBefore + kDuring; ++i) expected.push_back("during " + std::to_string(i));
  CHECK(texts == expected);
}
