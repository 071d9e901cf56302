#include <catch2/catch.hpp>

#include <algorithm>
#include <deque>

#include "client_session_fixture.hpp"

using namespace duet;
using namespace duet::test;

TEST_CASE("hello carries site, locale, resume token and last seq", "[client_session]") {
  FakeTransport t;
  CustomerSession s(config(), t, 1);
  s.restore("saved-token");
  s.start(0);
  CHECK(t.opens == 1);
  CHECK(s.view().connection == Connection::connecting);
  s.on_open(1);
  auto hellos = t.sent_of<proto::Hello>();
  REQUIRE(hellos.size() == 1);
  CHECK(hellos[0].site == "demo");
  CHECK(hellos[0].locale == "sv-SE");
  CHECK(hellos[0].resume == "saved-token");
  CHECK(hellos[0].last_seq == 0);
}

TEST_CASE("a message shows as pending until the server's event confirms it", "[client_session]") {
  Connected c;
  REQUIRE(c.s.say("Where is my refund?", 100));
  auto says = c.t.sent_of<proto::Say>();
  REQUIRE(says.size() == 1);
  REQUIRE(c.s.view().lines.size() == 1);
  CHECK(c.s.view().lines[0].pending);
  CHECK(c.s.outbox().size() == 1);

  c.s.on_frame(event_frame(message(1, Speaker::customer, "Where is my refund?", says[0].cid)), 101);
  REQUIRE(c.s.view().lines.size() == 1);  // the same line, now confirmed: no duplicate
  CHECK_FALSE(c.s.view().lines[0].pending);
  c.s.on_frame(ack_frame(says[0].cid, 1), 102);
  CHECK(c.s.outbox().empty());
  CHECK(c.s.view().lines.size() == 1);
  CHECK(c.s.last_seq() == 1);
}

TEST_CASE("messages typed while disconnected are kept and resent after reconnect, once", "[client_session]") {
  Connected c;
  c.s.on_closed(200);
  CHECK(c.s.view().connection == Connection::reconnecting);
  const auto sent_before = c.t.sent.size();
  REQUIRE(c.s.say("first", 201));
  REQUIRE(c.s.say("second", 202));
  CHECK(c.t.sent.size() == sent_before);  // nothing goes out while offline
  CHECK(c.s.view().lines.size() == 2);
  CHECK(c.s.view().lines[0].pending);

  // Reconnect when the backoff timer fires.
  REQUIRE(c.s.next_wakeup());
  c.s.tick(*c.s.next_wakeup());
  CHECK(c.t.opens == 2);
  c.s.on_open(300);
  c.s.on_frame(welcome("c1"), 301);
  auto says = c.t.sent_of<proto::Say>();
  REQUIRE(says.size() == 2);
  CHECK(says[0].text == "first");
  CHECK(says[1].text == "second");

  // The connection drops again before the acks: the same client ids go out again (server dedupes).
  c.s.on_closed(302);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(400);
  c.s.on_frame(welcome("c1"), 401);
  auto again = c.t.sent_of<proto::Say>();
  REQUIRE(again.size() == 4);
  CHECK(again[2].cid == says[0].cid);
  CHECK(again[3].cid == says[1].cid);

  c.s.on_frame(event_frame(message(1, Speaker::customer, "first", says[0].cid)), 402);
  c.s.on_frame(ack_frame(says[0].cid, 1), 403);
  c.s.on_frame(event_frame(message(2, Speaker::customer, "second", says[1].cid)), 404);
  c.s.on_frame(ack_frame(says[1].cid, 2), 405);
  CHECK(c.s.outbox().empty());
  REQUIRE(c.s.view().lines.size() == 2);
  CHECK(c.s.view().lines[1].text == "second");
}

TEST_CASE("resume asks only for what was missed; duplicated and reordered events apply once", "[client_session]") {
  Connected c;
  c.s.on_frame(event_frame(message(1, Speaker::customer, "hi", "x")), 10);
  c.s.on_frame(event_frame(message(2, Speaker::ai, "Hello! How can I help?")), 11);
  c.s.on_frame(event_frame(message(2, Speaker::ai, "Hello! How can I help?")), 12);  // duplicate frame
  CHECK(c.s.view().lines.size() == 2);
  c.s.on_closed(20);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(30);
  auto hellos = c.t.sent_of<proto::Hello>();
  REQUIRE(hellos.size() == 2);
  CHECK(hellos[1].last_seq == 2);
  CHECK(hellos[1].resume == "token-c1");
  // The server replays from 3 on, and a late duplicate of 2 arrives too.
  c.s.on_frame(welcome("c1", {message(2, Speaker::ai, "Hello! How can I help?"), message(3, Speaker::ai, "Anything else?")}), 31);
  REQUIRE(c.s.view().lines.size() == 3);
  CHECK(c.s.view().lines[2].text == "Anything else?");
}

