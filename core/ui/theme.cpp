#include "ui/theme.hpp"

#include <cctype>
#include <cmath>
#include <cstring>

namespace duet::ui {
namespace {

ImU32 rgb(std::uint32_t c, float alpha = 1.0f) {
  return IM_COL32((c >> 16) & 0xFF, (c >> 8) & 0xFF, c & 0xFF, static_cast<int>(alpha * 255.0f));
}

float channel(float c) { return c <= 0.03928f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f); }

float luminance(ImU32 c) {
  const ImVec4 v = ImGui::ColorConvertU32ToFloat4(c);
  return 0.2126f * channel(v.x) + 0.7152f * channel(v.y) + 0.0722f * channel(v.z);
}

// Mixes `c` toward `toward` by t in [0,1]; used to derive tints of the brand colour.
std::uint32_t mix(std::uint32_t c, std::uint32_t toward, float t) {
  auto ch = [&](int shift) {
    const float a = static_cast<float>((c >> shift) & 0xFF), b = static_cast<float>((toward >> shift) & 0xFF);
    return static_cast<std::uint32_t>(std::lround(a + (b - a) * t)) << shift;
  };
  return ch(16) | ch(8) | ch(0);
}

// Darkens or lightens the brand colour until `on` text on it reaches 4.5:1 (WCAG AA).
std::uint32_t readable_brand(std::uint32_t brand, ImU32 on, std::uint32_t toward) {
  for (int i = 0; i < 20 && contrast_ratio(rgb(brand), on) < 4.5f; ++i) brand = mix(brand, toward, 0.1f);
  return brand;
}

}  // namespace

float contrast_ratio(ImU32 a, ImU32 b) {
  float la = luminance(a), lb = luminance(b);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05f) / (lb + 0.05f);
}

std::uint32_t parse_hex_colour(const char* text, std::uint32_t fallback) {
  if (!text) return fallback;
  if (*text == '#') ++text;
  const std::size_t n = std::strlen(text);
  if (n != 3 && n != 6) return fallback;
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
    int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : -1;
    if (d < 0) return fallback;
    v = n == 3 ? (v << 8) | static_cast<std::uint32_t>(d * 17) : (v << 4) | static_cast<std::uint32_t>(d);
  }
  return v;
}

Theme Theme::make(std::uint32_t brand_rgb, bool dark) {
  Theme t;
  t.dark = dark;
  const ImU32 white = rgb(0xFFFFFF), ink = rgb(0x111418);
  // Text on the brand colour: whichever of white/ink contrasts more, then nudge the brand if needed.
  const bool white_on_brand = contrast_ratio(rgb(brand_rgb), white) >= contrast_ratio(rgb(brand_rgb), ink);
  t.on_brand = white_on_brand ? white : ink;
  const std::uint32_t brand = readable_brand(brand_rgb, t.on_brand, white_on_brand ? 0x000000 : 0xFFFFFF);
  t.brand = rgb(brand);
  t.customer_bubble = t.brand;
  t.customer_text = t.on_brand;
  t.focus = rgb(dark ? mix(brand, 0xFFFFFF, 0.45f) : brand);
  if (dark) {
    t.background = rgb(0x16181D);
    t.surface = rgb(0x22252C);
    t.text = rgb(0xECEEF2);
    t.muted = rgb(0xA3A9B5);
    t.border = rgb(0x3A3F49);
    t.ai_bubble = rgb(0x2B2F38);
    t.human_bubble = rgb(mix(brand, 0x22252C, 0.72f));
    t.banner = rgb(0x5C4A12);
    t.banner_text = rgb(0xFFF4D6);
  } else {
    t.background = rgb(0xFFFFFF);
    t.surface = rgb(0xF3F5F8);
    t.text = rgb(0x14171C);
    t.muted = rgb(0x5B6270);
    t.border = rgb(0xD5DAE1);
    t.ai_bubble = rgb(0xEEF1F5);
    t.human_bubble = rgb(mix(brand, 0xFFFFFF, 0.86f));
    t.banner = rgb(0xFFF1C7);
    t.banner_text = rgb(0x4D3800);
  }
  t.ai_text = t.text;
  t.human_text = t.text;
  return t;
}

void apply_style(const Theme& t, ImGuiStyle& s) {
  s.WindowPadding = ImVec2(0, 0);
  s.WindowRounding = 0;
  s.WindowBorderSize = 0;
  s.ChildBorderSize = 0;
  s.FrameRounding = 10;
  s.FramePadding = ImVec2(10, 8);
  s.ItemSpacing = ImVec2(8, 8);
  s.ScrollbarSize = 6;
  s.ScrollbarRounding = 3;
  s.GrabRounding = 3;
  auto f4 = [](ImU32 c) { return ImGui::ColorConvertU32ToFloat4(c); };
  ImVec4* c = s.Colors;
  c[ImGuiCol_Text] = f4(t.text);
  c[ImGuiCol_TextDisabled] = f4(t.muted);
  c[ImGuiCol_WindowBg] = f4(t.background);
  c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_PopupBg] = f4(t.surface);
  c[ImGuiCol_Border] = f4(t.border);
  c[ImGuiCol_FrameBg] = f4(t.surface);
  c[ImGuiCol_FrameBgHovered] = f4(t.surface);
  c[ImGuiCol_FrameBgActive] = f4(t.surface);
  c[ImGuiCol_ScrollbarBg] = ImVec4(0, 0, 0, 0);
  c[ImGuiCol_ScrollbarGrab] = f4(t.border);
  c[ImGuiCol_ScrollbarGrabHovered] = f4(t.muted);
  c[ImGuiCol_ScrollbarGrabActive] = f4(t.muted);
  c[ImGuiCol_Button] = f4(t.brand);
  c[ImGuiCol_ButtonHovered] = f4(t.brand);
  c[ImGuiCol_ButtonActive] = f4(t.brand);
  c[ImGuiCol_TextSelectedBg] = ImVec4(f4(t.brand).x, f4(t.brand).y, f4(t.brand).z, 0.35f);
  c[ImGuiCol_NavHighlight] = f4(t.focus);
}

}  // namespace duet::ui
