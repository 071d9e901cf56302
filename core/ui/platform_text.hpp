#pragma once
// Text that ImGui's font atlas cannot draw (emoji, CJK, Arabic, Hebrew, Thai, Devanagari...) is laid
// out and rasterised by the platform: the views ask, the platform answers. One implementation per
// platform, chosen by CMake: web/platform/web_text.cpp (the browser's Canvas2D, with its font
// fallback, shaping, bidi and colour emoji) and native/freetype_text.cpp (FreeType + HarfBuzz with
// Debian's Noto fonts). The views stay pure ImGui: they get a size and an image in a draw list.
#include <memory>
#include <string_view>

#include <imgui.h>

namespace duet::ui {

class PlatformText {
 public:
  virtual ~PlatformText() = default;
  // Size in logical pixels of `text` as one paragraph, lines `line_height` apart (ImGui's font size
  // for the same style), wrapped to `wrap_width` (0: one line). The platform's line height may be a
  // little taller than ImGui's (stacked Thai marks, emoji).
  virtual ImVec2 measure(std::string_view text, float line_height, float wrap_width) = 0;
  // Draws the paragraph measured with the same arguments, its top-left corner at `pos`. Lines of
  // right-to-left text end at the right edge of the measured box.
  virtual void draw(ImDrawList& dl, ImVec2 pos, std::string_view text, float line_height, float wrap_width,
                    ImU32 colour) = 0;
  // Before each frame's views: device pixels per logical pixel (a change redraws every image), and
  // images from earlier frames may now be let go.
  virtual void begin_frame(float pixel_ratio) = 0;
  // Figures for the benchmark: bytes of atlas textures, paragraphs rasterised, time spent in ms.
  struct Stats { double atlas_bytes = 0, images = 0, raster_ms = 0; };
  virtual Stats stats() const = 0;
};

// The platform's implementation: defined by the one source file CMake links for the platform
// (web/platform/web_text.cpp, native/freetype_text.cpp). Call with the platform's GL context current.
std::unique_ptr<PlatformText> make_platform_text();

// True when `text` has a code point the UI font does not have (glyph_ranges()) or right-to-left
// letters: such text goes to the platform as a whole paragraph, so shaping and bidi see all of it.
bool needs_platform_text(std::string_view text);

// The paragraph's direction by its first strong letter (Unicode's P2/P3 rule, simplified to the
// Hebrew and Arabic blocks).
bool is_rtl(std::string_view text);

}  // namespace duet::ui