TEST_CASE("a refused resume or a follow-up conversation starts a clean transcript", "[client_session]") {
  Connected c;
  c.s.on_frame(event_frame(message(1, Speaker::ai, "old")), 10);
  c.s.on_frame(proto::serialize(proto::make_error(proto::ErrorCode::bad_resume_token, "expired")), 11);
  CHECK(c.s.resume_token().empty());
  c.s.on_frame(welcome("c2", {message(1, Speaker::ai, "new")}), 12);
  REQUIRE(c.s.view().lines.size() == 1);
  CHECK(c.s.view().lines[0].text == "new");
  CHECK(c.s.view().conversation == "c2");
  CHECK(c.s.resume_token() == "token-c2");
}

TEST_CASE("reconnect backoff grows, has jitter, is capped and resets on success", "[client_session]") {
  FakeTransport t;
  ClientConfig cfg = config();
  cfg.backoff_min_ms = 500;
  cfg.backoff_max_ms = 8000;
  CustomerSession s(cfg, t, 7);
  s.start(0);
  TimeMs now = 0;
  std::vector<TimeMs> delays;
  for (int i = 0; i < 8; ++i) {
    s.on_closed(now);
    REQUIRE(s.next_wakeup());
    delays.push_back(*s.next_wakeup() - now);
    now = *s.next_wakeup();
    s.tick(now - 1);
    CHECK(t.opens == i + 1);  // not yet
    s.tick(now);
    CHECK(t.opens == i + 2);
  }
  CHECK(delays[0] >= 250);
  CHECK(delays[0] <= 500);
  for (TimeMs d : delays) CHECK(d <= 8000);
  CHECK(delays[6] >= 4000);  // capped window [max/2, max]
  s.on_open(now);
  s.on_frame(welcome("c1"), now);
  s.on_closed(now);
  CHECK(*s.next_wakeup() - now <= 500);

  // Two clients with different seeds do not reconnect in lockstep.
  FakeTransport t2;
  CustomerSession other(cfg, t2, 8);
  other.start(0);
  std::vector<TimeMs> other_delays;
  TimeMs n2 = 0;
  for (int i = 0; i < 8; ++i) {
    other.on_closed(n2);
    other_delays.push_back(*other.next_wakeup() - n2);
    n2 = *other.next_wakeup();
    other.tick(n2);
  }
  CHECK(other_delays != delays);
}

TEST_CASE("talk to a human works offline too: it is sent on reconnect", "[client_session]") {
  FakeTransport t;
  CustomerSession s(config(), t, 3);
  s.request_human(0);  // before even connecting
  CHECK(t.sent.empty());
  s.start(0);
  s.on_open(1);
  s.on_frame(welcome("c1"), 2);
  CHECK(t.sent_of<proto::RequestHuman>().size() == 1);
  s.request_human(3);
  CHECK(t.sent_of<proto::RequestHuman>().size() == 2);  // idempotent on the server, always one tap here
}

TEST_CASE("the view follows queue, agent and state events", "[client_session]") {
  Connected c;
  Event st;
  st.seq = 1, st.kind = EventKind::state, st.state = State::waiting_human, st.reason = EscalationReason::customer_request;
  c.s.on_frame(event_frame(st), 10);
  Event q;
  q.seq = 2, q.kind = EventKind::queue, q.position = 3, q.estimate_s = 240;
  c.s.on_frame(event_frame(q), 11);
  CHECK(c.s.view().state == State::waiting_human);
  CHECK(c.s.view().queue_position == 3);
  CHECK(c.s.view().estimate_s == 240);
  Event joined;
  joined.seq = 3, joined.kind = EventKind::agent_joined, joined.author = "Anna";
  c.s.on_frame(event_frame(joined), 12);
  Event st2;
  st2.seq = 4, st2.kind = EventKind::state, st2.state = State::with_human;
  c.s.on_frame(event_frame(st2), 13);
  CHECK(c.s.view().agent_name == "Anna");
  CHECK(c.s.view().queue_position == 0);
  Event hi = message(5, Speaker::agent, "Hi, Anna here");
  hi.author = "Anna";
  c.s.on_frame(event_frame(hi), 14);
  CHECK(c.s.view().lines.back().author == "Anna");
  CHECK(c.s.view().unread == 1);  // panel closed
  c.s.set_panel_open(true);
  CHECK(c.s.view().unread == 0);
}

