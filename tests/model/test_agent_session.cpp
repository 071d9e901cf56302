// AgentSession: the agent console's client logic, driven through a fake transport with the frames a
// server would send, asserting on what it sends back and on the view-model the console renders.
#include <catch2/catch.hpp>

#include "model/agent_session.hpp"

using namespace duet;

namespace {

struct FakeTransport : Transport {
  std::vector<std::string> opened;
  std::vector<std::string> sent;
  int closes = 0;
  void open(const std::string& url) override { opened.push_back(url); }
  void send(std::string_view frame) override { sent.emplace_back(frame); }
  void close() override { ++closes; }

  // The messages sent since the last call, parsed.
  std::vector<proto::Message> take() {
    std::vector<proto::Message> out;
    for (const auto& f : sent) {
      auto m = proto::parse(f);
      REQUIRE(m.ok());
      out.push_back(m.value());
    }
    sent.clear();
    return out;
  }
  template <class T>
  std::vector<T> take_of() {
    std::vector<T> out;
    for (auto& m : take())
      if (auto* t = std::get_if<T>(&m)) out.push_back(*t);
    return out;
  }
};

Event message(Seq seq, Speaker who, std::string text, std::string cid = {}, std::string agent_id = {}) {
  Event e;
  e.seq = seq;
  e.at = 1000 * seq;
  e.kind = EventKind::message;
  e.speaker = who;
  e.text = std::move(text);
  e.client_id = std::move(cid);
  e.agent_id = std::move(agent_id);
  return e;
}

Event state_event(Seq seq, State s) {
  Event e;
  e.seq = seq;
  e.kind = EventKind::state;
  e.state = s;
  return e;
}

proto::Snapshot snapshot(std::string id, std::vector<Event> events, std::string customer = "Ada") {
  proto::Snapshot s;
  s.conversation = std::move(id);
  s.state = State::with_human;
  s.brief.summary = "Card declined twice at checkout";
  s.brief.intent = "payment_declined";
  s.brief.context.customer_name = std::move(customer);
  s.events = std::move(events);
  return s;
}

struct Fixture {
  FakeTransport net;
  AgentSession session{AgentConfig{"ws://127.0.0.1:1/ws/agent", "tok-1"}, net, 42};
  TimeMs now = 1'000'000;

  void server(const proto::Message& m) { session.on_frame(proto::serialize(m), now); }
  void sign_in() {
    session.start(now);
    session.on_open(now);
    proto::AgentWelcome w;
    w.agent_id = "ag1";
    w.name = "Maja";
    w.capacity = 3;
    w.available = false;
    w.canned = {"Thanks for waiting!", "Could you share your order number?"};
    server(w);
  }
  const AgentViewModel& view() const { return session.view(); }
};

}  // namespace

TEST_CASE("sign in sends the token and shows the agent's profile", "[agent_session]") {
  Fixture f;
  CHECK(f.view().sign_in == SignIn::signed_out);
  f.session.start(f.now);
  REQUIRE(f.net.opened.size() == 1);
  CHECK(f.net.opened[0] == "ws://127.0.0.1:1/ws/agent");
  CHECK(f.view().connection == Connection::connecting);
  f.session.on_open(f.now);
  auto hello = f.net.take_of<proto::AgentHello>();
  REQUIRE(hello.size() == 1);
  CHECK(hello[0].token == "tok-1");
  CHECK(f.view().sign_in == SignIn::signing_in);

  proto::AgentWelcome w;
  w.agent_id = "ag1";
  w.name = "Maja";
  w.capacity = 4;
  w.available = true;
  w.canned = {"Hello!"};
  f.server(w);
  CHECK(f.view().sign_in == SignIn::signed_in);
  CHECK(f.view().name == "Maja");
  CHECK(f.view().capacity == 4);
  CHECK(f.view().available);
  CHECK(f.view().canned == std::vector<std::string>{"Hello!"});
}

