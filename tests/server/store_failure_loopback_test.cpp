// A full disk under a live server: the customer's message that could not be stored gets `internal`
// with its cid, never an ack; once there is room, the message sent again is acked and stored once.
#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <thread>

#include "live_server.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/store.hpp"

using namespace duet;
using namespace duet::test;

namespace {

// Rows of the file itself whose body carries this client id, through a second connection.
std::int64_t stored_with_cid(const std::string& data_dir, const std::string& cid) {
  server::Db db(data_dir + "/duet.sqlite3");
  std::int64_t n = 0;
  db.query("SELECT COUNT(*) FROM event_log WHERE body LIKE ?", [&](const server::Row& r) { n = r.integer(0); },
           "%\"cid\":\"" + cid + "\"%");
  return n;
}

std::int64_t max_stored_seq(const std::string& data_dir, const std::string& conversation) {
  server::Db db(data_dir + "/duet.sqlite3");
  std::int64_t n = 0;
  db.query("SELECT COALESCE(MAX(seq), 0) FROM event_log WHERE conversation = ?",
           [&](const server::Row& r) { n = r.integer(0); }, conversation);
  return n;
}

// Says `text` as `cid` and waits for what the server answers to it: its ack or an error.
std::optional<proto::Message> say_and_wait(WsClient& c, const std::string& cid, const std::string& text) {
  c.send(proto::Say{cid, text, ""});
  return c.wait_message([&](const proto::Message& m) {
    const auto* ack = std::get_if<proto::Ack>(&m);
    const auto* err = std::get_if<proto::Error>(&m);
    return (ack && ack->cid == cid) || (err && err->cid == cid);
  });
}

}  // namespace

TEST_CASE("loopback: a message the full disk refuses is not acked; sent again with room, it is stored once",
          "[store]") {
  // The disk is "full" when the writer's connection may not grow the database (SQLITE_FULL).
  auto full = std::make_shared<std::atomic<bool>>(false);
  auto config = loopback_config();
  config.store.before_batch = [full](server::Db& db) {
    db.exec(*full ? "PRAGMA max_page_count = 1;" : "PRAGMA max_page_count = 1000000000;");  // 1: the size it has
  };
  LiveServer s(config);
  auto c = s.customer();
  auto w = say_hello(*c);
  const std::string text = [] {
    std::string t;
    while (t.size() < 3800) t += "my parcel never came, please help ";
    return t;
  }();

  *full = true;
  // A message of ~4 KB needs a new page; a free one left in the file may take one or two first.
  std::string refused;
  for (int i = 1; i <= 10 && refused.empty(); ++i) {
    const std::string cid = "m" + std::to_string(i);
    auto reply = say_and_wait(*c, cid, text);
    REQUIRE(reply);
    if (const auto* err = std::get_if<proto::Error>(&*reply)) {
      CHECK(err->code == proto::ErrorCode::internal);
      refused = cid;
    } else {
      CHECK(stored_with_cid(s.config.data_dir, cid) == 1);  // acked: in the file
    }
  }
  REQUIRE_FALSE(refused.empty());
  CHECK(stored_with_cid(s.config.data_dir, refused) == 0);
  // Neither its ack nor its event went out: a customer who saw an event the store does not have
  // would resume past a seq that another event may take.
  for (const auto& m : c->history())
    if (const auto* ack = std::get_if<proto::Ack>(&m)) CHECK(ack->cid != refused);
  // Sent again while still full: refused again, still not acked.
  c->send(proto::Say{refused, text, ""});
  auto again = c->wait_for<proto::Error>([&](const proto::Error& e) { return e.cid == refused; });
  REQUIRE(again);
  CHECK(again->code == proto::ErrorCode::internal);
  // Nor did anything behind it (the assistant's answer to it): a customer who saw an event the store
  // does not have would resume past a seq that another event may take. Those frames wait.
  const auto stored_up_to = max_stored_seq(s.config.data_dir, w.conversation);
  auto past_store = [&](const proto::Message& m) {
    const auto* e = std::get_if<proto::EventMsg>(&m);
    return e && e->event.seq > stored_up_to;
  };
  for (const auto& m : c->history()) CHECK_FALSE(past_store(m));
  CHECK_FALSE(c->wait_message(past_store, std::chrono::seconds(1)));

  *full = false;
  // The store tries the refused write again after a delay that has grown meanwhile: until it went in,
  // the answer is still `internal`, and the client sends again after a moment, as the widget does.
  std::optional<proto::Ack> ack;
  for (int attempt = 0; attempt < 30 && !ack; ++attempt) {
    auto reply = say_and_wait(*c, refused, text);
    REQUIRE(reply);
    if (const auto* a = std::get_if<proto::Ack>(&*reply)) ack = *a;
    else std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  REQUIRE(ack);
  CHECK(ack->conversation == w.conversation);
  CHECK(stored_with_cid(s.config.data_dir, refused) == 1);
  // The frames that waited went out once the store took the write: the assistant answered it.
  const auto& seen = c->history();
  CHECK((std::any_of(seen.begin(), seen.end(), past_store) || c->wait_message(past_store)));
  // And after a restart the conversation has it once, at the seq it was acked with.
  c.reset();
  s.restart();
  auto back = s.server->store().load_conversation(w.conversation);
  REQUIRE(back);
  int copies = 0;
  for (const auto& e : back->events)
    if (e.client_id == refused) {
      ++copies;
      CHECK(e.seq == ack->seq);
    }
  CHECK(copies == 1);
}
