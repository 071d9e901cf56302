// The dedupe index: finds what was added, tells senders apart, survives growth, and never takes a
// hash collision for a duplicate (the caller's check decides).
#include <catch2/catch.hpp>

#include <string>

#include "model/client_id_index.hpp"
#include "model/conversation.hpp"

using namespace duet;

TEST_CASE("client id index: finds each id with its seq after many additions", "[dedupe]") {
  ClientIdIndex index;
  for (Seq s = 1; s <= 5000; ++s) index.add(ClientIdIndex::hash("", "c" + std::to_string(s)), s);
  for (Seq s = 1; s <= 5000; s += 7)
    CHECK(index.find(ClientIdIndex::hash("", "c" + std::to_string(s)), [&](Seq c) { return c == s; }) == s);
  CHECK(index.find(ClientIdIndex::hash("", "c5001"), [](Seq) { return true; }) == 0);
}

TEST_CASE("client id index: senders are separate spaces", "[dedupe]") {
  CHECK(ClientIdIndex::hash("", "m1") != ClientIdIndex::hash("a_1", "m1"));
  CHECK(ClientIdIndex::hash("a_1", "m1") != ClientIdIndex::hash("a_2", "m1"));
  CHECK(ClientIdIndex::hash("ab", "c") != ClientIdIndex::hash("a", "bc"));
}

TEST_CASE("client id index: on equal hashes the caller's check picks the entry", "[dedupe]") {
  ClientIdIndex index;
  for (Seq s = 1; s <= 40; ++s) index.add(42, s);  // forty ids that collide
  CHECK(index.find(42, [](Seq c) { return c == 33; }) == 33);
  CHECK(index.find(42, [](Seq) { return false; }) == 0);
}

TEST_CASE("conversation: the same client id from the customer and from an agent are two messages", "[dedupe]") {
  Conversation c("c_1", "shop", "en", 0);
  REQUIRE(c.customer_say("m1", "hi", 1).ok());
  REQUIRE(c.request_human(EscalationReason::customer_request, 2).ok());
  REQUIRE(c.agent_join("a_1", "Ann", 3).ok());
  auto first = c.agent_say("a_1", "m1", "hello", 4);
  REQUIRE(first.ok());
  CHECK_FALSE(first.duplicate);
  auto again = c.agent_say("a_1", "m1", "hello", 5);
  CHECK(again.duplicate);
  CHECK(again.ack == first.ack);
  auto customer_again = c.customer_say("m1", "hi", 6);
  CHECK(customer_again.duplicate);
  CHECK(customer_again.ack == Seq{1});
}
