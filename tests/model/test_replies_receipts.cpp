// Quick replies, article cards, answer feedback and read receipts in the model: the codec, the
// conversation (the one place they change) and the assistant's suggestions.
#include <catch2/catch.hpp>

#include "model/conversation.hpp"
#include "model/json_codec.hpp"
#include "model/protocol.hpp"
#include "model/quick_replies.hpp"

using namespace duet;

namespace {

constexpr const char* kThumbUp = "\xF0\x9F\x91\x8D";
constexpr const char* kThumbDown = "\xF0\x9F\x91\x8E";

Event answer_with_replies() {
  Event e;
  e.seq = 2;
  e.at = 1000;
  e.speaker = Speaker::ai;
  e.text = "Refunds take 3-5 days.";
  e.article_id = "refund-timing";
  e.confidence = 0.9;
  e.replies = {{kThumbUp, ReplyAction::helpful}, {kThumbDown, ReplyAction::not_helpful}};
  e.card = {"Refund timing", "Refunds take 3-5 days."};
  return e;
}

template <class T>
T round_trip(const T& m) {
  auto parsed = proto::parse(proto::serialize(proto::Message{m}), proto::Limits::for_server_frames());
  REQUIRE(parsed);
  REQUIRE(std::holds_alternative<T>(parsed.value()));
  return std::get<T>(parsed.value());
}

}  // namespace

TEST_CASE("replies, cards and feedback survive an event frame, the fast writer and the store's JSON", "[protocol][replies]") {
  const proto::EventMsg m{"cv1", answer_with_replies()};
  CHECK(round_trip(m) == m);
  // The hand-written event frame and the generic one read back the same.
  auto fast = proto::parse(proto::serialize(m), proto::Limits::for_server_frames());
  REQUIRE(fast);
  CHECK(std::get<proto::EventMsg>(fast.value()) == m);
  auto stored = event_from_json(to_json(m.event));
  REQUIRE(stored);
  CHECK(stored.value() == m.event);
  CHECK(proto::serialize(m).find(R"("replies":[{"text":")") != std::string::npos);

  Event fb;
  fb.seq = 3, fb.at = 1001, fb.speaker = Speaker::customer, fb.text = kThumbDown, fb.client_id = "m2";
  fb.reply_to = 2, fb.feedback = Feedback::not_helpful;
  CHECK(round_trip(proto::EventMsg{"cv1", fb}).event == fb);
  // Only messages carry them.
  Event state;
  state.kind = EventKind::state;
  state.replies = {{"x", ReplyAction::say}};
  state.feedback = Feedback::helpful;
  const Event back = round_trip(proto::EventMsg{"cv1", state}).event;
  CHECK(back.replies.empty());
  CHECK(back.feedback == Feedback::none);
}

TEST_CASE("v1 frames without the new fields still read, and unknown reply actions are refused", "[protocol][replies]") {
  auto old = proto::parse(R"({"v":1,"type":"say","cid":"c1","text":"hi"})");
  REQUIRE(old);
  CHECK(std::get<proto::Say>(old.value()).reply_to == 0);
  auto bad = proto::parse(
      R"({"v":1,"type":"event","event":{"seq":1,"at":1,"kind":"message","speaker":"ai","text":"a","replies":[{"text":"x","action":"dance"}]}})",
      proto::Limits::for_server_frames());
  REQUIRE_FALSE(bad);
  CHECK(bad.error().code == proto::ErrorCode::bad_value);
  CHECK(bad.error().field == "event.replies[0].action");
  auto empty = proto::parse(
      R"({"v":1,"type":"event","event":{"seq":1,"at":1,"kind":"message","speaker":"ai","text":"a","replies":[{"text":""}]}})",
      proto::Limits::for_server_frames());
  REQUIRE_FALSE(empty);
  CHECK(empty.error().field == "event.replies[0].text");
}

TEST_CASE("read frames, say.reply_to and the receipt marks of welcome and snapshot round-trip", "[protocol][receipts]") {
  proto::Say tap{"c2", kThumbUp, ""};
  tap.reply_to = 7;
  CHECK(round_trip(tap) == tap);
  CHECK(round_trip(proto::Read{"cv1", 4, 6, Speaker::agent}) == proto::Read{"cv1", 4, 6, Speaker::agent});
  CHECK(round_trip(proto::Read{{}, 3, 0, Speaker::customer}) == proto::Read{{}, 3, 0, Speaker::customer});
  proto::Welcome w;
  w.conversation = "cv1";
  w.read_seq = 5, w.delivered_seq = 6;
  CHECK(round_trip(w) == w);
  proto::Snapshot snap;
  snap.conversation = "cv1";
  snap.read_seq = 2, snap.delivered_seq = 3;
  CHECK(round_trip(snap) == snap);
  auto missing = proto::parse(R"({"v":1,"type":"read"})");
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == proto::ErrorCode::missing_field);
  auto negative = proto::parse(R"({"v":1,"type":"read","seq":-1})");
  REQUIRE_FALSE(negative);
  CHECK(negative.error().code == proto::ErrorCode::bad_value);
}

