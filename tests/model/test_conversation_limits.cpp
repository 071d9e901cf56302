// A conversation's size limits and its transcript in pages (what bounds the server's memory per
// conversation and per connection).
#include <catch2/catch.hpp>

#include <string>

#include "model/conversation.hpp"

using namespace duet;

namespace {

Conversation small(std::size_t max_events, std::size_t max_bytes = 0) {
  Conversation c("c1", "demo", "en", 1000);
  c.set_size_limits({max_events, max_bytes});
  return c;
}

}  // namespace

TEST_CASE("a full conversation refuses new messages with a reason, and still acks what it holds", "[conversation]") {
  Conversation c = small(3);
  REQUIRE(c.customer_say("m1", "hello", 1001).ok());
  REQUIRE(c.customer_say("m2", "anyone?", 1002).ok());
  REQUIRE(c.customer_say("m3", "third", 1003).ok());
  REQUIRE(c.full());

  auto refused = c.customer_say("m4", "fourth", 1004);
  CHECK_FALSE(refused.ok());
  CHECK(refused.full);
  CHECK(refused.events.empty());
  CHECK(refused.error.find("length limit") != std::string::npos);
  CHECK(c.events().size() == 3);

  // A resend of a stored message is still acknowledged with its seq: nothing is lost at the limit.
  auto again = c.customer_say("m2", "anyone?", 1005);
  CHECK(again.ok());
  CHECK(again.duplicate);
  CHECK(again.ack == Seq{2});

  CHECK(c.leave_message("m5", "a@example.com", "call me", 1006).full);
  CHECK(c.leave_queue(1007).ok());  // in ai already: a no-op, not an error
  // Asking for a human is never refused: the caller continues in a new conversation.
  auto human = c.request_human(EscalationReason::customer_request, 1008);
  CHECK(human.ok());
  CHECK(human.follow_up);
  CHECK(human.full);
  CHECK(human.events.empty());
  // Ending is always possible.
  CHECK(c.end(1009).ok());
  CHECK(c.state() == State::closed);
}

TEST_CASE("the byte limit counts texts and contacts, and agents are refused too", "[conversation]") {
  Conversation c = small(0, 100);
  REQUIRE(c.customer_say("m1", std::string(60, 'a'), 1001).ok());
  CHECK(c.text_bytes() == 60);
  CHECK(c.customer_say("m2", std::string(41, 'b'), 1002).full);
  REQUIRE(c.customer_say("m3", std::string(40, 'c'), 1003).ok());
  CHECK(c.text_bytes() == 100);

  Conversation d = small(5);
  d.customer_say("m1", "hello", 1001);
  d.request_human(EscalationReason::customer_request, 1002);
  d.agent_join("a1", "Anna", 1003);  // agent_joined, then the state
  REQUIRE(d.events().size() == 4);
  REQUIRE(d.agent_say("a1", "x1", "Hi, Anna here", 1004).ok());
  auto refused = d.agent_say("a1", "x2", "One more thing", 1005);
  CHECK(refused.full);
  CHECK(refused.error.find("resolve") != std::string::npos);
  CHECK(d.agent_note("a1", "x3", "note", 1006).full);
  CHECK(d.resolve("a1", 1007).ok());  // the agent can always finish it
}

TEST_CASE("replayed conversations know their size", "[conversation]") {
  Conversation c = small(0);
  c.customer_say("m1", "hello", 1001);
  c.customer_say("m2", "world!", 1002);
  Conversation r = Conversation::replay("c1", "demo", "en", 1000, c.events());
  CHECK(r.text_bytes() == 11);
  r.set_size_limits({2, 0});
  CHECK(r.full());
}

TEST_CASE("the transcript comes in bounded pages that cover every event once", "[conversation]") {
  Conversation c = small(0);
  for (int i = 1; i <= 25; ++i) c.customer_say("m" + std::to_string(i), "message " + std::to_string(i), 1000 + i);
  c.request_human(EscalationReason::customer_request, 2000);
  c.agent_join("a1", "Anna", 2001);
  c.agent_note("a1", "n1", "internal note", 2002);  // agents only
  c.agent_say("a1", "x1", "Hello", 2003);

  Seq after = 0;
  std::vector<Seq> seen;
  int pages = 0;
  for (bool more = true; more && pages < 100; ++pages) {
    Page p = c.page_since(after, /*customer_view=*/true, 10, 1 << 20);
    REQUIRE_FALSE(p.events.empty());
    CHECK(p.events.size() <= 10);
    for (const Event& e : p.events) {
      CHECK(e.kind != EventKind::note);
      seen.push_back(e.seq);
    }
    after = p.events.back().seq;
    more = p.more;
  }
  CHECK(pages == 3);  // 29 visible events (all but the note) in pages of 10
  REQUIRE(seen.size() == 29);
  for (std::size_t i = 1; i < seen.size(); ++i) CHECK(seen[i] > seen[i - 1]);
  CHECK(seen.back() == c.last_seq());

  // Nothing after the last event: an empty page with nothing more.
  Page end = c.page_since(c.last_seq(), true, 10, 1 << 20);
  CHECK(end.events.empty());
  CHECK_FALSE(end.more);
}

TEST_CASE("a page stops at its byte budget but always carries one event", "[conversation]") {
  Conversation c = small(0);
  for (int i = 1; i <= 5; ++i) c.customer_say("m" + std::to_string(i), std::string(1000, 'x'), 1000 + i);
  Page p = c.page_since(0, true, 100, 2500);
  CHECK(p.events.size() == 2);
  CHECK(p.more);
  Page tiny = c.page_since(0, true, 100, 10);
  CHECK(tiny.events.size() == 1);
  CHECK(tiny.more);
}
