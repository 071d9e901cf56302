// The customer widget's views driven headless (ImGui without a renderer): every screen is drawn from
// a fake view-model and checked through the semantics it records and the intents it returns.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/text_wrap.hpp"
#include "ui/theme.hpp"
#include "ui/widget_view.hpp"
#include "widget_test_harness.hpp"

using namespace duet;
using namespace duet::ui;

using namespace duet::ui::test;

namespace {

// Every screen the customer can see.
std::vector<std::pair<std::string, WidgetViewModel>> screens() {
  std::vector<std::pair<std::string, WidgetViewModel>> all;
  all.emplace_back("greeting", online(State::ai));
  auto chat = online(State::ai);
  chat.lines = {message(1, Speaker::customer, "Where is my order?"),
                message(2, Speaker::ai, "Orders ship within 2 business days.")};
  chat.ai_typing = true;
  chat.offer_human = true;
  all.emplace_back("ai", chat);
  auto waiting = chat;
  waiting.state = State::waiting_human;
  waiting.ai_typing = waiting.offer_human = false;
  waiting.queue_position = 2;
  waiting.estimate_s = 150;
  all.emplace_back("waiting", waiting);
  auto human = online(State::with_human);
  human.agent_name = "Anna";
  human.lines = {message(1, Speaker::customer, "Hi"), event_line(2, EventKind::agent_joined, "Anna"),
                 message(3, Speaker::agent, "Hi, I'm Anna. Let me look.", "Anna")};
  all.emplace_back("human", human);
  auto offline = online(State::offline);
  all.emplace_back("offline", offline);
  auto closed = online(State::closed);
  all.emplace_back("rating", closed);
  auto reconnecting = chat;
  reconnecting.connection = Connection::reconnecting;
  ChatLine pending = message(0, Speaker::customer, "Are you there?");
  pending.cid = "c-7";
  pending.pending = true;
  reconnecting.lines.push_back(pending);
  all.emplace_back("reconnecting", reconnecting);
  return all;
}

}  // namespace

TEST_CASE("Talk to a human is a labelled, visible button on every screen") {
  for (const char* width : {"360", "420"}) {
    Harness h("en", std::stof(width), 640);
    for (const auto& [name, vm] : screens()) {
      INFO("screen " << name << " at width " << width);
      h.draw(vm);
      const SemanticNode& b = h.node(ids::talk_to_human);
      CHECK(b.role == Role::button);
      CHECK(b.label == "Talk to a human");
      CHECK(b.rect.w > 40);
      CHECK(b.rect.h >= 30);
      CHECK(b.rect.x >= 0);
      CHECK(b.rect.x + b.rect.w <= std::stof(width));
      CHECK(h.node(ids::close).label == "Close chat");
      // Tapping it asks for a human in every state, even after asking (it is idempotent).
      CHECK(h.draw(vm, ids::talk_to_human).request_human);
    }
  }
}

TEST_CASE("messages are labelled by speaker: the AI as AI, a human by name") {
  Harness h;
  const auto vm = screens()[3].second;  // with a human
  h.draw(vm);
  CHECK(h.node("msg-1").label == "You: Hi");
  CHECK(h.node("msg-1").state == "own");
  CHECK(h.node("msg-3").state.empty());
  CHECK(h.node("msg-2").label == "Anna (human) joined");
  CHECK(h.node("msg-3").label == "Anna, human agent: Hi, I'm Anna. Let me look.");
  CHECK(h.node(ids::talk_to_human).state == "pressed");
  h.draw(screens()[1].second);
  CHECK(h.node("msg-2").label == "AI assistant: Orders ship within 2 business days.");
  CHECK(h.node(ids::typing).label == "AI assistant is typing…");
  CHECK(h.ctx.animating);
}

TEST_CASE("the greeting offers help before the first message") {
  Harness h;
  h.draw(online(State::ai));
  CHECK(h.node(ids::greeting).label.rfind("AI assistant: Hi!", 0) == 0);
  CHECK(h.node(ids::composer).role == Role::text_input);
  CHECK(h.node(ids::composer).state == "multiline submit:send");
  CHECK(h.node(ids::send).state == "disabled");
}

