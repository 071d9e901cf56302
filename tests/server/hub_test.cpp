// The hub against the real model and store, without sockets: flows, restart, grace period, offline.
#include <catch2/catch.hpp>

#include "hub_fixture.hpp"

using namespace duet;
using namespace duet::test;

namespace {

const server::Peer kNoOrigin{"127.0.0.1", std::nullopt};

proto::Welcome hello(HubWorld& w, server::SessionId s, std::string resume = {}, Seq last = 0,
                     server::Peer peer = kNoOrigin) {
  w.hub->customer_open(s, peer);
  proto::Hello h;
  h.site = "shop";
  h.resume = std::move(resume);
  h.last_seq = last;
  h.locale = "en-GB";
  h.context.page = "/checkout";
  h.context.order_id = "A-1001";
  w.hub->customer_frame(s, h);
  auto ms = w.take(s);
  auto welcome = first_of<proto::Welcome>(ms);
  INFO(describe(ms));
  REQUIRE(welcome);
  return *welcome;
}

proto::AgentWelcome agent_login(HubWorld& w, server::SessionId s, const std::string& token, bool available = true) {
  w.hub->agent_open(s, kNoOrigin);
  w.hub->agent_frame(s, proto::AgentHello{token});
  if (available) w.hub->agent_frame(s, proto::Status{true, 3});
  auto ms = w.take(s);
  auto welcome = first_of<proto::AgentWelcome>(ms);
  INFO(describe(ms));
  REQUIRE(welcome);
  return *welcome;
}

// The offline inbox as the agent last received it.
proto::Inbox last_inbox(const std::vector<proto::Message>& ms) {
  auto all = all_of<proto::Inbox>(ms);
  INFO(describe(ms));
  REQUIRE_FALSE(all.empty());
  return all.back();
}

}  // namespace

TEST_CASE("hub: a customer question gets an AI answer after the ack, with a typing indicator", "[hub]") {
  HubWorld w;
  auto welcome = hello(w, 1);
  CHECK(welcome.state == State::ai);
  CHECK_FALSE(welcome.resume.empty());
  CHECK(welcome.events.empty());

  w.hub->customer_frame(1, proto::Say{"m1", "How long does a refund take?", ""});
  auto ms = w.take(1);
  INFO(describe(ms));
  REQUIRE(ms.size() >= 4);
  auto ack = first_of<proto::Ack>(ms);
  REQUIRE(ack);
  CHECK(ack->cid == "m1");
  CHECK(ack->seq == 1);
  auto typing = all_of<proto::Typing>(ms);
  REQUIRE(typing.size() == 2);
  CHECK(typing[0].on);
  CHECK(typing[0].who == Speaker::ai);
  CHECK_FALSE(typing[1].on);
  auto messages = events_of(ms, EventKind::message);
  REQUIRE(messages.size() == 2);
  CHECK(messages[0].speaker == Speaker::customer);
  CHECK(messages[1].speaker == Speaker::ai);
  CHECK(messages[1].seq == 2);
  CHECK_FALSE(messages[1].text.empty());
  CHECK(messages[1].article_id == "refund-timing");
}

TEST_CASE("hub: a duplicate client id is acked with its first seq and appends nothing", "[hub]") {
  HubWorld w;
  hello(w, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "Where is my parcel?", ""});
  auto first = w.take(1);
  w.hub->customer_frame(1, proto::Say{"m1", "Where is my parcel?", ""});
  auto again = w.take(1);
  INFO(describe(again));
  REQUIRE(again.size() == 1);
  auto ack = first_of<proto::Ack>(again);
  REQUIRE(ack);
  CHECK(ack->seq == 1);
}

TEST_CASE("hub: messages before hello and unknown message types get errors, the session stays", "[hub]") {
  HubWorld w;
  w.hub->customer_open(1, kNoOrigin);
  w.hub->customer_frame(1, proto::Say{"m1", "hi", ""});
  auto ms = w.take(1);
  auto err = first_of<proto::Error>(ms);
  REQUIRE(err);
  CHECK(err->code == proto::ErrorCode::unexpected_type);
  CHECK_FALSE(w.recorder.closed(1));
  hello(w, 1);
  w.hub->customer_frame(1, proto::Accept{"x"});
  err = first_of<proto::Error>(w.take(1));
  REQUIRE(err);
  CHECK(err->code == proto::ErrorCode::unexpected_type);
}

