#pragma once
// Headless ImGui for the agent console tests: a context with the real UI font, no renderer, and
// helpers that draw a few frames and look nodes up in the recorded semantics.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <imgui.h>

#include "model/agent_session.hpp"
#include "ui/agent_console.hpp"
#include "ui/fonts.hpp"
#include "ui/theme.hpp"

namespace duet::test {

inline std::vector<char> agent_test_font() {
  std::ifstream in("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct AgentHarness {
  std::vector<char> font = agent_test_font();
  ui::Theme theme = ui::Theme::make(ui::kDefaultBrand, false);
  ui::Semantics semantics;
  ui::AgentUiState ui;
  ui::ViewContext ctx;
  ImGuiContext* imgui = ImGui::CreateContext();
  ImVec2 size;

  explicit AgentHarness(float width = 1100, float height = 760) : size(width, height) {
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = size;
    io.DeltaTime = 1.0f / 60;
    ctx.fonts = ui::load_fonts(*io.Fonts, font.empty() ? nullptr : font.data(), font.size(), 1.0f);
    unsigned char* pixels = nullptr;
    int w = 0, h = 0;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
    ui::apply_style(theme, ImGui::GetStyle());
    ctx.theme = &theme;
    ctx.semantics = &semantics;
  }
  ~AgentHarness() { ImGui::DestroyContext(imgui); }
  AgentHarness(const AgentHarness&) = delete;
  AgentHarness& operator=(const AgentHarness&) = delete;

  // Draws three frames (ImGui settles layout over two); `activate` presses a node through the
  // DOM-mirror path on the last one. Returns the intents of all three frames.
  ui::AgentIntents draw(const AgentViewModel& vm, const std::string& activate = {}, TimeMs now = 1'000'000) {
    ImGui::SetCurrentContext(imgui);
    ui::AgentIntents last;
    for (int frame = 0; frame < 3; ++frame) {
      semantics.clear();
      ctx.activated = frame == 2 ? activate : std::string();
      ImGui::NewFrame();
      auto intents = ui::draw_agent_console(vm, ui, ctx, now, ui::AgentConsoleArea{ImVec2(0, 0), size});
      last.insert(last.end(), intents.begin(), intents.end());
      ImGui::Render();
    }
    return last;
  }
  const ui::SemanticNode& node(const std::string& id) const {
    const ui::SemanticNode* n = semantics.find(id);
    INFO("missing semantics node " << id);
    REQUIRE(n != nullptr);
    return *n;
  }
  bool has(const std::string& id) const { return semantics.find(id) != nullptr; }
  std::size_t index_of(const std::string& id) const {
    const auto& nodes = semantics.nodes();
    for (std::size_t i = 0; i < nodes.size(); ++i)
      if (nodes[i].id == id) return i;
    FAIL("missing semantics node " << id);
    return 0;
  }
  // Every label on screen, joined: for "is this text shown anywhere" checks.
  std::string all_labels() const {
    std::string s;
    for (const auto& n : semantics.nodes()) s += n.label + "\n";
    return s;
  }
};

inline const ui::AgentIntent* find_intent(const ui::AgentIntents& intents, ui::AgentIntent::Kind k) {
  for (const auto& i : intents)
    if (i.kind == k) return &i;
  return nullptr;
}

}  // namespace duet::test
