#pragma once
// Draws a laid-out paragraph into RGBA pixels with FreeType: outlines as coverage in the text's
// colour, colour emoji (Noto Color Emoji's CBDT bitmaps, one 109 px strike) scaled down to the em
// with an area filter. Pixels are premultiplied: what compositing glyphs over each other needs and
// what shaders/ui.frag.glsl blends.
#include <cstdint>
#include <vector>

#include "native/noto_fonts.hpp"
#include "native/paragraph_layout.hpp"

namespace duet::native {

struct RgbaImage {
  int width = 0, height = 0;
  std::vector<std::uint8_t> pixels;  // premultiplied RGBA rows, top first
};

// `colour` is an ImU32 (0xAABBGGRR). The image is layout.width x layout.height pixels.
RgbaImage raster_paragraph(const NotoFonts& fonts, const ParagraphLayout& layout, std::uint32_t colour);

}  // namespace duet::native
