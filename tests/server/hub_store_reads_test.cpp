// The hub reads its store off its lock: a read that hangs (a slow database) stalls the one session
// that waits for it; every other session is answered meanwhile, and the waiting one's frames are
// handled after its answer, in order.
#include <catch2/catch.hpp>
#include <thread>

#include "blocking_store.hpp"
#include "hub_fixture.hpp"

using namespace duet;
using namespace duet::test;

namespace {

const server::Peer kNoOrigin{"127.0.0.1", std::nullopt};

struct SlowStoreWorld {
  SlowStoreWorld(server::Config c = test_config()) : w(std::move(c)) {
    w.wrap_store = [this](server::Store& inner) {
      auto b = std::make_unique<BlockingStore>(inner);
      gate = b.get();
      return b;
    };
    w.restart();
  }
  // Frames delivered so far, without waiting for reads in flight (HubWorld::take would).
  std::vector<proto::Message> take_now(server::SessionId s) {
    w.store->flush();
    return w.recorder.take(s);
  }
  HubWorld w;
  BlockingStore* gate = nullptr;
};

proto::Hello hello_msg(std::string resume = {}) {
  proto::Hello h;
  h.site = "shop";
  h.resume = std::move(resume);
  h.locale = "en-GB";
  return h;
}

proto::Welcome hello(SlowStoreWorld& sw, server::SessionId s, std::string resume = {}) {
  sw.w.hub->customer_open(s, kNoOrigin);
  sw.w.hub->customer_frame(s, hello_msg(std::move(resume)));
  auto ms = sw.take_now(s);
  INFO(describe(ms));
  auto welcome = first_of<proto::Welcome>(ms);
  REQUIRE(welcome);
  return *welcome;
}

// A conversation with a few events that then leaves memory (idle, no customer connected).
proto::Welcome evicted_conversation(SlowStoreWorld& sw, server::SessionId s) {
  auto& w = sw.w;
  auto first = hello(sw, s);
  w.hub->customer_frame(s, proto::Say{"m1", "How long does a refund take?", ""});
  w.take(s);
  w.hub->customer_closed(s);
  w.now += static_cast<TimeMs>(w.config.limits.idle_conversation_s) * 1000 + 1000;
  w.hub->tick();
  REQUIRE(w.hub->stats().conversations == 0);
  return first;
}

std::size_t index_of_first(const std::vector<proto::Message>& ms, std::size_t type_index) {
  for (std::size_t i = 0; i < ms.size(); ++i)
    if (ms[i].index() == type_index) return i;
  return ms.size();
}

template <class T>
std::size_t type_index_of() {
  return proto::Message(T{}).index();
}

}  // namespace

TEST_CASE("hub: a resume blocked in the store stalls only its own session; its frames follow the welcome",
          "[hub]") {
  SlowStoreWorld sw;
  auto& w = sw.w;
  const std::string token = w.add_agent("Sara");
  w.hub->agent_open(10, kNoOrigin);
  w.hub->agent_frame(10, proto::AgentHello{token});
  w.hub->agent_frame(10, proto::Status{true, 3});
  REQUIRE(first_of<proto::AgentWelcome>(w.take(10)));
  const auto first = evicted_conversation(sw, 1);

  sw.gate->block(Read::resume_tokens_valid_from);
  sw.gate->block(Read::load_conversation);
  // The resume and what the customer sends right behind it, as its I/O thread would.
  std::thread customer([&] {
    w.hub->customer_open(2, kNoOrigin);
    w.hub->customer_frame(2, hello_msg(first.resume));
    w.hub->customer_frame(2, proto::Say{"m2", "Are you there?", ""});
    w.hub->customer_frame(2, proto::Say{"m3", "Hello?", ""});
  });
  REQUIRE(sw.gate->wait_blocked(Read::resume_tokens_valid_from, 1));

  // Meanwhile another customer is welcomed, acked, queued and served by the agent.
  const auto other = hello(sw, 3);
  w.hub->customer_frame(3, proto::Say{"o1", "Where is my parcel?", ""});
  w.hub->customer_frame(3, proto::RequestHuman{"button"});
  auto acks = all_of<proto::Ack>(sw.take_now(3));
  REQUIRE(acks.size() == 1);
  CHECK(acks[0].cid == "o1");
  auto offers = all_of<proto::Offer>(sw.take_now(10));
  REQUIRE(offers.size() == 1);
  CHECK(offers[0].conversation == other.conversation);
  w.hub->agent_frame(10, proto::Accept{other.conversation});
  w.hub->agent_frame(10, proto::Say{"a1", "Hi, Sara here", other.conversation});
  auto agent = sw.take_now(10);
  INFO(describe(agent));
  CHECK(first_of<proto::Snapshot>(agent));
  REQUIRE(first_of<proto::Ack>(agent));
  CHECK(first_of<proto::Ack>(agent)->cid == "a1");
  // ... all while the resume still waits in the store, and nothing reached its session.
  CHECK(sw.gate->waiting(Read::resume_tokens_valid_from) == 1);
  CHECK(sw.take_now(2).empty());

  customer.join();  // its frames were queued, not handled: the thread did not wait for the store
  sw.gate->release(Read::resume_tokens_valid_from);
  sw.gate->release(Read::load_conversation);
  auto ms = w.take(2);
  INFO(describe(ms));
  REQUIRE(!ms.empty());
  const auto* welcome = std::get_if<proto::Welcome>(&ms[0]);
  REQUIRE(welcome);
  CHECK(welcome->conversation == first.conversation);
  CHECK(events_of({ms[0]}, EventKind::message).size() >= 2);  // the transcript, loaded from the store
  auto resumed_acks = all_of<proto::Ack>(ms);
  REQUIRE(resumed_acks.size() == 2);
  CHECK(resumed_acks[0].cid == "m2");
  CHECK(resumed_acks[1].cid == "m3");
  CHECK(resumed_acks[0].seq < resumed_acks[1].seq);
  CHECK(resumed_acks[0].conversation == first.conversation);
  CHECK_FALSE(first_of<proto::Error>(ms));
}