TEST_CASE("the greeting follows a payment error in the page's context", "[client_session][greeting]") {
  CHECK(greeting_for(Context{}) == Greeting::plain);
  Context declined;
  declined.payment_error = "card_declined";
  CHECK(greeting_for(declined) == Greeting::payment_declined);
  Context funds;
  funds.payment_error = "insufficient_funds";
  CHECK(greeting_for(funds) == Greeting::payment_declined);
  Context other;
  other.payment_error = "processing_error";
  CHECK(greeting_for(other) == Greeting::payment_failed);

  FakeTransport t;
  ClientConfig cfg = config();
  cfg.context = declined;
  CustomerSession from_start(cfg, t, 7);
  CHECK(from_start.view().greeting == Greeting::payment_declined);  // known at load
  Connected c;
  CHECK(c.s.view().greeting == Greeting::plain);
  const auto before = c.s.revision();
  c.s.set_context(declined);  // the page reports the decline later (setContext)
  CHECK(c.s.view().greeting == Greeting::payment_declined);
  CHECK(c.s.revision() != before);  // redrawn
  c.s.set_context(Context{});       // paid after all
  CHECK(c.s.view().greeting == Greeting::plain);
}

TEST_CASE("text that cannot be sent is refused locally and nothing is lost", "[client_session]") {
  Connected c;
  const auto before = c.t.sent.size();
  CHECK_FALSE(c.s.say("   ", 1));
  CHECK_FALSE(c.s.say(std::string(5000, 'x'), 2));
  REQUIRE(c.s.view().last_error);
  CHECK(c.s.view().last_error->code == proto::ErrorCode::text_too_long);
  CHECK_FALSE(c.s.leave_message("", "call me", 3));
  CHECK(c.t.sent.size() == before);
  CHECK(c.s.outbox().empty());
}

TEST_CASE("the view says which messages were taken into the outbox and why one was not", "[client_session]") {
  Connected c;
  const auto& v = c.s.view();
  CHECK(v.max_text_bytes == 4000);
  CHECK_FALSE(c.s.say(std::string(5000, 'x'), 1));
  CHECK(v.taken == 0);  // the composer must keep it
  CHECK(v.not_taken.count == 1);
  CHECK(v.not_taken.code == proto::ErrorCode::text_too_long);
  CHECK(v.not_taken.field == "text");
  CHECK_FALSE(c.s.leave_message(" ", "call me", 2));
  CHECK(v.not_taken.count == 2);
  CHECK(v.not_taken.field == "contact");
  CHECK(c.s.say(std::string(4000, 'x'), 3));  // exactly the limit goes out
  CHECK(v.taken == 1);
  CHECK(c.s.leave_message("ana@example.com", "call me", 4));
  CHECK(v.taken == 2);
  CHECK(v.not_taken.count == 2);
  CHECK(c.s.outbox().size() == 2);
}

TEST_CASE("text_fit measures in characters what fits in the byte limit", "[client_session]") {
  CHECK(text_fit(std::string(5000, 'x'), 4000).chars == 5000);
  CHECK(text_fit(std::string(5000, 'x'), 4000).max_chars == 4000);
  CHECK_FALSE(text_fit(std::string(5000, 'x'), 4000).fits());
  CHECK(text_fit("hej", 4000).fits());
  std::string a_ring;
  for (int i = 0; i < 2001; ++i) a_ring += "\xC3\xA5";  // 4,002 bytes
  const TextFit fit = text_fit(a_ring, 4000);
  CHECK(fit.chars == 2001);
  CHECK(fit.max_chars == 2000);
  // A cut inside a character does not count it.
  CHECK(text_fit("x\xC3\xA5", 2).max_chars == 1);
}