TEST_CASE("hub: bad site key, wrong origin and a forged resume token", "[hub]") {
  HubWorld w;
  SECTION("bad site key closes with a policy close") {
    w.hub->customer_open(1, kNoOrigin);
    w.hub->customer_frame(1, proto::Hello{"nope", "", 0, "en", {}});
    auto err = first_of<proto::Error>(w.take(1));
    REQUIRE(err);
    CHECK(err->code == proto::ErrorCode::bad_site_key);
    REQUIRE(w.recorder.closed(1));
    CHECK(w.recorder.closed(1)->first == server::close_code::policy);
  }
  SECTION("an origin outside the allow-list is refused, a listed one accepted") {
    w.hub->customer_open(1, {"127.0.0.1", "https://evil.example"});
    w.hub->customer_frame(1, proto::Hello{"shop", "", 0, "en", {}});
    auto err = first_of<proto::Error>(w.take(1));
    REQUIRE(err);
    CHECK(err->code == proto::ErrorCode::origin_not_allowed);
    CHECK(w.recorder.closed(1));
    hello(w, 2, {}, 0, {"127.0.0.1", "https://SHOP.example/"});
  }
  SECTION("a forged token gets bad_resume_token and a fresh conversation") {
    auto first = hello(w, 1);
    w.hub->customer_frame(1, proto::Say{"m1", "Where is my parcel?", ""});
    w.take(1);
    const std::string forged = first.conversation + ".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    w.hub->customer_open(2, kNoOrigin);
    w.hub->customer_frame(2, proto::Hello{"shop", forged, 0, "en", {}});
    auto ms = w.take(2);
    auto err = first_of<proto::Error>(ms);
    REQUIRE(err);
    CHECK(err->code == proto::ErrorCode::bad_resume_token);
    auto welcome = first_of<proto::Welcome>(ms);
    REQUIRE(welcome);
    CHECK(welcome->conversation != first.conversation);
    CHECK(welcome->events.empty());
  }
}

TEST_CASE("hub: resume replays only what was missed", "[hub]") {
  HubWorld w;
  auto first = hello(w, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "How long does a refund take?", ""});
  w.take(1);
  w.hub->customer_closed(1);
  auto again = hello(w, 2, first.resume, 1);
  CHECK(again.conversation == first.conversation);
  REQUIRE(again.events.size() == 1);
  CHECK(again.events[0].seq == 2);
  CHECK(again.events[0].speaker == Speaker::ai);
}

TEST_CASE("hub: request_human with nobody to serve takes the offline path; the message reaches agents", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  const auto c = hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  auto ms = w.take(1);
  INFO(describe(ms));
  // One truthful status: offline at once, never "in the queue" followed by "no one is available".
  auto states = events_of(ms, EventKind::state);
  REQUIRE(states.size() == 1);
  CHECK(states[0].state == State::offline);
  CHECK(events_of(ms, EventKind::queue).empty());

  w.hub->customer_frame(1, proto::LeaveMessage{"lm1", "me@example.com", "Please call me about my invoice"});
  ms = w.take(1);
  auto ack = first_of<proto::Ack>(ms);
  REQUIRE(ack);
  CHECK(ack->cid == "lm1");

  agent_login(w, 10, token, false);
  // An agent signing in later sees it too (the offline inbox), and the store has it.
  w.hub->agent_closed(10);
  w.hub->agent_open(11, kNoOrigin);
  w.hub->agent_frame(11, proto::AgentHello{token});
  auto inbox = last_inbox(w.take(11));
  REQUIRE(inbox.entries.size() == 1);
  CHECK(inbox.entries[0].conversation == c.conversation);
  CHECK(inbox.entries[0].message.contact == "me@example.com");
  CHECK(inbox.entries[0].message.text == "Please call me about my invoice");
  CHECK(inbox.entries[0].brief.context.order_id == "A-1001");  // the brief comes with it
  auto stored = w.store->offline_messages(true);
  REQUIRE(stored.size() == 1);
  CHECK(stored[0].text == "Please call me about my invoice");
}

