// Issue 11, finding 1 over real sockets: a long transcript is replayed in bounded pages the client asks
// for (a connection that never reads pins one page, not the whole conversation), live events wait
// until a client has caught up, a conversation's size is capped with a clear error, and one
// conversation takes a bounded number of tabs.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "live_server.hpp"

using namespace duet;
using namespace duet::test;

namespace {

server::Config paging_config() {
  server::Config c = loopback_config();
  c.limits.messages_per_s = 1000;
  c.limits.burst = 1000;
  c.limits.replay_page_events = 20;
  return c;
}

// hello with a resume token, without waiting for the answer.
void send_resume(WsClient& c, const std::string& resume) {
  proto::Hello h;
  h.site = "shop";
  h.resume = resume;
  c.send(h);
}

// Says `n` messages and waits for each ack.
void say_many(WsClient& c, int n, const std::string& prefix) {
  for (int i = 0; i < n; ++i) {
    const std::string cid = prefix + std::to_string(i);
    c.send(proto::Say{cid, "message " + std::to_string(i) + " about my invoice", ""});
    REQUIRE(c.wait_for<proto::Ack>([&](const proto::Ack& a) { return a.cid == cid; }));
  }
}

// The events a client was sent, in the order they arrived, from welcomes, replays and event frames.
std::vector<Seq> arrival_order(const std::vector<proto::Message>& history) {
  std::vector<Seq> seqs;
  for (const auto& m : history) {
    if (const auto* w = std::get_if<proto::Welcome>(&m))
      for (const Event& e : w->events) seqs.push_back(e.seq);
    if (const auto* r = std::get_if<proto::Replay>(&m))
      for (const Event& e : r->events) seqs.push_back(e.seq);
    if (const auto* e = std::get_if<proto::EventMsg>(&m)) seqs.push_back(e->event.seq);
  }
  return seqs;
}

}  // namespace

TEST_CASE("loopback: a long transcript's welcome is one page; the client pages the rest, live events wait", "[limits]") {
  LiveServer s(paging_config());
  auto first = s.customer();
  const auto w = say_hello(*first);
  say_many(*first, 30, "m");  // 30 messages and their AI answers: over 60 events

  auto second = s.customer();
  send_resume(*second, w.resume);
  auto frame = second->next_frame();
  REQUIRE(frame);
  auto parsed = proto::parse(*frame, proto::Limits::for_server_frames());
  REQUIRE(parsed.ok());
  const auto* welcome = std::get_if<proto::Welcome>(&parsed.value());
  REQUIRE(welcome);
  CHECK(welcome->events.size() == 20);
  CHECK(welcome->more);
  CHECK(frame->size() < 16 * 1024);  // one page, not the conversation

  // Something happens while the second tab catches up: it must not arrive between the pages.
  first->send(proto::Say{"live-1", "and one more thing", ""});
  REQUIRE(first->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "live-1"; }));

  Seq after = welcome->events.back().seq;
  int pages = 0;
  for (bool more = true; more && pages < 20; ++pages) {
    second->send(proto::Replay{after, {}, {}, false});
    auto page = second->wait_for<proto::Replay>();
    REQUIRE(page);
    CHECK(page->conversation == w.conversation);
    REQUIRE_FALSE(page->events.empty());
    CHECK(page->events.size() <= 20);
    after = page->events.back().seq;
    more = page->more;
  }
  CHECK(pages >= 3);

  // Caught up: live events flow again.
  first->send(proto::Say{"live-2", "are you there?", ""});
  REQUIRE(second->wait_event(EventKind::message, [](const Event& e) { return e.client_id == "live-2"; }));

  // Every event exactly once, in order, with no gap: nothing live slipped between the pages.
  std::vector<Seq> seqs;
  for (const Event& e : welcome->events) seqs.push_back(e.seq);
  for (Seq q : arrival_order(second->history())) seqs.push_back(q);
  REQUIRE_FALSE(seqs.empty());
  for (std::size_t i = 0; i < seqs.size(); ++i) {
    INFO("position " << i);
    CHECK(seqs[i] == static_cast<Seq>(i + 1));
  }
}

TEST_CASE("loopback: a full conversation refuses messages with conversation_full; asking for a human goes on", "[limits]") {
  server::Config c = paging_config();
  c.limits.conversation_events = 20;
  LiveServer s(c);
  auto cust = s.customer();
  const auto w = say_hello(*cust);

  std::optional<proto::Error> refused;
  int stored = 0;
  for (int i = 0; i < 40 && !refused; ++i) {
    const std::string cid = "m" + std::to_string(i);
    cust->send(proto::Say{cid, "message " + std::to_string(i), ""});
    auto reply = cust->wait_message([&](const proto::Message& m) {
      if (const auto* a = std::get_if<proto::Ack>(&m)) return a->cid == cid;
      if (const auto* e = std::get_if<proto::Error>(&m)) return e->cid == cid;
      return false;
    });
    REQUIRE(reply);
    if (const auto* e = std::get_if<proto::Error>(&*reply)) refused = *e;
    else ++stored;
  }
  REQUIRE(refused);
  CHECK(refused->code == proto::ErrorCode::conversation_full);
  CHECK(refused->message.find("length limit") != std::string::npos);
  CHECK(stored >= 5);

  // What was refused is not in the transcript; what was acked is.
  auto again = s.customer();
  send_resume(*again, w.resume);
  auto resumed = again->wait_for<proto::Welcome>();
  REQUIRE(resumed);
  replay_rest(*again, resumed->more);
  int customer_messages = 0;
  for (const Event& e : again->events()) {
    CHECK(e.client_id != refused->cid);
    if (e.kind == EventKind::message && e.speaker == Speaker::customer) ++customer_messages;
  }
  CHECK(customer_messages == stored);

  // Never a dead end: a human is one tap away, in a new conversation that continues this one.
  cust->send(proto::RequestHuman{"button"});
  auto follow = cust->wait_for<proto::Welcome>([&](const proto::Welcome& x) { return x.conversation != w.conversation; });
  REQUIRE(follow);
  CHECK((follow->state == State::waiting_human || follow->state == State::offline));
}

TEST_CASE("loopback: one conversation takes a bounded number of tabs", "[limits]") {
  server::Config c = loopback_config();
  c.limits.sessions_per_conversation = 2;
  LiveServer s(c);
  auto one = s.customer();
  const auto w = say_hello(*one);
  auto two = s.customer();
  CHECK(say_hello(*two, "shop", w.resume).conversation == w.conversation);
  auto three = s.customer();
  send_resume(*three, w.resume);
  auto err = three->wait_error(proto::ErrorCode::too_many_connections);
  REQUIRE(err);
  CHECK(three->wait_closed());
  CHECK(three->close_code() == std::uint16_t{1013});  // try later
  // The open tabs keep working.
  one->send(proto::Say{"still", "still here", ""});
  CHECK(one->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "still"; }));
}

TEST_CASE("config: the write queue must hold the largest frame the server makes", "[config]") {
  nlohmann::json j = {{"limits", {{"write_queue_bytes", 1024 * 1024}, {"conversation_bytes", 1024 * 1024}}}};
  auto refused = server::config_from_json(j);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().find("write_queue_bytes") != std::string::npos);
  j["limits"]["write_queue_bytes"] = 8 * 1024 * 1024;
  CHECK(server::config_from_json(j));
}