TEST_CASE("a wrong token is rejected once and not retried", "[agent_session]") {
  FakeTransport net;
  AgentSession s(AgentConfig{"ws://x/ws/agent", ""}, net, 1);
  s.start(0);
  CHECK(net.opened.empty());  // no token, nothing to connect with
  s.sign_in("   ", 0);
  CHECK(net.opened.empty());
  REQUIRE(s.view().last_error);
  s.sign_in("bad", 0);
  REQUIRE(net.opened.size() == 1);
  s.on_open(0);
  s.on_frame(proto::serialize(proto::make_error(proto::ErrorCode::unauthorized, "Unknown agent token.")), 0);
  CHECK(s.view().sign_in == SignIn::rejected);
  CHECK(net.closes == 1);
  s.on_closed(0);
  CHECK_FALSE(s.next_wakeup());
  CHECK(s.view().connection == Connection::idle);
}

TEST_CASE("availability and capacity are sent and kept across reconnects", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.net.sent.clear();
  f.session.set_status(true, 2);
  auto st = f.net.take_of<proto::Status>();
  REQUIRE(st.size() == 1);
  CHECK(st[0].available);
  CHECK(st[0].capacity == 2);
  f.session.set_status(true, 99);
  CHECK(f.view().capacity == 20);  // clamped to something sane

  f.session.on_closed(f.now);
  CHECK(f.view().connection == Connection::reconnecting);
  REQUIRE(f.session.next_wakeup());
  f.now = *f.session.next_wakeup();
  f.session.tick(f.now);
  f.session.on_open(f.now);
  f.net.sent.clear();
  proto::AgentWelcome w;
  w.agent_id = "ag1";
  w.name = "Maja";
  w.available = false;  // the server forgot; the agent's choice wins
  f.server(w);
  auto again = f.net.take_of<proto::Status>();
  REQUIRE(again.size() == 1);
  CHECK(again[0].available);
  CHECK(again[0].capacity == 20);
  CHECK(f.view().available);
}

TEST_CASE("the queue is shown longest wait first and waits grow while displayed", "[agent_session]") {
  Fixture f;
  f.sign_in();
  proto::Queue q;
  q.entries.push_back({"c-short", 2, 10, "sv", "refund", EscalationReason::customer_request, "Hej"});
  q.entries.push_back({"c-long", 1, 300, "en", "fraud", EscalationReason::fraud, "Someone used my card"});
  q.entries.push_back({"c-mid", 3, 60, "de", "other", EscalationReason::frustration, "!!!"});
  q.agents_available = 2;
  f.server(q);
  REQUIRE(f.view().queue.size() == 3);
  CHECK(f.view().queue[0].entry.conversation == "c-long");
  CHECK(f.view().queue[1].entry.conversation == "c-mid");
  CHECK(f.view().queue[2].entry.conversation == "c-short");
  CHECK(f.view().queue[0].entry.language == "en");
  CHECK(f.view().queue[0].entry.reason == EscalationReason::fraud);
  CHECK(f.view().queue[0].wait_s(f.now + 5000) == 305);
  CHECK(f.view().agents_available == 2);
}

TEST_CASE("an offer is badged, accepted, and replaced by the conversation with its brief", "[agent_session]") {
  Fixture f;
  f.sign_in();
  proto::Offer o;
  o.conversation = "c1";
  o.brief.summary = "Wants a refund for order #A-1";
  f.server(o);
  f.server(o);  // a repeated offer is one offer
  REQUIRE(f.view().offers.size() == 1);
  CHECK(f.view().new_offers == 1);
  f.session.offers_seen();
  CHECK(f.view().new_offers == 0);

  f.net.sent.clear();
  f.session.accept("c1");
  f.session.accept("c1");  // a double click sends one accept
  auto acc = f.net.take_of<proto::Accept>();
  REQUIRE(acc.size() == 1);
  CHECK(acc[0].conversation == "c1");

  f.server(snapshot("c1", {message(1, Speaker::customer, "My card was declined"), message(2, Speaker::ai, "Sorry to hear")}));
  CHECK(f.view().offers.empty());
  REQUIRE(f.view().conversations.size() == 1);
  const auto& c = f.view().conversations[0];
  CHECK(c.brief.summary == "Card declined twice at checkout");
  CHECK(c.lines.size() == 2);
  CHECK(c.assigned);
  CHECK(c.title() == "Ada");
  CHECK(f.view().active == "c1");
  CHECK(f.view().assigned_count == 1);
}

