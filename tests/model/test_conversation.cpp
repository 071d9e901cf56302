#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>

#include "model/conversation.hpp"

using namespace duet;

namespace {

Conversation fresh() { return Conversation("c1", "demo", "en", 1000); }

// Drives a conversation into each state through legal operations only.
Conversation in_state(State s) {
  Conversation c = fresh();
  c.customer_say("m1", "hello", 1001);
  if (s == State::ai) return c;
  c.request_human(EscalationReason::customer_request, 1002);
  if (s == State::waiting_human) return c;
  if (s == State::offline) {
    c.go_offline(1003);
    return c;
  }
  c.agent_join("a1", "Anna", 1003);
  if (s == State::with_human) return c;
  c.resolve("a1", 1004);
  return c;
}

}  // namespace

TEST_CASE("sequence numbers are per conversation, contiguous and stamped with the injected time", "[conversation]") {
  Conversation c = fresh();
  auto a = c.customer_say("m1", "Where is my refund?", 2000);
  auto b = c.ai_say("Refunds take 3-5 days.", "refund-timing", 0.8, 2001);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a.ack == 1);
  CHECK(c.events()[0].seq == 1);
  CHECK(c.events()[1].seq == 2);
  CHECK(c.events()[1].at == 2001);
  CHECK(c.events()[1].speaker == Speaker::ai);
  CHECK(c.events()[1].article_id == "refund-timing");
  CHECK(c.last_seq() == 2);
}

TEST_CASE("a repeated client id is acknowledged with the original seq and appends nothing", "[conversation]") {
  Conversation c = fresh();
  c.customer_say("m1", "hi", 1);
  c.ai_say("Hello!", "", 0.9, 2);
  auto again = c.customer_say("m1", "hi", 3);
  CHECK(again.ok());
  CHECK(again.duplicate);
  CHECK(again.ack == 1);
  CHECK(again.events.empty());
  CHECK(c.events().size() == 2);
  // The same id from an agent is a different message.
  c.request_human(EscalationReason::customer_request, 4);
  c.agent_join("a1", "Anna", 5);
  auto agent = c.agent_say("a1", "m1", "Hi, Anna here", 6);
  CHECK_FALSE(agent.duplicate);
  CHECK(agent.ack == c.last_seq());
  CHECK(c.agent_say("a1", "m1", "Hi, Anna here", 7).duplicate);
}

TEST_CASE("the happy path: ai -> waiting_human -> with_human -> closed -> rated", "[conversation]") {
  Conversation c = fresh();
  c.customer_say("m1", "I want a person", 10);
  auto req = c.request_human(EscalationReason::customer_request, 11);
  REQUIRE(req.ok());
  REQUIRE(req.events.size() == 1);
  CHECK(c.state() == State::waiting_human);
  CHECK(c.queued_at() == 11);
  CHECK(c.escalation_reason() == EscalationReason::customer_request);

  auto q = c.update_queue(2, 120, 12);
  REQUIRE(q.events.size() == 1);
  CHECK(c.queue_position() == 2);
  CHECK(c.update_queue(2, 120, 13).events.empty());  // unchanged: no event

  auto join = c.agent_join("a1", "Anna", 20);
  REQUIRE(join.ok());
  REQUIRE(join.events.size() == 2);
  CHECK(join.events[0].kind == EventKind::agent_joined);
  CHECK(join.events[0].author == "Anna");
  CHECK(c.state() == State::with_human);
  CHECK(c.agent_name() == "Anna");

  CHECK(c.agent_say("a1", "x1", "Hi, I'm Anna", 21).ok());
  CHECK(c.events().back().author == "Anna");
  CHECK(c.resolve("a1", 30).ok());
  CHECK(c.state() == State::closed);
  CHECK(c.agent_id().empty());
  CHECK(c.rate(5, "great", 31).ok());
  CHECK(c.rated());
  CHECK_FALSE(c.rate(4, "", 32).ok());
}