TEST_CASE("hub: queue, offer, accept, both ways in order, note, return to AI, resolve, rating", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  auto aw = agent_login(w, 10, token);
  CHECK(aw.name == "Sara");
  auto c = hello(w, 1);

  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  auto ms = w.take(1);
  INFO(describe(ms));
  auto queue = events_of(ms, EventKind::queue);
  REQUIRE_FALSE(queue.empty());
  CHECK(queue.back().position == 1);

  auto agent = w.take(10);
  auto offer = first_of<proto::Offer>(agent);
  INFO(describe(agent));
  REQUIRE(offer);
  CHECK(offer->conversation == c.conversation);
  CHECK(offer->brief.context.order_id == "A-1001");
  auto q = all_of<proto::Queue>(agent);
  REQUIRE_FALSE(q.empty());
  REQUIRE(q.back().entries.size() == 1);

  // Asking again is idempotent and still answered at once.
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  ms = w.take(1);
  CHECK(events_of(ms, EventKind::state).size() + events_of(ms, EventKind::queue).size() == 1);

  w.now += 5000;
  w.hub->agent_frame(10, proto::Accept{c.conversation});
  agent = w.take(10);
  auto snap = first_of<proto::Snapshot>(agent);
  INFO(describe(agent));
  REQUIRE(snap);
  CHECK(snap->state == State::with_human);
  ms = w.take(1);
  auto joined = events_of(ms, EventKind::agent_joined);
  REQUIRE(joined.size() == 1);
  CHECK(joined[0].author == "Sara");
  CHECK(joined[0].agent_id.empty());  // customers never see agent ids

  w.hub->agent_frame(10, proto::Say{"a1", "Hi, I'm Sara. Let me look.", c.conversation});
  w.hub->customer_frame(1, proto::Say{"m2", "Thanks!", ""});
  w.hub->agent_frame(10, proto::Note{c.conversation, "n1", "customer seems fine"});
  ms = w.take(1);
  agent = w.take(10);
  auto cust_msgs = events_of(ms, EventKind::message);
  REQUIRE(cust_msgs.size() == 2);
  CHECK(cust_msgs[0].speaker == Speaker::agent);
  CHECK(cust_msgs[0].author == "Sara");
  CHECK(cust_msgs[1].text == "Thanks!");
  CHECK(cust_msgs[0].seq < cust_msgs[1].seq);
  CHECK(events_of(ms, EventKind::note).empty());
  CHECK(events_of(agent, EventKind::note).size() == 1);
  CHECK(events_of(agent, EventKind::message).size() == 2);
  CHECK(all_of<proto::Ack>(agent).size() == 2);

  w.hub->agent_frame(10, proto::ReturnToAi{c.conversation});
  ms = w.take(1);
  CHECK(events_of(ms, EventKind::ai_resumed).size() == 1);
  auto st = events_of(ms, EventKind::state);
  REQUIRE_FALSE(st.empty());
  CHECK(st.back().state == State::ai);

  // Back with the AI: old context (the request for a human) does not re-escalate.
  w.hub->customer_frame(1, proto::Say{"m3", "How long does a refund take?", ""});
  ms = w.take(1);
  CHECK(events_of(ms, EventKind::state).empty());
  auto msgs = events_of(ms, EventKind::message);
  REQUIRE(msgs.size() == 2);
  CHECK(msgs[1].speaker == Speaker::ai);

  // Again to a human, then resolved, then rated.
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.take(1);
  w.hub->agent_frame(10, proto::Accept{c.conversation});
  w.hub->agent_frame(10, proto::Resolve{c.conversation});
  ms = w.take(1);
  st = events_of(ms, EventKind::state);
  REQUIRE_FALSE(st.empty());
  CHECK(st.back().state == State::closed);
  w.hub->customer_frame(1, proto::Rate{5, "great"});
  ms = w.take(1);
  CHECK(events_of(ms, EventKind::rating).size() == 1);
  w.hub->customer_frame(1, proto::Rate{4, ""});
  auto err = first_of<proto::Error>(w.take(1));
  REQUIRE(err);
  CHECK(err->code == proto::ErrorCode::not_allowed);
  CHECK(w.metrics.prometheus().find("duet_ratings_total{by=\"human\"} 1") != std::string::npos);
}