TEST_CASE("an offer whose customer leaves the queue is withdrawn; a refused accept drops it", "[agent_session]") {
  Fixture f;
  f.sign_in();
  proto::Offer o;
  o.conversation = "c1";
  f.server(o);
  o.conversation = "c2";
  f.server(o);
  proto::Queue q;
  q.entries.push_back({"c1", 1, 5, "en", "other", EscalationReason::customer_request, ""});
  q.entries.push_back({"c2", 2, 3, "en", "other", EscalationReason::customer_request, ""});
  f.server(q);
  q.entries.erase(q.entries.begin());  // another agent took c1
  f.server(q);
  REQUIRE(f.view().offers.size() == 1);
  CHECK(f.view().offers[0].conversation == "c2");

  f.session.accept("c2");
  f.server(proto::make_error(proto::ErrorCode::not_allowed, "Someone else took this conversation."));
  CHECK(f.view().offers.empty());
  REQUIRE(f.view().last_error);
  CHECK(f.view().last_error->code == proto::ErrorCode::not_allowed);
}

TEST_CASE("replies and notes carry client ids, show pending, and settle on ack", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  f.net.sent.clear();

  f.session.say("c1", "Hello Ada, I'm on it", f.now);
  f.session.note("c1", "Customer sounds stressed", f.now);
  f.session.say("c1", "   ", f.now);       // blank: nothing
  f.session.say("nope", "hello", f.now);   // unknown conversation: nothing
  auto sent = f.net.take();
  REQUIRE(sent.size() == 2);
  auto* say = std::get_if<proto::Say>(&sent[0]);
  auto* note = std::get_if<proto::Note>(&sent[1]);
  REQUIRE(say);
  REQUIRE(note);
  CHECK(say->conversation == "c1");
  CHECK(note->conversation == "c1");
  CHECK_FALSE(say->cid.empty());
  CHECK(say->cid != note->cid);
  CHECK(f.session.outbox().size() == 2);

  const auto* c = f.view().find("c1");
  REQUIRE(c->lines.size() == 3);
  CHECK(c->lines[1].pending);
  CHECK(c->lines[2].pending);
  CHECK(c->lines[2].is_note());

  // The ack may arrive before the event: the line is acknowledged at once, the event does not duplicate it.
  f.server(proto::Ack{say->cid, 2, "c1"});
  Event echoed = message(2, Speaker::agent, "Hello Ada, I'm on it", say->cid, "ag1");
  echoed.author = "Maja";
  f.server(proto::EventMsg{"c1", echoed});
  // ...or after it.
  Event n;
  n.seq = 3;
  n.kind = EventKind::note;
  n.speaker = Speaker::agent;
  n.text = "Customer sounds stressed";
  n.client_id = note->cid;
  f.server(proto::EventMsg{"c1", n});
  f.server(proto::Ack{note->cid, 3, "c1"});

  c = f.view().find("c1");
  REQUIRE(c->lines.size() == 3);
  CHECK(c->lines[1].seq == 2);
  CHECK_FALSE(c->lines[1].pending);
  CHECK(c->lines[1].author == "Maja");
  CHECK(c->lines[2].seq == 3);
  CHECK(c->lines[2].is_note());
  CHECK(f.session.outbox().empty());
  CHECK(c->unread == 0);  // our own messages are never unread
}

