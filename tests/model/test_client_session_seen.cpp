// CustomerSession: what the customer has and has not seen. A follow-up keeps the conversation it
// continues on screen; messages that arrive while the panel is closed, or while the customer is away,
// are counted and marked where the panel opens.
#include <catch2/catch.hpp>

#include "client_session_fixture.hpp"

using namespace duet;
using namespace duet::test;

TEST_CASE("a follow-up keeps the conversation it continues above the new one", "[client_session]") {
  Connected c;
  c.s.on_frame(event_frame(message(1, Speaker::customer, "Where is my refund?")), 10);
  c.s.on_frame(event_frame(message(2, Speaker::agent, "It is on its way.")), 11);
  proto::Welcome w;
  w.conversation = "c2";
  w.resume = "token-c2";
  w.state = State::waiting_human;
  w.previous = "c1";
  w.earlier = {message(1, Speaker::customer, "Where is my refund?"), message(2, Speaker::agent, "It is on its way.")};
  c.s.on_frame(proto::serialize(w), 12);
  const auto& vm = c.s.view();
  CHECK(vm.conversation == "c2");
  CHECK(vm.lines.empty());
  REQUIRE(vm.earlier.size() == 2);
  CHECK(vm.earlier[1].text == "It is on its way.");
  // Without the server's copy, what was on screen stays.
  Connected d;
  d.s.on_frame(event_frame(message(1, Speaker::customer, "Hello")), 10);
  w.earlier.clear();
  d.s.on_frame(proto::serialize(w), 12);
  REQUIRE(d.s.view().earlier.size() == 1);
  CHECK(d.s.view().earlier[0].text == "Hello");
  // An unrelated new conversation shows nothing of the old one.
  d.s.on_frame(welcome("c3"), 13);
  CHECK(d.s.view().earlier.empty());
}


TEST_CASE("replies that arrived while the customer was away count as unread when they return", "[client_session]") {
  FakeTransport t;
  CustomerSession s(config(), t, 3);
  s.restore("token-c1", 2);  // they had seen up to seq 2 when they left
  s.start(0);
  s.on_open(1);
  s.on_frame(welcome("c1", {message(1, Speaker::customer, "Invoice 5521?"), message(2, Speaker::ai, "Let me check."),
                            message(3, Speaker::agent, "Hi, it is paid."), message(4, Speaker::agent, "Receipt sent.")}),
             2);
  CHECK(s.view().unread == 2);
  CHECK(s.view().unread_from == 3);
  s.set_panel_open(true);
  CHECK(s.view().unread == 0);
  CHECK(s.seen_seq() == 4);
  // A page that kept nothing (an older widget) counts nothing: the history is not news.
  FakeTransport t2;
  CustomerSession fresh(config(), t2, 4);
  fresh.restore("token-c1");
  fresh.start(0);
  fresh.on_open(1);
  fresh.on_frame(welcome("c1", {message(1, Speaker::customer, "Hi"), message(2, Speaker::agent, "Hello!")}), 2);
  CHECK(fresh.view().unread == 0);
}


TEST_CASE("the first message that arrives while the panel is closed marks where it opens", "[client_session][unread]") {
  Connected c;
  const auto& v = c.s.view();
  c.s.set_panel_open(true);
  c.s.on_frame(event_frame(message(1, Speaker::customer, "Hi", "x-1")), 3);
  Event read = message(2, Speaker::agent, "Hi, Anna here");
  read.author = "Anna";
  c.s.on_frame(event_frame(read), 4);
  CHECK(v.unread_from == 0);  // seen as it came
  c.s.set_panel_open(false);
  Event first = message(3, Speaker::agent, "I found your order");
  first.author = "Anna";
  c.s.on_frame(event_frame(first), 5);
  Event second = message(4, Speaker::agent, "It was declined by the bank");
  second.author = "Anna";
  c.s.on_frame(event_frame(second), 6);
  CHECK(v.unread == 2);
  CHECK(v.unread_from == 3);  // the first unread, not the latest
  c.s.set_panel_open(true);
  CHECK(v.unread == 0);
  CHECK(v.unread_from == 3);  // kept while open: the view lands there and marks it
  c.s.on_frame(event_frame(message(5, Speaker::customer, "Thanks", "x-2")), 7);
  CHECK(v.unread_from == 3);
  c.s.set_panel_open(false);
  CHECK(v.unread_from == 0);  // closing: what was shown has been seen
  // The customer's own lines (another tab) and a welcome's replay are not news.
  c.s.on_frame(event_frame(message(6, Speaker::customer, "from my phone", "y-1")), 8);
  CHECK(v.unread_from == 0);
  c.s.on_frame(welcome("c2", {message(1, Speaker::agent, "old")}), 9);
  CHECK(v.unread_from == 0);
}
