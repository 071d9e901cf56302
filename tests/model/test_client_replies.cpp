// CustomerSession: suggested replies and article cards under AI messages (what a tap sends, when the
// buttons go), and read receipts both ways (the ticks under the customer's messages, the `read`
// frames the session sends: only when a mark moved, at most once a second).
#include <catch2/catch.hpp>

#include "client_session_fixture.hpp"

using namespace duet;
using namespace duet::test;

namespace {

const std::string kThumbUp = "\xF0\x9F\x91\x8D";

Event answer(Seq seq, Seq reply_to) {
  Event e = message(seq, Speaker::ai, "Refunds take 5-10 business days.");
  e.reply_to = reply_to;
  e.article_id = "refund-timing";
  e.replies = {{kThumbUp, ReplyAction::helpful}, {"\xF0\x9F\x91\x8E", ReplyAction::not_helpful}};
  e.card = {"How long does a refund take?", "Refunds take 5-10 business days."};
  return e;
}

Event offer(Seq seq) {
  Event e = message(seq, Speaker::ai, "Shall I connect you with a person?");
  e.replies = {{"Yes, connect me", ReplyAction::human}, {"No thanks", ReplyAction::say}};
  return e;
}

std::string read_frame(Seq seq, Seq delivered) {
  return proto::serialize(proto::Read{"c1", seq, delivered, Speaker::agent});
}

}  // namespace

TEST_CASE("an AI answer carries its replies and card into the line, buttons under the latest only", "[client_session][replies]") {
  Connected c;
  c.s.on_frame(event_frame(message(1, Speaker::customer, "how long does a refund take?", "x-1")), 3);
  c.s.on_frame(event_frame(answer(2, 1)), 4);
  const auto& vm = c.s.view();
  REQUIRE(vm.lines.size() == 2);
  CHECK(vm.lines[1].replies.size() == 2);
  CHECK(vm.lines[1].card.title == "How long does a refund take?");
  CHECK(vm.replies_for == 2);
  // A later AI message without replies takes them away: only the latest turn is answerable.
  c.s.on_frame(event_frame(message(3, Speaker::ai, "Anything else?")), 5);
  CHECK(vm.replies_for == 0);
}

TEST_CASE("a tap sends the reply's text with reply_to through the outbox, and the buttons go at once", "[client_session][replies]") {
  Connected c;
  c.s.on_frame(event_frame(answer(1, 0)), 3);
  REQUIRE(c.s.view().replies_for == 1);
  CHECK_FALSE(c.s.tap_reply(1, 5, 10));  // no such reply
  CHECK_FALSE(c.s.tap_reply(7, 0, 10));  // no such message
  REQUIRE(c.s.tap_reply(1, 0, 10));
  CHECK(c.s.view().replies_for == 0);
  const auto says = c.t.sent_of<proto::Say>();
  REQUIRE(says.size() == 1);
  CHECK(says[0].text == kThumbUp);
  CHECK(says[0].reply_to == 1);
  REQUIRE(c.s.outbox().size() == 1);
  CHECK(c.s.outbox()[0].reply_to == 1);
  CHECK_FALSE(c.s.tap_reply(1, 1, 11));  // answered: a second tap sends nothing
  CHECK(c.t.sent_of<proto::Say>().size() == 1);
  // Resent with its reply_to after a reconnect, like anything typed.
  c.s.on_closed(20);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(30);
  c.s.on_frame(welcome("c1", {answer(1, 0)}), 31);
  const auto again = c.t.sent_of<proto::Say>();
  REQUIRE(again.size() == 2);
  CHECK(again[1].cid == says[0].cid);
  CHECK(again[1].reply_to == 1);
  CHECK(c.s.view().replies_for == 0);  // the pending tap is the customer's answer
}

TEST_CASE("writing anything answers the suggestions", "[client_session][replies]") {
  Connected c;
  c.s.on_frame(event_frame(answer(1, 0)), 3);
  REQUIRE(c.s.say("what about exchanges?", 4));
  CHECK(c.s.view().replies_for == 0);
  Event mine = message(2, Speaker::customer, "what about exchanges?", c.s.outbox()[0].cid);
  c.s.on_frame(event_frame(mine), 5);
  CHECK(c.s.view().replies_for == 0);
}

TEST_CASE("a human reply asks for a person, and is left to the offer card while it shows", "[client_session][replies]") {
  Connected c;
  c.s.on_frame(event_frame(offer(1)), 3);
  CHECK(c.s.view().replies_for == 1);
  REQUIRE(c.s.tap_reply(1, 0, 4));
  CHECK(c.t.sent_of<proto::RequestHuman>().size() == 1);
  CHECK(c.t.sent_of<proto::Say>().empty());
  CHECK(c.s.view().replies_for == 0);

  Connected d;
  d.s.on_frame(event_frame(offer(1)), 3);
  Event card;
  card.seq = 2;
  card.kind = EventKind::offer_human;
  card.reason = EscalationReason::low_confidence;
  d.s.on_frame(event_frame(card), 4);
  CHECK(d.s.view().offer_human);
  CHECK(d.s.view().replies_for == 0);  // one offer on screen: the card
  // Once the conversation waits for a person the offer is moot.
  Connected e;
  e.s.on_frame(event_frame(offer(1)), 3);
  Event waiting;
  waiting.seq = 2;
  waiting.kind = EventKind::state;
  waiting.state = State::waiting_human;
  e.s.on_frame(event_frame(waiting), 4);
  CHECK(e.s.view().replies_for == 0);
}