TEST_CASE("the composer sends trimmed text once and clears itself once the session took it") {
  Harness h;
  auto vm = online(State::ai);
  h.ui.composer.set("  Where is my parcel?  ");
  auto intents = h.draw(vm, ids::send);
  REQUIRE(intents.say);
  CHECK(*intents.say == "Where is my parcel?");
  CHECK(h.ui.composer.text == "  Where is my parcel?  ");  // not in the outbox yet: kept
  ++vm.taken;                                               // the session put it in the outbox
  h.draw(vm);
  CHECK(h.ui.composer.text.empty());
  CHECK_FALSE(h.draw(vm, ids::send).say);  // nothing left to send
}

TEST_CASE("a message the session does not take stays in the composer, with the limit in words") {
  Harness h;
  auto vm = online(State::ai);
  const std::string text(5000, 'x');
  h.ui.composer.set(text);
  h.draw(vm);
  // Over the limit the notice is there before sending, with the numbers the customer can act on.
  CHECK(h.node(ids::send_error).label ==
        "This message is too long to send: 5,000 characters, and the limit is 4,000. Shorten it or split it into two "
        "messages. It stays here until you send it.");
  REQUIRE(h.draw(vm, ids::send).say);
  vm.not_taken = {1, proto::ErrorCode::text_too_long, "text"};  // the session refused it
  vm.last_error = proto::make_error(proto::ErrorCode::text_too_long, "too long", "text");
  h.draw(vm);
  CHECK(h.ui.composer.text == text);  // nothing lost
  CHECK(h.semantics.find(ids::send_error) != nullptr);
  // Trimmed to fit, the notice goes and the message can go out.
  h.ui.composer.set(text.substr(0, 4000));
  h.draw(vm);
  CHECK(h.semantics.find(ids::send_error) == nullptr);
}

TEST_CASE("the too-long notice counts characters, not bytes, and groups digits per language") {
  auto vm = online(State::ai);
  {
    Harness sv("sv");
    std::string text;
    for (int i = 0; i < 2100; ++i) text += "\xC3\xA5";  // "å": two bytes each, 4,200 bytes
    sv.ui.composer.set(text);
    sv.draw(vm);
    CHECK(sv.node(ids::send_error).label.find("2\xC2\xA0" "100 tecken, och gr\xC3\xA4nsen \xC3\xA4r 2\xC2\xA0" "000") !=
          std::string::npos);
  }
  Harness de("de");
  de.ui.composer.set(std::string(4001, 'a'));
  de.draw(vm);
  CHECK(de.node(ids::send_error).label.find("4.001 Zeichen, erlaubt sind 4.000") != std::string::npos);
}

TEST_CASE("the composer reports typing when it becomes non-empty and when it empties") {
  Harness h;
  const auto vm = online(State::ai);
  h.draw(vm);
  h.ui.composer.text = "h";
  WidgetIntents on;
  for (int i = 0; i < 1 && !on.typing; ++i) on = h.draw(vm);
  CHECK(h.ui.typing);
  h.ui.composer.text.clear();
  h.draw(vm);
  CHECK_FALSE(h.ui.typing);
}

TEST_CASE("the queue card shows the position and an honest estimate, and updates") {
  Harness h;
  auto vm = screens()[2].second;
  h.draw(vm);
  CHECK(h.node(ids::queue).label == "You're number 2 in the queue. About 3 min");
  vm.queue_position = 1;
  vm.estimate_s = -1;
  h.draw(vm);
  CHECK(h.node(ids::queue).label == "You're next in the queue. We're finding the right person for you");
  CHECK(h.node(ids::talk_to_human).state == "pressed");
}

