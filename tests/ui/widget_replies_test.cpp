// The widget's suggested replies, article cards and ticks, headless: buttons in the semantics tree
// (what the DOM mirror makes real buttons of), the intents a tap returns, the article opened in
// the widget and back, and the tick under the customer's latest message.
#include <catch2/catch.hpp>

#include "ui/widget_replies.hpp"
#include "widget_test_harness.hpp"

using namespace duet;
using namespace duet::ui;
using namespace duet::ui::test;

namespace {

const std::string kThumbUp = "\xF0\x9F\x91\x8D", kThumbDown = "\xF0\x9F\x91\x8E";

WidgetViewModel answered() {
  WidgetViewModel vm = online(State::ai);
  ChatLine q = message(1, Speaker::customer, "how long does a refund take?");
  ChatLine a = message(2, Speaker::ai,
                       "Refunds are sent back to the card you paid with within 3-5 banking days of the return reaching "
                       "our warehouse. Your bank may take a few more days to show it. A refund to a gift card is "
                       "instant, and you get an email when it is on its way.");
  a.replies = {{kThumbUp, ReplyAction::helpful}, {kThumbDown, ReplyAction::not_helpful}};
  a.card = {"When will I get my refund?", a.text};
  vm.lines = {q, a};
  vm.replies_for = 2;
  return vm;
}

}  // namespace

TEST_CASE("feedback buttons under the answer: real buttons, emoji with words, a tap is an intent", "[widget_ui][replies]") {
  Harness h;
  const WidgetViewModel vm = answered();
  h.draw(vm);
  const SemanticNode& yes = h.node(reply_id(2, 0));
  const SemanticNode& no = h.node(reply_id(2, 1));
  CHECK(yes.role == Role::button);
  CHECK(yes.label == kThumbUp + " Yes, thanks");
  CHECK(no.label == kThumbDown + " No");
  CHECK(yes.rect.y > h.node("msg-2").rect.y + h.node("msg-2").rect.h - 1);  // under the message
  CHECK(no.rect.x > yes.rect.x);                                              // side by side
  const WidgetIntents tap = h.draw(vm, reply_id(2, 1));
  REQUIRE(tap.tap_reply);
  CHECK(tap.tap_reply->message == 2);
  CHECK(tap.tap_reply->index == 1);
  CHECK_FALSE(tap.say);  // the session sends it (with reply_to), not the composer path

  // Answered (the session says so): no buttons.
  WidgetViewModel gone = vm;
  gone.replies_for = 0;
  h.draw(gone);
  CHECK(h.semantics.find(reply_id(2, 0)) == nullptr);

  // In Swedish.
  Harness sv("sv");
  sv.draw(vm);
  CHECK(sv.node(reply_id(2, 0)).label == kThumbUp + " Ja, tack");
}

TEST_CASE("other replies are buttons with their own text", "[widget_ui][replies]") {
  Harness h;
  WidgetViewModel vm = online(State::ai);
  ChatLine offer = message(1, Speaker::ai, "Shall I connect you with a person?");
  offer.replies = {{"Yes, connect me", ReplyAction::human}, {"No thanks", ReplyAction::say}};
  vm.lines = {offer};
  vm.replies_for = 1;
  h.draw(vm);
  CHECK(h.node(reply_id(1, 0)).label == "Yes, connect me");
  CHECK(h.node(reply_id(1, 1)).label == "No thanks");
  CHECK(h.draw(vm, reply_id(1, 0)).tap_reply->index == 0);
}