TEST_CASE("the outbox survives a page reload", "[client_session]") {
  std::vector<CustomerSession::Pending> saved;
  {
    FakeTransport t;
    CustomerSession s(config(), t, 1);
    s.say("typed before reload", 5);
    saved = s.outbox();
  }
  FakeTransport t;
  CustomerSession s(config(), t, 2);
  s.restore_outbox(saved);
  REQUIRE(s.view().lines.size() == 1);
  CHECK(s.view().lines[0].pending);
  s.start(0);
  s.on_open(1);
  s.on_frame(welcome("c1"), 2);
  auto says = t.sent_of<proto::Say>();
  REQUIRE(says.size() == 1);
  CHECK(says[0].cid == saved[0].cid);
}

TEST_CASE("the revision changes with every visible change, so idle means no frames", "[client_session]") {
  Connected c;
  const auto r0 = c.s.revision();
  c.s.tick(5);  // nothing due
  CHECK(c.s.revision() == r0);
  c.s.say("hi", 6);
  CHECK(c.s.revision() > r0);
}

TEST_CASE("a server-side failure keeps the message for a resend; a refusal for content does not", "[client_session]") {
  Connected c;
  c.s.say("stored later", 1);
  c.s.say("refused", 2);
  auto says = c.t.sent_of<proto::Say>();
  REQUIRE(says.size() == 2);
  c.s.on_frame(proto::serialize(proto::make_error(proto::ErrorCode::internal, "store busy", "", says[0].cid)), 3);
  c.s.on_frame(proto::serialize(proto::make_error(proto::ErrorCode::not_allowed, "closed", "", says[1].cid)), 4);
  REQUIRE(c.s.outbox().size() == 1);
  CHECK(c.s.outbox()[0].cid == says[0].cid);
  REQUIRE(c.s.view().last_error);
  CHECK(c.s.view().last_error->message.find("refused") != std::string::npos);  // the text is not lost
}

TEST_CASE("context set while the hello is on its way still reaches the server", "[client_session]") {
  FakeTransport t;
  CustomerSession s(config(), t, 5);
  s.start(0);
  s.on_open(1);  // hello sent without the payment error
  Context ctx;
  ctx.payment_error = "card_declined";
  s.set_context(ctx);
  CHECK(t.sent_of<proto::SetContext>().empty());
  s.on_frame(welcome("c1"), 2);
  auto sent = t.sent_of<proto::SetContext>();
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].context.payment_error == "card_declined");
  // A reconnect's hello carries it; no extra set_context.
  s.on_closed(3);
  s.tick(*s.next_wakeup());
  s.on_open(4);
  s.on_frame(welcome("c1"), 5);
  CHECK(t.sent_of<proto::SetContext>().size() == 1);
  CHECK(t.sent_of<proto::Hello>().back().context.payment_error == "card_declined");
}

// ---- the assistant converses: streamed answers, offers, leaving the queue ----

namespace {

std::string stream_frame(Seq reply_to, std::string piece) {
  return proto::serialize(proto::Stream{"c1", reply_to, std::move(piece)});
}
std::string ai_typing_frame(bool on) { return proto::serialize(proto::Typing{on, {}, Speaker::ai, {}}); }

Event offer(Seq seq, EscalationReason reason = EscalationReason::low_confidence) {
  Event e;
  e.seq = seq;
  e.kind = EventKind::offer_human;
  e.speaker = Speaker::ai;
  e.reason = reason;
  return e;
}

Event state_event(Seq seq, State s) {
  Event e;
  e.seq = seq;
  e.kind = EventKind::state;
  e.state = s;
  return e;
}

std::size_t ai_lines(const WidgetViewModel& vm) {
  return static_cast<std::size_t>(std::count_if(vm.lines.begin(), vm.lines.end(), [](const ChatLine& l) {
    return l.kind == EventKind::message && l.speaker == Speaker::ai;
  }));
}

// The customer asked (seq 1) and the assistant is typing.
struct Asked : Connected {
  Asked() {
    REQUIRE(s.say("How long do refunds take?", 10));
    s.on_frame(event_frame(message(1, Speaker::customer, "How long do refunds take?", t.sent_of<proto::Say>()[0].cid)), 11);
    s.on_frame(ai_typing_frame(true), 12);
  }
};

}  // namespace

