// The native platform text's layout and pixels (native/paragraph_layout.*, paragraph_raster.*) over
// the real Noto fonts: font fallback, emoji sequences, bidi order, wrapping, colour emoji.
#include <algorithm>
#include <catch2/catch.hpp>

#include "native/noto_fonts.hpp"
#include "native/paragraph_layout.hpp"
#include "native/paragraph_raster.hpp"

using namespace duet::native;

namespace {

NotoFonts& fonts() {
  static std::unique_ptr<NotoFonts> f = [] {
    std::string error;
    auto opened = NotoFonts::open(error);
    INFO(error);
    REQUIRE(opened);
    return opened;
  }();
  return *f;
}

std::uint32_t glyph_of(std::size_t font, char32_t cp) {
  hb_codepoint_t g = 0;
  REQUIRE(hb_font_get_nominal_glyph(fonts().fonts()[font].shaper, cp, &g));
  return g;
}

// The x of the glyph `glyph` of font 0 in a one-line layout.
float x_of(const ParagraphLayout& p, std::uint32_t glyph) {
  for (const PlacedGlyph& g : p.lines.at(0).glyphs)
    if (g.font == 0 && g.glyph == glyph) return p.lines[0].x + g.x;
  FAIL("glyph not laid out");
  return 0;
}

}  // namespace

TEST_CASE("emoji go to the colour emoji font, the space after them does not") {
  const ParagraphLayout p = lay_out_paragraph(fonts(), "thanks 👍 ok", 13, 18, 0);
  REQUIRE(p.lines.size() == 1);
  const auto& gs = p.lines[0].glyphs;
  REQUIRE(gs.size() == 11);
  for (std::size_t i = 0; i < gs.size(); ++i) {
    INFO("glyph " << i);
    CHECK(gs[i].font == (i == 7 ? fonts().emoji_font() : 0));
  }
  // The space after the emoji is Noto Sans's (a third of an em), not the emoji font's (an emoji wide).
  CHECK(gs[9].x - gs[8].x < 13 * 0.5f);
}

TEST_CASE("a ZWJ family and a thumb with a skin tone are one glyph each") {
  const ParagraphLayout p = lay_out_paragraph(fonts(), "👨‍👩‍👧 👍🏽", 13, 18, 0);
  REQUIRE(p.lines.size() == 1);
  const auto& gs = p.lines[0].glyphs;
  REQUIRE(gs.size() == 3);
  CHECK(gs[0].font == fonts().emoji_font());
  CHECK(gs[2].font == fonts().emoji_font());
  CHECK(gs[0].glyph != gs[2].glyph);
}

TEST_CASE("each script finds its Noto font") {
  for (const char* text : {"ありがとう", "مرحبا بك", "שלום", "สวัสดีครับ", "नमस्ते"}) {
    INFO(text);
    const ParagraphLayout p = lay_out_paragraph(fonts(), text, 13, 18, 0);
    REQUIRE(p.lines.size() == 1);
    for (const PlacedGlyph& g : p.lines[0].glyphs) {
      CHECK(g.font != 0);        // not Noto Sans (Latin)
      CHECK(g.glyph != 0);       // no .notdef box
    }
  }
}

TEST_CASE("right-to-left paragraphs: runs in visual order, numbers left to right, lines end at the right") {
  const ParagraphLayout p = lay_out_paragraph(fonts(), "שלום Duet 123 עולם!", 20, 28, 0);
  REQUIRE(p.rtl);
  REQUIRE(p.lines.size() == 1);
  const float d = x_of(p, glyph_of(0, 'D')), one = x_of(p, glyph_of(0, '1')), three = x_of(p, glyph_of(0, '3'));
  CHECK(one < three);  // "123", not "321"
  CHECK(d < one);      // "Duet 123" is one left-to-right stretch inside the right-to-left line
  // ...which sits left of "שלום" (read first, so rightmost) and right of "עולם!".
  const float shalom = p.lines[0].x + p.lines[0].glyphs.back().x, olam = p.lines[0].x + p.lines[0].glyphs.front().x;
  CHECK(three < shalom);
  CHECK(olam < d);
  // The paragraph's last character, "!", is its leftmost glyph; the letters are Noto Sans Hebrew's.
  CHECK(p.lines[0].glyphs.front().glyph == glyph_of(0, '!'));
  CHECK(p.lines[0].glyphs.back().font != 0);
  CHECK(p.lines[0].glyphs[1].font == p.lines[0].glyphs.back().font);
  CHECK(p.lines[0].x + p.lines[0].width == Approx(p.width - 1).margin(0.01));

  const ParagraphLayout ltr = lay_out_paragraph(fonts(), "Duet שלום 123", 20, 28, 0);
  CHECK_FALSE(ltr.rtl);
  CHECK(ltr.lines[0].x == 0);
}

TEST_CASE("wrapping: at spaces, between CJK characters, never wider than asked") {
  const ParagraphLayout ar =
      lay_out_paragraph(fonts(), "أهلا وسهلا، طلبي لم يصل بعد وأريد أن أعرف متى سيصل إلى البيت", 13, 18, 200);
  REQUIRE(ar.lines.size() >= 2);
  for (const LaidOutLine& l : ar.lines) {
    CHECK(l.width <= 200);
    CHECK(l.x + l.width == Approx(ar.width - 1).margin(0.01));  // right-aligned
  }
  CHECK(ar.height == 18 * static_cast<float>(ar.lines.size()));

  const ParagraphLayout ja = lay_out_paragraph(fonts(), "ありがとうございます", 13, 18, 40);
  CHECK(ja.lines.size() >= 3);
  for (const LaidOutLine& l : ja.lines) CHECK(l.width <= 40);

  const ParagraphLayout hard = lay_out_paragraph(fonts(), "שלום\nありがとう", 13, 18, 0);
  CHECK(hard.lines.size() == 2);
}

TEST_CASE("pixels: text in its colour, emoji in theirs, premultiplied") {
  const ParagraphLayout p = lay_out_paragraph(fonts(), "ab 👍", 26, 36, 0);
  const RgbaImage img = raster_paragraph(fonts(), p, 0xFF0000FF);  // opaque red (ImU32 is 0xAABBGGRR)
  REQUIRE(img.width == static_cast<int>(p.width));
  int red = 0, yellow = 0;
  for (std::size_t i = 0; i < img.pixels.size(); i += 4) {
    const int r = img.pixels[i], g = img.pixels[i + 1], b = img.pixels[i + 2], a = img.pixels[i + 3];
    REQUIRE(std::max({r, g, b}) <= a);  // premultiplied
    if (a > 200 && r > 200 && g < 40 && b < 40) ++red;
    if (a > 200 && r > 200 && g > 140 && b < 90) ++yellow;
  }
  CHECK(red > 30);
  CHECK(yellow > 30);
}
