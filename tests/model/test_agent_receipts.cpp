// AgentSession: the customer's feedback on an AI answer, "Seen" from the customer's read mark, and
// the read frames the agent's console sends for the conversation on screen (throttled, ours only).
#include <catch2/catch.hpp>

#include "model/agent_session.hpp"

using namespace duet;

namespace {

struct Recorder : Transport {
  std::vector<std::string> sent;
  void open(const std::string&) override {}
  void send(std::string_view frame) override { sent.emplace_back(frame); }
  void close() override {}
  std::vector<proto::Read> reads() const {
    std::vector<proto::Read> out;
    for (const auto& f : sent)
      if (auto m = proto::parse(f); m.ok())
        if (auto* r = std::get_if<proto::Read>(&m.value())) out.push_back(*r);
    return out;
  }
};

Event message(Seq seq, Speaker who, std::string text) {
  Event e;
  e.seq = seq;
  e.kind = EventKind::message;
  e.speaker = who;
  e.text = std::move(text);
  if (who == Speaker::agent) e.agent_id = "ag1", e.author = "Maja";
  return e;
}

struct Signed {
  Recorder net;
  AgentSession s{AgentConfig{"ws://127.0.0.1:1/ws/agent", "tok"}, net, 7};
  Signed() {
    s.start(0);
    s.on_open(0);
    proto::AgentWelcome w;
    w.agent_id = "ag1";
    w.name = "Maja";
    s.on_frame(proto::serialize(w), 0);
  }
  void server(const proto::Message& m, TimeMs now) { s.on_frame(proto::serialize(m), now); }
  void snapshot(std::string id, std::vector<Event> events, TimeMs now, Seq read = 0) {
    proto::Snapshot snap;
    snap.conversation = std::move(id);
    snap.state = State::with_human;
    snap.events = std::move(events);
    snap.read_seq = snap.delivered_seq = read;
    server(snap, now);
  }
};

}  // namespace

TEST_CASE("the customer's feedback shows on the AI answer it was about", "[agent_session][replies]") {
  Signed a;
  Event ai = message(2, Speaker::ai, "Refunds take 5-10 business days.");
  ai.replies = {{"\xF0\x9F\x91\x8D", ReplyAction::helpful}, {"\xF0\x9F\x91\x8E", ReplyAction::not_helpful}};
  Event tap = message(3, Speaker::customer, "\xF0\x9F\x91\x8E");
  tap.reply_to = 2;
  tap.feedback = Feedback::not_helpful;
  a.snapshot("c1", {message(1, Speaker::customer, "refund?"), ai, tap}, 10);
  const AgentConversation* c = a.s.view().find("c1");
  REQUIRE(c);
  REQUIRE(c->lines.size() == 3);
  CHECK(c->lines[1].answer_feedback == Feedback::not_helpful);
  CHECK(c->lines[1].replies.size() == 2);
  CHECK(c->lines[2].feedback == Feedback::not_helpful);
  CHECK(c->lines[0].answer_feedback == Feedback::none);
  // The AI message arriving again (a duplicate) keeps what was said of it.
  a.server(proto::EventMsg{"c1", ai}, 11);
  CHECK(a.s.view().find("c1")->lines[1].answer_feedback == Feedback::not_helpful);
}

TEST_CASE("Seen: the latest agent message within the customer's read mark", "[agent_session][receipts]") {
  Signed a;
  a.snapshot("c1", {message(1, Speaker::customer, "hi"), message(2, Speaker::agent, "Hello"),
                    message(3, Speaker::agent, "How can I help?")}, 10, 2);
  const auto& c = *a.s.view().find("c1");
  CHECK(seen_by_customer(c) == 2);
  a.server(proto::Read{"c1", 3, 3, Speaker::customer}, 11);
  CHECK(seen_by_customer(c) == 3);
  a.server(proto::Read{"c1", 1, 1, Speaker::customer}, 12);  // never back
  CHECK(seen_by_customer(c) == 3);
  a.server(proto::Read{"zz", 9, 9, Speaker::customer}, 13);  // not a conversation of ours
  CHECK(a.s.view().find("zz") == nullptr);
  a.server(proto::EventMsg{"c1", message(4, Speaker::customer, "where is my refund")}, 14);
  CHECK(seen_by_customer(c) == 3);  // a customer message is not "seen"
}

TEST_CASE("the agent's read marks: for the conversation on screen, throttled, only for ours", "[agent_session][receipts]") {
  Signed a;
  a.snapshot("c1", {message(1, Speaker::customer, "hi")}, 1000);
  REQUIRE(a.net.reads().size() == 1);  // on screen at once: read
  CHECK(a.net.reads()[0].conversation == "c1");
  CHECK(a.net.reads()[0].seq == 1);
  CHECK(a.net.reads()[0].delivered == 1);
  CHECK(a.net.reads()[0].who == Speaker::agent);

  // A second conversation, not on screen: delivered only, and read once the agent selects it.
  a.snapshot("c2", {message(1, Speaker::customer, "hello?")}, 1100);
  REQUIRE(a.net.reads().size() == 2);
  CHECK(a.net.reads()[1].conversation == "c2");
  CHECK(a.net.reads()[1].seq == 0);
  CHECK(a.net.reads()[1].delivered == 1);
  a.s.select("c2");
  REQUIRE(a.s.next_wakeup());
  CHECK(*a.s.next_wakeup() == 2100);
  a.s.tick(2100);
  REQUIRE(a.net.reads().size() == 3);
  CHECK(a.net.reads()[2].seq == 1);

  // Our own messages and repeats move nothing.
  a.server(proto::EventMsg{"c2", message(2, Speaker::agent, "Hi, Maja here")}, 5000);
  a.s.tick(9000);
  CHECK(a.net.reads().size() == 3);

  // Resolved: no longer ours, so nothing more is sent for it.
  Event closed;
  closed.seq = 2;
  closed.kind = EventKind::state;
  closed.state = State::closed;
  a.server(proto::EventMsg{"c1", closed}, 9500);
  a.server(proto::EventMsg{"c1", message(3, Speaker::customer, "one more thing")}, 9600);
  a.s.tick(20000);
  CHECK(a.net.reads().size() == 3);
  CHECK_FALSE(a.s.next_wakeup());
}

TEST_CASE("the agent's console in a background tab reads nothing until it is on screen", "[agent_session][receipts]") {
  Signed a;
  a.s.set_page_visible(false);
  a.snapshot("c1", {message(1, Speaker::customer, "hi")}, 1000);
  REQUIRE(a.net.reads().size() == 1);
  CHECK(a.net.reads()[0].seq == 0);  // delivered, not read
  CHECK(a.net.reads()[0].delivered == 1);
  a.server(proto::EventMsg{"c1", message(2, Speaker::customer, "hello?")}, 3000);
  CHECK(a.net.reads().back().seq == 0);
  a.s.set_page_visible(true);
  a.s.tick(*a.s.next_wakeup());
  CHECK(a.net.reads().back().seq == 2);
}
