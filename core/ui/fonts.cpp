#include "ui/fonts.hpp"

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

FontSet load_fonts(ImFontAtlas& atlas, const void* ttf, std::size_t ttf_size, float pixel_ratio) {
  if (pixel_ratio < 1.0f) pixel_ratio = 1.0f;
  atlas.Clear();
  FontSet set;
  auto add = [&](float logical) -> ImFont* {
    ImFontConfig cfg;
    cfg.FontDataOwnedByAtlas = false;  // the caller keeps the bytes (shared by every size)
    cfg.OversampleH = 2;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = false;
    if (!ttf || ttf_size == 0) {
      cfg.SizePixels = 13.0f * pixel_ratio;
      return atlas.AddFontDefault(&cfg);
    }
    return atlas.AddFontFromMemoryTTF(const_cast<void*>(ttf), static_cast<int>(ttf_size),
                                      logical * pixel_ratio, &cfg, glyph_ranges());
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