TEST_CASE("hub: a restart keeps transcript, queue order and assignment", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);
  w.hub->agent_frame(10, proto::Status{true, 1});
  auto a = hello(w, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "I want to talk to a human", ""});
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.hub->agent_frame(10, proto::Accept{a.conversation});
  w.now += 1000;
  auto b = hello(w, 2);
  w.hub->customer_frame(2, proto::RequestHuman{"button"});
  w.now += 1000;
  auto c = hello(w, 3);
  w.hub->customer_frame(3, proto::RequestHuman{"button"});
  w.take(1);
  w.take(2);
  auto before = w.take(3);
  auto q = events_of(before, EventKind::queue);
  REQUIRE_FALSE(q.empty());
  CHECK(q.back().position == 2);

  w.restart();

  auto ra = hello(w, 21, a.resume, 0);
  CHECK(ra.state == State::with_human);
  CHECK(ra.agent_name == "Sara");
  auto rb = hello(w, 22, b.resume, 0);
  CHECK(rb.state == State::waiting_human);
  CHECK(rb.queue_position == 1);
  auto rc = hello(w, 23, c.resume, 0);
  CHECK(rc.queue_position == 2);

  // The agent comes back within the grace period: snapshot of the assigned conversation.
  w.hub->agent_open(30, kNoOrigin);
  w.hub->agent_frame(30, proto::AgentHello{token});
  auto agent = w.take(30);
  INFO(describe(agent));
  auto snap = first_of<proto::Snapshot>(agent);
  REQUIRE(snap);
  CHECK(snap->conversation == a.conversation);
  CHECK(first_of<proto::AgentWelcome>(agent)->available);  // restored status, capacity 1: no offers
  CHECK_FALSE(first_of<proto::Offer>(agent));
}

TEST_CASE("hub: an agent gone past the grace period: the customer returns to the queue at the old place", "[hub]") {
  auto config = test_config();
  config.routing.grace_s = 30;
  HubWorld w(config);
  const std::string sara = w.add_agent("Sara");
  agent_login(w, 10, sara);
  auto a = hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.hub->agent_frame(10, proto::Accept{a.conversation});
  w.take(1);
  w.hub->agent_closed(10);
  // Bo takes another customer and is then full; a third customer queues after the first one did.
  const std::string bo = w.add_agent("Bo");
  agent_login(w, 11, bo);
  w.hub->agent_frame(11, proto::Status{true, 1});
  auto other = hello(w, 3);
  w.hub->customer_frame(3, proto::RequestHuman{"button"});
  w.hub->agent_frame(11, proto::Accept{other.conversation});
  w.now += 5000;
  hello(w, 2);
  w.hub->customer_frame(2, proto::RequestHuman{"button"});
  auto q2 = events_of(w.take(2), EventKind::queue);
  REQUIRE_FALSE(q2.empty());
  CHECK(q2.back().position == 1);
  w.now += 10000;
  w.hub->tick();
  CHECK(events_of(w.take(1), EventKind::agent_left).empty());  // still within grace
  w.now += 30000;
  w.hub->tick();
  auto ms = w.take(1);
  INFO(describe(ms));
  CHECK(events_of(ms, EventKind::agent_left).size() == 1);
  auto q = events_of(ms, EventKind::queue);
  REQUIRE_FALSE(q.empty());
  CHECK(q.back().position == 1);  // the old place: ahead of the customer who queued later
  q2 = events_of(w.take(2), EventKind::queue);
  REQUIRE_FALSE(q2.empty());
  CHECK(q2.back().position == 2);
}

TEST_CASE("hub: outside business hours request_human goes offline at once", "[hub]") {
  auto config = test_config();
  auto hours = server::business_hours_from_json(nlohmann::json{{"utc_offset", "+00:00"}, {"mon", "09:00-17:00"}});
  REQUIRE(hours);
  config.sites[0].hours = hours.value();
  HubWorld w(config);
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);
  auto c = hello(w, 1);  // Tuesday 22:13 UTC: closed
  CHECK_FALSE(c.humans_available);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  auto st = events_of(w.take(1), EventKind::state);
  REQUIRE_FALSE(st.empty());
  CHECK(st.back().state == State::offline);
}

