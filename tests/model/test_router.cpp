// Router: fairness, capacity, language and skills, positions, honest estimates, the offline path.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "model/router.hpp"

using namespace duet;

namespace {

AgentInfo make_agent(std::string id, std::vector<std::string> languages, int capacity = 3,
                     std::vector<std::string> skills = {}, bool available = true) {
  AgentInfo a;
  a.id = id;
  a.name = "Agent " + id;
  a.languages = std::move(languages);
  a.skills = std::move(skills);
  a.capacity = capacity;
  a.available = available;
  return a;
}

WaitingCustomer waiting(std::string conversation, TimeMs since, std::string language = "en",
                        std::string intent = "general") {
  return WaitingCustomer{std::move(conversation), std::move(language), std::move(intent), since};
}

// Gives `agent_id` a finished conversation that took `ms`, ending at `end`.
void record_handling(Router& r, const std::string& agent_id, const std::string& conversation, TimeMs ms,
                     TimeMs end = 1'000'000) {
  r.assigned(agent_id, conversation, end - ms);
  r.finished(agent_id, conversation, end);
}

std::vector<std::string> agents_of(const std::vector<Assignment>& as) {
  std::vector<std::string> out;
  for (const auto& a : as) out.push_back(a.agent_id);
  return out;
}

std::vector<std::string> conversations_of(const std::vector<Assignment>& as) {
  std::vector<std::string> out;
  for (const auto& a : as) out.push_back(a.conversation);
  return out;
}

}  // namespace

TEST_CASE("router: longest wait is served first", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  r.enqueue(waiting("late", 300));
  r.enqueue(waiting("early", 100));
  r.enqueue(waiting("middle", 200));

  const auto q = r.queue();
  REQUIRE(q.size() == 3);
  CHECK(q[0].conversation == "early");
  CHECK(q[1].conversation == "middle");
  CHECK(q[2].conversation == "late");

  const auto as = r.assign(1000);
  REQUIRE(as.size() == 1);
  CHECK(as[0].conversation == "early");
  CHECK(as[0].agent_id == "a");
}

TEST_CASE("router: equal waits are ordered by conversation id", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  r.enqueue(waiting("c-2", 100));
  r.enqueue(waiting("c-1", 100));
  CHECK(r.queue()[0].conversation == "c-1");
  CHECK(r.assign(500)[0].conversation == "c-1");
}

TEST_CASE("router: the least-loaded agent who fits gets the customer", "[router]") {
  Router r;
  r.upsert_agent(make_agent("busy", {"en"}, 3));
  r.upsert_agent(make_agent("quiet", {"en"}, 3));
  r.assigned("busy", "x1", 10);
  r.assigned("busy", "x2", 20);
  r.assigned("quiet", "y1", 30);
  REQUIRE(r.load("busy") == 2);
  REQUIRE(r.load("quiet") == 1);

  r.enqueue(waiting("c1", 100));
  const auto as = r.assign(200);
  REQUIRE(as.size() == 1);
  CHECK(as[0].agent_id == "quiet");
}