TEST_CASE("streamed pieces grow one AI bubble after the question", "[client_session][stream]") {
  Asked c;
  const auto r0 = c.s.revision();
  c.s.on_frame(stream_frame(1, "Refunds reach you "), 20);
  CHECK(c.s.revision() != r0);  // a piece is a visible change: the UI draws it
  c.s.on_frame(stream_frame(1, "in 3-5 "), 21);
  c.s.on_frame(stream_frame(1, "banking days."), 22);
  const auto& lines = c.s.view().lines;
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].text == "How long do refunds take?");
  CHECK(lines[1].streaming);
  CHECK(lines[1].speaker == Speaker::ai);
  CHECK(lines[1].kind == EventKind::message);
  CHECK(lines[1].seq == 0);  // not an event: nothing to announce or emit yet
  CHECK(lines[1].reply_to == 1);
  CHECK(lines[1].text == "Refunds reach you in 3-5 banking days.");
  CHECK(c.s.view().ai_typing);
  CHECK(c.s.view().unread == 0);  // pieces are not news; the final message is
}

TEST_CASE("the final AI message replaces the streamed text: one bubble, never two", "[client_session][stream]") {
  Asked c;
  c.s.on_frame(stream_frame(1, "Refunds reach you in 3-5 "), 20);
  // The guard may change the words: the final message is the truth.
  c.s.on_frame(event_frame(message(2, Speaker::ai, "Refunds reach your account within 5 banking days.")), 30);
  const auto& vm = c.s.view();
  REQUIRE(vm.lines.size() == 2);
  CHECK(ai_lines(vm) == 1);
  CHECK_FALSE(vm.lines[1].streaming);
  CHECK(vm.lines[1].seq == 2);
  CHECK(vm.lines[1].text == "Refunds reach your account within 5 banking days.");
  CHECK(vm.unread == 1);
  c.s.on_frame(ai_typing_frame(false), 31);
  CHECK(c.s.view().lines.size() == 2);
  CHECK_FALSE(c.s.view().ai_typing);
}

TEST_CASE("a stream for an answer that already arrived is ignored", "[client_session][stream]") {
  Asked c;
  c.s.on_frame(stream_frame(1, "Refunds "), 20);
  c.s.on_frame(event_frame(message(2, Speaker::ai, "Refunds take 3-5 banking days.")), 30);
  c.s.on_frame(stream_frame(1, "late piece"), 31);
  CHECK(c.s.view().lines.size() == 2);
  CHECK(ai_lines(c.s.view()) == 1);
  CHECK_FALSE(c.s.view().lines.back().streaming);
  // The next question streams again, in its own bubble after it.
  REQUIRE(c.s.say("And for a partial refund?", 40));
  c.s.on_frame(event_frame(message(3, Speaker::customer, "And for a partial refund?", c.t.sent_of<proto::Say>()[1].cid)), 41);
  c.s.on_frame(stream_frame(3, "The same."), 42);
  REQUIRE(c.s.view().lines.size() == 4);
  CHECK(c.s.view().lines[3].streaming);
  CHECK(c.s.view().lines[3].text == "The same.");
}

TEST_CASE("a turn that ends without its message leaves no partial bubble", "[client_session][stream]") {
  Asked c;
  c.s.on_frame(stream_frame(1, "Refunds reach"), 20);
  c.s.on_frame(ai_typing_frame(false), 21);  // e.g. a human took over while it was generating
  CHECK(c.s.view().lines.size() == 1);
  c.s.on_frame(stream_frame(1, " you"), 22);  // a straggler: a fragment without its start
  CHECK(c.s.view().lines.size() == 1);
}

TEST_CASE("a reconnect mid-stream drops the partial text: the welcome's transcript is the truth", "[client_session][stream]") {
  Asked c;
  c.s.on_frame(stream_frame(1, "Refunds reach you in "), 20);
  c.s.on_closed(21);
  CHECK_FALSE(c.s.view().ai_typing);
  REQUIRE(c.s.next_wakeup());
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(5000);
  // The answer was finished while we were away: it comes in the welcome, once.
  c.s.on_frame(welcome("c1", {message(2, Speaker::ai, "Refunds reach you in 3-5 banking days.")}), 5001);
  const auto& vm = c.s.view();
  REQUIRE(vm.lines.size() == 2);
  CHECK(ai_lines(vm) == 1);
  CHECK_FALSE(vm.lines[1].streaming);
  CHECK(vm.lines[1].text == "Refunds reach you in 3-5 banking days.");
  c.s.on_frame(stream_frame(1, "banking days."), 5002);  // no fragment reappears
  CHECK(c.s.view().lines.size() == 2);
}