TEST_CASE("request_human is allowed and idempotent from every state", "[conversation]") {
  for (State s : {State::ai, State::waiting_human, State::with_human, State::offline, State::closed}) {
    DYNAMIC_SECTION("from " << to_string(s)) {
      Conversation c = in_state(s);
      const auto before = c.events().size();
      auto first = c.request_human(EscalationReason::customer_request, 5000);
      CHECK(first.ok());
      auto second = c.request_human(EscalationReason::customer_request, 5001);
      CHECK(second.ok());
      CHECK(second.events.empty());  // the second tap never adds anything
      switch (s) {
        case State::ai:
        case State::offline:
          CHECK(c.state() == State::waiting_human);
          CHECK(c.events().size() == before + 1);
          break;
        case State::waiting_human:
        case State::with_human:
          CHECK(c.state() == s);
          CHECK(c.events().size() == before);
          break;
        case State::closed:
          CHECK(first.follow_up);
          CHECK(c.state() == State::closed);
          break;
      }
    }
  }
}

TEST_CASE("asked for a human while nobody can serve: straight to offline, back to the queue when someone can",
          "[conversation]") {
  Conversation c = in_state(State::ai);
  auto asked = c.request_human(EscalationReason::customer_request, 5000, /*humans_reachable=*/false);
  REQUIRE(asked.ok());
  // One state event, offline: never "in the queue" followed at once by "no one is available".
  REQUIRE(asked.events.size() == 1);
  CHECK(asked.events[0].state == State::offline);
  CHECK(asked.events[0].reason == EscalationReason::customer_request);
  CHECK(c.request_human(EscalationReason::customer_request, 5001, false).events.empty());
  CHECK(c.back_to_queue(5002).events.size() == 1);
  CHECK(c.state() == State::waiting_human);
  CHECK(c.escalation_reason() == EscalationReason::customer_request);
  CHECK(c.back_to_queue(5003).events.empty());  // only from offline
  Conversation replayed = Conversation::replay("c1", "demo", "en", 1000, c.events());
  CHECK(replayed.state() == State::waiting_human);
}

TEST_CASE("the customer's open question: their last message when nobody has written since", "[conversation]") {
  Conversation c = in_state(State::with_human);  // "hello" from the customer, then Anna joined
  REQUIRE(c.unanswered_customer_message() != nullptr);
  CHECK(c.unanswered_customer_message()->text == "hello");
  c.agent_say("a1", "r1", "Hi, how can I help?", 2000);
  CHECK(c.unanswered_customer_message() == nullptr);
  c.customer_say("m2", "How long does a refund take?", 2001);
  c.agent_note("a1", "n1", "policy question, back to the AI", 2002);
  c.return_to_ai("a1", 2003);
  // Notes, the agent leaving and the state change answer nothing: the question is still open.
  REQUIRE(c.unanswered_customer_message() != nullptr);
  CHECK(c.unanswered_customer_message()->text == "How long does a refund take?");
  c.ai_say("Refunds take 3-5 days.", "refund-timing", 0.9, 2004);
  CHECK(c.unanswered_customer_message() == nullptr);
}

TEST_CASE("before the first message the customer can already ask for a human", "[conversation]") {
  Conversation c = fresh();
  CHECK(c.request_human(EscalationReason::customer_request, 1).ok());
  CHECK(c.state() == State::waiting_human);
}

TEST_CASE("a follow-up of a closed conversation goes straight to the queue with its context", "[conversation]") {
  Conversation c = in_state(State::closed);
  Context ctx;
  ctx.order_id = "A-1";
  c.set_context(ctx);
  Conversation next = Conversation::follow_up(c, "c2", 9000);
  CHECK(next.id() == "c2");
  CHECK(next.previous_id() == "c1");
  CHECK(next.state() == State::waiting_human);
  CHECK(next.context().order_id == "A-1");
}

