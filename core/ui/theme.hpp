#pragma once
// The look of the widget and the console: a merchant brand colour in light or dark, turned into the
// colours every view draws with. Contrast-checked so text on the brand colour stays readable.
#include <cstdint>

#include <imgui.h>

namespace duet::ui {

struct Theme {
  bool dark = false;
  ImU32 brand = 0, on_brand = 0;          // the merchant's colour and the text drawn on it
  ImU32 background = 0, surface = 0;      // panel and cards
  ImU32 text = 0, muted = 0, border = 0;
  ImU32 ai_bubble = 0, ai_text = 0;       // the assistant's messages
  ImU32 human_bubble = 0, human_text = 0; // a human agent's messages
  ImU32 customer_bubble = 0, customer_text = 0;
  ImU32 banner = 0, banner_text = 0;      // reconnecting
  ImU32 focus = 0;
  float radius = 14.0f;                   // bubble and card corners, logical pixels

  // `brand_rgb` is 0xRRGGBB, as merchants write it in CSS.
  static Theme make(std::uint32_t brand_rgb, bool dark);
};

// Parses "#1a73e8", "1a73e8" or "#17e"; returns `fallback` for anything else.
std::uint32_t parse_hex_colour(const char* text, std::uint32_t fallback);
// WCAG relative-luminance contrast ratio of two colours (1..21).
float contrast_ratio(ImU32 a, ImU32 b);
// Sets ImGui's style (spacing, rounding, colours) so stock widgets match the theme.
void apply_style(const Theme& theme, ImGuiStyle& style);

constexpr std::uint32_t kDefaultBrand = 0x2456D6;

}  // namespace duet::ui