TEST_CASE("the assistant's offer of a human is one tap") {
  Harness h;
  const auto vm = screens()[1].second;
  h.draw(vm);
  CHECK(h.node(ids::offer_human).label == "Yes, talk to a human");
  CHECK(h.draw(vm, ids::offer_human).request_human);
  auto waiting = vm;
  waiting.state = State::waiting_human;
  h.draw(waiting);
  CHECK(h.semantics.find(ids::offer_human) == nullptr);
}

TEST_CASE("the reconnecting banner never hides pending messages") {
  Harness h;
  const auto vm = screens()[6].second;
  h.draw(vm);
  CHECK(h.node(ids::reconnecting).role == Role::status);
  const SemanticNode& pending = h.node("pending-c-7");
  CHECK(pending.state == "own pending");
  CHECK(pending.label == "You: Are you there?");
  // Scrolled into view inside the transcript, below the banner, not hidden behind it.
  const Rect shown = h.node("transcript").rect;
  CHECK(pending.rect.h > 0);
  CHECK(pending.rect.y >= shown.y);
  CHECK(pending.rect.y + pending.rect.h <= shown.y + shown.h);
  CHECK(shown.y + 0.5f >= h.node(ids::reconnecting).rect.y + h.node(ids::reconnecting).rect.h);  // ImGui rounds window positions
  CHECK(pending.text == "Are you there?");  // what is drawn, for selection and copy
  // The composer stays usable while offline: what is typed is kept and sent later.
  CHECK(h.semantics.find(ids::composer) != nullptr);
  auto back = vm;
  back.connection = Connection::online;
  h.draw(back);
  CHECK(h.semantics.find(ids::reconnecting) == nullptr);
}

TEST_CASE("the offline form needs contact and message, then leaves the message") {
  Harness h;
  const auto vm = screens()[4].second;
  h.draw(vm);
  // Offline, the composer stays (the assistant keeps helping); the form opens from the card.
  CHECK(h.semantics.find(ids::contact) == nullptr);
  CHECK(h.semantics.find(ids::composer) != nullptr);
  CHECK(h.node(ids::open_offline_form).label == "Leave us a message");
  // Not in a queue: the way back says where it goes.
  CHECK(h.node(ids::leave_queue).label == "I'm all set — back to the assistant");
  const auto opened = h.draw(vm, ids::open_offline_form);
  REQUIRE(opened.focus != nullptr);
  CHECK(opened.focus == std::string(ids::contact));
  h.draw(vm);
  CHECK(h.semantics.find(ids::composer) == nullptr);
  CHECK(h.semantics.find(ids::open_offline_form) == nullptr);
  CHECK(h.node(ids::back_to_chat).label == "Back to the chat");
  CHECK(h.node(ids::contact).role == Role::text_input);
  CHECK(h.node(ids::offline_text).role == Role::text_input);
  // Pressed without an email or phone, it is not silent: the session refuses and the form says why,
  // keeping the message and moving to the missing field.
  auto form = vm;
  CHECK(h.node(ids::leave_message).state.empty());
  h.ui.offline_text.set("Please call me about order 1042");
  REQUIRE(h.draw(form, ids::leave_message).leave_message);
  form.not_taken = {1, proto::ErrorCode::bad_value, "contact"};
  h.semantics.clear();
  ImGui::NewFrame();
  const WidgetIntents refused = draw_widget(form, h.ui, h.ctx);
  ImGui::Render();
  CHECK(refused.focus == std::string(ids::contact));
  h.draw(form);
  CHECK(h.node(ids::send_error).label == "Add an email or phone number so we can get back to you. Your message is kept.");
  CHECK(h.ui.offline_text.text == "Please call me about order 1042");
  h.ui.contact.set("ana@example.com");
  h.draw(form);
  CHECK(h.semantics.find(ids::send_error) == nullptr);  // what was missing is there now
  const auto intents = h.draw(form, ids::leave_message);
  REQUIRE(intents.leave_message);
  CHECK(intents.leave_message->contact == "ana@example.com");
  CHECK(intents.leave_message->text == "Please call me about order 1042");
  ++form.taken;
  h.draw(form);
  CHECK(h.ui.offline_text.text.empty());  // taken: now the form lets go of it
  auto left = vm;
  left.message_left = true;
  h.draw(left);
  CHECK(h.semantics.find(ids::contact) == nullptr);
  CHECK(h.node("message_left").label == "Thanks! We'll get back to you soon.");
}

