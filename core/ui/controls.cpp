#include "ui/controls.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "ui/text_wrap.hpp"

namespace duet::ui {

void record(ViewContext& ctx, Role role, std::string id, std::string label, std::string state,
            ImVec2 min, ImVec2 max, bool clip_to_window, std::string text) {
  if (!ctx.semantics) return;
  // Clip to the current window's visible area so the mirror never points at hidden pixels.
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 cmin = dl->GetClipRectMin(), cmax = dl->GetClipRectMax();
  const ImVec4 clip = clip_to_window ? ImVec4(cmin.x, cmin.y, cmax.x, cmax.y) : ImVec4(min.x, min.y, max.x, max.y);
  const float x0 = std::fmax(min.x, clip.x), y0 = std::fmax(min.y, clip.y);
  const float x1 = std::fmin(max.x, clip.z), y1 = std::fmin(max.y, clip.w);
  SemanticNode n;
  n.role = role;
  n.id = std::move(id);
  n.label = std::move(label);
  n.state = std::move(state);
  n.rect = Rect{x0, y0, std::fmax(0.0f, x1 - x0), std::fmax(0.0f, y1 - y0)};
  n.text = std::move(text);
  ctx.semantics->add(std::move(n));
}

float button_width(const char* text, float padding) {
  return ImGui::CalcTextSize(text).x + 2 * padding;
}

bool button(ViewContext& ctx, const char* id, const char* text, ImVec2 size, ButtonStyle style,
            const std::string& state, const char* label) {
  const Theme& t = *ctx.theme;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool disabled = state == "disabled";
  bool clicked = ImGui::InvisibleButton(id, size) && !disabled;
  const bool hovered = ImGui::IsItemHovered() && !disabled, held = ImGui::IsItemActive();
  ImU32 bg = 0, fg = 0, border = 0;
  switch (style) {
    case ButtonStyle::primary: bg = t.brand; fg = t.on_brand; break;
    case ButtonStyle::secondary: bg = t.surface; fg = t.text; border = t.border; break;
    case ButtonStyle::on_brand: bg = t.on_brand; fg = t.brand; break;
    case ButtonStyle::quiet: bg = 0; fg = t.text; break;
    case ButtonStyle::quiet_on_brand: bg = 0; fg = t.on_brand; break;
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  const float rounding = std::fmin(size.y * 0.5f, 20.0f);
  if (bg) dl->AddRectFilled(pos, max, bg, rounding);
  if (hovered || held) dl->AddRectFilled(pos, max, IM_COL32(t.dark ? 255 : 0, t.dark ? 255 : 0, t.dark ? 255 : 0, held ? 40 : 22), rounding);
  if (border) dl->AddRect(pos, max, border, rounding);
  if (disabled) dl->AddRectFilled(pos, max, IM_COL32(128, 128, 128, 60), rounding);
  if (text && *text) {
    const ImVec2 ts = ImGui::CalcTextSize(text);
    dl->AddText(ImVec2(pos.x + (size.x - ts.x) * 0.5f, pos.y + (size.y - ts.y) * 0.5f), fg, text);
  }
  const bool on_brand = style == ButtonStyle::on_brand || style == ButtonStyle::quiet_on_brand;
  if (ctx.focused == id)
    dl->AddRect(ImVec2(pos.x - 3, pos.y - 3), ImVec2(max.x + 3, max.y + 3), on_brand ? t.on_brand : t.focus, rounding + 3, 0, 2.0f);
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  record(ctx, Role::button, id, label ? label : (text ? text : ""), state, pos, max);
  if (!disabled && ctx.activated == id) clicked = true;
  return clicked;
}

bool text_field(ViewContext& ctx, const char* id, const char* hint, TextField& field, ImVec2 size,
                bool multiline, const char* submit_id) {
  const Theme& t = *ctx.theme;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 max(pos.x + size.x, pos.y + size.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const bool focused = ctx.focused == id;
  dl->AddRectFilled(pos, max, t.surface, 12.0f);
  dl->AddRect(pos, max, focused ? t.focus : t.border, 12.0f, 0, focused ? 2.0f : 1.0f);
  bool entered = false;
  if (ctx.external_text) {
    ImGui::Dummy(size);
  } else {
    ImGui::PushID(id);
    entered = edit_text_in_place(hint, field, size, multiline);
    ImGui::PopID();
    if (multiline && field.text.empty()) dl->AddText(ImVec2(pos.x + 10, pos.y + 8), t.muted, hint);
  }
  std::string state = multiline ? "multiline" : field.secret ? "secret" : "";
  if (submit_id) state += std::string(state.empty() ? "" : " ") + "submit:" + submit_id;
  if (focused) state += state.empty() ? "focused" : " focused";
  record(ctx, Role::text_input, id, hint, std::move(state), pos, max);
  return entered;
}

// Both wrap with wrap_lines (breaks at spaces only), so what is measured is what is drawn.
ImVec2 text_size(const char* text, float wrap_width) {
  if (wrap_width <= 0.0f) return ImGui::CalcTextSize(text);
  const ImFont& font = *ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const std::string_view s(text);
  const std::vector<TextRange> lines = wrap_lines(font, size, s, wrap_width);
  float w = 0.0f;
  for (const TextRange& l : lines) w = std::max(w, text_width(font, size, s, l));
  return ImVec2(w, size * static_cast<float>(lines.size()));
}

void draw_text(ImDrawList* dl, ImVec2 pos, ImU32 colour, const char* text, float wrap_width) {
  ImFont* font = ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  if (wrap_width <= 0.0f) return dl->AddText(font, size, pos, colour, text);
  const std::string_view s(text);
  float y = pos.y;
  for (const TextRange& l : wrap_lines(*font, size, s, wrap_width - 1)) {
    dl->AddText(font, size, ImVec2(pos.x, y), colour, text + l.begin, text + l.end);
    y += size;
  }
}

namespace {
bool by_platform(const ViewContext& ctx, const std::string& text) { return ctx.text && needs_platform_text(text); }
}  // namespace

ImVec2 text_size(const ViewContext& ctx, const std::string& text, float wrap_width, bool* rtl) {
  if (rtl) *rtl = false;
  if (!by_platform(ctx, text)) return text_size(text.c_str(), wrap_width);
  if (rtl) *rtl = is_rtl(text);
  return ctx.text->measure(text, ImGui::GetFontSize(), wrap_width);
}

void draw_text(const ViewContext& ctx, ImDrawList* dl, ImVec2 pos, ImU32 colour, const std::string& text, float wrap_width) {
  if (!by_platform(ctx, text)) return draw_text(dl, pos, colour, text.c_str(), wrap_width);
  // Callers draw with the measured width + 1 (ImGui's slack, taken off again above): the platform
  // must wrap at exactly the width it measured with.
  ctx.text->draw(*dl, pos, text, ImGui::GetFontSize(), wrap_width > 0.0f ? wrap_width - 1 : 0.0f, colour);
}

void draw_star(ImDrawList* dl, ImVec2 c, float r, ImU32 colour, bool filled) {
  ImVec2 pts[10];
  for (int i = 0; i < 10; ++i) {
    constexpr float pi = 3.14159265f;
    const float a = -pi / 2 + static_cast<float>(i) * pi / 5;
    const float rr = (i % 2 == 0) ? r : r * 0.45f;
    pts[i] = ImVec2(c.x + std::cos(a) * rr, c.y + std::sin(a) * rr);
  }
  if (filled) {
    // Concave polygon: fill as a fan of triangles from the centre.
    for (int i = 0; i < 10; ++i) dl->AddTriangleFilled(c, pts[i], pts[(i + 1) % 10], colour);
  } else {
    dl->AddPolyline(pts, 10, colour, ImDrawFlags_Closed, 1.6f);
  }
}

}  // namespace duet::ui