TEST_CASE("router: equal loads go to the agent idle longest, then by id", "[router]") {
  SECTION("idle longest wins over id order") {
    Router r;
    r.upsert_agent(make_agent("a", {"en"}));
    r.upsert_agent(make_agent("b", {"en"}));
    record_handling(r, "a", "old-a", 1000, 9000);  // a finished at 9000
    record_handling(r, "b", "old-b", 1000, 5000);  // b finished earlier: idle longer
    r.enqueue(waiting("c1", 100));
    CHECK(agents_of(r.assign(10'000)) == std::vector<std::string>{"b"});
  }
  SECTION("an agent never assigned counts as idle longest") {
    Router r;
    r.upsert_agent(make_agent("a", {"en"}));
    r.upsert_agent(make_agent("z", {"en"}));
    record_handling(r, "a", "old-a", 1000, 5000);
    r.enqueue(waiting("c1", 100));
    CHECK(agents_of(r.assign(10'000)) == std::vector<std::string>{"z"});
  }
  SECTION("all equal: lowest id, and one pass spreads the work") {
    Router r;
    r.upsert_agent(make_agent("b", {"en"}));
    r.upsert_agent(make_agent("a", {"en"}));
    r.upsert_agent(make_agent("c", {"en"}));
    for (int i = 0; i < 4; ++i) r.enqueue(waiting("c" + std::to_string(i), 100 + i));
    CHECK(agents_of(r.assign(1000)) == std::vector<std::string>{"a", "b", "c", "a"});
  }
}

TEST_CASE("router: capacity is never exceeded", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 2));
  r.upsert_agent(make_agent("b", {"en"}, 3));
  r.assigned("a", "existing", 0);
  for (int i = 0; i < 10; ++i) r.enqueue(waiting("c" + std::to_string(i), 100 + i));

  const auto as = r.assign(1000);
  int to_a = 0, to_b = 0;
  for (const auto& x : as) (x.agent_id == "a" ? to_a : to_b)++;
  CHECK(to_a == 1);  // capacity 2, load 1
  CHECK(to_b == 3);
  CHECK(as.size() == 4);
  // The longest waiting four are the ones served.
  CHECK(conversations_of(as) == std::vector<std::string>{"c0", "c1", "c2", "c3"});

  SECTION("capacity lowered below the load: nothing new, nothing negative") {
    r.set_available("b", true, 0);
    r.set_available("a", true, 1);
    CHECK(r.assign(2000).empty());
  }
  SECTION("acting on the assignments fills everyone up") {
    for (const auto& x : as) {
      REQUIRE(r.dequeue(x.conversation));
      r.assigned(x.agent_id, x.conversation, 1000);
    }
    CHECK(r.load("a") == 2);
    CHECK(r.load("b") == 3);
    CHECK(r.assign(1500).empty());
    r.finished("b", "c0", 2000);
    CHECK(r.assign(2500).size() == 1);
  }
}

TEST_CASE("router: language matches on the primary subtag", "[router]") {
  Router r;
  r.upsert_agent(make_agent("en1", {"en"}));
  r.upsert_agent(make_agent("sv1", {"SV"}));
  r.enqueue(waiting("swede", 100, "sv-SE"));
  r.enqueue(waiting("brit", 200, "en-GB"));
  r.enqueue(waiting("blank", 300, ""));  // an empty locale means English

  const auto as = r.assign(1000);
  REQUIRE(as.size() == 3);
  CHECK(as[0].conversation == "swede");
  CHECK(as[0].agent_id == "sv1");
  CHECK(as[1].agent_id == "en1");
  CHECK(as[2].agent_id == "en1");
}

TEST_CASE("router: English agents take other languages only when nobody speaks them", "[router]") {
  Router r;
  r.upsert_agent(make_agent("en1", {"en"}));
  r.enqueue(waiting("finn", 100, "fi"));

  SECTION("no Finnish agent exists: an English agent takes them") {
    CHECK(r.has_agent_for("fi", "general"));
    CHECK(r.can_serve("fi", "general"));
    REQUIRE(r.assign(1000).size() == 1);
    CHECK(r.assign(1000)[0].agent_id == "en1");
  }
  SECTION("a Finnish agent exists but is away: nobody takes them now") {
    r.upsert_agent(make_agent("fi1", {"fi"}, 3, {}, false));
    CHECK(r.assign(1000).empty());
    CHECK_FALSE(r.can_serve("fi", "general"));
    CHECK(r.has_agent_for("fi", "general"));
    r.set_available("fi1", true, 2);
    REQUIRE(r.assign(1000).size() == 1);
    CHECK(r.assign(1000)[0].agent_id == "fi1");
  }
  SECTION("an English agent never takes a language whose speakers are all full") {
    r.upsert_agent(make_agent("fi1", {"fi"}, 1));
    r.assigned("fi1", "other", 0);
    CHECK(r.assign(1000).empty());
  }
}

TEST_CASE("router: skilled intents need the skill, others only the language", "[router]") {
  Router r;
  r.set_skilled_intents({"fraud", "dispute"});
  r.upsert_agent(make_agent("generalist", {"en"}, 1));
  r.enqueue(waiting("scam", 100, "en", "fraud"));
  r.enqueue(waiting("refund", 200, "en", "refund"));

  SECTION("no fraud agent: the fraud case waits, the general one does not") {
    const auto as = r.assign(1000);
    REQUIRE(as.size() == 1);
    CHECK(as[0].conversation == "refund");
    CHECK_FALSE(r.can_serve("en", "fraud"));
    CHECK_FALSE(r.has_agent_for("en", "fraud"));
    CHECK(r.can_serve("en", "refund"));
  }
  SECTION("a fraud specialist takes the fraud case") {
    r.upsert_agent(make_agent("specialist", {"en"}, 1, {"fraud"}));
    const auto as = r.assign(1000);
    REQUIRE(as.size() == 2);
    CHECK(as[0].conversation == "scam");
    CHECK(as[0].agent_id == "specialist");
    CHECK(as[1].agent_id == "generalist");
  }
  SECTION("the skill does not replace the language") {
    r.upsert_agent(make_agent("de-fraud", {"de"}, 1, {"fraud"}));
    r.enqueue(waiting("betrug", 50, "de", "fraud"));
    const auto as = r.assign(1000);
    REQUIRE(as.size() == 2);
    CHECK(as[0].conversation == "betrug");
    CHECK(as[0].agent_id == "de-fraud");
    CHECK(as[1].conversation == "refund");  // "scam" (English fraud) has nobody
  }
  SECTION("specialists also take general intents") {
    r.set_available("generalist", false, 1);
    r.upsert_agent(make_agent("specialist", {"en"}, 2, {"dispute"}));
    const auto as = r.assign(1000);
    REQUIRE(as.size() == 1);
    CHECK(as[0].conversation == "refund");
    CHECK(as[0].agent_id == "specialist");
  }
}

TEST_CASE("router: unavailable agents are skipped and set_available changes that", "[router]") {
  Router r;
  r.upsert_agent(make_agent("away", {"en"}, 3, {}, false));
  r.upsert_agent(make_agent("here", {"en"}, 1));
  r.enqueue(waiting("c1", 100));
  r.enqueue(waiting("c2", 200));

  auto as = r.assign(1000);
  REQUIRE(as.size() == 1);
  CHECK(as[0].agent_id == "here");

  r.set_available("away", true, 2);
  REQUIRE(r.agent("away") != nullptr);
  CHECK(r.agent("away")->available);
  CHECK(r.agent("away")->capacity == 2);
  as = r.assign(1000);
  REQUIRE(as.size() == 2);
  CHECK(as[0].agent_id == "away");  // both idle and empty: "away" < "here"
  CHECK(as[1].agent_id == "here");

  r.set_available("here", false, 1);
  r.set_available("away", false, 2);
  CHECK(r.assign(1000).empty());
  CHECK_FALSE(r.can_serve("en", "general"));

  SECTION("available with capacity 0 takes nobody") {
    r.set_available("here", true, 0);
    CHECK(r.assign(1000).empty());
    CHECK_FALSE(r.can_serve("en", "general"));
  }
}

TEST_CASE("router: agents can be listed, updated and removed", "[router]") {
  Router r;
  r.upsert_agent(make_agent("b", {"en"}));
  r.upsert_agent(make_agent("a", {"sv"}));
  auto all = r.agents();
  REQUIRE(all.size() == 2);
  CHECK(all[0].id == "a");
  CHECK(all[1].id == "b");

  r.assigned("b", "conv", 10);
  r.upsert_agent(make_agent("b", {"en", "de"}, 5));  // profile update keeps the load
  CHECK(r.load("b") == 1);
  CHECK(r.agent("b")->capacity == 5);
  CHECK(r.has_agent_for("de", "general"));

  r.remove_agent("b");
  CHECK(r.agent("b") == nullptr);
  CHECK(r.load("b") == 0);
  CHECK(r.agents().size() == 1);
}

TEST_CASE("router: bad input is ignored, never a crash", "[router]") {
  Router r;
  r.upsert_agent(make_agent("", {"en"}));  // no id
  CHECK(r.agents().empty());
  r.set_available("ghost", true, 3);
  r.assigned("ghost", "c", 1);
  r.finished("ghost", "c", 2);
  r.remove_agent("ghost");
  CHECK(r.load("ghost") == 0);
  CHECK(r.agent("ghost") == nullptr);

  r.upsert_agent(make_agent("neg", {"en"}, -4));
  CHECK(r.agent("neg")->capacity == 0);
  r.set_available("neg", true, -1);
  CHECK(r.agent("neg")->capacity == 0);

  r.enqueue(waiting("", 10));  // no conversation id
  CHECK(r.queue().empty());
  CHECK_FALSE(r.dequeue("nobody"));
  CHECK(r.position("nobody") == 0);
  CHECK_FALSE(r.estimate_s("nobody", 0).has_value());

  // Finishing a conversation the agent never had records no handling time.
  r.set_available("neg", true, 1);
  r.finished("neg", "never-assigned", 100);
  r.enqueue(waiting("c1", 10));
  CHECK_FALSE(r.estimate_s("c1", 20).has_value());
}

TEST_CASE("router: enqueue is idempotent and keeps the original since", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  r.enqueue(waiting("first", 100));
  r.enqueue(waiting("second", 200));
  r.enqueue(waiting("first", 900));  // asked again later: keeps its place
  r.enqueue(waiting("first", 900));

  const auto q = r.queue();
  REQUIRE(q.size() == 2);
  CHECK(q[0].conversation == "first");
  CHECK(q[0].since == 100);
  CHECK(r.position("first") == 1);
  CHECK(r.position("second") == 2);
  CHECK(r.assign(1000)[0].conversation == "first");

  SECTION("a repeated enqueue may update the language") {
    r.upsert_agent(make_agent("s", {"sv"}, 1));
    r.enqueue(waiting("first", 900, "sv"));
    REQUIRE(r.queue()[0].since == 100);
    CHECK(r.queue()[0].language == "sv");
    CHECK(r.position("second") == 1);  // no longer competes with "first"
  }
}

TEST_CASE("router: dequeue removes and reports whether it did", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  r.enqueue(waiting("c1", 100));
  r.enqueue(waiting("c2", 200));
  CHECK(r.dequeue("c1"));
  CHECK_FALSE(r.dequeue("c1"));
  CHECK(r.position("c1") == 0);
  CHECK(r.position("c2") == 1);
  REQUIRE(r.queue().size() == 1);
  CHECK(r.assign(1000)[0].conversation == "c2");
}

TEST_CASE("router: positions count only customers who compete for the same agents", "[router]") {
  SECTION("languages form separate lines") {
    Router r;
    r.upsert_agent(make_agent("en1", {"en"}));
    r.upsert_agent(make_agent("sv1", {"sv"}));
    r.enqueue(waiting("e1", 10, "en"));
    r.enqueue(waiting("s1", 20, "sv"));
    r.enqueue(waiting("e2", 30, "en-US"));
    r.enqueue(waiting("s2", 40, "sv-FI"));
    CHECK(r.position("e1") == 1);
    CHECK(r.position("s1") == 1);
    CHECK(r.position("e2") == 2);
    CHECK(r.position("s2") == 2);
  }
  SECTION("a bilingual agent joins the lines") {
    Router r;
    r.upsert_agent(make_agent("both", {"en", "sv"}));
    r.enqueue(waiting("e1", 10, "en"));
    r.enqueue(waiting("s1", 20, "sv"));
    CHECK(r.position("s1") == 2);
  }
  SECTION("skilled cases compete with general ones for the specialists") {
    Router r;
    r.set_skilled_intents({"fraud"});
    r.upsert_agent(make_agent("generalist", {"en"}));
    r.upsert_agent(make_agent("specialist", {"en"}, 3, {"fraud"}));
    r.enqueue(waiting("f1", 10, "en", "fraud"));
    r.enqueue(waiting("g1", 20, "en", "refund"));
    r.enqueue(waiting("f2", 30, "en", "fraud"));
    r.enqueue(waiting("s1", 40, "sv", "refund"));  // nobody speaks Swedish: English agents take it
    CHECK(r.position("f1") == 1);
    CHECK(r.position("g1") == 2);  // f1 may take the specialist g1 could have had
    CHECK(r.position("f2") == 3);
    CHECK(r.position("s1") == 4);
  }
  SECTION("specialists with disjoint skills form separate lines") {
    Router r;
    r.set_skilled_intents({"fraud", "dispute"});
    r.upsert_agent(make_agent("f", {"en"}, 3, {"fraud"}));
    r.upsert_agent(make_agent("d", {"en"}, 3, {"dispute"}));
    r.enqueue(waiting("f1", 10, "en", "fraud"));
    r.enqueue(waiting("d1", 20, "en", "dispute"));
    r.enqueue(waiting("f2", 30, "en", "fraud"));
    CHECK(r.position("d1") == 1);
    CHECK(r.position("f2") == 2);
  }
  SECTION("nobody fits: customers who need the same thing line up together") {
    Router r;
    r.set_skilled_intents({"fraud", "dispute"});
    r.upsert_agent(make_agent("generalist", {"en"}));
    r.enqueue(waiting("f1", 10, "en", "fraud"));
    r.enqueue(waiting("d1", 20, "en", "dispute"));
    r.enqueue(waiting("f2", 30, "en-GB", "fraud"));
    CHECK(r.position("f1") == 1);
    CHECK(r.position("d1") == 1);
    CHECK(r.position("f2") == 2);
  }
  SECTION("no agents at all: everyone waits for the English fallback, in one line") {
    Router r;
    r.enqueue(waiting("a", 10, "fi"));
    r.enqueue(waiting("b", 20, "en"));
    r.enqueue(waiting("c", 30, "de"));
    CHECK(r.position("a") == 1);
    CHECK(r.position("b") == 2);
    CHECK(r.position("c") == 3);
  }
}

TEST_CASE("router: no estimate without handling data", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  r.assigned("a", "busy", 0);  // assigned but not finished: no handling time yet
  r.enqueue(waiting("c1", 100));
  CHECK(r.position("c1") == 1);
  CHECK_FALSE(r.estimate_s("c1", 1000).has_value());
}

TEST_CASE("router: estimates come from the median of recent handling times", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  record_handling(r, "a", "h1", 60'000);
  record_handling(r, "a", "h2", 180'000);
  record_handling(r, "a", "h3", 120'000);  // median 120 s
  r.assigned("a", "busy", 1'000'000);         // the only slot is taken
  for (int i = 1; i <= 3; ++i) r.enqueue(waiting("c" + std::to_string(i), 2'000'000 + i));

  SECTION("one busy slot: each customer waits one more handling time") {
    CHECK(r.estimate_s("c1", 2'100'000) == 120);
    CHECK(r.estimate_s("c2", 2'100'000) == 240);
    CHECK(r.estimate_s("c3", 2'100'000) == 360);
  }
  SECTION("two busy slots halve the rounds") {
    r.upsert_agent(make_agent("b", {"en"}, 1));
    r.assigned("b", "busy-b", 1'000'000);
    CHECK(r.estimate_s("c1", 2'100'000) == 120);
    CHECK(r.estimate_s("c2", 2'100'000) == 120);
    CHECK(r.estimate_s("c3", 2'100'000) == 240);
  }
  SECTION("a free slot serves the first at once; the rest wait for turnover") {
    r.set_available("a", true, 2);  // capacity 2, load 1: one free slot
    CHECK(r.estimate_s("c1", 2'100'000) == 0);
    CHECK(r.estimate_s("c2", 2'100'000) == 120);  // ceil(1 / 2) rounds
    CHECK(r.estimate_s("c3", 2'100'000) == 120);  // ceil(2 / 2) rounds
  }
  SECTION("unavailable agents add no capacity") {
    r.upsert_agent(make_agent("b", {"en"}, 5, {}, false));
    CHECK(r.estimate_s("c3", 2'100'000) == 360);
  }
  SECTION("an even number of samples takes the middle of the two") {
    record_handling(r, "a", "h4", 150'000);  // 60, 120, 150, 180 -> 135 s
    CHECK(r.estimate_s("c1", 2'100'000) == 135);
  }
  SECTION("seconds are rounded up") {
    Router q;
    q.upsert_agent(make_agent("a", {"en"}, 1));
    record_handling(q, "a", "h", 1'500);
    q.assigned("a", "busy", 0);
    q.enqueue(waiting("c", 10));
    CHECK(q.estimate_s("c", 20) == 2);
  }
}

TEST_CASE("router: only the last 50 handling times count", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  for (int i = 0; i < 50; ++i) record_handling(r, "a", "slow" + std::to_string(i), 1'000'000);
  r.assigned("a", "busy", 0);
  r.enqueue(waiting("c", 10));
  CHECK(r.estimate_s("c", 20) == 1000);
  for (int i = 0; i < 26; ++i) record_handling(r, "a", "fast" + std::to_string(i), 10'000);
  CHECK(r.estimate_s("c", 20) == 10);  // 26 fast of the last 50: the median is fast
  for (int i = 0; i < 24; ++i) record_handling(r, "a", "more" + std::to_string(i), 10'000);
  CHECK(r.estimate_s("c", 20) == 10);  // the slow ones are gone entirely
  record_handling(r, "a", "one-slow", 1'000'000);
  CHECK(r.estimate_s("c", 20) == 10);
}

TEST_CASE("router: nobody fits is the offline case", "[router]") {
  Router r;
  r.set_skilled_intents({"fraud"});
  r.upsert_agent(make_agent("sv-away", {"sv"}, 3, {}, false));
  r.upsert_agent(make_agent("en-general", {"en"}, 3));
  record_handling(r, "en-general", "h", 60'000);  // there is data, so a missing estimate means "nobody"
  r.enqueue(waiting("swede", 100, "sv"));
  r.enqueue(waiting("scam", 200, "en", "fraud"));

  CHECK_FALSE(r.can_serve("sv", "general"));
  CHECK(r.has_agent_for("sv", "general"));     // a Swedish agent will be back: leave a message
  CHECK_FALSE(r.can_serve("en", "fraud"));
  CHECK_FALSE(r.has_agent_for("en", "fraud"));  // nobody handles fraud at all
  CHECK(r.assign(1000).empty());
  CHECK_FALSE(r.estimate_s("swede", 1000).has_value());
  CHECK_FALSE(r.estimate_s("scam", 1000).has_value());
  CHECK(r.position("swede") == 1);
  CHECK(r.position("scam") == 1);

  SECTION("an empty router can serve nobody") {
    Router empty;
    CHECK_FALSE(empty.can_serve("en", "general"));
    CHECK_FALSE(empty.has_agent_for("en", "general"));
    CHECK(empty.assign(0).empty());
  }
}

TEST_CASE("router: assignment is deterministic and pure", "[router]") {
  const auto build = [](bool reversed) {
    Router r;
    r.set_skilled_intents({"dispute"});
    std::vector<AgentInfo> agents = {make_agent("a", {"en", "sv"}, 2), make_agent("b", {"en"}, 1),
                                     make_agent("c", {"de", "en"}, 2, {"dispute"}),
                                     make_agent("d", {"sv"}, 1)};
    std::vector<WaitingCustomer> customers = {
        waiting("w1", 10, "sv"), waiting("w2", 10, "en", "dispute"), waiting("w3", 20, "de"),
        waiting("w4", 30, "en"), waiting("w5", 40, "sv-SE"), waiting("w6", 50, "en"),
        waiting("w7", 60, "fr")};
    if (reversed) {
      std::reverse(agents.begin(), agents.end());
      std::reverse(customers.begin(), customers.end());
    }
    for (const auto& a : agents) r.upsert_agent(a);
    for (const auto& c : customers) r.enqueue(c);
    return r;
  };
  const Router forward = build(false);
  const Router backward = build(true);
  const auto as = forward.assign(1000);
  REQUIRE(as.size() == 6);  // total free capacity
  CHECK(conversations_of(as) == conversations_of(backward.assign(1000)));
  CHECK(agents_of(as) == agents_of(backward.assign(1000)));
  CHECK(agents_of(as) == agents_of(forward.assign(1000)));  // const: nothing changed by assigning
  CHECK(forward.queue().size() == 7);
  // The exact plan: w1 sv -> a, w2 dispute -> c, w3 de -> c, w4 en -> b, w5 sv -> d, w6 en -> a.
  CHECK(conversations_of(as) == std::vector<std::string>{"w1", "w2", "w3", "w4", "w5", "w6"});
  CHECK(agents_of(as) == std::vector<std::string>{"a", "c", "c", "b", "d", "a"});
}

TEST_CASE("router: standings() gives every waiting customer the position and estimate asked one by one", "[router]") {
  std::mt19937 rng(7);  // raw engine output only: the same cases natively and in WebAssembly
  const std::vector<std::string> languages = {"en", "sv", "de", "fi"};
  const std::vector<std::string> intents = {"general", "refund", "fraud", "dispute"};
  for (int round = 0; round < 60; ++round) {
    Router r;
    r.set_skilled_intents({"fraud", "dispute"});
    const int agents = static_cast<int>(rng() % 6);
    for (int a = 0; a < agents; ++a) {
      std::vector<std::string> langs = {languages[rng() % languages.size()]};
      if (rng() % 2) langs.push_back(languages[rng() % languages.size()]);
      std::vector<std::string> skills;
      if (rng() % 3 == 0) skills.push_back(intents[2 + rng() % 2]);
      const std::string id = "a" + std::to_string(a);
      r.upsert_agent(make_agent(id, langs, static_cast<int>(rng() % 4), skills, rng() % 4 != 0));
      for (unsigned busy = rng() % 3; busy > 0; --busy) r.assigned(id, id + "-busy" + std::to_string(busy), 10);
      if (rng() % 2) record_handling(r, id, id + "-done", 60'000 + static_cast<TimeMs>(rng() % 600'000));
    }
    const int queued = static_cast<int>(rng() % 40);
    for (int q = 0; q < queued; ++q)
      r.enqueue(waiting("c" + std::to_string(q), static_cast<TimeMs>(rng() % 1000),
                        languages[rng() % languages.size()], intents[rng() % intents.size()]));
    const auto all = r.standings(5'000'000);
    const auto queue = r.queue();
    REQUIRE(all.size() == queue.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      INFO("round " << round << ", " << all[i].conversation);
      CHECK(all[i].conversation == queue[i].conversation);
      CHECK(all[i].position == r.position(all[i].conversation));
      CHECK(all[i].estimate_s == r.estimate_s(all[i].conversation, 5'000'000));
    }
  }
}

TEST_CASE("router: offers hold a slot (load), yet the agent can still serve", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 1));
  r.enqueue(waiting("c0", 5));
  r.offer("c0", "a", 50);  // an offer waits for the agent's accept
  CHECK(r.reserved("a") == 1);
  CHECK(r.queue().empty());  // offered: out of the queue
  r.enqueue(waiting("c1", 10));
  CHECK(r.assign(100).empty());           // no second conversation beyond the capacity
  CHECK(r.can_serve("en", "general"));    // but whoever asks now queues for this agent
  r.withdraw("c0", /*requeue=*/false);
  CHECK(r.reserved("a") == 0);
  REQUIRE(r.assign(100).size() == 1);
}

TEST_CASE("router: one owner for offers: withdrawn to the original place, consumed by the accept", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 2));
  r.upsert_agent(make_agent("b", {"en"}, 2));
  r.enqueue(waiting("c1", 10));
  r.enqueue(waiting("c2", 20));
  r.offer("c1", "a", 100);
  REQUIRE(r.offered_to("c1"));
  CHECK(*r.offered_to("c1") == "a");
  CHECK(r.offered_at("c1") == 100);
  CHECK(r.offers_of("a") == std::vector<std::string>{"c1"});
  // Timed out: back in front of c2 (their original `since`), the slot free again.
  r.withdraw("c1", /*requeue=*/true);
  CHECK(r.offered_to("c1") == nullptr);
  REQUIRE(r.queue().size() == 2);
  CHECK(r.queue()[0].conversation == "c1");
  CHECK(r.reserved("a") == 0);
  // Offered to b instead, then b accepts: the offer is consumed, the load is the conversation.
  r.offer("c1", "b", 200);
  CHECK(r.reserved("b") == 1);
  r.assigned("b", "c1", 300);
  CHECK(r.reserved("b") == 0);
  CHECK(r.load("b") == 1);
  CHECK(r.offered_to("c1") == nullptr);
  // An agent who leaves hands their offers back to the queue.
  r.offer("c2", "a", 400);
  r.remove_agent("a");
  REQUIRE(r.queue().size() == 1);
  CHECK(r.queue()[0].conversation == "c2");
  // Leaving the queue entirely also ends an offer.
  r.offer("c2", "b", 500);
  CHECK(r.dequeue("c2"));
  CHECK(r.offered_to("c2") == nullptr);
  CHECK(r.reserved("b") == 0);
}

TEST_CASE("router: one list of who waits: queued and offered, longest wait first", "[router]") {
  Router r;
  r.upsert_agent(make_agent("a", {"en"}, 2));
  r.enqueue(waiting("c3", 30));
  r.enqueue(waiting("c1", 10));
  r.enqueue(waiting("c2", 20));
  CHECK(r.waiting_count() == 3);
  r.offer("c1", "a", 100);  // offered: out of the queue, still waiting for a person, still first
  CHECK(r.waiting("c1"));
  CHECK(r.waiting_count() == 3);
  CHECK(r.waiting_position("c1") == 1);
  CHECK(r.waiting_position("c2") == 2);
  CHECK(r.waiting_position("c3") == 3);
  std::vector<std::string> order;
  for (const auto& w : r.waiting_in_order()) order.push_back(w.conversation);
  CHECK(order == std::vector<std::string>{"c1", "c2", "c3"});
  // Accepted: no longer waiting; the others move up.
  r.assigned("a", "c1", 200);
  CHECK_FALSE(r.waiting("c1"));
  CHECK(r.waiting_position("c1") == 0);
  CHECK(r.waiting_position("c2") == 1);
  CHECK(r.waiting_count() == 2);
  CHECK(r.dequeue("c3"));
  CHECK(r.waiting_count() == 1);
  CHECK_FALSE(r.waiting("c3"));
}