TEST_CASE("a closed conversation asks for a rating with five labelled stars") {
  Harness h;
  const auto vm = screens()[5].second;
  h.draw(vm);
  for (int n = 1; n <= 5; ++n) CHECK(h.node("rate-" + std::to_string(n)).label == "Rate " + std::to_string(n) + " of 5");
  CHECK(h.draw(vm, "rate-4").rate == 4);
  auto rated = vm;
  rated.rated = true;
  h.draw(rated);
  CHECK(h.semantics.find("rate-1") == nullptr);
  CHECK(h.node("thanks").role == Role::status);
}

TEST_CASE("strings follow the page's locale") {
  Harness sv("sv-SE");
  sv.draw(online(State::ai));
  CHECK(sv.node(ids::talk_to_human).label == "Prata med en människa");
  Harness de("de-DE");
  auto vm = screens()[3].second;
  de.draw(vm);
  CHECK(de.node("msg-2").label == "Anna (Mensch) ist beigetreten");
  CHECK(widget_strings("fr-FR").language == std::string("en"));
}

TEST_CASE("the font covers Latin, Greek and Cyrillic") {
  Harness h;
  for (ImWchar c : {ImWchar(u'å'), ImWchar(u'ß'), ImWchar(u'Ω'), ImWchar(u'Ж'), ImWchar(u'€'), ImWchar(u'…')})
    CHECK(h.ctx.fonts.body->FindGlyphNoFallback(c) != nullptr);
}

TEST_CASE("fonts are sized by their em, like CSS, so canvas text matches the DOM text fields") {
  Harness h;
  const float per_em = line_height_per_em(h.font.data(), h.font.size());
  CHECK(per_em == Approx((1901.0f + 483.0f) / 2048.0f).epsilon(0.001));  // DejaVu Sans
  CHECK(h.ctx.fonts.body->FontSize == Approx(kBodySize * per_em * 2.0f));  // at pixel ratio 2
  CHECK(line_height_per_em(nullptr, 0) == 1.0f);
  const char junk[] = "not a font at all";
  CHECK(line_height_per_em(junk, sizeof junk) == 1.0f);
}

TEST_CASE("text on the brand colour stays readable for any brand") {
  for (std::uint32_t brand : {0x2456D6u, 0xFFD400u, 0x00C2A8u, 0x111111u, 0xFFFFFFu, 0xE4002Bu})
    for (bool dark : {false, true}) {
      const Theme t = Theme::make(brand, dark);
      INFO("brand " << std::hex << brand);
      CHECK(contrast_ratio(t.brand, t.on_brand) >= 4.5f);
      CHECK(contrast_ratio(t.text, t.background) >= 7.0f);
    }
  CHECK(parse_hex_colour("#17e", 0) == 0x1177EEu);
  CHECK(parse_hex_colour("1a73e8", 0) == 0x1A73E8u);
  CHECK(parse_hex_colour("nope", 7) == 7u);
  CHECK(parse_hex_colour(nullptr, 7) == 7u);
}

TEST_CASE("the offline form closes back to the composer") {
  Harness h;
  const auto vm = screens()[4].second;
  h.draw(vm, ids::open_offline_form);
  h.draw(vm);
  REQUIRE(h.semantics.find(ids::contact) != nullptr);
  const auto back = h.draw(vm, ids::back_to_chat);
  REQUIRE(back.focus != nullptr);
  CHECK(back.focus == std::string(ids::composer));
  h.draw(vm);
  CHECK(h.semantics.find(ids::contact) == nullptr);
  CHECK(h.semantics.find(ids::composer) != nullptr);
  // Leaving a message closes the form for good; the leave-queue button stays.
  auto left = vm;
  left.message_left = true;
  h.ui.offline_form = true;
  h.draw(left);
  CHECK_FALSE(h.ui.offline_form);
  CHECK(h.semantics.find(ids::open_offline_form) == nullptr);
  CHECK(h.draw(left, ids::leave_queue).leave_queue);
}

