// The customer widget's views driven headless (ImGui without a renderer): every screen is drawn from
// a fake view-model and checked through the semantics it records and the intents it returns.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/theme.hpp"
#include "ui/widget_view.hpp"

using namespace duet;
using namespace duet::ui;

namespace {

std::vector<char> read_font() {
  std::ifstream in("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// One ImGui context with the real UI font, a 360x640 phone-sized viewport and the light theme.
struct Harness {
  std::vector<char> font = read_font();
  Theme theme = Theme::make(kDefaultBrand, false);
  Semantics semantics;
  WidgetUi ui;
  ViewContext ctx;
  ImGuiContext* imgui = ImGui::CreateContext();

  explicit Harness(const char* locale = "en", float width = 360, float height = 640) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(width, height);
    io.DeltaTime = 1.0f / 60;
    ctx.fonts = load_fonts(*io.Fonts, font.data(), font.size(), 2.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    apply_style(theme, ImGui::GetStyle());
    ctx.theme = &theme;
    ctx.semantics = &semantics;
    ui.strings = &widget_strings(locale);
  }
  ~Harness() { ImGui::DestroyContext(imgui); }

  // Draws a few frames (ImGui settles layout over two) and returns the last frame's intents.
  WidgetIntents draw(const WidgetViewModel& vm, const std::string& activate = {}) {
    WidgetIntents last;
    for (int frame = 0; frame < 3; ++frame) {
      semantics.clear();
      ctx.activated = frame == 2 ? activate : std::string();
      ImGui::NewFrame();
      last = draw_widget(vm, ui, ctx);
      ImGui::Render();
    }
    return last;
  }
  const SemanticNode& node(const std::string& id) {
    const SemanticNode* n = semantics.find(id);
    INFO("missing semantics node " << id);
    REQUIRE(n != nullptr);
    return *n;
  }
  std::vector<SemanticNode> with_role(Role role) const {
    std::vector<SemanticNode> out;
    for (const auto& n : semantics.nodes()) if (n.role == role) out.push_back(n);
    return out;
  }
};

ChatLine message(Seq seq, Speaker who, std::string text, std::string author = {}) {
  ChatLine l;
  l.seq = seq;
  l.kind = EventKind::message;
  l.speaker = who;
  l.text = std::move(text);
  l.author = std::move(author);
  return l;
}

ChatLine event_line(Seq seq, EventKind kind, std::string author = {}) {
  ChatLine l;
  l.seq = seq;
  l.kind = kind;
  l.author = std::move(author);
  return l;
}

WidgetViewModel online(State state) {
  WidgetViewModel vm;
  vm.connection = Connection::online;
  vm.state = state;
  vm.humans_available = true;
  return vm;
}

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

TEST_CASE("the composer sends trimmed text once and clears itself") {
  Harness h;
  const auto vm = online(State::ai);
  h.ui.composer.set("  Where is my parcel?  ");
  auto intents = h.draw(vm, ids::send);
  REQUIRE(intents.say);
  CHECK(*intents.say == "Where is my parcel?");
  CHECK(h.ui.composer.text.empty());
  CHECK_FALSE(h.draw(vm, ids::send).say);  // nothing left to send
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
  CHECK(h.node(ids::contact).role == Role::text_input);
  CHECK(h.node(ids::offline_text).role == Role::text_input);
  CHECK(h.node(ids::leave_message).state == "disabled");
  CHECK_FALSE(h.draw(vm, ids::leave_message).leave_message);
  h.ui.contact.set("ana@example.com");
  h.ui.offline_text.set("Please call me about order 1042");
  const auto intents = h.draw(vm, ids::leave_message);
  REQUIRE(intents.leave_message);
  CHECK(intents.leave_message->contact == "ana@example.com");
  CHECK(intents.leave_message->text == "Please call me about order 1042");
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