TEST_CASE("what is written while offline goes out after the reconnect, in order, with the same ids", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  f.session.say("c1", "first", f.now);
  auto first = f.net.take_of<proto::Say>();
  REQUIRE(first.size() == 1);

  f.session.on_closed(f.now);
  f.session.say("c1", "second", f.now);
  f.session.resolve("c1");
  CHECK(f.net.sent.empty());
  CHECK(f.view().find("c1")->lines.size() == 3);

  f.now = *f.session.next_wakeup();
  f.session.tick(f.now);
  CHECK(f.net.opened.size() == 2);
  f.session.on_open(f.now);
  auto hello = f.net.take_of<proto::AgentHello>();
  REQUIRE(hello.size() == 1);
  CHECK(f.net.sent.empty());  // nothing before the server has welcomed us again
  proto::AgentWelcome w;
  w.agent_id = "ag1";
  w.name = "Maja";
  f.server(w);
  auto out = f.net.take();
  REQUIRE(out.size() == 3);
  auto* s1 = std::get_if<proto::Say>(&out[0]);
  auto* s2 = std::get_if<proto::Say>(&out[1]);
  REQUIRE(s1);
  REQUIRE(s2);
  CHECK(s1->cid == first[0].cid);  // same id: the server drops it if it already stored it
  CHECK(s1->text == "first");
  CHECK(s2->text == "second");
  CHECK(std::holds_alternative<proto::Resolve>(out[2]));
}

TEST_CASE("resume: a snapshot after reconnect replaces the transcript and counts only what is new", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  f.server(snapshot("c2", {message(1, Speaker::customer, "Hello")}, "Bo"));
  f.session.select("c1");
  f.session.on_closed(f.now);
  f.now = *f.session.next_wakeup();
  f.session.tick(f.now);
  f.session.on_open(f.now);
  proto::AgentWelcome w;
  w.agent_id = "ag1";
  f.server(w);
  // While we were away the customer of c2 wrote twice (and the AI nothing).
  f.server(snapshot("c2", {message(1, Speaker::customer, "Hello"), message(2, Speaker::customer, "Anyone?"),
                           message(3, Speaker::customer, "Hello??")}, "Bo"));
  const auto* c2 = f.view().find("c2");
  REQUIRE(c2);
  CHECK(c2->lines.size() == 3);
  CHECK(c2->unread == 2);
  CHECK(f.view().unread_total == 2);
  // A replayed event is not counted again.
  f.server(proto::EventMsg{"c2", message(3, Speaker::customer, "Hello??")});
  CHECK(f.view().find("c2")->unread == 2);
  CHECK(f.view().find("c2")->lines.size() == 3);
}

TEST_CASE("several conversations: unread counts per tab, cleared by looking", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  f.server(snapshot("c2", {message(1, Speaker::customer, "Hej")}, "Bo"));
  CHECK(f.view().active == "c1");
  f.server(proto::EventMsg{"c2", message(2, Speaker::customer, "Är du där?")});
  f.server(proto::EventMsg{"c1", message(2, Speaker::customer, "Seen at once")});
  CHECK(f.view().find("c2")->unread == 1);
  CHECK(f.view().find("c1")->unread == 0);  // on screen
  CHECK(f.view().unread_total == 1);
  f.session.select("c2");
  CHECK(f.view().find("c2")->unread == 0);
  CHECK(f.view().unread_total == 0);
}

TEST_CASE("resolve, return to AI and transfer end the assignment; the tab can then be closed", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  f.server(snapshot("c2", {message(1, Speaker::customer, "Hi")}, "Bo"));
  f.server(snapshot("c3", {message(1, Speaker::customer, "Hi")}, "Cy"));
  f.net.sent.clear();
  f.session.close_tab("c1");
  CHECK(f.view().conversations.size() == 3);  // still ours: a tab cannot be closed away

  f.session.resolve("c1");
  f.session.return_to_ai("c2");
  f.session.transfer("c3", "", "Needs a German speaker");
  auto out = f.net.take();
  REQUIRE(out.size() == 3);
  CHECK(std::get<proto::Resolve>(out[0]).conversation == "c1");
  CHECK(std::get<proto::ReturnToAi>(out[1]).conversation == "c2");
  CHECK(std::get<proto::Transfer>(out[2]).note == "Needs a German speaker");

  f.server(proto::EventMsg{"c1", state_event(2, State::closed)});
  f.server(proto::EventMsg{"c2", state_event(2, State::ai)});
  f.server(proto::EventMsg{"c3", state_event(2, State::waiting_human)});
  for (const auto& c : f.view().conversations) CHECK_FALSE(c.assigned);
  CHECK(f.view().assigned_count == 0);
  f.session.close_tab("c1");
  CHECK(f.view().find("c1") == nullptr);
  CHECK(f.view().active == "c2");
}