TEST_CASE("a tap on a feedback reply is stored as the customer's feedback; anything else is a plain message", "[conversation][replies]") {
  Conversation c("cv1", "shop", "en", 1000);
  c.customer_say("m1", "How long does a refund take?", 1001);
  auto a = c.ai_say("Refunds take 3-5 days.", "refund-timing", 0.9, 1002, DialogueAct::none, 1,
                    {{kThumbUp, ReplyAction::helpful}, {kThumbDown, ReplyAction::not_helpful}}, {"Refund timing", "..."});
  REQUIRE(a.ok());
  const Seq answer = a.events.back().seq;
  CHECK(c.events().back().replies.size() == 2);
  CHECK(c.events().back().card.title == "Refund timing");

  auto up = c.customer_say("m2", kThumbUp, 1003, answer);
  REQUIRE(up.ok());
  CHECK(up.events.back().feedback == Feedback::helpful);
  CHECK(up.events.back().reply_to == answer);
  auto down = c.customer_say("m3", kThumbDown, 1004, answer);
  CHECK(down.events.back().feedback == Feedback::not_helpful);
  // Not one of its replies, a customer's message, or no such event: no feedback.
  CHECK(c.customer_say("m4", "great", 1005, answer).events.back().feedback == Feedback::none);
  CHECK(c.customer_say("m5", kThumbUp, 1006, 1).events.back().feedback == Feedback::none);
  CHECK(c.customer_say("m6", kThumbUp, 1007, 99).events.back().reply_to == 0);
  CHECK(c.feedback_count(Feedback::helpful) == 1);
  CHECK(c.feedback_count(Feedback::not_helpful) == 1);
  // The counts follow from the events: a conversation read back from the store has the same.
  const Conversation again = Conversation::replay("cv1", "shop", "en", 1000, c.events());
  CHECK(again.feedback_count(Feedback::helpful) == 1);
  CHECK(again.feedback_count(Feedback::not_helpful) == 1);
  // A duplicate tap (resent after a reconnect) is not counted twice.
  CHECK(c.customer_say("m2", kThumbUp, 1008, answer).duplicate);
  CHECK(c.feedback_count(Feedback::helpful) == 1);
}

TEST_CASE("read marks move forward only, never past the last event, and delivered is at least read", "[conversation][receipts]") {
  Conversation c("cv1", "shop", "en", 1000);
  c.customer_say("m1", "hello", 1001);
  c.customer_say("m2", "anyone?", 1002);
  CHECK(c.receipt(Speaker::agent) == Conversation::Receipt{});
  CHECK(c.mark_read(Speaker::agent, 1, 2));
  CHECK(c.receipt(Speaker::agent) == Conversation::Receipt{1, 2});
  CHECK_FALSE(c.mark_read(Speaker::agent, 0, 1));  // older news changes nothing
  CHECK(c.receipt(Speaker::agent) == Conversation::Receipt{1, 2});
  CHECK(c.mark_read(Speaker::agent, 50, 50));  // capped at the last event
  CHECK(c.receipt(Speaker::agent) == Conversation::Receipt{2, 2});
  CHECK_FALSE(c.mark_read(Speaker::agent, 50, 50));
  // The sides are separate.
  CHECK(c.receipt(Speaker::customer) == Conversation::Receipt{});
  CHECK(c.mark_read(Speaker::customer, 2, 0));
  CHECK(c.receipt(Speaker::customer) == Conversation::Receipt{2, 2});
}

TEST_CASE("the assistant suggests yes / no thanks with an offer and helpful / not helpful under an article answer", "[assistant][replies]") {
  AssistantReply offer;
  offer.text = "Would you like to talk to a person?";
  offer.act = DialogueAct::unsure;
  offer.handoff = HandoffAction::offer;
  const Suggestions o = suggestions_for(offer, "sv");
  REQUIRE(o.replies.size() == 2);
  CHECK(o.replies[0] == QuickReply{"Ja, koppla mig", ReplyAction::human});
  CHECK(o.replies[1] == QuickReply{"Nej tack", ReplyAction::say});
  CHECK(o.card.empty());

  AssistantReply kb;
  kb.text = "Refunds take 3-5 days.";
  kb.article_id = "refund-timing";
  kb.title = "Refund timing";
  const Suggestions k = suggestions_for(kb, "en");
  REQUIRE(k.replies.size() == 2);
  CHECK(k.replies[0].action == ReplyAction::helpful);
  CHECK(k.replies[1].action == ReplyAction::not_helpful);
  CHECK(k.card == ArticleCard{"Refund timing", "Refunds take 3-5 days."});

  AssistantReply greeting;
  greeting.text = "Hi!";
  greeting.act = DialogueAct::greeting;
  CHECK(suggestions_for(greeting, "en").replies.empty());

  // What a tap stands for, in words the dialogue knows.
  TurnInput in;
  in.language = "de";
  in.text = feedback_words(Feedback::not_helpful, "de");
  CHECK(plan_turn(in).reply.act == DialogueAct::didnt_help);
  in.text = feedback_words(Feedback::helpful, "de");
  CHECK(plan_turn(in).reply.act == DialogueAct::thanks);
}
