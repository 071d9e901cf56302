// Full flows over real sockets on 127.0.0.1: the AI answers, the handoff both ways, the offline path,
// a cut connection, and a server restart mid-conversation.
#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "fake_llm_server.hpp"
#include "live_server.hpp"
#include "server/hub.hpp"

using namespace duet;
using namespace duet::test;

namespace {

bool is_msg(const Event& e, Speaker s, const std::string& text) {
  return e.kind == EventKind::message && e.speaker == s && e.text == text;
}

}  // namespace

TEST_CASE("loopback: a question gets an acked message and an AI answer", "[flow]") {
  LiveServer s;
  auto c = s.customer();
  auto w = say_hello(*c);
  CHECK(w.state == State::ai);
  c->send(proto::Say{"m1", "How long does a refund take?", ""});
  auto ack = c->wait_for<proto::Ack>();
  REQUIRE(ack);
  CHECK(ack->cid == "m1");
  CHECK(ack->seq == 1);
  auto typing = c->wait_for<proto::Typing>([](const proto::Typing& t) { return t.on && t.who == Speaker::ai; });
  CHECK(typing);
  auto answer = c->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::ai; });
  REQUIRE(answer);
  CHECK(answer->seq == 2);
  CHECK_FALSE(answer->text.empty());
  CHECK_FALSE(answer->article_id.empty());
}

TEST_CASE("loopback: request -> queue position -> accept -> both ways in order -> AI -> resolve -> rating",
          "[flow]") {
  LiveServer s;
  const std::string token = s.add_agent("Sara", {"en", "sv"});
  auto a = s.agent();
  auto aw = agent_sign_in(*a, token);
  CHECK(aw.name == "Sara");
  auto c = s.customer();
  auto w = say_hello(*c);
  c->send(proto::Say{"m1", "My card was declined at checkout", ""});
  REQUIRE(c->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::ai; }));

  // One tap: the queue position comes back at once (an available agent: position 1).
  c->send(proto::RequestHuman{"button"});
  auto waiting = c->wait_event(EventKind::state, [](const Event& e) { return e.state == State::waiting_human; });
  REQUIRE(waiting);
  CHECK(waiting->reason == EscalationReason::customer_request);
  auto q = c->wait_event(EventKind::queue);
  REQUIRE(q);
  CHECK(q->position == 1);

  auto offer = a->wait_for<proto::Offer>();
  REQUIRE(offer);
  CHECK(offer->conversation == w.conversation);
  CHECK(offer->brief.context.order_id == "A-10293");
  a->send(proto::Accept{w.conversation});
  auto snap = a->wait_for<proto::Snapshot>();
  REQUIRE(snap);
  CHECK(snap->state == State::with_human);
  CHECK(std::any_of(snap->events.begin(), snap->events.end(),
                    [](const Event& e) { return is_msg(e, Speaker::customer, "My card was declined at checkout"); }));
  auto joined = c->wait_event(EventKind::agent_joined);
  REQUIRE(joined);
  CHECK(joined->author == "Sara");
  CHECK(joined->agent_id.empty());

  // Both directions, interleaved: every side sees every message once, in seq order.
  for (int i = 0; i < 5; ++i) {
    a->send(proto::Say{"a" + std::to_string(i), "agent " + std::to_string(i), w.conversation});
    c->send(proto::Say{"c" + std::to_string(i), "customer " + std::to_string(i), ""});
  }
  a->send(proto::Note{w.conversation, "n1", "internal: checked the payment log"});
  // Waits until `who` has seen a message with `text` (now or earlier).
  auto saw = [](WsClient& who, const std::string& text) {
    auto pred = [&](const Event& e) { return e.kind == EventKind::message && e.text == text; };
    auto ev = who.events();
    return std::any_of(ev.begin(), ev.end(), pred) || who.wait_event(EventKind::message, pred).has_value();
  };
  auto human_messages = [](const WsClient& who) {
    std::vector<Event> msgs;
    for (const Event& e : who.events())
      if (e.kind == EventKind::message && e.speaker != Speaker::ai) msgs.push_back(e);
    return msgs;
  };
  for (WsClient* who : {c.get(), a.get()}) {
    REQUIRE(saw(*who, "agent 4"));
    REQUIRE(saw(*who, "customer 4"));
  }
  auto cust = human_messages(*c);
  auto agent_view = human_messages(*a);
  auto has_note = [&] {
    auto ev = a->events();
    return std::any_of(ev.begin(), ev.end(), [](const Event& e) { return e.kind == EventKind::note; });
  };
  CHECK((has_note() || a->wait_event(EventKind::note)));
  for (auto* list : {&cust, &agent_view}) {
    std::vector<Seq> seqs;
    std::set<std::string> texts;
    for (const Event& e : *list) {
      seqs.push_back(e.seq);
      texts.insert(e.text);
    }
    CHECK(std::is_sorted(seqs.begin(), seqs.end()));
    CHECK(std::adjacent_find(seqs.begin(), seqs.end()) == seqs.end());
    for (int i = 0; i < 5; ++i) {
      CHECK(texts.count("agent " + std::to_string(i)));
      CHECK(texts.count("customer " + std::to_string(i)));
    }
  }
  for (const Event& e : c->events()) CHECK(e.kind != EventKind::note);  // notes never reach customers
  // The agent's replies carry the agent's name.
  for (const Event& e : cust)
    if (e.speaker == Speaker::agent) CHECK(e.author == "Sara");

  // Back to the AI: the marker is in the transcript, and the AI answers again.
  a->send(proto::ReturnToAi{w.conversation});
  REQUIRE(c->wait_event(EventKind::ai_resumed));
  REQUIRE(c->wait_event(EventKind::state, [](const Event& e) { return e.state == State::ai; }));
  c->send(proto::Say{"m2", "How long does a refund take?", ""});
  REQUIRE(c->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::ai && e.seq > 0; }));

  // Once more to a human, resolved, then rated.
  c->send(proto::RequestHuman{"button"});
  auto offer2 = a->wait_for<proto::Offer>();
  REQUIRE(offer2);
  a->send(proto::Accept{w.conversation});
  REQUIRE(a->wait_for<proto::Snapshot>());
  a->send(proto::Resolve{w.conversation});
  REQUIRE(c->wait_event(EventKind::state, [](const Event& e) { return e.state == State::closed; }));
  c->send(proto::Rate{5, "quick and kind"});
  auto rating = c->wait_event(EventKind::rating);
  REQUIRE(rating);
  CHECK(rating->score == 5);

  auto metrics = http_get(s.port, "/metrics").body;
  CHECK(metrics.find("duet_ratings_total{by=\"human\"} 1") != std::string::npos);
  CHECK(metrics.find("duet_escalations_total{reason=\"customer_request\"} 2") != std::string::npos);
  CHECK(metrics.find("duet_time_to_human_seconds_count 2") != std::string::npos);
}