TEST_CASE("a reconnect before the answer is done shows no fragment, then the final message", "[client_session][stream]") {
  Asked c;
  c.s.on_frame(stream_frame(1, "Refunds reach "), 20);
  c.s.on_closed(21);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(5000);
  c.s.on_frame(welcome("c1"), 5001);
  CHECK(c.s.view().lines.size() == 1);
  c.s.on_frame(stream_frame(1, "you in 3-5 days."), 5002);  // the rest of a dropped answer
  CHECK(c.s.view().lines.size() == 1);
  c.s.on_frame(event_frame(message(2, Speaker::ai, "Refunds reach you in 3-5 days.")), 5003);
  REQUIRE(c.s.view().lines.size() == 2);
  CHECK(c.s.view().lines[1].seq == 2);
}

TEST_CASE("two answers streaming at once: each final replaces the one it continues", "[client_session][stream]") {
  Asked c;
  REQUIRE(c.s.say("And shipping?", 13));
  c.s.on_frame(event_frame(message(2, Speaker::customer, "And shipping?", c.t.sent_of<proto::Say>()[1].cid)), 14);
  c.s.on_frame(stream_frame(1, "Refunds take "), 20);
  c.s.on_frame(stream_frame(2, "Shipping takes "), 21);
  CHECK(c.s.view().lines.size() == 4);
  c.s.on_frame(event_frame(message(3, Speaker::ai, "Shipping takes 2 days.")), 22);
  REQUIRE(c.s.view().lines.size() == 4);
  CHECK(c.s.view().lines[2].text == "Shipping takes 2 days.");
  CHECK(c.s.view().lines[3].streaming);
  CHECK(c.s.view().lines[3].text == "Refunds take ");
}

TEST_CASE("every offer shows the card; answering, tapping or writing ends it; the next offer brings it back", "[client_session][offer]") {
  Connected c;
  c.s.on_frame(event_frame(message(1, Speaker::customer, "blorp")), 10);
  c.s.on_frame(event_frame(message(2, Speaker::ai, "I'm not sure I can answer that. Would you like a person?")), 11);
  c.s.on_frame(event_frame(offer(3)), 12);
  CHECK(c.s.view().offer_human);
  CHECK(c.s.view().offer_reason == EscalationReason::low_confidence);

  // Writing anything answers it: the card goes at once, before the server's echo.
  REQUIRE(c.s.say("No thanks", 20));
  CHECK_FALSE(c.s.view().offer_human);
  CHECK(c.s.view().lines.back().text == "No thanks");
  CHECK(c.t.sent_of<proto::Say>().back().text == "No thanks");  // "no" reaches the assistant as words
  c.s.on_frame(event_frame(message(4, Speaker::customer, "No thanks", c.t.sent_of<proto::Say>().back().cid)), 21);
  c.s.on_frame(event_frame(message(5, Speaker::ai, "Alright. I can help with payments, refunds and delivery.")), 22);
  CHECK_FALSE(c.s.view().offer_human);

  // The second unsure answer offers again: the card is back, every time.
  c.s.on_frame(event_frame(message(6, Speaker::customer, "zzz")), 30);
  c.s.on_frame(event_frame(message(7, Speaker::ai, "I'm still not sure. A person can help.")), 31);
  c.s.on_frame(event_frame(offer(8, EscalationReason::not_helped)), 32);
  CHECK(c.s.view().offer_human);
  CHECK(c.s.view().offer_reason == EscalationReason::not_helped);
  // The next AI turn without an offer ends it (the card belongs to the latest AI turn).
  c.s.on_frame(event_frame(message(9, Speaker::ai, "By the way, refunds take 3-5 days.")), 33);
  CHECK_FALSE(c.s.view().offer_human);

  // Tapping it asks for a human and hides it.
  c.s.on_frame(event_frame(offer(10)), 40);
  CHECK(c.s.view().offer_human);
  c.s.request_human(41);
  CHECK_FALSE(c.s.view().offer_human);
  CHECK(c.t.sent_of<proto::RequestHuman>().size() == 1);
}

