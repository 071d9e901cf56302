#include "native/noto_fonts.hpp"

namespace duet::native {
namespace {

struct FontFile {
  const char* path;
  const char* package;
  unsigned face_index;  // in a collection (.ttc): Noto Sans CJK JP is the first
};

// Fixed Debian paths: the harness's screenshots must not depend on what else fontconfig knows.
constexpr FontFile kFonts[] = {
    {"/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf", "fonts-noto-core", 0},
    {"/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf", "fonts-noto-core", 0},
    {"/usr/share/fonts/truetype/noto/NotoSansHebrew-Regular.ttf", "fonts-noto-core", 0},
    {"/usr/share/fonts/truetype/noto/NotoSansThai-Regular.ttf", "fonts-noto-core", 0},
    {"/usr/share/fonts/truetype/noto/NotoSansDevanagari-Regular.ttf", "fonts-noto-core", 0},
    {"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", "fonts-noto-cjk", 0},
    {"/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf", "fonts-noto-color-emoji", 0},
    {"/usr/share/fonts/truetype/noto/NotoSansSymbols-Regular.ttf", "fonts-noto-core", 0},
    {"/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf", "fonts-noto-core", 0},
};

}  // namespace

bool is_emoji(char32_t cp) {
  return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || cp == 0x200D || cp == 0xFE0F ||
         cp == 0x20E3 || (cp >= 0xE0020 && cp <= 0xE007F);
}

bool NotoFont::has(char32_t cp) const {
  hb_codepoint_t glyph = 0;
  return hb_font_get_nominal_glyph(shaper, cp, &glyph);
}

std::unique_ptr<NotoFonts> NotoFonts::open(std::string& error) {
  std::unique_ptr<NotoFonts> set(new NotoFonts());
  if (FT_Init_FreeType(&set->library_)) {
    error = "FreeType did not initialise";
    return nullptr;
  }
  for (const FontFile& f : kFonts) {
    NotoFont font;
    font.path = f.path;
    if (FT_New_Face(set->library_, f.path, f.face_index, &font.face)) {
      error = std::string("cannot open ") + f.path + " (install the Debian package " + f.package + ")";
      return nullptr;
    }
    hb_blob_t* blob = hb_blob_create_from_file(f.path);
    hb_face_t* face = hb_face_create(blob, f.face_index);
    font.shaper = hb_font_create(face);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    font.colour_bitmaps = FT_HAS_COLOR(font.face) && !FT_IS_SCALABLE(font.face);
    font.emoji = font.colour_bitmaps;
    if (font.emoji) set->emoji_ = set->fonts_.size();
    set->fonts_.push_back(font);
  }
  return set;
}

NotoFonts::~NotoFonts() {
  for (NotoFont& f : fonts_) {
    hb_font_destroy(f.shaper);
    FT_Done_Face(f.face);
  }
  if (library_) FT_Done_FreeType(library_);
}

std::size_t NotoFonts::font_for(char32_t cp) const {
  if (is_emoji(cp) && fonts_[emoji_].has(cp)) return emoji_;
  for (std::size_t i = 0; i < fonts_.size(); ++i)
    if (i != emoji_ && fonts_[i].has(cp)) return i;
  return fonts_[emoji_].has(cp) ? emoji_ : 0;
}

}  // namespace duet::native