TEST_CASE("a refused reply is shown as failed, not pending forever", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  f.net.sent.clear();
  f.session.say("c1", "too late", f.now);
  auto s = f.net.take_of<proto::Say>();
  REQUIRE(s.size() == 1);
  f.server(proto::make_error(proto::ErrorCode::not_allowed, "The conversation is closed.", "", s[0].cid));
  CHECK(f.session.outbox().empty());
  const auto& last = f.view().find("c1")->lines.back();
  CHECK(last.failed);
  CHECK_FALSE(last.pending);
  CHECK(last.error == "The conversation is closed.");
}

TEST_CASE("garbage from the server is reported and changes nothing else", "[agent_session]") {
  Fixture f;
  f.sign_in();
  auto before = f.view().conversations.size();
  f.session.on_frame("{not json", f.now);
  f.session.on_frame(R"({"v":1,"type":"snapshot"})", f.now);
  REQUIRE(f.view().last_error);
  CHECK(f.view().conversations.size() == before);
  CHECK(f.view().sign_in == SignIn::signed_in);
}

TEST_CASE("customer typing shows per conversation and stops with their message", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.server(snapshot("c1", {message(1, Speaker::customer, "Hi")}));
  proto::Typing t;
  t.on = true;
  t.conversation = "c1";
  t.who = Speaker::customer;
  f.server(t);
  CHECK(f.view().find("c1")->customer_typing);
  f.server(proto::EventMsg{"c1", message(2, Speaker::customer, "Here")});
  CHECK_FALSE(f.view().find("c1")->customer_typing);
}

TEST_CASE("reconnect backoff grows and is bounded", "[agent_session]") {
  FakeTransport net;
  AgentConfig cfg{"ws://x/ws/agent", "t"};
  cfg.backoff_min_ms = 100;
  cfg.backoff_max_ms = 1000;
  AgentSession s(cfg, net, 7);
  TimeMs now = 0;
  s.start(now);
  TimeMs last_delay = 0;
  for (int i = 0; i < 10; ++i) {
    s.on_closed(now);
    REQUIRE(s.next_wakeup());
    TimeMs delay = *s.next_wakeup() - now;
    CHECK(delay >= 50);
    CHECK(delay <= 1000);
    last_delay = delay;
    now = *s.next_wakeup();
    s.tick(now);
  }
  CHECK(last_delay >= 500);
  CHECK(net.opened.size() == 11);
  s.stop();
  CHECK_FALSE(s.next_wakeup());
}

TEST_CASE("the offline inbox is its own list; taking one accepts it, and only then is it a tab", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.net.take();
  Event left;
  left.seq = 3;
  left.at = 3000;
  left.kind = EventKind::offline_message;
  left.speaker = Speaker::customer;
  left.contact = "ada@example.com";
  left.text = "Please email me about my invoice";
  proto::InboxEntry entry{"c9", left, {}};
  entry.brief.intent = "invoice";
  f.server(proto::Inbox{{entry}, 1});
  const auto& vm = f.session.view();
  REQUIRE(vm.inbox.size() == 1);
  CHECK(vm.inbox[0].message.contact == "ada@example.com");
  CHECK(vm.inbox_total == 1);
  // An event of a conversation that is not ours opens no tab (it used to appear as "With a human").
  f.server(proto::EventMsg{"c9", left});
  CHECK(vm.conversations.empty());
  CHECK(vm.assigned_count == 0);

  f.session.accept("c9");
  auto accepts = f.net.take_of<proto::Accept>();
  REQUIRE(accepts.size() == 1);
  CHECK(accepts[0].conversation == "c9");
  f.server(snapshot("c9", {left}));
  f.server(proto::Inbox{{}, 0});
  CHECK(vm.inbox.empty());
  REQUIRE(vm.conversations.size() == 1);
  CHECK(vm.conversations[0].assigned);
  f.session.say("c9", "Hi Ada, your invoice is on its way.", f.now);
  auto says = f.net.take_of<proto::Say>();
  REQUIRE(says.size() == 1);
  CHECK(says[0].conversation == "c9");
}

