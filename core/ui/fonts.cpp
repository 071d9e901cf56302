#include "ui/fonts.hpp"

#include <cstdint>
#include <cstring>

namespace duet::ui {

const ImWchar* glyph_ranges() {
  static const ImWchar ranges[] = {
      0x0020, 0x017F,  // Basic Latin, Latin-1, Latin Extended-A
      0x0384, 0x03CE,  // modern Greek
      0x0400, 0x045F,  // Cyrillic (Russian, Ukrainian, Belarusian, Bulgarian, Serbian, Macedonian)
      0x0490, 0x0491,  // Ukrainian ґ
      0x2010, 0x2027,  // dashes, quotes, bullet, ellipsis
      0x2030, 0x203A,  // per mille, primes, angle quotes
      0x20AC, 0x20AC,  // €
      0x20BD, 0x20BD,  // ₽
      0x2122, 0x2122,  // ™
      0x2190, 0x2193,  // arrows
      0x2605, 0x2606,  // ★ ☆ for ratings
      0x2713, 0x2715,  // ✓ ✔ ✕
      0xFFFD, 0xFFFD,  // replacement character
      0,
  };
  return ranges;
}

namespace {

std::uint32_t be32(const unsigned char* p) { return (std::uint32_t(p[0]) << 24) | (std::uint32_t(p[1]) << 16) | (std::uint32_t(p[2]) << 8) | p[3]; }
int be16s(const unsigned char* p) { return static_cast<std::int16_t>((p[0] << 8) | p[1]); }

// The offset of table `tag` in a TrueType file, or 0.
std::size_t find_table(const unsigned char* f, std::size_t size, const char* tag, std::size_t need) {
  if (size < 12) return 0;
  const std::size_t tables = static_cast<std::size_t>((f[4] << 8) | f[5]);
  for (std::size_t i = 0; i < tables && 12 + 16 * (i + 1) <= size; ++i) {
    const unsigned char* rec = f + 12 + 16 * i;
    const std::size_t offset = be32(rec + 8);
    if (std::memcmp(rec, tag, 4) == 0 && offset + need <= size) return offset;
  }
  return 0;
}

}  // namespace

float line_height_per_em(const void* ttf, std::size_t ttf_size) {
  const auto* f = static_cast<const unsigned char*>(ttf);
  if (!f) return 1.0f;
  const std::size_t head = find_table(f, ttf_size, "head", 20), hhea = find_table(f, ttf_size, "hhea", 8);
  if (!head || !hhea) return 1.0f;
  const int units = (f[head + 18] << 8) | f[head + 19];
  const int ascent = be16s(f + hhea + 4), descent = be16s(f + hhea + 6);
  if (units <= 0 || ascent - descent <= 0) return 1.0f;
  const float ratio = static_cast<float>(ascent - descent) / static_cast<float>(units);
  return ratio > 0.8f && ratio < 2.0f ? ratio : 1.0f;
}

FontSet load_fonts(ImFontAtlas& atlas, const void* ttf, std::size_t ttf_size, float pixel_ratio) {
  return load_fonts(atlas, ttf, ttf_size, nullptr, 0, pixel_ratio);
}

FontSet load_fonts(ImFontAtlas& atlas, const void* ttf, std::size_t ttf_size, const void* extra,
                   std::size_t extra_size, float pixel_ratio) {
  if (pixel_ratio < 1.0f) pixel_ratio = 1.0f;
  const float per_em = line_height_per_em(ttf, ttf_size);
  atlas.Clear();
  FontSet set;
  auto add = [&](float logical) -> ImFont* {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the caller keeps the bytes (shared by every size)
    cfg.OversampleH = pixel_ratio >= 2.0f ? 1 : 2;  // HiDPI pixels are fine enough without it
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    if (!ttf || ttf_size == 0) {
      cfg.SizePixels = 13.0f * pixel_ratio;
      return atlas.AddFontDefault(&cfg);
    }
    ImFont* font = atlas.AddFontFromMemoryTTF(const_cast<void*>(ttf), static_cast<int>(ttf_size),
                                              logical * per_em * pixel_ratio, &cfg, glyph_ranges());
    if (extra && extra_size > 0) {
      // Merged at the first font's em size; glyphs the first font has are kept.
      ImFontConfig more = cfg;
      more.MergeMode = true;
      const float extra_per_em = line_height_per_em(extra, extra_size);
      atlas.AddFontFromMemoryTTF(const_cast<void*>(extra), static_cast<int>(extra_size),
                                 logical * extra_per_em * pixel_ratio, &more, glyph_ranges());
    }
    return font;
  };
  set.body = add(kBodySize);
  set.small = add(kSmallSize);
  set.title = add(kTitleSize);
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
  atlas.Build();
  ImGui::GetIO().FontGlobalScale = 1.0f / pixel_ratio;
  ImGui::GetIO().FontDefault = set.body;
  return set;
}

}  // namespace duet::ui
