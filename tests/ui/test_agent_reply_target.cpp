// Issue 9, finding 1: replies went to the wrong customer. A real AgentSession drives the console
// view, and the intents of each frame are applied to it as the web app does: after Accept the
// accepted customer is on screen in that very frame, the composer's text stays with the customer
// it was written for, and a reply goes to the conversation that was on screen when it was sent.
#include "test_agent_harness.hpp"

#include "ui/agent_intents.hpp"

using namespace duet;
using namespace duet::ui;
using duet::test::AgentHarness;
using duet::test::find_intent;
using K = AgentIntent::Kind;

namespace {

struct RecordingTransport : Transport {
  std::vector<std::string> sent;
  void open(const std::string&) override {}
  void send(std::string_view f) override { sent.emplace_back(f); }
  void close() override {}
  std::vector<proto::Say> says() const {
    std::vector<proto::Say> out;
    for (const auto& f : sent)
      if (auto m = proto::parse(f); m.ok())
        if (const auto* s = std::get_if<proto::Say>(&m.value())) out.push_back(*s);
    return out;
  }
};

proto::Snapshot snapshot(const std::string& id, const std::string& customer) {
  proto::Snapshot s;
  s.conversation = id;
  s.state = State::with_human;
  s.brief.summary = customer + " needs help";
  s.brief.context.customer_name = customer;
  Event e;
  e.seq = 1;
  e.kind = EventKind::message;
  e.speaker = Speaker::customer;
  e.text = "Hello, I am " + customer;
  s.events = {e};
  return s;
}

struct Console {
  AgentHarness h;
  RecordingTransport net;
  AgentSession session{AgentConfig{"ws://test/ws/agent", "tok"}, net, 7};
  TimeMs now = 1'000'000;

  Console() {
    session.start(now);
    session.on_open(now);
    proto::AgentWelcome w;
    w.agent_id = "ag1";
    w.name = "Maja";
    w.available = true;
    server(w);
  }
  void server(const proto::Message& m) { session.on_frame(proto::serialize(m), now); }
  void offer(const std::string& id, const std::string& customer) {
    proto::Offer o;
    o.conversation = id;
    o.brief.context.customer_name = customer;
    server(o);
  }
  // One pass of the web app's loop: draw, then apply what the view asked for.
  AgentIntents frame(const std::string& activate = {}) {
    auto intents = h.draw(session.view(), activate, now);
    ui::apply(session, intents, now);
    return intents;
  }
  std::string title() const { return h.node("conversation_title").label; }
};

}  // namespace

TEST_CASE("after Accept the accepted customer is on screen at once, and the reply typed then is theirs", "[agent_ui]") {
  Console c;
  c.offer("c1", "Ada");
  c.frame("accept-c1");
  c.server(snapshot("c1", "Ada"));
  c.frame();
  REQUIRE(c.title() == "Ada, With a human");
  c.h.ui.composer.set("half a reply for Ada");
  c.frame();

  // Bo is offered; the agent accepts and, without waiting, types and presses Enter.
  c.offer("c2", "Bo");
  c.frame("accept-c2");
  CHECK(c.h.ui.composer.text.empty());  // Ada's draft did not come along
  CHECK(c.h.node("agent_composer").label == "Reply to Bo (sent once you have joined)");
  CHECK(c.title() == "Bo, Joining...");
  c.frame();
  CHECK(c.h.node("tab-c2").state == "selected");
  CHECK(c.h.node("tab-c1").state.empty());
  c.h.ui.composer.set("Hi Bo, I am on it");
  c.frame(agent_ids::send);
  CHECK(c.net.says().empty());  // waits for the join
  c.server(snapshot("c2", "Bo"));
  c.frame();
  CHECK(c.title() == "Bo, With a human");
  auto says = c.net.says();
  REQUIRE(says.size() == 1);
  CHECK(says[0].conversation == "c2");
  CHECK(says[0].text == "Hi Bo, I am on it");

  // Back to Ada: her half-written reply is where she left it, and goes to her.
  c.frame("tab-c1");
  CHECK(c.h.ui.composer.text == "half a reply for Ada");
  c.frame(agent_ids::send);
  says = c.net.says();
  REQUIRE(says.size() == 2);
  CHECK(says[1].conversation == "c1");
  CHECK(says[1].text == "half a reply for Ada");
}

TEST_CASE("switching conversations never carries the draft; typing stops for the one left", "[agent_ui]") {
  Console c;
  for (auto [id, name] : {std::pair{"c1", "Ada"}, std::pair{"c2", "Bo"}}) {
    c.offer(id, name);
    c.frame(std::string("accept-") + id);
    c.server(snapshot(id, name));
    c.frame();
  }
  REQUIRE(c.title() == "Bo, With a human");
  c.h.ui.composer.set("for Bo only");
  auto typing = c.frame();
  REQUIRE(find_intent(typing, K::typing));
  CHECK(find_intent(typing, K::typing)->conversation == "c2");
  auto switched = c.frame("tab-c1");
  const AgentIntent* off = nullptr;
  for (const auto& i : switched)
    if (i.kind == K::typing && !i.flag) off = &i;
  REQUIRE(off);
  CHECK(off->conversation == "c2");
  CHECK(c.h.ui.composer.text.empty());
  c.frame(agent_ids::send);  // Enter on Ada's empty composer sends nothing, to anyone
  CHECK(c.net.says().empty());
  c.frame("tab-c2");
  CHECK(c.h.ui.composer.text == "for Bo only");
}