TEST_CASE("an offer already answered does not come back with the welcome's replay", "[client_session][offer]") {
  FakeTransport t;
  CustomerSession s(config(), t, 9);
  s.start(0);
  s.on_open(1);
  s.on_frame(welcome("c1", {message(1, Speaker::customer, "blorp"), message(2, Speaker::ai, "Not sure."), offer(3),
                            message(4, Speaker::customer, "ok whatever")}), 2);
  CHECK_FALSE(s.view().offer_human);
  FakeTransport t2;
  CustomerSession s2(config(), t2, 9);
  s2.start(0);
  s2.on_open(1);
  s2.on_frame(welcome("c1", {message(1, Speaker::customer, "blorp"), message(2, Speaker::ai, "Not sure."), offer(3)}), 2);
  CHECK(s2.view().offer_human);  // still open: the card is there after a reload
}

TEST_CASE("leave the queue: one frame, back with the assistant; kept while offline", "[client_session][leave_queue]") {
  Connected c;
  c.s.on_frame(event_frame(state_event(1, State::waiting_human)), 10);
  Event q;
  q.seq = 2, q.kind = EventKind::queue, q.position = 2, q.estimate_s = 120;
  c.s.on_frame(event_frame(q), 11);
  // The assistant keeps answering while the customer waits; the place stays.
  REQUIRE(c.s.say("How do refunds work?", 12));
  c.s.on_frame(event_frame(message(3, Speaker::customer, "How do refunds work?", c.t.sent_of<proto::Say>()[0].cid)), 13);
  c.s.on_frame(event_frame(message(4, Speaker::ai, "Refunds go back to the card you paid with.")), 14);
  CHECK(c.s.view().state == State::waiting_human);
  CHECK(c.s.view().queue_position == 2);
  CHECK(c.s.view().lines.back().text == "Refunds go back to the card you paid with.");

  c.s.leave_queue(20);
  REQUIRE(c.t.sent.size() >= 1);
  CHECK(c.t.sent.back() == R"({"v":1,"type":"leave_queue"})");
  CHECK(c.t.sent_of<proto::LeaveQueue>().size() == 1);
  c.s.on_frame(event_frame(state_event(5, State::ai)), 21);
  CHECK(c.s.view().state == State::ai);
  CHECK(c.s.view().queue_position == 0);

  // Tapped while the connection is down: sent once we are back, if still waiting.
  c.s.on_frame(event_frame(state_event(6, State::offline)), 30);
  c.s.on_closed(31);
  c.s.leave_queue(32);
  CHECK(c.t.sent_of<proto::LeaveQueue>().size() == 1);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(5000);
  c.s.on_frame(welcome("c1", {}, State::offline), 5001);
  CHECK(c.t.sent_of<proto::LeaveQueue>().size() == 2);
  // ...but not when a human took it meanwhile (the server would refuse it).
  c.s.on_closed(5002);
  c.s.leave_queue(5003);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(9000);
  c.s.on_frame(welcome("c1", {}, State::with_human), 9001);
  CHECK(c.t.sent_of<proto::LeaveQueue>().size() == 2);
}

TEST_CASE("the later of talk to a human and leave the queue wins while disconnected", "[client_session][leave_queue]") {
  Connected c;
  c.s.on_frame(event_frame(state_event(1, State::waiting_human)), 10);
  c.s.on_closed(11);
  c.s.leave_queue(12);
  c.s.request_human(13);
  c.s.tick(*c.s.next_wakeup());
  c.s.on_open(5000);
  c.s.on_frame(welcome("c1", {}, State::waiting_human), 5001);
  CHECK(c.t.sent_of<proto::LeaveQueue>().empty());
  CHECK(c.t.sent_of<proto::RequestHuman>().size() == 1);
}

