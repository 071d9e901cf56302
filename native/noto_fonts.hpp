#pragma once
// The fonts the native harness draws platform text with: Debian's Noto families, opened once, in
// fallback order (Latin first, then the scripts, CJK, colour emoji, symbols). Each font is opened
// twice: by HarfBuzz (shaping, from the file's tables) and by FreeType (rasterising).
#include <memory>
#include <string>
#include <vector>

#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

namespace duet::native {

struct NotoFont {
  std::string path;
  hb_font_t* shaper = nullptr;  // scale set per layout (hb_font_set_scale), so shaping is in pixels
  FT_Face face = nullptr;
  bool colour_bitmaps = false;  // Noto Color Emoji: fixed-size CBDT strikes, scaled when drawn
  bool emoji = false;
  bool has(char32_t cp) const;
};

class NotoFonts {
 public:
  // Opens every font; a missing file is an error naming the Debian package that has it.
  static std::unique_ptr<NotoFonts> open(std::string& error);
  ~NotoFonts();
  NotoFonts(const NotoFonts&) = delete;
  NotoFonts& operator=(const NotoFonts&) = delete;

  const std::vector<NotoFont>& fonts() const { return fonts_; }
  std::size_t emoji_font() const { return emoji_; }
  // The font for `cp`: the emoji font for emoji, else the first that has it (0 when none does).
  std::size_t font_for(char32_t cp) const;

 private:
  NotoFonts() = default;
  FT_Library library_ = nullptr;
  std::vector<NotoFont> fonts_;
  std::size_t emoji_ = 0;
};

// Code points drawn as emoji (pictographs, flags, keycaps' parts, skin tones, ZWJ and VS16 glue).
bool is_emoji(char32_t cp);

}  // namespace duet::native