TEST_CASE("illegal transitions are rejected with a reason and change nothing", "[conversation]") {
  struct Case {
    State from;
    const char* what;
    std::function<Outcome(Conversation&)> op;
  };
  const std::vector<Case> cases = {
      {State::with_human, "ai_say with a human", [](Conversation& c) { return c.ai_say("x", "", 1, 9); }},
      {State::with_human, "leave_queue with a human", [](Conversation& c) { return c.leave_queue(9); }},
      {State::with_human, "ai_say with a human", [](Conversation& c) { return c.ai_say("x", "", 1, 9); }},
      {State::closed, "ai_say when closed", [](Conversation& c) { return c.ai_say("x", "", 1, 9); }},
      {State::with_human, "offer while with a human", [](Conversation& c) { return c.offer_human(EscalationReason::frustration, 9); }},
      {State::ai, "agent_say without an agent", [](Conversation& c) { return c.agent_say("a1", "z", "x", 9); }},
      {State::with_human, "agent_say by another agent", [](Conversation& c) { return c.agent_say("a2", "z", "x", 9); }},
      {State::with_human, "note by another agent", [](Conversation& c) { return c.agent_note("a2", "z", "x", 9); }},
      {State::ai, "resolve without an agent", [](Conversation& c) { return c.resolve("a1", 9); }},
      {State::waiting_human, "return_to_ai while waiting", [](Conversation& c) { return c.return_to_ai("a1", 9); }},
      {State::with_human, "transfer by another agent", [](Conversation& c) { return c.transfer("a2", 9); }},
      {State::ai, "go_offline from ai", [](Conversation& c) { return c.go_offline(9); }},
      {State::with_human, "go_offline with a human", [](Conversation& c) { return c.go_offline(9); }},
      {State::ai, "agent_join without a request", [](Conversation& c) { return c.agent_join("a1", "Anna", 9); }},
      {State::with_human, "a second agent joins", [](Conversation& c) { return c.agent_join("a2", "Bo", 9); }},
      {State::closed, "agent_join when closed", [](Conversation& c) { return c.agent_join("a1", "Anna", 9); }},
      {State::ai, "rate before the end", [](Conversation& c) { return c.rate(5, "", 9); }},
      {State::closed, "rate out of range", [](Conversation& c) { return c.rate(6, "", 9); }},
      {State::closed, "rate zero", [](Conversation& c) { return c.rate(0, "", 9); }},
      {State::closed, "customer_say when closed", [](Conversation& c) { return c.customer_say("new", "hi", 9); }},
      {State::ai, "empty text", [](Conversation& c) { return c.customer_say("new", "", 9); }},
      {State::ai, "empty client id", [](Conversation& c) { return c.customer_say("", "hi", 9); }},
      {State::offline, "leave_message without contact", [](Conversation& c) { return c.leave_message("lm", "", "call me", 9); }},
      {State::ai, "update_queue when not waiting", [](Conversation& c) { return c.update_queue(1, 60, 9); }},
      {State::waiting_human, "agent_lost without an agent", [](Conversation& c) { return c.agent_lost(9); }},
  };
  for (const auto& k : cases) {
    DYNAMIC_SECTION(k.what) {
      Conversation c = in_state(k.from);
      const auto before = c.events();
      const State state = c.state();
      Outcome o = k.op(c);
      CHECK_FALSE(o.ok());
      CHECK_FALSE(o.error.empty());
      CHECK(o.events.empty());
      CHECK(c.events() == before);
      CHECK(c.state() == state);
    }
  }
}

TEST_CASE("return to AI leaves a marker so older context is not considered again", "[conversation]") {
  Conversation c = in_state(State::with_human);
  c.agent_say("a1", "x1", "Sorted, handing you back", 2000);
  auto back = c.return_to_ai("a1", 2001);
  REQUIRE(back.ok());
  CHECK(c.state() == State::ai);
  CHECK(c.agent_id().empty());
  c.customer_say("m2", "one more question", 2002);
  auto recent = c.since_ai_resumed();
  REQUIRE(recent.size() == 2);
  CHECK(recent[0].kind == EventKind::state);
  CHECK(recent[1].text == "one more question");
  CHECK(c.ai_say("Sure", "", 0.7, 2003).ok());
}

TEST_CASE("an agent lost past the grace period puts the customer back at their old place", "[conversation]") {
  Conversation c = in_state(State::with_human);
  const TimeMs queued = c.queued_at();
  REQUIRE(c.agent_lost(5000).ok());
  CHECK(c.state() == State::waiting_human);
  CHECK(c.queued_at() == queued);
  CHECK(c.escalation_reason() == EscalationReason::agent_lost);
  CHECK(c.agent_join("a2", "Bo", 5001).ok());
  CHECK(c.transfer("a2", 5002).ok());
  CHECK(c.queued_at() == 5002);
  CHECK(c.escalation_reason() == EscalationReason::transfer);
}