// Issue 9, finding 1: a reply typed at once after Accept went to the customer shown before.
TEST_CASE("accept opens the accepted conversation at once; a reply typed before its snapshot goes to it", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.session.accept("c1");
  f.server(snapshot("c1", {message(1, Speaker::customer, "My card was declined")}, "Ada"));
  REQUIRE(f.view().active == "c1");

  proto::Offer o;
  o.conversation = "c2";
  o.brief.summary = "Where is my parcel?";
  o.brief.context.customer_name = "Bo";
  f.server(o);
  f.net.sent.clear();
  f.session.accept("c2");
  // On screen now, before the server answered: Bo's conversation, joining.
  CHECK(f.view().active == "c2");
  const auto* bo = f.view().active_conversation();
  REQUIRE(bo);
  CHECK(bo->title() == "Bo");
  CHECK(bo->joining);
  CHECK(bo->brief.summary == "Where is my parcel?");
  CHECK(f.view().assigned_count == 1);  // not ours yet

  // The agent types at once: the reply is for Bo and waits for the join (shown pending).
  f.session.say(f.view().active, "Hi Bo, I'm on it", f.now);
  auto before_join = f.net.take();
  REQUIRE(before_join.size() == 1);
  CHECK(std::get<proto::Accept>(before_join[0]).conversation == "c2");
  REQUIRE(f.view().find("c2")->lines.size() == 1);
  CHECK(f.view().find("c2")->lines[0].pending);
  CHECK(f.view().find("c1")->lines.size() == 1);  // nothing went to Ada

  f.server(snapshot("c2", {message(1, Speaker::customer, "Where is my parcel?")}, "Bo"));
  CHECK(f.view().active == "c2");
  CHECK_FALSE(f.view().find("c2")->joining);
  auto says = f.net.take_of<proto::Say>();
  REQUIRE(says.size() == 1);
  CHECK(says[0].conversation == "c2");
  CHECK(says[0].text == "Hi Bo, I'm on it");
  CHECK(f.view().assigned_count == 2);
}

TEST_CASE("taking from the queue opens that customer with what the queue knows", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.session.accept("c1");
  f.server(snapshot("c1", {}, "Ada"));
  proto::Queue q;
  q.entries.push_back({"c9", 1, 40, "de", "delivery", EscalationReason::customer_request, "Wo ist mein Paket?"});
  f.server(q);
  f.session.accept("c9");
  REQUIRE(f.view().active == "c9");
  const auto* c = f.view().active_conversation();
  REQUIRE(c);
  CHECK(c->joining);
  CHECK(c->brief.language == "de");
  CHECK(c->brief.intent == "delivery");
  CHECK(c->brief.summary == "Wo ist mein Paket?");
}

TEST_CASE("a snapshot nobody here asked for never takes the screen", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.session.accept("c1");
  f.server(snapshot("c1", {}, "Ada"));
  f.server(snapshot("c2", {message(1, Speaker::customer, "Hello?")}, "Bo"));  // another tab of this agent took Bo
  CHECK(f.view().active == "c1");
  // And one the agent accepted, then left for another tab before it arrived, does not either.
  f.session.accept("c3");
  f.session.select("c1");
  f.server(snapshot("c3", {}, "Cy"));
  CHECK(f.view().active == "c1");
}