TEST_CASE("the offer card has yes and no thanks; no thanks is said to the assistant") {
  struct Case { const char* locale; const char* yes; const char* no; };
  for (const Case& c : {Case{"en", "Yes, talk to a human", "No thanks"},
                        Case{"sv-SE", "Ja, prata med en människa", "Nej tack"},
                        Case{"de-DE", "Ja, mit einem Menschen sprechen", "Nein danke"}}) {
    INFO(c.locale);
    Harness h(c.locale);
    const auto vm = screens()[1].second;
    h.draw(vm);
    CHECK(h.node(ids::offer_human).role == Role::button);
    CHECK(h.node(ids::offer_human).label == c.yes);
    CHECK(h.node(ids::offer_decline).role == Role::button);
    CHECK(h.node(ids::offer_decline).label == c.no);
    // Both buttons inside the panel, side by side or stacked, never overlapping.
    const Rect yes = h.node(ids::offer_human).rect, no = h.node(ids::offer_decline).rect;
    CHECK(no.x + no.w <= 360);
    CHECK((no.x >= yes.x + yes.w || no.y >= yes.y + yes.h));
    const auto said = h.draw(vm, ids::offer_decline);
    REQUIRE(said.say);
    CHECK(*said.say == c.no);
    CHECK_FALSE(said.request_human);
    CHECK(h.draw(vm, ids::offer_human).request_human);
    auto answered = vm;
    answered.offer_human = false;
    h.draw(answered);
    CHECK(h.semantics.find(ids::offer_human) == nullptr);
    CHECK(h.semantics.find(ids::offer_decline) == nullptr);
  }
}

TEST_CASE("waiting for a human: the place, the composer, and a one-tap way out of the queue") {
  struct Case { const char* locale; const char* leave; };
  for (const Case& c : {Case{"en", "I'm all set — leave the queue"}, Case{"sv-SE", "Jag har fått hjälp — lämna kön"},
                        Case{"de-DE", "Erledigt — Warteschlange verlassen"}}) {
    INFO(c.locale);
    Harness h(c.locale);
    auto vm = screens()[2].second;
    vm.lines.push_back(message(5, Speaker::ai, "Refunds go back to the card you paid with."));
    h.draw(vm);
    CHECK(h.node(ids::queue).role == Role::status);
    CHECK(h.node(ids::leave_queue).role == Role::button);
    CHECK(h.node(ids::leave_queue).label == c.leave);
    CHECK(h.node(ids::leave_queue).rect.w > 40);
    CHECK(h.semantics.find(ids::composer) != nullptr);  // the assistant keeps answering meanwhile
    CHECK(h.node("msg-5").label.find("Refunds go back") != std::string::npos);
    CHECK(h.semantics.find(ids::talk_to_human) != nullptr);
    const auto out = h.draw(vm, ids::leave_queue);
    CHECK(out.leave_queue);
    CHECK(out.any());
    CHECK_FALSE(out.request_human);
  }
  Harness en;
  auto vm = screens()[2].second;
  en.draw(vm);
  CHECK(en.node(ids::queue).label == "You're number 2 in the queue. About 3 min");  // the status is the place only
  auto back = online(State::ai);
  back.lines = vm.lines;
  ChatLine resumed;
  resumed.seq = 9;
  resumed.kind = EventKind::state;
  resumed.state = State::ai;
  back.lines.push_back(resumed);
  en.draw(back);
  CHECK(en.semantics.find(ids::leave_queue) == nullptr);
  CHECK(en.semantics.find(ids::queue) == nullptr);
  CHECK(en.node("msg-9").label == "You're back with the AI assistant");
  CHECK(en.node(ids::talk_to_human).state.empty());
}