TEST_CASE("internal notes never reach the customer's view", "[conversation]") {
  Conversation c = in_state(State::with_human);
  REQUIRE(c.agent_note("a1", "n1", "customer seems confused about fees", 3000).ok());
  c.agent_say("a1", "s1", "Hello!", 3001);
  for (const Event& e : c.events_since(0, true)) CHECK(e.kind != EventKind::note);
  auto all = c.events_since(0, false);
  CHECK(std::any_of(all.begin(), all.end(), [](const Event& e) { return e.kind == EventKind::note; }));
}

TEST_CASE("events_since returns only what the client has not seen", "[conversation]") {
  Conversation c = fresh();
  for (int i = 0; i < 5; ++i) c.customer_say("m" + std::to_string(i), "msg", i);
  auto tail = c.events_since(3, true);
  REQUIRE(tail.size() == 2);
  CHECK(tail[0].seq == 4);
  CHECK(c.events_since(5, true).empty());
  CHECK(c.events_since(0, true).size() == 5);
}

TEST_CASE("replay from stored events rebuilds state, agent, dedupe and rating", "[conversation]") {
  Conversation c = in_state(State::with_human);
  c.agent_say("a1", "s1", "Hello", 4000);
  c.customer_say("m9", "thanks", 4001);
  Conversation r = Conversation::replay("c1", "demo", "en", 1000, c.events());
  CHECK(r.state() == State::with_human);
  CHECK(r.agent_id() == "a1");
  CHECK(r.agent_name() == "Anna");
  CHECK(r.last_seq() == c.last_seq());
  CHECK(r.queued_at() == c.queued_at());
  CHECK(r.customer_say("m9", "thanks", 5000).duplicate);
  CHECK(r.agent_say("a1", "s1", "Hello", 5000).duplicate);

  Conversation closed = in_state(State::closed);
  closed.rate(4, "", 6000);
  Conversation r2 = Conversation::replay("c1", "demo", "en", 1000, closed.events());
  CHECK(r2.state() == State::closed);
  CHECK(r2.rated());
}

TEST_CASE("offline: the customer leaves a message and a human can pick it up later", "[conversation]") {
  Conversation c = in_state(State::offline);
  auto left = c.leave_message("lm1", "kim@example.com", "Please call me about order 123", 7000);
  REQUIRE(left.ok());
  CHECK(left.events[0].kind == EventKind::offline_message);
  CHECK(left.events[0].contact == "kim@example.com");
  CHECK(c.leave_message("lm1", "kim@example.com", "Please call me about order 123", 7001).duplicate);
  CHECK(c.agent_join("a1", "Anna", 8000).ok());
  CHECK(c.state() == State::with_human);
}

TEST_CASE("the customer can end the conversation from any open state", "[conversation]") {
  for (State s : {State::ai, State::waiting_human, State::with_human, State::offline}) {
    DYNAMIC_SECTION("from " << to_string(s)) {
      Conversation c = in_state(s);
      CHECK(c.end(9000).ok());
      CHECK(c.state() == State::closed);
      CHECK(c.end(9001).events.empty());
    }
  }
}

TEST_CASE("the assistant keeps helping while the customer waits, and the customer may leave the queue", "[conversation]") {
  Conversation c = in_state(State::waiting_human);
  const TimeMs queued = c.queued_at();
  auto said = c.ai_say("Refunds take 3-5 business days.", "refund-timing", 0.8, 5000);
  REQUIRE(said.ok());
  CHECK(c.state() == State::waiting_human);
  CHECK(c.queued_at() == queued);  // the place is kept
  auto greeting = c.ai_say("Hi!", "", 1, 5001, DialogueAct::greeting);
  REQUIRE(greeting.ok());
  CHECK(greeting.events.at(0).act == DialogueAct::greeting);

  auto left = c.leave_queue(6000);
  REQUIRE(left.ok());
  REQUIRE(left.events.size() == 1);
  CHECK(left.events[0].kind == EventKind::state);
  CHECK(c.state() == State::ai);
  CHECK(c.leave_queue(6001).events.empty());  // idempotent

  const Conversation again = Conversation::replay(c.id(), c.site(), c.language(), c.created_at(), c.events());
  CHECK(again.state() == State::ai);
  CHECK(again.events() == c.events());
}