TEST_CASE("a refused accept keeps the customer on screen, not ours, with the unsent reply", "[agent_session]") {
  Fixture f;
  f.sign_in();
  proto::Offer o;
  o.conversation = "c2";
  o.brief.context.customer_name = "Bo";
  f.server(o);
  f.session.accept("c2");
  f.session.say("c2", "Hi Bo", f.now);
  f.net.sent.clear();
  f.server(proto::make_error(proto::ErrorCode::not_allowed, "another agent already took this conversation", "conversation"));
  const auto* c = f.view().find("c2");
  REQUIRE(c);
  CHECK_FALSE(c->joining);
  CHECK_FALSE(c->assigned);
  CHECK(c->join_error == "another agent already took this conversation");
  REQUIRE(c->lines.size() == 1);
  CHECK(c->lines[0].failed);
  CHECK(c->lines[0].text == "Hi Bo");  // kept, so the agent can copy it
  CHECK(f.session.outbox().empty());
  CHECK(f.net.take().empty());         // never sent anywhere
  CHECK(f.view().offers.empty());
  f.session.close_tab("c2");
  CHECK(f.view().conversations.empty());
}

TEST_CASE("an accept the connection lost is asked again after the reconnect, then its replies go", "[agent_session]") {
  Fixture f;
  f.sign_in();
  f.session.accept("c2");
  f.session.say("c2", "Hi Bo", f.now);
  f.session.on_closed(f.now);
  f.net.sent.clear();
  f.now += 60'000;
  f.session.tick(f.now);
  f.session.on_open(f.now);
  proto::AgentWelcome w;
  w.agent_id = "ag1";
  w.name = "Maja";
  f.server(w);
  auto accepts = f.net.take_of<proto::Accept>();
  REQUIRE(accepts.size() == 1);
  CHECK(accepts[0].conversation == "c2");
  f.server(snapshot("c2", {}, "Bo"));
  auto says = f.net.take_of<proto::Say>();
  REQUIRE(says.size() == 1);
  CHECK(says[0].conversation == "c2");
}

// Issue 9, finding 5: each waiting customer showed twice, as an offer and as a queue entry.
TEST_CASE("the waiting list has each customer once: an offered one carries its queue position", "[agent_session]") {
  Fixture f;
  f.sign_in();
  proto::Offer o;
  o.conversation = "c2";
  o.brief.context.customer_name = "Bo";
  f.server(o);
  proto::Queue q;
  q.entries.push_back({"c1", 1, 90, "en", "refund", EscalationReason::customer_request, "Refund please"});
  q.entries.push_back({"c2", 2, 60, "en", "delivery", EscalationReason::customer_request, "Where is it?"});
  q.entries.push_back({"c3", 3, 10, "sv", "other", EscalationReason::frustration, "Hallå?"});
  f.server(q);
  auto rows = waiting_list(f.view());
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].conversation == "c2");  // the offer to this agent first
  REQUIRE(rows[0].offer);
  REQUIRE(rows[0].queued);
  CHECK(rows[0].queued->entry.position == 2);
  CHECK(rows[1].conversation == "c1");
  CHECK_FALSE(rows[1].offer);
  CHECK(rows[2].conversation == "c3");

  // Accepted and joined: no longer waiting, even before the next queue update.
  f.session.accept("c2");
  f.server(snapshot("c2", {}, "Bo"));
  rows = waiting_list(f.view());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].conversation == "c1");
}

TEST_CASE("the agents on duty come from the server, for transfers", "[agent_session]") {
  Fixture f;
  f.sign_in();
  proto::Agents list;
  list.agents = {{"ag1", "Maja", {"en"}, true, 0, 3}, {"ag2", "Jonas", {"de"}, false, 2, 2}};
  list.more = 4;
  f.server(list);
  REQUIRE(f.view().team.size() == 2);
  CHECK(f.view().team[1].name == "Jonas");
  CHECK(f.view().team[1].assigned == 2);
  CHECK(f.view().team_more == 4);
  list.agents.pop_back();
  list.more = 0;
  f.server(list);  // Jonas left
  CHECK(f.view().team.size() == 1);
}