TEST_CASE("hub: two tabs resuming a conversation that left memory, both read at once, share one copy", "[hub]") {
  SlowStoreWorld sw;
  auto& w = sw.w;
  const auto first = evicted_conversation(sw, 1);

  sw.gate->block(Read::load_conversation);
  for (server::SessionId s : {2, 3}) {
    w.hub->customer_open(s, kNoOrigin);
    w.hub->customer_frame(s, hello_msg(first.resume));
  }
  REQUIRE(sw.gate->wait_blocked(Read::load_conversation, 2));
  sw.gate->release(Read::load_conversation);
  for (server::SessionId s : {2, 3}) {
    auto welcome = first_of<proto::Welcome>(w.take(s));
    REQUIRE(welcome);
    CHECK(welcome->conversation == first.conversation);
  }
  CHECK(w.hub->stats().conversations == 1);
  // The second read found the first one's copy in memory and used it: a message reaches both tabs.
  w.hub->customer_frame(2, proto::Say{"m2", "Still there?", ""});
  w.take(2);
  auto seen = events_of(w.take(3), EventKind::message);
  REQUIRE_FALSE(seen.empty());
  CHECK(seen.front().text == "Still there?");
}

TEST_CASE("hub: a slow agent token look-up stalls only that agent; its frames follow its welcome", "[hub]") {
  SlowStoreWorld sw;
  auto& w = sw.w;
  const std::string token = w.add_agent("Sara");  // added after the hub loaded: the store is asked
  sw.gate->block(Read::agent_by_token_hash);
  std::thread agent([&] {
    w.hub->agent_open(10, kNoOrigin);
    w.hub->agent_frame(10, proto::AgentHello{token});
    w.hub->agent_frame(10, proto::Status{true, 2});
    w.hub->agent_frame(10, proto::AgentHello{token});  // a mistake, answered after the welcome
  });
  REQUIRE(sw.gate->wait_blocked(Read::agent_by_token_hash, 1));

  const auto c = hello(sw, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "Where is my parcel?", ""});
  auto acks = all_of<proto::Ack>(sw.take_now(1));
  REQUIRE(acks.size() == 1);
  CHECK(acks[0].conversation == c.conversation);
  CHECK(sw.gate->waiting(Read::agent_by_token_hash) == 1);
  CHECK(sw.take_now(10).empty());

  agent.join();
  sw.gate->release(Read::agent_by_token_hash);
  auto ms = w.take(10);
  INFO(describe(ms));
  REQUIRE(!ms.empty());
  REQUIRE(std::holds_alternative<proto::AgentWelcome>(ms[0]));
  CHECK(std::get<proto::AgentWelcome>(ms[0]).name == "Sara");
  auto errors = all_of<proto::Error>(ms);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == proto::ErrorCode::unexpected_type);
  CHECK(w.hub->stats().agents_available == 1);  // the status behind the hello was applied

  SECTION("an unknown token, read slowly, is refused the same way") {
    sw.gate->block(Read::agent_by_token_hash);
    w.hub->agent_open(11, kNoOrigin);
    w.hub->agent_frame(11, proto::AgentHello{"tok_wrong"});
    w.hub->agent_frame(11, proto::Status{true, 2});
    REQUIRE(sw.gate->wait_blocked(Read::agent_by_token_hash, 1));
    sw.gate->release(Read::agent_by_token_hash);
    auto refused = w.take(11);
    INFO(describe(refused));
    auto err = first_of<proto::Error>(refused);
    REQUIRE(err);
    CHECK(err->code == proto::ErrorCode::unauthorized);
    REQUIRE(w.recorder.closed(11));
    CHECK(w.recorder.closed(11)->first == server::close_code::policy);
  }
}