TEST_CASE("hub: typing is relayed both ways, with the agent's name", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);
  auto c = hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.hub->agent_frame(10, proto::Accept{c.conversation});
  w.take(1);
  w.take(10);
  w.hub->customer_frame(1, proto::Typing{true, {}, Speaker::customer, {}});
  auto to_agent = first_of<proto::Typing>(w.take(10));
  REQUIRE(to_agent);
  CHECK(to_agent->conversation == c.conversation);
  CHECK(to_agent->who == Speaker::customer);
  w.hub->agent_frame(10, proto::Typing{true, c.conversation, Speaker::agent, {}});
  auto to_customer = first_of<proto::Typing>(w.take(1));
  REQUIRE(to_customer);
  CHECK(to_customer->who == Speaker::agent);
  CHECK(to_customer->name == "Sara");
}

TEST_CASE("hub: transfer to a named agent offers it to them; the customer keeps the story", "[hub]") {
  HubWorld w;
  const std::string sara = w.add_agent("Sara");
  const std::string bo = w.add_agent("Bo");
  agent_login(w, 10, sara);
  auto c = hello(w, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "I need help with an invoice", ""});
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.hub->agent_frame(10, proto::Accept{c.conversation});
  agent_login(w, 11, bo);
  w.take(10);
  w.take(11);
  w.hub->agent_frame(10, proto::Transfer{c.conversation, "a_Bo", "Bo knows invoices"});
  auto offer = first_of<proto::Offer>(w.take(11));
  REQUIRE(offer);
  CHECK(offer->conversation == c.conversation);
  w.hub->agent_frame(11, proto::Accept{c.conversation});
  auto snap = first_of<proto::Snapshot>(w.take(11));
  REQUIRE(snap);
  bool note = false;
  for (const Event& e : snap->events) note |= e.kind == EventKind::note && e.text == "Bo knows invoices";
  CHECK(note);
  auto ms = w.take(1);
  auto joined = events_of(ms, EventKind::agent_joined);
  REQUIRE(joined.size() == 2);
  CHECK(joined[1].author == "Bo");
  CHECK(events_of(ms, EventKind::note).empty());
  // Sara no longer has it.
  w.hub->agent_frame(10, proto::Say{"x1", "still mine?", c.conversation});
  auto err = first_of<proto::Error>(w.take(10));
  REQUIRE(err);
  CHECK(err->code == proto::ErrorCode::not_allowed);
}

TEST_CASE("hub: asking for a human after the end starts a follow-up conversation in the queue", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);
  auto c = hello(w, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "Where is my refund?", ""});
  w.hub->customer_frame(1, proto::End{});
  w.take(1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  auto ms = w.take(1);
  INFO(describe(ms));
  auto welcome = first_of<proto::Welcome>(ms);
  REQUIRE(welcome);
  CHECK(welcome->conversation != c.conversation);
  CHECK(welcome->state == State::waiting_human);
  // The old transcript comes along, so it stays on the customer's screen above the new one.
  CHECK(welcome->previous == c.conversation);
  auto said = std::find_if(welcome->earlier.begin(), welcome->earlier.end(),
                           [](const Event& e) { return e.text == "Where is my refund?"; });
  CHECK(said != welcome->earlier.end());
  // The agent's brief links the earlier conversation and tells its story; the snapshot carries it.
  auto offer = first_of<proto::Offer>(w.take(10));
  REQUIRE(offer);
  CHECK(offer->brief.previous == c.conversation);
  CHECK(offer->brief.intent == "refund");
  w.hub->agent_frame(10, proto::Accept{welcome->conversation});
  auto snap = first_of<proto::Snapshot>(w.take(10));
  REQUIRE(snap);
  CHECK(snap->previous == c.conversation);
  CHECK_FALSE(snap->earlier.empty());
  // A reload of the follow-up still shows both; the old token still opens the old conversation.
  auto again = hello(w, 3, welcome->resume, 0);
  CHECK(again.previous == c.conversation);
  CHECK_FALSE(again.earlier.empty());
  auto old = hello(w, 2, c.resume, 0);
  CHECK(old.conversation == c.conversation);
  CHECK(old.state == State::closed);
  CHECK(old.previous.empty());
}