TEST_CASE("ticks: sent, delivered and read by the support side, or answered by the assistant", "[client_session][receipts]") {
  Connected c;
  REQUIRE(c.s.say("hello", 3));
  const auto& vm = c.s.view();
  CHECK(receipt_of(vm.lines.back(), vm) == Receipt::none);  // pending
  const std::string cid = c.s.outbox()[0].cid;
  c.s.on_frame(ack_frame(cid, 1), 4);
  c.s.on_frame(event_frame(message(1, Speaker::customer, "hello", cid)), 5);
  CHECK(receipt_of(vm.lines[0], vm) == Receipt::sent);
  c.s.on_frame(read_frame(0, 1), 6);
  CHECK(receipt_of(vm.lines[0], vm) == Receipt::delivered);
  c.s.on_frame(read_frame(1, 1), 7);
  CHECK(receipt_of(vm.lines[0], vm) == Receipt::read);
  c.s.on_frame(read_frame(0, 0), 8);  // marks never go back
  CHECK(vm.support_read == 1);
  // Another conversation's receipt is not ours.
  c.s.on_frame(event_frame(message(2, Speaker::customer, "and this?")), 9);
  c.s.on_frame(proto::serialize(proto::Read{"c9", 2, 2, Speaker::agent}), 10);
  CHECK(receipt_of(vm.lines[1], vm) == Receipt::sent);
  c.s.on_frame(event_frame(answer(3, 2)), 11);
  CHECK(receipt_of(vm.lines[1], vm) == Receipt::read);
  CHECK(receipt_of(vm.lines[2], vm) == Receipt::none);  // not the customer's

  // The welcome carries the agent's marks (a reload, a second tab).
  FakeTransport t;
  CustomerSession s(config(), t, 9);
  s.start(0);
  s.on_open(1);
  proto::Welcome w;
  w.conversation = "c1";
  w.events = {message(1, Speaker::customer, "hi"), message(2, Speaker::customer, "there")};
  w.read_seq = 1;
  w.delivered_seq = 2;
  s.on_frame(proto::serialize(w), 2);
  CHECK(receipt_of(s.view().lines[0], s.view()) == Receipt::read);
  CHECK(receipt_of(s.view().lines[1], s.view()) == Receipt::delivered);
}

TEST_CASE("read frames: sent when a mark on the support side's messages moves, at most once a second", "[client_session][receipts]") {
  Connected c;
  auto reads = [&] { return c.t.sent_of<proto::Read>(); };
  c.s.on_frame(event_frame(message(1, Speaker::customer, "hi")), 100);
  CHECK(reads().empty());  // our own words need no receipt
  c.s.on_frame(event_frame(message(2, Speaker::agent, "Hello, Anna here")), 200);
  REQUIRE(reads().size() == 1);  // the panel is closed: delivered, not read
  CHECK(reads()[0].seq == 0);
  CHECK(reads()[0].delivered == 2);
  CHECK_FALSE(c.s.next_wakeup());  // nothing moved since

  c.s.set_panel_open(true);  // seen now; within the second, so it waits for its time
  REQUIRE(c.s.next_wakeup());
  CHECK(*c.s.next_wakeup() == 1200);
  c.s.tick(1199);
  CHECK(reads().size() == 1);
  c.s.tick(1200);
  REQUIRE(reads().size() == 2);
  CHECK(reads()[1].seq == 2);
  CHECK(reads()[1].delivered == 2);

  // Two messages within a second: one frame for both, after the second is over.
  c.s.on_frame(event_frame(message(3, Speaker::agent, "One moment")), 1500);
  c.s.on_frame(event_frame(message(4, Speaker::agent, "Found it")), 1600);
  CHECK(reads().size() == 2);
  c.s.tick(2200);
  REQUIRE(reads().size() == 3);
  CHECK(reads()[2].seq == 4);
  c.s.tick(5000);
  c.s.on_frame(event_frame(message(5, Speaker::customer, "thanks")), 5100);
  CHECK(reads().size() == 3);  // never for events already marked
  CHECK_FALSE(c.s.next_wakeup());

  // Offline: nothing is due (the marks go out once back).
  c.s.on_frame(event_frame(message(6, Speaker::agent, "Bye")), 9000);
  CHECK(reads().size() == 4);
  c.s.on_closed(9100);
  c.s.on_frame(event_frame(message(7, Speaker::agent, "late")), 9200);
  CHECK(c.s.next_wakeup() == c.s.view().reconnect_at);
}

TEST_CASE("a background tab is not read: delivered only, read once the page is on screen again", "[client_session][receipts]") {
  Connected c;
  c.s.set_panel_open(true);
  c.s.set_page_visible(false);
  c.s.on_frame(event_frame(message(1, Speaker::agent, "Hello, Anna here")), 100);
  auto reads = c.t.sent_of<proto::Read>();
  REQUIRE(reads.size() == 1);
  CHECK(reads[0].seq == 0);
  CHECK(reads[0].delivered == 1);
  c.s.set_page_visible(true);
  c.s.tick(*c.s.next_wakeup());
  reads = c.t.sent_of<proto::Read>();
  REQUIRE(reads.size() == 2);
  CHECK(reads[1].seq == 1);
}
