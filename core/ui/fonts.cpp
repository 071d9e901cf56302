#include "ui/fonts.hpp"

namespace duet::ui {

const ImWchar* glyph_ranges() {
  static const ImWchar ranges[] = {
      0x0020, 0x024F,  // Basic Latin .. Latin Extended-B
      0x0370, 0x03FF,  // Greek and Coptic
      0x0400, 0x052F,  // Cyrillic + Supplement
      0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese, Welsh)
      0x2000, 0x206F,  // General Punctuation (dashes, quotes, ellipsis)
      0x20A0, 0x20CF,  // Currency symbols
      0x2100, 0x215F,  // Letterlike (№, ™) and number forms
      0x2190, 0x21FF,  // Arrows
      0x2605, 0x2606,  // ★ ☆ for ratings
      0x2713, 0x2715,  // ✓ ✔ ✕
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
