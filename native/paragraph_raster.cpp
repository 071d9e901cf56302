#include "native/paragraph_raster.hpp"

#include <algorithm>
#include <cmath>

#include FT_BITMAP_H

namespace duet::native {
namespace {

// Source-over of one premultiplied pixel.
void blend(RgbaImage& img, int x, int y, float r, float g, float b, float a) {
  if (x < 0 || y < 0 || x >= img.width || y >= img.height || a <= 0) return;
  std::uint8_t* p = &img.pixels[(static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x)) * 4];
  const float keep = 1.0f - a;
  const float src[4] = {r, g, b, a};
  for (int k = 0; k < 4; ++k)
    p[k] = static_cast<std::uint8_t>(std::clamp(std::lround(src[k] * 255.0f + static_cast<float>(p[k]) * keep), 0L, 255L));
}

void draw_coverage(RgbaImage& img, const FT_Bitmap& bm, int left, int top, const float rgba[4]) {
  for (unsigned row = 0; row < bm.rows; ++row)
    for (unsigned col = 0; col < bm.width; ++col) {
      const float c = static_cast<float>(bm.buffer[static_cast<std::ptrdiff_t>(row) * bm.pitch + col]) / 255.0f * rgba[3];
      blend(img, left + static_cast<int>(col), top + static_cast<int>(row), rgba[0] * c, rgba[1] * c, rgba[2] * c, c);
    }
}

// A BGRA premultiplied bitmap scaled by `scale` (< 1 for emoji): each target pixel averages the
// source pixels under it.
void draw_colour_bitmap(RgbaImage& img, const FT_Bitmap& bm, float left, float top, float scale, float alpha) {
  const int w = std::max(1, static_cast<int>(std::lround(static_cast<float>(bm.width) * scale)));
  const int h = std::max(1, static_cast<int>(std::lround(static_cast<float>(bm.rows) * scale)));
  const int x0 = static_cast<int>(std::lround(left)), y0 = static_cast<int>(std::lround(top));
  for (int ty = 0; ty < h; ++ty)
    for (int tx = 0; tx < w; ++tx) {
      const int sx0 = static_cast<int>(static_cast<float>(tx) / scale), sy0 = static_cast<int>(static_cast<float>(ty) / scale);
      const int sx1 = std::clamp(static_cast<int>(std::ceil(static_cast<float>(tx + 1) / scale)), sx0 + 1, static_cast<int>(bm.width));
      const int sy1 = std::clamp(static_cast<int>(std::ceil(static_cast<float>(ty + 1) / scale)), sy0 + 1, static_cast<int>(bm.rows));
      float sum[4] = {0, 0, 0, 0};
      int n = 0;
      for (int sy = sy0; sy < sy1; ++sy)
        for (int sx = sx0; sx < sx1; ++sx, ++n) {
          const unsigned char* s = bm.buffer + static_cast<std::ptrdiff_t>(sy) * bm.pitch + sx * 4;
          sum[0] += s[2];  // BGRA
          sum[1] += s[1];
          sum[2] += s[0];
          sum[3] += s[3];
        }
      if (n == 0) continue;
      const float k = alpha / (255.0f * static_cast<float>(n));
      blend(img, x0 + tx, y0 + ty, sum[0] * k, sum[1] * k, sum[2] * k, sum[3] * k);
    }
}

}  // namespace

RgbaImage raster_paragraph(const NotoFonts& fonts, const ParagraphLayout& layout, std::uint32_t colour) {
  RgbaImage img;
  img.width = static_cast<int>(layout.width);
  img.height = static_cast<int>(std::ceil(layout.height));
  img.pixels.assign(static_cast<std::size_t>(img.width) * static_cast<std::size_t>(img.height) * 4, 0);
  const float rgba[4] = {static_cast<float>(colour & 0xFF) / 255.0f, static_cast<float>((colour >> 8) & 0xFF) / 255.0f,
                         static_cast<float>((colour >> 16) & 0xFF) / 255.0f, static_cast<float>(colour >> 24) / 255.0f};
  const FT_F26Dot6 size = static_cast<FT_F26Dot6>(std::lround(layout.em * 64));
  for (std::size_t i = 0; i < layout.lines.size(); ++i) {
    const LaidOutLine& line = layout.lines[i];
    const float baseline = layout.line_height * static_cast<float>(i) + layout.baseline;
    for (const PlacedGlyph& g : line.glyphs) {
      const NotoFont& font = fonts.fonts()[g.font];
      FT_Face face = font.face;
      float scale = 1;
      if (font.colour_bitmaps) {
        FT_Select_Size(face, 0);  // the one strike; scaled to the em below
        scale = layout.em / (static_cast<float>(face->available_sizes[0].y_ppem) / 64.0f);
        if (FT_Load_Glyph(face, g.glyph, FT_LOAD_COLOR)) continue;
      } else {
        FT_Set_Char_Size(face, size, 0, 72, 72);
        if (FT_Load_Glyph(face, g.glyph, FT_LOAD_TARGET_LIGHT)) continue;
      }
      if (face->glyph->format != FT_GLYPH_FORMAT_BITMAP && FT_Render_Glyph(face->glyph, FT_RENDER_MODE_LIGHT)) continue;
      const FT_GlyphSlot slot = face->glyph;
      const float pen_x = line.x + g.x, pen_y = baseline + g.y;
      if (slot->bitmap.pixel_mode == FT_PIXEL_MODE_BGRA)
        draw_colour_bitmap(img, slot->bitmap, pen_x + static_cast<float>(slot->bitmap_left) * scale,
                           pen_y - static_cast<float>(slot->bitmap_top) * scale, scale, rgba[3]);
      else if (slot->bitmap.pixel_mode == FT_PIXEL_MODE_GRAY)
        draw_coverage(img, slot->bitmap, static_cast<int>(std::lround(pen_x)) + slot->bitmap_left,
                      static_cast<int>(std::lround(pen_y)) - slot->bitmap_top, rgba);
    }
  }
  return img;
}

}  // namespace duet::native