TEST_CASE("an article answer is a card: title, two lines, Read more opens the article in the widget", "[widget_ui][replies]") {
  Harness h;
  const WidgetViewModel vm = answered();
  h.draw(vm);
  const SemanticNode& msg = h.node("msg-2");
  CHECK(msg.label == "AI assistant: " + vm.lines[1].text);  // the whole answer for screen readers
  const SemanticNode& more = h.node(read_more_id(2));
  CHECK(more.role == Role::button);
  CHECK(more.label == "Read more: When will I get my refund?");
  CHECK(more.rect.y < msg.rect.y + msg.rect.h);  // inside the bubble
  // Two lines of the body, not all of it: the bubble is short.
  CHECK(msg.rect.h < 150);

  const WidgetIntents opened = h.draw(vm, read_more_id(2));
  // Opening an article changes nothing in the conversation; the keyboard lands in it.
  CHECK_FALSE((opened.say || opened.tap_reply || opened.request_human));
  REQUIRE(opened.focus);
  CHECK(std::string(opened.focus) == "article_back");
  CHECK(h.ui.article == 2);
  h.draw(vm);
  const SemanticNode& article = h.node("article");
  CHECK(article.role == Role::dialog);
  CHECK(article.label == "When will I get my refund?. " + vm.lines[1].text);
  CHECK(h.semantics.find("msg-2") == nullptr);  // it takes the transcript's place
  CHECK(h.semantics.find(ids::composer) != nullptr);  // and the customer can still write
  h.draw(vm, "article_back");
  CHECK(h.ui.article == 0);
  h.draw(vm);
  CHECK(h.semantics.find("article") == nullptr);
  CHECK(h.semantics.find("msg-2") != nullptr);
}

TEST_CASE("two_lines cuts at the second wrapped line with an ellipsis", "[widget_ui][replies]") {
  Harness h;
  ImGui::NewFrame();
  ImGui::PushFont(h.ctx.fonts.body);
  const std::string short_text = "Refunds take 3-5 days.";
  CHECK(two_lines(short_text, 280) == short_text);
  std::string spaced;
  for (int i = 0; i < 60; ++i) spaced += "word ";
  const std::string cut = two_lines(spaced, 280);
  CHECK(cut.size() < spaced.size());
  CHECK(cut.substr(cut.size() - 3) == "\xE2\x80\xA6");
  CHECK(ImGui::CalcTextSize(cut.c_str(), nullptr, false, 280).y <= 2 * ImGui::GetFontSize() + 1);
  ImGui::PopFont();
  ImGui::EndFrame();
}

TEST_CASE("ticks: the latest own message's receipt is a status, ✓ sent, ✓✓ read", "[widget_ui][receipts]") {
  Harness h;
  WidgetViewModel vm = online(State::with_human);
  vm.agent_name = "Anna";
  vm.lines = {message(1, Speaker::customer, "hello"), message(2, Speaker::agent, "Hi!", "Anna"),
              message(3, Speaker::customer, "my refund?")};
  h.draw(vm);
  CHECK(h.node("receipt").label == "Sent");
  CHECK(h.node("receipt").rect.x < h.node("msg-3").rect.x);  // beside the bubble
  vm.support_delivered = 3;
  h.draw(vm);
  CHECK(h.node("receipt").label == "Delivered");
  vm.support_read = 3;
  h.draw(vm);
  CHECK(h.node("receipt").label == "Read");
  CHECK(h.node("receipt").state == "read");
  // A pending message has no tick (it says "Not sent yet"); the receipt stays on the last stored one.
  ChatLine pending = message(0, Speaker::customer, "and another thing");
  pending.pending = true;
  pending.cid = "x-9";
  vm.lines.push_back(pending);
  h.draw(vm);
  CHECK(h.node("receipt").rect.y < h.node("pending-x-9").rect.y);
}

TEST_CASE("an earlier conversation's answers are read only: the whole text, no buttons", "[widget_ui][replies]") {
  Harness h;
  WidgetViewModel vm = online(State::waiting_human);
  vm.earlier = answered().lines;
  h.draw(vm);
  CHECK(h.semantics.find(read_more_id(2)) == nullptr);
  CHECK(h.semantics.find(reply_id(2, 0)) == nullptr);
  CHECK(h.node("earlier-msg-2").text.find("gift card is instant") != std::string::npos);
}
