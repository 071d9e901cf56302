// Quick replies, article cards, answer feedback and read receipts over real sockets on 127.0.0.1.
#include <algorithm>

#include <catch2/catch.hpp>

#include "live_server.hpp"

using namespace duet;
using namespace duet::test;

namespace {

constexpr const char* kThumbUp = "\xF0\x9F\x91\x8D";
constexpr const char* kThumbDown = "\xF0\x9F\x91\x8E";

Event ai_answer(WsClient& c) {
  auto e = c.wait_event(EventKind::message, [](const Event& x) { return x.speaker == Speaker::ai; });
  REQUIRE(e);
  return *e;
}

}  // namespace

TEST_CASE("loopback: an answer from an article comes as a card with helpful / not helpful replies; taps are "
          "stored as feedback, counted in /metrics and in the brief",
          "[flow][replies]") {
  LiveServer s;
  const std::string token = s.add_agent("Sara");
  auto a = s.agent();  // someone is there: "that didn't help" offers a person
  agent_sign_in(*a, token);
  auto c = s.customer();
  say_hello(*c);
  c->send(proto::Say{"m1", "How long does a refund take?", ""});
  const Event answer = ai_answer(*c);
  REQUIRE_FALSE(answer.article_id.empty());
  REQUIRE(answer.replies.size() == 2);
  CHECK(answer.replies[0] == QuickReply{kThumbUp, ReplyAction::helpful});
  CHECK(answer.replies[1] == QuickReply{kThumbDown, ReplyAction::not_helpful});
  CHECK_FALSE(answer.card.title.empty());
  CHECK(answer.card.body == answer.text);

  // Not helpful: stored with the customer's message, and the assistant answers as to "that didn't help"
  // (an apology that offers a person, with yes / no thanks as replies).
  proto::Say tap{"m2", kThumbDown, ""};
  tap.reply_to = answer.seq;
  c->send(tap);
  auto mine = c->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::customer && e.client_id == "m2"; });
  REQUIRE(mine);
  CHECK(mine->feedback == Feedback::not_helpful);
  CHECK(mine->reply_to == answer.seq);
  const Event sorry = ai_answer(*c);
  CHECK(sorry.act == DialogueAct::didnt_help);
  REQUIRE(sorry.replies.size() == 2);
  CHECK(sorry.replies[0].action == ReplyAction::human);
  CHECK(sorry.replies[1].action == ReplyAction::say);

  // A tap whose text is not one of the message's replies is a plain message, not feedback.
  proto::Say forged{"m3", kThumbUp, ""};
  forged.reply_to = sorry.seq;
  c->send(forged);
  auto plain = c->wait_event(EventKind::message, [](const Event& e) { return e.client_id == "m3"; });
  REQUIRE(plain);
  CHECK(plain->feedback == Feedback::none);

  const std::string metrics = http_get(s.port, "/metrics").body;
  CHECK(metrics.find("duet_answer_feedback_total{helpful=\"false\"} 1") != std::string::npos);
  CHECK(metrics.find("duet_answer_feedback_total{helpful=\"true\"} 0") != std::string::npos);

  c->send(proto::RequestHuman{"button"});
  auto offer = a->wait_for<proto::Offer>();
  REQUIRE(offer);
  CHECK(offer->brief.answers_not_helpful == 1);
  CHECK(offer->brief.answers_helpful == 0);
}

TEST_CASE("loopback: a helpful tap is thanked and counted", "[flow][replies]") {
  LiveServer s;
  auto c = s.customer();
  say_hello(*c);
  c->send(proto::Say{"m1", "How long does a refund take?", ""});
  const Event answer = ai_answer(*c);
  REQUIRE(answer.replies.size() == 2);
  proto::Say tap{"m2", kThumbUp, ""};
  tap.reply_to = answer.seq;
  c->send(tap);
  const Event thanks = ai_answer(*c);
  CHECK(thanks.act == DialogueAct::thanks);
  CHECK(thanks.replies.empty());
  CHECK(http_get(s.port, "/metrics").body.find("duet_answer_feedback_total{helpful=\"true\"} 1") != std::string::npos);
}

TEST_CASE("loopback: read receipts advance on both sides and come back in welcome and snapshot", "[flow][receipts]") {
  LiveServer s;
  const std::string token = s.add_agent("Sara");
  auto a = s.agent();
  agent_sign_in(*a, token);
  auto c = s.customer();
  auto w = say_hello(*c);
  const auto snap = hand_to_agent(*c, *a, w.conversation);
  CHECK(snap.read_seq == 0);
  REQUIRE(c->wait_event(EventKind::agent_joined));

  c->send(proto::Say{"c1", "My card was declined", ""});
  auto ack = c->wait_for<proto::Ack>();
  REQUIRE(ack);
  // The agent received and read it: the customer is told (who: agent), up to its seq.
  REQUIRE(a->wait_event(EventKind::message, [](const Event& e) { return e.client_id == "c1"; }));
  a->send(proto::Read{w.conversation, ack->seq, ack->seq, Speaker::agent});
  auto seen = c->wait_for<proto::Read>();
  REQUIRE(seen);
  CHECK(seen->who == Speaker::agent);
  CHECK(seen->seq == ack->seq);
  CHECK(seen->delivered == ack->seq);

  // The agent answers; the customer's device has it (delivered) before the customer reads it.
  a->send(proto::Say{"a1", "Let me check that for you", w.conversation});
  auto agent_ack = a->wait_for<proto::Ack>();
  REQUIRE(agent_ack);
  REQUIRE(c->wait_event(EventKind::message, [](const Event& e) { return e.speaker == Speaker::agent; }));
  c->send(proto::Read{{}, 0, agent_ack->seq});
  auto delivered = a->wait_for<proto::Read>();
  REQUIRE(delivered);
  CHECK(delivered->who == Speaker::customer);
  CHECK(delivered->seq == 0);
  CHECK(delivered->delivered == agent_ack->seq);
  c->send(proto::Read{{}, agent_ack->seq, agent_ack->seq});
  auto read = a->wait_for<proto::Read>([](const proto::Read& r) { return r.seq > 0; });
  REQUIRE(read);
  CHECK(read->seq == agent_ack->seq);
  // Marks never go back, and never past the last event (the snapshot below shows where they are).
  c->send(proto::Read{{}, 1, 1});
  c->send(proto::Read{{}, 1000, 1000});

  // A new tab of the customer and a reconnecting console start from the marks.
  auto c2 = s.customer();
  auto w2 = say_hello(*c2, "shop", w.resume, 0);
  CHECK(w2.read_seq == ack->seq);
  a->send(proto::Accept{w.conversation});
  auto again = a->wait_for<proto::Snapshot>();
  REQUIRE(again);
  CHECK(again->read_seq == agent_ack->seq);
  CHECK(again->delivered_seq == agent_ack->seq);
}