TEST_CASE("loopback: the offline path: a left message is taken from the inbox, answered, and reaches the "
          "customer by the hook and in the widget on return", "[flow]") {
  // The operator's hook (an email gateway, say): records what it is sent.
  FakeLlmServer hook([](const std::string&) {
    FakeReply r;
    r.content_type = "application/json";
    r.body = "{}";
    return r;
  });
  auto config = loopback_config();
  config.offline_reply_hook.url = hook.url();
  LiveServer s(config);
  const std::string token = s.add_agent("Sara");  // exists, but is not signed in
  auto c = s.customer();
  auto w = say_hello(*c);
  CHECK_FALSE(w.humans_available);
  c->send(proto::RequestHuman{"button"});
  REQUIRE(c->wait_event(EventKind::state, [](const Event& e) { return e.state == State::offline; }));
  c->send(proto::LeaveMessage{"lm1", "kim@example.com", "Please email me about invoice 5521"});
  auto ack = c->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "lm1"; });
  REQUIRE(ack);
  c.reset();  // the customer leaves the page (else an agent coming online would queue them again)
  for (int i = 0; i < 100; ++i) {
    if (http_get(s.port, "/healthz").body.find("\"customer_connections\":0") != std::string::npos) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }

  auto a = s.agent();
  agent_sign_in(*a, token, true);
  auto inbox = a->wait_for<proto::Inbox>([](const proto::Inbox& i) { return !i.entries.empty(); });
  REQUIRE(inbox);
  REQUIRE(inbox->entries.size() == 1);
  const auto& entry = inbox->entries[0];
  CHECK(entry.conversation == w.conversation);
  CHECK(entry.message.contact == "kim@example.com");
  CHECK(entry.message.text == "Please email me about invoice 5521");
  CHECK(entry.brief.language == "en");

  a->send(proto::Accept{w.conversation});
  auto snap = a->wait_for<proto::Snapshot>();
  REQUIRE(snap);
  CHECK(snap->state == State::with_human);
  // Taken: the inbox is empty for every agent now.
  REQUIRE(a->wait_for<proto::Inbox>([](const proto::Inbox& i) { return i.entries.empty(); }));
  const std::string reply = "Hi Kim, invoice 5521 is paid; the receipt is on its way.";
  a->send(proto::Say{"r1", reply, w.conversation});
  auto replied = a->wait_for<proto::Ack>([](const proto::Ack& x) { return x.cid == "r1"; });
  REQUIRE(replied);

  // The hook hears of it (bounded wait), with the contact to answer.
  for (int i = 0; i < 100 && hook.requests() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  REQUIRE(hook.requests() == 1);
  const auto body = nlohmann::json::parse(hook.bodies().at(0));
  CHECK(body["contact"] == "kim@example.com");
  CHECK(body["text"] == reply);
  CHECK(body["agent"] == "Sara");
  CHECK(body["conversation"] == w.conversation);
  for (int i = 0; i < 40; ++i) {
    if (http_get(s.port, "/metrics").body.find("duet_offline_replies_total{outcome=\"sent\"} 1") != std::string::npos)
      break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  CHECK(http_get(s.port, "/metrics").body.find("duet_offline_replies_total{outcome=\"sent\"} 1") != std::string::npos);

  // The customer comes back: the reply is in the transcript, after their message.
  auto back = s.customer();
  auto w2 = say_hello(*back, "shop", w.resume, ack->seq);
  CHECK(w2.conversation == w.conversation);
  CHECK(w2.state == State::with_human);
  bool seen = false;
  for (const Event& e : w2.events) seen = seen || (e.kind == EventKind::message && e.text == reply);
  CHECK(seen);
  // With the customer on the page, replies go to the widget only.
  a->send(proto::Say{"r2", "Anything else?", w.conversation});
  REQUIRE(back->wait_event(EventKind::message, [](const Event& e) { return e.text == "Anything else?"; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK(hook.requests() == 1);
}

TEST_CASE("loopback: a socket cut mid-conversation: resume, nothing lost, no duplicates", "[flow]") {
  LiveServer s;
  auto c = s.customer();
  auto w = say_hello(*c);
  c->send(proto::Say{"m1", "Where is my parcel?", ""});
  REQUIRE(c->wait_for<proto::Ack>());
  // m2 is sent and the connection dies before its ack is read: the client cannot know if it arrived.
  c->send(proto::Say{"m2", "It was due on Monday", ""});
  c->cut();
  c.reset();

  auto c2 = s.customer();
  Seq last_seen = 1;
  auto w2 = say_hello(*c2, "shop", w.resume, last_seen);
  CHECK(w2.conversation == w.conversation);
  for (const Event& e : w2.events) CHECK(e.seq > last_seen);
  // The client resends what was not acked, with the same client id.
  c2->send(proto::Say{"m2", "It was due on Monday", ""});
  auto ack = c2->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "m2"; });
  REQUIRE(ack);
  c2->send(proto::Say{"m3", "Thanks", ""});
  REQUIRE(c2->wait_for<proto::Ack>([](const proto::Ack& a) { return a.cid == "m3"; }));

  // A fresh resume from 0 shows the whole transcript: each message exactly once, in order.
  auto c3 = s.customer();
  auto w3 = say_hello(*c3, "shop", w.resume, 0);
  int m2_count = 0;
  Seq prev = 0;
  for (const Event& e : w3.events) {
    CHECK(e.seq == prev + 1);
    prev = e.seq;
    if (is_msg(e, Speaker::customer, "It was due on Monday")) ++m2_count;
  }
  CHECK(m2_count == 1);
  CHECK(std::any_of(w3.events.begin(), w3.events.end(),
                    [](const Event& e) { return is_msg(e, Speaker::customer, "Where is my parcel?"); }));
  CHECK(std::any_of(w3.events.begin(), w3.events.end(), [&](const Event& e) { return e.seq == ack->seq; }));
}

TEST_CASE("loopback: a server restart mid-conversation keeps transcript, queue and assignment", "[flow]") {
  LiveServer s;
  const std::string token = s.add_agent("Sara");
  auto a = s.agent();
  agent_sign_in(*a, token, true, 1);

  auto c1 = s.customer();
  auto w1 = say_hello(*c1);
  c1->send(proto::Say{"m1", "Someone used my card without permission", ""});
  REQUIRE(c1->wait_for<proto::Ack>());
  c1->send(proto::RequestHuman{"button"});
  REQUIRE(a->wait_for<proto::Offer>());
  a->send(proto::Accept{w1.conversation});
  REQUIRE(a->wait_for<proto::Snapshot>());
  a->send(proto::Say{"a1", "I'm looking into it now", w1.conversation});
  REQUIRE(c1->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::agent; }));

  auto c2 = s.customer();
  auto w2 = say_hello(*c2);
  c2->send(proto::RequestHuman{"button"});
  auto q2 = c2->wait_event(EventKind::queue);
  REQUIRE(q2);
  CHECK(q2->position == 1);
  const Seq c1_last = c1->events().back().seq;

  s.restart();  // a graceful stop: every client is told to reconnect
  CHECK(c1->wait_error(proto::ErrorCode::shutting_down));
  CHECK(c1->wait_closed());
  CHECK(c1->close_code() == std::uint16_t{1012});
  CHECK(a->wait_closed());

  auto r1 = s.customer();
  auto rw1 = say_hello(*r1, "shop", w1.resume, c1_last);
  CHECK(rw1.conversation == w1.conversation);
  CHECK(rw1.state == State::with_human);
  CHECK(rw1.agent_name == "Sara");
  auto r2 = s.customer();
  auto rw2 = say_hello(*r2, "shop", w2.resume, 0);
  CHECK(rw2.state == State::waiting_human);
  CHECK(rw2.queue_position == 1);
  CHECK(std::any_of(rw2.events.begin(), rw2.events.end(), [](const Event& e) { return e.kind == EventKind::queue; }));

  auto a2 = s.agent();
  a2->send(proto::AgentHello{token});
  auto snap = a2->wait_for<proto::Snapshot>();
  REQUIRE(snap);
  CHECK(snap->conversation == w1.conversation);
  CHECK(std::any_of(snap->events.begin(), snap->events.end(),
                    [](const Event& e) { return is_msg(e, Speaker::agent, "I'm looking into it now"); }));
  a2->send(proto::Say{"a2", "Still here after the restart", w1.conversation});
  REQUIRE(r1->wait_event(EventKind::message, [](const Event& e) { return e.text == "Still here after the restart"; }));
  r1->send(proto::Say{"m2", "Great", ""});
  REQUIRE(a2->wait_event(EventKind::message, [](const Event& e) { return e.text == "Great"; }));
}