TEST_CASE("an instant reply while another answer streams: reply_to keeps each in its place", "[client_session][stream]") {
  Asked c;
  REQUIRE(c.s.say("thanks", 13));
  c.s.on_frame(event_frame(message(2, Speaker::customer, "thanks", c.t.sent_of<proto::Say>()[1].cid)), 14);
  c.s.on_frame(stream_frame(1, "Refunds reach you "), 20);
  // "You're welcome!" answers message 2 at once; the stream for message 1 goes on.
  Event welcome = message(3, Speaker::ai, "You're welcome!");
  welcome.reply_to = 2;
  c.s.on_frame(event_frame(welcome), 21);
  c.s.on_frame(proto::serialize(proto::Typing{false, {}, Speaker::ai, {}, 2}), 22);
  auto lines = c.s.view().lines;
  REQUIRE(lines.size() == 4);
  CHECK(lines[2].text == "You're welcome!");
  CHECK(lines[3].streaming);
  CHECK(lines[3].text == "Refunds reach you ");
  c.s.on_frame(stream_frame(1, "in 3-5 days."), 23);
  Event answer = message(4, Speaker::ai, "Refunds reach you in 3-5 days.");
  answer.reply_to = 1;
  c.s.on_frame(event_frame(answer), 24);
  lines = c.s.view().lines;
  REQUIRE(lines.size() == 4);
  CHECK_FALSE(lines[3].streaming);
  CHECK(lines[3].text == "Refunds reach you in 3-5 days.");
  c.s.on_frame(stream_frame(1, "late piece"), 25);  // finished: ignored
  CHECK(c.s.view().lines.size() == 4);
}

TEST_CASE("a long transcript arrives in pages the client asks for, as history", "[client_session]") {
  FakeTransport t;
  CustomerSession s(config(), t, 7);
  s.start(0);
  s.on_open(1);
  // The first page: an old state change in it must not override the welcome's current state.
  proto::Welcome w;
  w.conversation = "c1";
  w.resume = "token-c1";
  w.state = State::with_human;
  w.agent_name = "Anna";
  Event waiting;
  waiting.seq = 2;
  waiting.kind = EventKind::state;
  waiting.state = State::waiting_human;
  w.events = {message(1, Speaker::customer, "hello", "m1"), waiting};
  w.more = true;
  s.on_frame(proto::serialize(w), 2);
  CHECK(s.view().loading_history);
  CHECK(s.view().state == State::with_human);
  auto asks = t.sent_of<proto::Replay>();
  REQUIRE(asks.size() == 1);
  CHECK(asks[0].after == 2);

  s.on_frame(proto::serialize(proto::Replay{0, "c1", {message(3, Speaker::ai, "hi"), message(4, Speaker::agent, "Anna here")}, true}), 3);
  CHECK(s.view().state == State::with_human);
  CHECK(s.view().agent_name == "Anna");
  asks = t.sent_of<proto::Replay>();
  REQUIRE(asks.size() == 2);
  CHECK(asks[1].after == 4);

  // A replay for another conversation (a late one after a follow-up) changes nothing.
  s.on_frame(proto::serialize(proto::Replay{0, "c-other", {message(5, Speaker::ai, "stray")}, false}), 4);
  CHECK(s.last_seq() == 4);

  s.on_frame(proto::serialize(proto::Replay{0, "c1", {message(5, Speaker::agent, "How can I help?")}, false}), 5);
  CHECK_FALSE(s.view().loading_history);
  CHECK(t.sent_of<proto::Replay>().size() == 2);  // nothing more to ask
  CHECK(s.view().lines.size() == 5);
  CHECK(s.view().unread == 0);  // history is not news
  CHECK(s.last_seq() == 5);
}

TEST_CASE("a message refused because the conversation is full goes back to the composer", "[client_session]") {
  Connected c;
  REQUIRE(c.s.say("one more", 10));
  const auto says = c.t.sent_of<proto::Say>();
  REQUIRE(says.size() == 1);
  c.s.on_frame(proto::serialize(proto::make_error(proto::ErrorCode::conversation_full,
                                                  "this chat has reached its length limit", {}, says[0].cid)),
               11);
  CHECK(c.s.outbox().empty());  // not resent forever
  REQUIRE(c.s.view().last_error);
  CHECK(c.s.view().last_error->code == proto::ErrorCode::conversation_full);
  CHECK(c.s.view().last_error->message.find("one more") != std::string::npos);
  // The text itself, for the composer to take back (once per refusal).
  CHECK(c.s.view().refused.count == 1);
  CHECK(c.s.view().refused.code == proto::ErrorCode::conversation_full);
  CHECK(c.s.view().refused.text == "one more");
  CHECK(c.s.view().refused.contact.empty());
}
