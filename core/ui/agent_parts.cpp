#include "ui/agent_parts.hpp"

#include <algorithm>
#include <cmath>

namespace duet::ui::agent {

ImVec4 col(ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); }

void record_item(Ctx& c, Role role, std::string id, std::string text, std::string state) {
  record(c.vc, role, std::move(id), std::move(text), std::move(state), ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
}

void record_rect(Ctx& c, Role role, std::string id, std::string text, ImVec2 min, ImVec2 max, std::string state) {
  record(c.vc, role, std::move(id), std::move(text), std::move(state), min, max);
}

ImFont* small_font(const Ctx& c) { return c.vc.fonts.small ? c.vc.fonts.small : ImGui::GetFont(); }
ImFont* title_font(const Ctx& c) { return c.vc.fonts.title ? c.vc.fonts.title : ImGui::GetFont(); }
float small_size(const Ctx& c) {
  ImFont* f = small_font(c);
  return f->FontSize * f->Scale * ImGui::GetIO().FontGlobalScale;
}

void label(Ctx& c, const std::string& text, ImU32 colour, ImFont* font, const char* id, Role role) {
  if (font) ImGui::PushFont(font);
  ImGui::PushStyleColor(ImGuiCol_Text, col(colour));
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopStyleColor();
  if (font) ImGui::PopFont();
  if (id) record_item(c, role, id, text);
}

std::pair<ImVec2, ImVec2> text_card(const Ctx& c, const std::string& header, const std::string& body,
                                    float width, const CardStyle& s) {
  const float pad = 10.0f, bar = s.accent ? 4.0f : 0.0f;
  ImFont* font = ImGui::GetFont();
  ImFont* small = small_font(c);
  const float font_size = ImGui::GetFontSize();
  const float ssize = small_size(c);
  const float inner = std::max(40.0f, width - 2 * pad - bar);
  ImVec2 head_sz = header.empty() ? ImVec2(0, 0) : small->CalcTextSizeA(ssize, inner, inner, header.c_str());
  // What people wrote may need the platform's text (emoji, CJK, right to left): it lays it out.
  const bool platform_body = c.vc.text && needs_platform_text(body);
  ImVec2 body_sz = body.empty()      ? ImVec2(0, 0)
                   : platform_body ? c.vc.text->measure(body, font_size, inner)
                                   : font->CalcTextSizeA(font_size, inner, inner, body.c_str());
  const float gap = (!header.empty() && !body.empty()) ? 3.0f : 0.0f;
  ImVec2 p = ImGui::GetCursorScreenPos();
  ImVec2 size(width, pad * 2 + head_sz.y + gap + body_sz.y);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), s.bg, 10.0f);
  if (s.border) dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), s.border, 10.0f);
  if (s.accent) dl->AddRectFilled(p, ImVec2(p.x + bar + 2, p.y + size.y), s.accent, 10.0f, ImDrawFlags_RoundCornersLeft);
  float x = p.x + pad + bar, y = p.y + pad;
  if (!header.empty()) {
    dl->AddText(small, ssize, ImVec2(x, y), s.header, header.c_str(), nullptr, inner);
    y += head_sz.y + gap;
  }
  if (platform_body) c.vc.text->draw(*dl, ImVec2(x, y), body, font_size, inner, s.fg);
  else if (!body.empty()) dl->AddText(font, font_size, ImVec2(x, y), s.fg, body.c_str(), nullptr, inner);
  ImGui::Dummy(size);
  return {p, ImVec2(p.x + size.x, p.y + size.y)};
}

CardStyle note_style(const Theme& t) {
  CardStyle s;
  s.bg = t.dark ? IM_COL32(74, 60, 18, 255) : IM_COL32(255, 243, 205, 255);
  s.fg = t.dark ? IM_COL32(255, 240, 200, 255) : IM_COL32(64, 46, 0, 255);
  s.header = t.dark ? IM_COL32(255, 205, 90, 255) : IM_COL32(138, 92, 0, 255);
  s.border = t.dark ? IM_COL32(150, 118, 30, 255) : IM_COL32(230, 190, 90, 255);
  s.accent = t.dark ? IM_COL32(255, 190, 50, 255) : IM_COL32(214, 150, 0, 255);
  return s;
}

// The keyboard focus as a two-tone ring: a gap in the page colour, then a dark ring. A ring in the
// brand colour alone vanishes around a brand-coloured button (Accept, Resolve, Send).
void focus_ring(Ctx& c, ImVec2 min, ImVec2 max, float rounding) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRect(ImVec2(min.x - 1.5f, min.y - 1.5f), ImVec2(max.x + 1.5f, max.y + 1.5f), c.theme.background, rounding + 1.5f, 0, 3.0f);
  dl->AddRect(ImVec2(min.x - 4, min.y - 4), ImVec2(max.x + 4, max.y + 4), c.theme.text, rounding + 4, 0, 2.0f);
}

bool action(Ctx& c, const std::string& id, const char* text, ButtonStyle style, float width, const std::string& state,
            const std::string& spoken, float height) {
  const float w = width > 0 ? width : button_width(text, 14.0f);
  const float h = height > 0 ? height : ImGui::GetFrameHeight();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const bool clicked = button(c.vc, id.c_str(), text, ImVec2(w, h), style, state, spoken.empty() ? nullptr : spoken.c_str());
  if (c.vc.focused == id) focus_ring(c, p, ImVec2(p.x + w, p.y + h), std::fmin(h * 0.5f, 20.0f));
  return clicked;
}

bool toggle(Ctx& c, const std::string& id, const char* text, bool on, const std::string& spoken) {
  const float box = ImGui::GetFrameHeight() * 0.6f;
  const ImVec2 ts = ImGui::CalcTextSize(text);
  const ImVec2 size(box + 8 + ts.x, ImGui::GetFrameHeight());
  const ImVec2 p = ImGui::GetCursorScreenPos();
  bool clicked = ImGui::InvisibleButton(id.c_str(), size);
  if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 b0(p.x, p.y + (size.y - box) * 0.5f), b1(b0.x + box, b0.y + box);
  if (on) {
    dl->AddRectFilled(b0, b1, c.theme.brand, 4.0f);
    dl->AddLine(ImVec2(b0.x + box * 0.22f, b0.y + box * 0.52f), ImVec2(b0.x + box * 0.42f, b0.y + box * 0.72f), c.theme.on_brand, 2.0f);
    dl->AddLine(ImVec2(b0.x + box * 0.42f, b0.y + box * 0.72f), ImVec2(b0.x + box * 0.80f, b0.y + box * 0.28f), c.theme.on_brand, 2.0f);
  } else {
    dl->AddRect(b0, b1, c.theme.muted, 4.0f, 0, 1.5f);
  }
  dl->AddText(ImVec2(b1.x + 8, p.y + (size.y - ts.y) * 0.5f), c.theme.text, text);
  if (c.vc.focused == id) focus_ring(c, p, ImVec2(p.x + size.x, p.y + size.y), 4.0f);
  record(c.vc, Role::checkbox, id, spoken.empty() ? text : spoken, on ? "checked" : "", p, ImVec2(p.x + size.x, p.y + size.y));
  if (c.vc.activated == id) clicked = true;
  return clicked;
}

}  // namespace duet::ui::agent
