#pragma once
// A paragraph of platform text laid out in device pixels: split into runs of one font and one
// direction (fallback across the Noto fonts, neutrals resolved by their neighbours), shaped by
// HarfBuzz, wrapped greedily at spaces (or between any two characters of scripts without spaces:
// CJK, Thai; or inside a word longer than the line), runs of each line put in visual order (bidi
// rule L2 on two or three levels). What it does not do: the full Unicode bidi algorithm (explicit
// embeddings and isolates, mirrored brackets; numbers are always left to right, their separators
// take the paragraph's direction between two different neighbours) and dictionary line breaking for Thai.
#include <cstdint>
#include <string_view>
#include <vector>

#include "native/noto_fonts.hpp"

namespace duet::native {

struct PlacedGlyph {
  std::uint32_t font = 0;   // index in NotoFonts::fonts()
  std::uint32_t glyph = 0;  // glyph id in that font
  float x = 0, y = 0;       // pen position from the line's left end, on its baseline (y down)
};

struct LaidOutLine {
  std::vector<PlacedGlyph> glyphs;
  float x = 0;      // left end in the box (right-to-left lines end at the box's right edge)
  float width = 0;
};

struct ParagraphLayout {
  std::vector<LaidOutLine> lines;
  float width = 0, height = 0;  // the box, whole pixels (one spare column, as the web's)
  float line_height = 0, baseline = 0;  // baseline: from each line's top
  float em = 0;
  bool rtl = false;
};

// `em`: the font size in pixels; `line_height`: pixels from one line's top to the next;
// `wrap_width`: 0 for one line per paragraph (only "\n" breaks).
ParagraphLayout lay_out_paragraph(const NotoFonts& fonts, std::string_view text, float em, float line_height,
                                  float wrap_width);

}  // namespace duet::native