TEST_CASE("hub: the agent's brief names the articles the AI already answered with", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);
  hello(w, 1);
  w.hub->customer_frame(1, proto::Say{"m1", "How long does a refund take?", ""});
  w.take(1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  auto offer = first_of<proto::Offer>(w.take(10));
  REQUIRE(offer);
  CHECK(offer->brief.ai_answered == std::vector<std::string>{"When will I get my refund?"});
}

TEST_CASE("hub: in a rush each requester hears their place at once, the rest once per tick", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 1000, token, /*available=*/false);
  w.hub->agent_frame(1000, proto::Status{true, 1});  // one slot, which the first customer takes
  auto busy = hello(w, 999);
  w.hub->customer_frame(999, proto::RequestHuman{"button"});
  w.hub->agent_frame(1000, proto::Accept{busy.conversation});
  w.take(999);
  w.take(1000);  // from here on the queue only grows
  const int customers = 60;  // beyond the size where updates are immediate
  for (int i = 1; i <= customers; ++i) {
    w.now += 1000;  // one a second: the queue is in arrival order
    hello(w, static_cast<server::SessionId>(i));
    w.hub->customer_frame(static_cast<server::SessionId>(i), proto::RequestHuman{"button"});
    auto mine = events_of(w.take(static_cast<server::SessionId>(i)), EventKind::queue);
    INFO("customer " << i);
    REQUIRE_FALSE(mine.empty());  // within one round trip, even in a rush
    CHECK(mine.back().position == i);
  }
  // The agent's queue list was refreshed at most once per arrival while it was short, then not at all.
  auto lists = all_of<proto::Queue>(w.take(1000));
  CHECK(lists.size() <= 33);
  CHECK_FALSE(lists.empty());
  // One tick brings the list and everybody's place up to date.
  w.hub->tick();
  lists = all_of<proto::Queue>(w.take(1000));
  REQUIRE(lists.size() == 1);
  CHECK(lists[0].entries.size() == static_cast<std::size_t>(customers));
  // The first customer leaves: the others move up, at the next tick, in one event each.
  w.hub->customer_frame(1, proto::End{});
  CHECK(events_of(w.take(2), EventKind::queue).empty());
  w.hub->tick();
  for (int i = 2; i <= customers; i += 7) {
    auto moved = events_of(w.take(static_cast<server::SessionId>(i)), EventKind::queue);
    INFO("customer " << i);
    REQUIRE(moved.size() == 1);
    CHECK(moved[0].position == i - 1);
  }
}

TEST_CASE("hub: while every agent holds offers, a new requester queues instead of going offline", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 100, token, /*available=*/false);
  w.hub->agent_frame(100, proto::Status{true, 1});
  hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});  // offered to Sara, not yet accepted
  REQUIRE(first_of<proto::Offer>(w.take(100)));
  w.now += 1000;
  hello(w, 2);
  w.hub->customer_frame(2, proto::RequestHuman{"button"});
  auto ms = w.take(2);
  INFO(describe(ms));
  CHECK(events_of(ms, EventKind::state).back().state == State::waiting_human);
  auto queue = events_of(ms, EventKind::queue);
  REQUIRE_FALSE(queue.empty());
  CHECK(queue.back().position == 2);  // behind the one offered to Sara, as her queue shows
}