TEST_CASE("loopback: bad site key, wrong origin, forged resume token, bad agent token", "[auth]") {
  LiveServer s;
  SECTION("bad site key: error, then a policy close") {
    auto c = s.customer();
    c->send(proto::Hello{"no-such-site", "", 0, "en", {}});
    REQUIRE(c->wait_error(proto::ErrorCode::bad_site_key));
    REQUIRE(c->wait_closed());
    CHECK(c->close_code() == std::uint16_t{1008});
  }
  SECTION("an origin not on the site's allow-list") {
    auto c = s.customer(std::string("https://evil.example"));
    c->send(proto::Hello{"shop", "", 0, "en", {}});
    REQUIRE(c->wait_error(proto::ErrorCode::origin_not_allowed));
    REQUIRE(c->wait_closed());
    CHECK(c->close_code() == std::uint16_t{1008});
    auto ok = s.customer(std::string("https://shop.example"));
    say_hello(*ok);
    // The widget's own iframe (served by this server) connects with the server's origin.
    auto widget = s.customer("http://127.0.0.1:" + std::to_string(s.port));
    say_hello(*widget);
  }
  SECTION("a forged resume token opens nothing: error and a fresh conversation") {
    auto c = s.customer();
    auto w = say_hello(*c);
    c->send(proto::Say{"m1", "secret order details", ""});
    REQUIRE(c->wait_for<proto::Ack>());
    auto thief = s.customer();
    thief->send(proto::Hello{"shop", w.conversation + ".Zm9yZ2VkLXNpZ25hdHVyZS1mb3JnZWQtc2lnbmF0dXJl", 0, "en", {}});
    REQUIRE(thief->wait_error(proto::ErrorCode::bad_resume_token));
    auto fresh = thief->wait_for<proto::Welcome>();
    REQUIRE(fresh);
    CHECK(fresh->conversation != w.conversation);
    CHECK(fresh->events.empty());
    // A genuine token for one site does not open the conversation on another.
    server::SiteConfig other;
    other.key = "other";
    s.server->hub().upsert_site(other);
    auto cross = s.customer();
    cross->send(proto::Hello{"other", w.resume, 0, "en", {}});
    REQUIRE(cross->wait_error(proto::ErrorCode::bad_resume_token));
  }
  SECTION("a bad agent token") {
    auto a = s.agent();
    a->send(proto::AgentHello{"duet_at_not-a-real-token"});
    REQUIRE(a->wait_error(proto::ErrorCode::unauthorized));
    REQUIRE(a->wait_closed());
    CHECK(a->close_code() == std::uint16_t{1008});
  }
}

