#pragma once
// Loads the UI font (a subset of DejaVu Sans made at build time) into ImGui's atlas at the sizes the
// views use, scaled for the display's pixel ratio so text stays crisp on HiDPI screens.
#include <cstddef>

#include <imgui.h>

namespace duet::ui {

struct FontSet {
  ImFont* body = nullptr;   // messages, buttons
  ImFont* small = nullptr;  // speaker labels, status lines
  ImFont* title = nullptr;  // panel header
};

// Logical sizes in CSS pixels, as CSS means them (the em size), so canvas text matches the real
// text fields the web layer lays over it.
constexpr float kBodySize = 15.0f, kSmallSize = 12.5f, kTitleSize = 17.0f;

// ImGui sizes a font by its line height (ascent - descent); CSS by its em. This is the ratio for a
// TrueType font (hhea ascent - descent over head unitsPerEm), 1 when it cannot be read.
float line_height_per_em(const void* ttf, std::size_t ttf_size);

// Latin-1 + Extended-A, Greek, Cyrillic, punctuation and a few symbols: what the subset keeps
// (web/cmake/subset_font.cmake uses the same list).
const ImWchar* glyph_ranges();

// Clears `atlas` and adds the font from `ttf` (not copied; must outlive the atlas) at each size
// times `pixel_ratio`; sets FontGlobalScale so layout stays in logical pixels. With no ttf, ImGui's
// built-in font is used (headless tests, or when the font could not be fetched).
FontSet load_fonts(ImFontAtlas& atlas, const void* ttf, std::size_t ttf_size, float pixel_ratio);

// The same with a second font merged into every size for the glyphs the first lacks (the web build
// ships Greek and Cyrillic as a separate file, fetched only when a conversation needs them).
FontSet load_fonts(ImFontAtlas& atlas, const void* ttf, std::size_t ttf_size, const void* extra,
                   std::size_t extra_size, float pixel_ratio);

}  // namespace duet::ui