TEST_CASE("hub: an agent naming a conversation that left memory waits for it alone, in order", "[hub]") {
  SlowStoreWorld sw;
  auto& w = sw.w;
  const std::string token = w.add_agent("Sara");
  // An offline message, then the conversation leaves memory: it stays in the agents' inbox.
  const auto c = hello(sw, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.hub->customer_frame(1, proto::LeaveMessage{"lm1", "me@example.com", "Please call me"});
  w.take(1);
  w.hub->customer_closed(1);
  w.now += static_cast<TimeMs>(w.config.limits.idle_conversation_s) * 1000 + 1000;
  w.hub->tick();
  REQUIRE(w.hub->stats().conversations == 0);
  w.hub->agent_open(10, kNoOrigin);
  w.hub->agent_frame(10, proto::AgentHello{token});
  REQUIRE(first_of<proto::AgentWelcome>(w.take(10)));

  sw.gate->block(Read::load_conversation);
  w.hub->agent_frame(10, proto::Accept{c.conversation});
  w.hub->agent_frame(10, proto::Say{"a1", "Calling you now", c.conversation});
  REQUIRE(sw.gate->wait_blocked(Read::load_conversation, 1));
  const auto other = hello(sw, 2);  // another customer meanwhile
  CHECK(sw.gate->waiting(Read::load_conversation) == 1);
  sw.gate->release(Read::load_conversation);

  auto ms = w.take(10);
  INFO(describe(ms));
  const std::size_t snapshot = index_of_first(ms, type_index_of<proto::Snapshot>());
  const std::size_t ack = index_of_first(ms, type_index_of<proto::Ack>());
  REQUIRE(snapshot < ms.size());
  REQUIRE(ack < ms.size());
  CHECK(snapshot < ack);
  CHECK(std::get<proto::Snapshot>(ms[snapshot]).conversation == c.conversation);
  CHECK(other.conversation != c.conversation);
}

TEST_CASE("hub: a session that closes while its read waits gets nothing; one that floods is closed after its answers",
          "[hub]") {
  server::Config config = test_config();
  config.limits.held_frames = 3;
  SlowStoreWorld sw(config);
  auto& w = sw.w;
  const auto first = evicted_conversation(sw, 1);
  sw.gate->block(Read::load_conversation);

  SECTION("closed while waiting") {
    w.hub->customer_open(2, kNoOrigin);
    w.hub->customer_frame(2, hello_msg(first.resume));
    w.hub->customer_frame(2, proto::Say{"m2", "Are you there?", ""});
    REQUIRE(sw.gate->wait_blocked(Read::load_conversation, 1));
    w.hub->customer_closed(2);
    sw.gate->release(Read::load_conversation);
    CHECK(w.take(2).empty());
    CHECK(w.hub->stats().customer_sessions == 0);
  }
  SECTION("more frames than limits.held_frames while waiting") {
    w.hub->customer_open(2, kNoOrigin);
    w.hub->customer_frame(2, hello_msg(first.resume));
    for (int i = 0; i < 6; ++i) w.hub->customer_frame(2, proto::Say{"m" + std::to_string(i), "hello?", ""});
    REQUIRE(sw.gate->wait_blocked(Read::load_conversation, 1));
    sw.gate->release(Read::load_conversation);
    auto ms = w.take(2);
    INFO(describe(ms));
    REQUIRE(std::holds_alternative<proto::Welcome>(ms.at(0)));
    auto acks = all_of<proto::Ack>(ms);
    REQUIRE(acks.size() == 3);
    CHECK(acks[2].cid == "m2");
    auto errors = all_of<proto::Error>(ms);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].code == proto::ErrorCode::rate_limited);
    REQUIRE(w.recorder.closed(2));
    CHECK(w.recorder.closed(2)->first == server::close_code::try_later);
  }
}

TEST_CASE("config: limits.held_frames parses, and a session must be allowed to hold one frame", "[config]") {
  auto c = server::config_from_json(nlohmann::json::parse(R"({"limits": {"held_frames": 8}})"));
  REQUIRE(c);
  CHECK(c->limits.held_frames == 8);
  auto zero = server::config_from_json(nlohmann::json::parse(R"({"limits": {"held_frames": 0}})"));
  REQUIRE_FALSE(zero);
  CHECK(zero.error().rfind("limits.held_frames", 0) == 0);
}