TEST_CASE("an answer being streamed is one AI bubble, busy, with no separate typing line") {
  Harness h;
  auto vm = online(State::ai);
  vm.lines = {message(1, Speaker::customer, "How long do refunds take?")};
  ChatLine growing;
  growing.kind = EventKind::message;
  growing.speaker = Speaker::ai;
  growing.text = "Refunds reach you in 3-5";
  growing.streaming = true;
  growing.reply_to = 1;
  vm.lines.push_back(growing);
  vm.ai_typing = true;
  h.draw(vm);
  const SemanticNode& n = h.node("stream-1");
  CHECK(n.role == Role::message);
  CHECK(n.label == "AI assistant: Refunds reach you in 3-5");
  CHECK(n.state == "busy");
  CHECK(h.semantics.find(ids::typing) == nullptr);
  CHECK(h.ctx.animating);
  // The final message takes its place: one AI bubble, announced by its msg id.
  vm.lines.back() = message(2, Speaker::ai, "Refunds reach you in 3-5 banking days.");
  vm.ai_typing = false;
  h.ctx.animating = false;
  h.draw(vm);
  CHECK(h.semantics.find("stream-1") == nullptr);
  CHECK(h.node("msg-2").state.empty());
  CHECK_FALSE(h.ctx.animating);  // nothing animates once the answer is in: idle means no frames
}

TEST_CASE("a message refused because the chat is full comes back to the composer, with what to do") {
  Harness h;
  auto vm = online(State::ai);
  vm.lines = {message(1, Speaker::customer, "Hi"), message(2, Speaker::ai, "Hello! How can I help?")};
  h.draw(vm);
  CHECK(h.semantics.find(ids::send_error) == nullptr);
  h.ui.composer.set("and the socks");  // typed since
  vm.last_error = proto::make_error(proto::ErrorCode::conversation_full, "this chat has reached its length limit", {}, "c-1");
  vm.refused = {1, proto::ErrorCode::conversation_full, "Please refund order NO-10423", {}};
  h.semantics.clear();
  ImGui::NewFrame();
  const WidgetIntents first = draw_widget(vm, h.ui, h.ctx);
  ImGui::Render();
  CHECK(first.focus == std::string(ids::composer));
  h.draw(vm);
  CHECK(h.ui.composer.text == "Please refund order NO-10423\nand the socks");  // nothing typed is lost
  const SemanticNode& why = h.node(ids::send_error);
  CHECK(why.role == Role::status);
  CHECK(why.label.find("This chat is full") == 0);
  CHECK(why.label.find("Talk to a human") != std::string::npos);
  CHECK(why.label.find("length limit") == std::string::npos);  // not the server's words
  // The strip sits between the transcript and the composer, whole and inside the panel.
  const SemanticNode& box = h.node(ids::composer);
  CHECK(why.rect.y + why.rect.h <= box.rect.y);
  CHECK(why.rect.w <= 360);
  CHECK(why.rect.h >= 30);  // wrapped, not cut to one line
  // Drawn again, the same refusal is not given back twice.
  h.draw(vm);
  CHECK(h.ui.composer.text == "Please refund order NO-10423\nand the socks");
  // Sending (or asking for a human) makes the reason go.
  CHECK(h.draw(vm, ids::send).say);
  h.draw(vm);
  CHECK(h.semantics.find(ids::send_error) == nullptr);
}

TEST_CASE("a refused offline message goes back to the form, in every language") {
  Harness h("sv");
  auto vm = online(State::offline);
  vm.last_error = proto::make_error(proto::ErrorCode::not_allowed, "closed", {}, "c-2");
  vm.refused = {1, proto::ErrorCode::not_allowed, "Ring mig", "asa@example.se"};
  h.draw(vm);
  CHECK(h.ui.offline_form);
  CHECK(h.ui.contact.text == "asa@example.se");
  CHECK(h.ui.offline_text.text == "Ring mig");
  CHECK(h.node(ids::send_error).label.find("Ditt meddelande skickades inte") == 0);
  for (const char* locale : {"en", "sv", "de"}) {
    const WidgetStrings& s = widget_strings(locale);
    CHECK(std::string(s.conversation_full).find(s.talk_to_human) != std::string::npos);
  }
}