// Issue 9, finding 9: the console asked for a raw agent id to transfer to. The server tells every
// console who is on duty (name, languages, available or away, load) when that changes.
TEST_CASE("loopback: every console hears who is on duty, with languages and load, and can transfer to one",
          "[flow]") {
  LiveServer s;
  const std::string maja_token = s.add_agent("Maja", {"en", "sv"});
  const std::string jonas_token = s.add_agent("Jonas", {"de", "en"});
  using Pred = std::function<bool(const proto::Agents&)>;
  auto find = [](const proto::Agents& l, const std::string& name) -> const proto::AgentPresence* {
    for (const auto& a : l.agents)
      if (a.name == name) return &a;
    return nullptr;
  };
  auto maja = s.agent();
  agent_sign_in(*maja, maja_token);
  REQUIRE(maja->wait_for<proto::Agents>(Pred([&](const proto::Agents& l) {
    const auto* m = find(l, "Maja");
    return l.agents.size() == 1 && m && m->available && m->languages == std::vector<std::string>{"en", "sv"};
  })));

  auto jonas = s.agent();
  agent_sign_in(*jonas, jonas_token, /*available=*/false);
  // Jonas's console gets the list right after his welcome; Maja's hears that he came, away.
  auto first = jonas->wait_for<proto::Agents>();
  REQUIRE(first);
  CHECK(first->agents.size() == 2);
  auto with_jonas = maja->wait_for<proto::Agents>(Pred([&](const proto::Agents& l) {
    const auto* j = find(l, "Jonas");
    return j && !j->available && j->assigned == 0;
  }));
  REQUIRE(with_jonas);
  CHECK(with_jonas->agents[0].name == "Jonas");  // by name
  const std::string jonas_id = find(*with_jonas, "Jonas")->agent_id;

  // Maja takes a customer: everyone sees her load.
  auto c = s.customer();
  auto w = say_hello(*c);
  c->send(proto::RequestHuman{"button"});
  REQUIRE(maja->wait_for<proto::Offer>());
  maja->send(proto::Accept{w.conversation});
  REQUIRE(maja->wait_for<proto::Snapshot>());
  REQUIRE(jonas->wait_for<proto::Agents>(Pred([&](const proto::Agents& l) {
    const auto* m = find(l, "Maja");
    return m && m->assigned == 1 && m->capacity == 3;
  })));

  // Jonas becomes available; Maja hands the customer to him, picked from her list by id.
  jonas->send(proto::Status{true, 2});
  REQUIRE(maja->wait_for<proto::Agents>(Pred([&](const proto::Agents& l) {
    const auto* j = find(l, "Jonas");
    return j && j->available && j->capacity == 2;
  })));
  maja->send(proto::Transfer{w.conversation, jonas_id, "Prefers German"});
  auto offer = jonas->wait_for<proto::Offer>();
  REQUIRE(offer);
  CHECK(offer->conversation == w.conversation);
  REQUIRE(maja->wait_for<proto::Agents>(Pred([&](const proto::Agents& l) {
    const auto* m = find(l, "Maja");
    return m && m->assigned == 0;
  })));

  // Jonas leaves: he is off Maja's list.
  jonas->close();
  REQUIRE(maja->wait_for<proto::Agents>(Pred([&](const proto::Agents& l) {
    return l.agents.size() == 1 && find(l, "Maja");
  })));
}
