#pragma once
// Internal to the agent console views: the drawing context shared by its parts and small helpers.
#include <string>

#include <imgui.h>

#include "ui/agent_console.hpp"
#include "ui/controls.hpp"

namespace duet::ui::agent {

struct Ctx {
  const AgentViewModel& vm;
  AgentUiState& ui;
  ViewContext& vc;
  const Theme& theme;
  TimeMs now;
  AgentIntents& out;

  void emit(AgentIntent::Kind k, std::string conversation = {}, std::string text = {}) {
    AgentIntent i;
    i.kind = k;
    i.conversation = std::move(conversation);
    i.text = std::move(text);
    out.push_back(std::move(i));
  }
};

ImVec4 col(ImU32 c);

// Records a semantics node for the last ImGui item / for an explicit rectangle.
void record_item(Ctx& c, Role role, std::string id, std::string label, std::string state = {});
void record_rect(Ctx& c, Role role, std::string id, std::string label, ImVec2 min, ImVec2 max, std::string state = {});

ImFont* small_font(const Ctx& c);
ImFont* title_font(const Ctx& c);
float small_size(const Ctx& c);

// Text at the cursor in a font and colour, recorded with `role` when `id` is given.
void label(Ctx& c, const std::string& text, ImU32 colour, ImFont* font = nullptr, const char* id = nullptr,
           Role role = Role::status);

// A rounded card of wrapped text with an optional small header line; advances the cursor.
struct CardStyle {
  ImU32 bg = 0, fg = 0, header = 0, border = 0, accent = 0;  // accent: a bar on the left (notes)
};
std::pair<ImVec2, ImVec2> text_card(const Ctx& c, const std::string& header, const std::string& body,
                                    float width, const CardStyle& style);

// The console's colour for internal notes: amber, unlike any message bubble.
CardStyle note_style(const Theme& t);

// A button sized to its text (or `width`), drawn with the shared controls (DOM-mirrored).
bool action(Ctx& c, const std::string& id, const char* text, ButtonStyle style, float width = 0,
            const std::string& state = {}, const std::string& spoken = {}, float height = 0);
// A toggle recorded as a checkbox.
bool toggle(Ctx& c, const std::string& id, const char* text, bool on, const std::string& spoken = {});

void draw_sign_in(Ctx& c);
void draw_top_bar(Ctx& c);
void draw_sidebar(Ctx& c);
void draw_conversation(Ctx& c);
void draw_composer(Ctx& c, const AgentConversation& conv);
void draw_transfer(Ctx& c, const AgentConversation& conv);

}  // namespace duet::ui::agent
