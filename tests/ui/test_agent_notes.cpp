// Internal notes end to end through the model and both sides' views: one conversation (the model the
// server runs), an AgentSession fed the agent's frames, a CustomerSession fed the customer's frames,
// and the semantics each side's view records. The note is on the agent's screen, marked internal,
// and nowhere on the customer's.
#include "test_agent_harness.hpp"

#include "model/conversation.hpp"
#include "ui/widget_view.hpp"

using namespace duet;
using namespace duet::ui;

namespace {

struct NullTransport : Transport {
  std::vector<std::string> sent;
  void open(const std::string&) override {}
  void send(std::string_view f) override { sent.emplace_back(f); }
  void close() override {}
};

std::string widget_labels(const WidgetViewModel& vm) {
  std::vector<char> font = duet::test::agent_test_font();
  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGuiContext* imgui = ImGui::CreateContext();
  ImGui::SetCurrentContext(imgui);
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(360, 640);
  io.DeltaTime = 1.0f / 60;
  Theme theme = Theme::make(kDefaultBrand, false);
  Semantics semantics;
  ViewContext ctx;
  ctx.fonts = load_fonts(*io.Fonts, font.data(), font.size(), 1.0f);
  unsigned char* pixels = nullptr;
  int w = 0, h = 0;
  io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
  apply_style(theme, ImGui::GetStyle());
  ctx.theme = &theme;
  ctx.semantics = &semantics;
  WidgetUi ui;
  ui.strings = &widget_strings("en");
  for (int i = 0; i < 3; ++i) {
    semantics.clear();
    ImGui::NewFrame();
    draw_widget(vm, ui, ctx);
    ImGui::Render();
  }
  std::string all;
  for (const auto& n : semantics.nodes()) all += n.label + "\n";
  ImGui::DestroyContext(imgui);
  ImGui::SetCurrentContext(previous);
  return all;
}

}  // namespace

TEST_CASE("notes are on the agent's screen, marked internal, and never in the customer's transcript", "[agent_ui]") {
  const TimeMs t = 1'700'000'000'000;
  Conversation conv("conv-1", "demo", "en", t);
  conv.customer_say("k1", "My card was declined twice", t + 1000);
  conv.request_human(EscalationReason::customer_request, t + 2000);
  conv.agent_join("ag1", "Maja", t + 3000);
  conv.agent_say("ag1", "a1", "Hi, I'm Maja. Let me check your order.", t + 4000);
  auto noted = conv.agent_note("ag1", "n1", "SECRET: customer flagged by risk team", t + 5000);
  REQUIRE(noted.ok());

  // Agent side: the snapshot the server sends on accept carries every event, notes included.
  NullTransport agent_net;
  AgentSession agent(AgentConfig{"ws://127.0.0.1:1/ws/agent", "tok"}, agent_net, 1);
  agent.start(t);
  agent.on_open(t);
  proto::AgentWelcome w;
  w.agent_id = "ag1";
  w.name = "Maja";
  agent.on_frame(proto::serialize(w), t);
  proto::Snapshot snap;
  snap.conversation = conv.id();
  snap.state = conv.state();
  snap.events = conv.events();
  agent.on_frame(proto::serialize(snap), t + 6000);

  duet::test::AgentHarness h;
  h.draw(agent.view());
  const std::string agent_screen = h.all_labels();
  CHECK(agent_screen.find("Internal note by Maja: SECRET: customer flagged by risk team") != std::string::npos);
  bool note_marked = false;
  for (const auto& n : h.semantics.nodes())
    if (n.label.find("SECRET") != std::string::npos) note_marked = n.state == "note";
  CHECK(note_marked);

  // Customer side: what the server sends on /ws/customer (the welcome after a reload, and live events).
  NullTransport customer_net;
  ClientConfig cc;
  cc.url = "ws://127.0.0.1:1/ws/customer";
  cc.site = "demo";
  CustomerSession customer(cc, customer_net, 2);
  customer.start(t);
  customer.on_open(t);
  proto::Welcome welcome;
  welcome.conversation = conv.id();
  welcome.resume = "r";
  welcome.state = conv.state();
  welcome.agent_name = "Maja";
  welcome.events = conv.events_since(0, true);
  customer.on_frame(proto::serialize_for_customer(welcome), t + 6000);
  for (const auto& e : conv.events())
    if (e.visible_to_customer()) customer.on_frame(proto::serialize_for_customer(proto::EventMsg{conv.id(), e}), t + 6000);

  const std::string customer_screen = widget_labels(customer.view());
  CHECK(customer_screen.find("Let me check your order.") != std::string::npos);  // the reply arrives
  CHECK(customer_screen.find("SECRET") == std::string::npos);                     // the note never does
  for (const auto& l : customer.view().lines) CHECK(l.kind != EventKind::note);
}