TEST_CASE("opened with unread messages, the transcript lands on the first, under a marker") {
  Harness h("en", 360, 640);
  auto vm = online(State::with_human);
  vm.agent_name = "Anna";
  for (Seq i = 1; i <= 12; ++i)
    vm.lines.push_back(message(i, i % 2 ? Speaker::customer : Speaker::agent,
                               "A line long enough to wrap over two or three lines in the panel, number " + std::to_string(i),
                               i % 2 ? "" : "Anna"));
  h.draw(vm);
  CHECK(h.semantics.find(ids::new_messages) == nullptr);
  vm.unread_from = 6;
  h.draw(vm);
  const SemanticNode& marker = h.node(ids::new_messages);
  CHECK(marker.label == "New messages");
  CHECK(marker.role == Role::status);
  const SemanticNode& list = h.node("transcript");
  const SemanticNode& first = h.node("msg-6");
  CHECK(marker.rect.y >= list.rect.y - 1);                 // the marker in view, at the top
  CHECK(marker.rect.y < list.rect.y + 40);
  CHECK(first.rect.y >= marker.rect.y + marker.rect.h);     // the first unread right under it
  CHECK(first.rect.y < list.rect.y + list.rect.h);
  // Sending something: the newest line wins again.
  h.ui.follow = true;
  h.draw(vm);
  h.draw(vm);
  const SemanticNode& last = h.node("msg-12");
  CHECK(last.rect.y + last.rect.h <= h.node("transcript").rect.y + h.node("transcript").rect.h + 1);
}

TEST_CASE("the greeting acknowledges a declined payment, in every language") {
  for (const char* locale : {"en", "sv", "de"}) {
    Harness h(locale);
    auto vm = online(State::ai);
    h.draw(vm);
    const std::string plain = h.node(ids::greeting).label;
    vm.greeting = Greeting::payment_declined;
    h.draw(vm);
    const std::string declined = h.node(ids::greeting).label;
    INFO(locale << ": " << declined);
    CHECK(declined != plain);
    CHECK((declined.find("declined") != std::string::npos || declined.find("nekades") != std::string::npos ||
           declined.find("abgelehnt") != std::string::npos));
    vm.greeting = Greeting::payment_failed;
    h.draw(vm);
    CHECK(h.node(ids::greeting).label != plain);
    CHECK(h.node(ids::greeting).label != declined);
  }
}

TEST_CASE("one or two stars ask what went wrong before the rating goes; three or more go at once") {
  Harness h;
  const auto vm = screens()[5].second;  // closed
  REQUIRE(vm.state == State::closed);
  h.draw(vm);
  CHECK(h.semantics.find(ids::rate_comment) == nullptr);
  const WidgetIntents two = h.draw(vm, "rate-2");
  CHECK(two.rate == 0);  // not yet: the comment box first
  CHECK(two.focus == std::string(ids::rate_comment));
  h.draw(vm);
  CHECK(h.node(ids::rate_comment).role == Role::text_input);
  CHECK(h.node("rate-2").state == "pressed");
  h.ui.rate_comment.set("  The label link was hard to find. ");
  const WidgetIntents sent = h.draw(vm, ids::rate_send);
  CHECK(sent.rate == 2);
  CHECK(sent.rate_comment == "The label link was hard to find.");
  Harness good;
  CHECK(good.draw(vm, "rate-4").rate == 4);
  good.draw(vm);
  CHECK(good.semantics.find(ids::rate_comment) == nullptr);
  ChatLine rated = event_line(9, EventKind::rating);
  rated.score = 2;
  rated.text = "The label link was hard to find.";
  CHECK(spoken_line(rated, widget_strings("en")) == "You rated 2 of 5: The label link was hard to find.");
}