TEST_CASE("hub: idle offline conversations leave memory; their messages stay in the agents' inbox", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  const auto welcome = hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});  // nobody online: offline
  w.hub->customer_frame(1, proto::LeaveMessage{"lm1", "me@example.com", "Please call me about my invoice"});
  w.take(1);
  w.hub->customer_closed(1);
  REQUIRE(w.hub->stats().conversations == 1);

  w.now += static_cast<TimeMs>(w.config.limits.idle_conversation_s) * 1000 + 1000;
  w.hub->tick();
  CHECK(w.hub->stats().conversations == 0);

  // An agent signing in still sees the message, with its contact, from the compact inbox.
  w.hub->agent_open(10, kNoOrigin);
  w.hub->agent_frame(10, proto::AgentHello{token});
  auto inbox = last_inbox(w.take(10));
  REQUIRE(inbox.entries.size() == 1);
  CHECK(inbox.entries[0].message.contact == "me@example.com");

  // The customer comes back: the conversation is loaded again, whole, and listed once.
  const auto back = hello(w, 2, welcome.resume);
  CHECK(back.conversation == welcome.conversation);
  CHECK(back.state == State::offline);
  CHECK(w.hub->stats().conversations == 1);
  w.hub->agent_open(11, kNoOrigin);
  w.hub->agent_frame(11, proto::AgentHello{token});
  CHECK(last_inbox(w.take(11)).entries.size() == 1);
}

TEST_CASE("hub: an offline customer still on the page goes back to the queue when an agent comes online", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  auto c = hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  auto states = events_of(w.take(1), EventKind::state);
  REQUIRE(states.size() == 1);
  REQUIRE(states[0].state == State::offline);

  w.now += 30'000;
  w.hub->agent_open(10, kNoOrigin);
  w.hub->agent_frame(10, proto::AgentHello{token});
  w.hub->agent_frame(10, proto::Status{true, 3});
  auto ms = w.take(1);
  INFO(describe(ms));
  states = events_of(ms, EventKind::state);
  REQUIRE(states.size() == 1);
  CHECK(states[0].state == State::waiting_human);
  auto queue = events_of(ms, EventKind::queue);
  REQUIRE_FALSE(queue.empty());
  CHECK(queue.back().position == 1);
  auto offer = first_of<proto::Offer>(w.take(10));
  REQUIRE(offer);
  CHECK(offer->conversation == c.conversation);
}

TEST_CASE("hub: three waiting customers hear positions 1, 2, 3, the same the agent sees", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);  // capacity 3: all three are offered at once
  std::vector<std::string> ids;
  std::map<server::SessionId, std::vector<proto::Message>> heard;
  for (server::SessionId s : {1, 2, 3}) {
    ids.push_back(hello(w, s).conversation);
    w.now += 1000;
    w.hub->customer_frame(s, proto::RequestHuman{"button"});
    for (server::SessionId each : {1, 2, 3})
      for (auto& m : w.take(each)) heard[each].push_back(std::move(m));
  }
  auto queues = all_of<proto::Queue>(w.take(10));
  REQUIRE_FALSE(queues.empty());
  const auto& entries = queues.back().entries;
  REQUIRE(entries.size() == 3);
  for (int i = 0; i < 3; ++i) {
    const auto s = static_cast<server::SessionId>(i + 1);
    INFO("customer " << s << ": " << describe(heard[s]));
    CHECK(entries[i].conversation == ids[i]);
    CHECK(entries[i].position == i + 1);
    auto queue = events_of(heard[s], EventKind::queue);
    REQUIRE_FALSE(queue.empty());
    CHECK(queue.back().position == i + 1);  // not "You're next" for all three
  }
}

TEST_CASE("hub: handed back to the AI, the question the agent left open is answered", "[hub]") {
  HubWorld w;
  const std::string token = w.add_agent("Sara");
  agent_login(w, 10, token);
  auto c = hello(w, 1);
  w.hub->customer_frame(1, proto::RequestHuman{"button"});
  w.hub->agent_frame(10, proto::Accept{c.conversation});
  w.hub->customer_frame(1, proto::Say{"m1", "How long does a refund take?", ""});
  auto asked = first_of<proto::Ack>(w.take(1));
  REQUIRE(asked);
  w.take(10);
  w.hub->agent_frame(10, proto::ReturnToAi{c.conversation});
  auto ms = w.take(1);
  INFO(describe(ms));
  auto msgs = events_of(ms, EventKind::message);
  REQUIRE(msgs.size() == 1);
  CHECK(msgs[0].speaker == Speaker::ai);
  CHECK(msgs[0].reply_to == asked->seq);
  CHECK(msgs[0].text.find("refund") != std::string::npos);
}
