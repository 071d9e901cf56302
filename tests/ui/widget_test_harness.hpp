#pragma once
// Headless ImGui for the widget tests: the real UI font, a phone-sized viewport, no renderer, and
// builders for view-model lines.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>

#include "ui/theme.hpp"
#include "ui/widget_view.hpp"

namespace duet::ui::test {

inline std::vector<char> read_font() {
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

inline ChatLine message(Seq seq, Speaker who, std::string text, std::string author = {}) {
  ChatLine l;
  l.seq = seq;
  l.kind = EventKind::message;
  l.speaker = who;
  l.text = std::move(text);
  l.author = std::move(author);
  return l;
}

inline ChatLine event_line(Seq seq, EventKind kind, std::string author = {}) {
  ChatLine l;
  l.seq = seq;
  l.kind = kind;
  l.author = std::move(author);
  return l;
}

inline WidgetViewModel online(State state) {
  WidgetViewModel vm;
  vm.connection = Connection::online;
  vm.state = state;
  vm.humans_available = true;
  return vm;
}

}  // namespace duet::ui::test