TEST_CASE("web addresses are found without the punctuation after them, and only http(s)") {
  const std::string text = "Print it at https://shop.example/r?o=1. Or (http://a.example/x), not javascript:alert(1) nor xhttp://b.";
  const auto found = find_links(text);
  REQUIRE(found.size() == 2);
  CHECK(text.substr(found[0].begin, found[0].end - found[0].begin) == "https://shop.example/r?o=1");
  CHECK(text.substr(found[1].begin, found[1].end - found[1].begin) == "http://a.example/x");
}

TEST_CASE("wrapping never cuts an address that fits on a line; a longer one is cut after a slash") {
  Harness h;
  ImGui::NewFrame();
  ImGui::PushFont(h.ctx.fonts.body);
  const ImFont& font = *ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const std::string url = "https://shop.example/returns";
  const std::string text = "Print the label at " + url + " today.";
  // A width where ImGui's own wrapping breaks after "shop." (the address starts near the line's end).
  const float width = text_width(font, size, text, {0, text.find(".example") + 1}) + 2;
  const char* imgui_break = font.CalcWordWrapPositionA(size / font.FontSize, text.c_str(), text.c_str() + text.size(), width);
  CHECK(std::string(text.c_str(), imgui_break).find("shop.") != std::string::npos);  // ImGui cuts it
  const auto lines = wrap_lines(font, size, text, width);
  bool whole = false;
  for (const auto& l : lines) whole = whole || text.substr(l.begin, l.end - l.begin).find(url) != std::string::npos;
  CHECK(whole);
  // An address longer than a whole line is cut after a '/' (and nothing is lost).
  const std::string long_url = "https://shop.example/orders/NO-10423/return-label/print";
  const float narrow = text_width(font, size, long_url, {0, 30});
  const auto pieces = wrap_lines(font, size, long_url, narrow);
  REQUIRE(pieces.size() >= 2);
  std::string joined;
  for (const auto& l : pieces) {
    joined += long_url.substr(l.begin, l.end - l.begin);
    CHECK(text_width(font, size, long_url, l) <= narrow);
  }
  CHECK(joined == long_url);
  CHECK(long_url[pieces[0].end - 1] == '/');
  ImGui::PopFont();
  ImGui::EndFrame();
}

TEST_CASE("a link in a message is recorded where it is drawn") {
  Harness h;
  auto vm = online(State::with_human);
  vm.agent_name = "Anna";
  vm.lines = {message(1, Speaker::agent, "Print the label at https://shop.example/r and drop it off.", "Anna")};
  h.draw(vm);
  const SemanticNode& link = h.node("msg-1-link-0");
  CHECK(link.role == Role::link);
  CHECK(link.label == "https://shop.example/r");
  const SemanticNode& bubble = h.node("msg-1");
  CHECK(link.rect.x >= bubble.rect.x);
  CHECK(link.rect.x + link.rect.w <= bubble.rect.x + bubble.rect.w);
  CHECK(link.rect.h < 25);  // one line
  CHECK(h.semantics.find("msg-1-link-0-1") == nullptr);
}

TEST_CASE("a follow-up shows the conversation it continues above the new one, in every language") {
  for (const char* locale : {"en", "sv", "de"}) {
    Harness h(locale);
    auto vm = online(State::waiting_human);
    vm.earlier = {message(1, Speaker::customer, "Where is my refund?"), message(2, Speaker::ai, "Refunds take 3-5 days.")};
    vm.lines = {event_line(1, EventKind::state)};
    vm.lines[0].state = State::waiting_human;
    vm.queue_position = 1;
    h.draw(vm);
    const WidgetStrings& s = widget_strings(locale);
    CHECK(h.node("earlier").label == s.earlier_conversation);
    CHECK(h.node("earlier-msg-1").label.find("Where is my refund?") != std::string::npos);
    CHECK(h.node("earlier-msg-2").label.find("Refunds take 3-5 days.") != std::string::npos);
    CHECK(h.node("follow_up").label == s.follow_up_started);
    // Above the new conversation, in reading order.
    CHECK(h.node("earlier-msg-2").rect.y + h.node("earlier-msg-2").rect.h <= h.node("follow_up").rect.y);
    CHECK(h.semantics.find("greeting") == nullptr);
  }
}
