#include "native/paragraph_layout.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace duet::native {
namespace {

struct Char {
  char32_t cp;
  std::uint32_t offset;  // byte offset in the paragraph's text (HarfBuzz's cluster values)
  std::uint32_t font = 0;
  int dir = 0;  // 1: right to left, 0: left to right, -1: neutral (resolved later)
};

struct Run {
  std::uint32_t begin, end;  // bytes
  std::uint32_t font;
  bool rtl;
};

// UTF-8 to code points; malformed bytes read as U+FFFD, as platform_text.cpp does.
std::vector<Char> decode(std::string_view s) {
  std::vector<Char> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80 ? 0 : (b >> 5) == 6 ? 1 : (b >> 4) == 14 ? 2 : (b >> 3) == 30 ? 3 : -1;
    char32_t cp = 0xFFFD;
    std::size_t len = 1;
    if (extra >= 0 && i + static_cast<std::size_t>(extra) < s.size()) {
      cp = extra == 0 ? b : static_cast<char32_t>(b & (0x3F >> extra));
      bool ok = true;
      for (int k = 1; k <= extra && ok; ++k) {
        const auto c = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        ok = (c & 0xC0) == 0x80;
        cp = (cp << 6) | (c & 0x3F);
      }
      if (ok) len = static_cast<std::size_t>(extra) + 1;
      else cp = 0xFFFD;
    }
    out.push_back(Char{cp, static_cast<std::uint32_t>(i)});
    i += len;
  }
  return out;
}

hb_unicode_funcs_t* unicode() { return hb_unicode_funcs_get_default(); }

bool rtl_letter(char32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) || (cp >= 0xFE70 && cp <= 0xFEFF);
}

bool is_mark(char32_t cp) {
  const auto c = hb_unicode_general_category(unicode(), cp);
  return c == HB_UNICODE_GENERAL_CATEGORY_NON_SPACING_MARK || c == HB_UNICODE_GENERAL_CATEGORY_SPACING_MARK ||
         c == HB_UNICODE_GENERAL_CATEGORY_ENCLOSING_MARK;
}

// Joiners, selectors, skin tones and tags belong to the character before them.
bool clings(char32_t cp) {
  return is_mark(cp) || cp == 0x200D || cp == 0xFE0E || cp == 0xFE0F || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
         (cp >= 0xE0020 && cp <= 0xE007F) || cp == 0x20E3;
}

bool neutral_script(char32_t cp) {
  const hb_script_t s = hb_unicode_script(unicode(), cp);
  return s == HB_SCRIPT_COMMON || s == HB_SCRIPT_INHERITED || s == HB_SCRIPT_UNKNOWN;
}

// Scripts written without spaces: a line may break between any two of their characters.
bool breaks_anywhere(char32_t cp) {
  const hb_script_t s = hb_unicode_script(unicode(), cp);
  return s == HB_SCRIPT_HAN || s == HB_SCRIPT_HIRAGANA || s == HB_SCRIPT_KATAKANA || s == HB_SCRIPT_THAI ||
         s == HB_SCRIPT_LAO || s == HB_SCRIPT_KHMER || s == HB_SCRIPT_MYANMAR || (cp >= 0x3000 && cp <= 0x303F) ||
         (cp >= 0xFF00 && cp <= 0xFFEF);
}

bool space(char32_t cp) { return cp == ' ' || cp == '\t' || cp == 0x3000; }

void assign_fonts_and_directions(const NotoFonts& fonts, std::vector<Char>& chars, bool paragraph_rtl) {
  for (std::size_t i = 0; i < chars.size(); ++i) {
    Char& c = chars[i];
    const Char* prev = i > 0 ? &chars[i - 1] : nullptr;
    const NotoFont* prev_font = prev ? &fonts.fonts()[prev->font] : nullptr;
    if (prev && clings(c.cp)) c.font = prev->font;
    // Spaces and punctuation stay in the run's font (Arabic's own comma, no break in the run),
    // except after emoji: the emoji font's space is an emoji wide.
    else if (prev && neutral_script(c.cp) && !is_emoji(c.cp) && !prev_font->emoji && prev_font->has(c.cp)) c.font = prev->font;
    else c.font = static_cast<std::uint32_t>(fonts.font_for(c.cp));
    // Numbers read left to right even inside right-to-left text (bidi classes EN and AN).
    const bool digit = hb_unicode_general_category(unicode(), c.cp) == HB_UNICODE_GENERAL_CATEGORY_DECIMAL_NUMBER;
    c.dir = digit ? 0 : rtl_letter(c.cp) ? 1 : neutral_script(c.cp) ? -1 : 0;
    if (c.dir < 0 && prev && clings(c.cp)) c.dir = prev->dir < 0 ? -2 : prev->dir;  // -2: follows its base
  }
  // Neutrals between two letters of one direction take it; others the paragraph's.
  const int para = paragraph_rtl ? 1 : 0;
  int before = -1;
  for (std::size_t i = 0; i < chars.size(); ++i) {
    if (chars[i].dir >= 0) {
      before = chars[i].dir;
      continue;
    }
    if (chars[i].dir == -2) {
      chars[i].dir = i > 0 ? chars[i - 1].dir : para;
      continue;
    }
    int after = -1;
    for (std::size_t j = i + 1; j < chars.size() && after < 0; ++j)
      if (chars[j].dir >= 0) after = chars[j].dir;
    chars[i].dir = (before >= 0 && before == after) ? before : para;
  }
}

std::vector<Run> runs_of(const std::vector<Char>& chars, std::size_t from, std::size_t to, std::uint32_t end_byte) {
  std::vector<Run> runs;
  for (std::size_t i = from; i < to; ++i) {
    const Char& c = chars[i];
    const std::uint32_t next = i + 1 < chars.size() ? chars[i + 1].offset : end_byte;
    if (!runs.empty() && runs.back().font == c.font && runs.back().rtl == (c.dir == 1)) runs.back().end = next;
    else runs.push_back(Run{c.offset, next, c.font, c.dir == 1});
  }
  return runs;
}

struct ShapedGlyph {
  std::uint32_t font, glyph, cluster;
  float advance, dx, dy;
};

std::vector<ShapedGlyph> shape(const NotoFonts& fonts, std::string_view text, const Run& run, float em) {
  const NotoFont& f = fonts.fonts()[run.font];
  const int scale = static_cast<int>(std::lround(em * 64));
  hb_font_set_scale(f.shaper, scale, scale);
  hb_buffer_t* buf = hb_buffer_create();
  hb_buffer_add_utf8(buf, text.data(), static_cast<int>(text.size()), run.begin, static_cast<int>(run.end - run.begin));
  hb_buffer_guess_segment_properties(buf);
  hb_buffer_set_direction(buf, run.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
  hb_shape(f.shaper, buf, nullptr, 0);
  unsigned n = 0;
  const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buf, &n);
  const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buf, &n);
  std::vector<ShapedGlyph> out;
  out.reserve(n);
  for (unsigned i = 0; i < n; ++i)
    out.push_back(ShapedGlyph{run.font, info[i].codepoint, info[i].cluster, static_cast<float>(pos[i].x_advance) / 64.0f,
                              static_cast<float>(pos[i].x_offset) / 64.0f, -static_cast<float>(pos[i].y_offset) / 64.0f});
  hb_buffer_destroy(buf);
  return out;
}

// Bidi rule L2 on runs: from the highest level down to 1, reverse every stretch at that level or above.
void to_visual_order(std::vector<Run>& runs, bool paragraph_rtl) {
  std::vector<int> level(runs.size());
  for (std::size_t i = 0; i < runs.size(); ++i) level[i] = runs[i].rtl ? 1 : paragraph_rtl ? 2 : 0;
  for (int l = paragraph_rtl ? 2 : 1; l >= 1; --l)
    for (std::size_t i = 0; i < runs.size();) {
      if (level[i] < l) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < runs.size() && level[j] >= l) ++j;
      std::reverse(runs.begin() + static_cast<std::ptrdiff_t>(i), runs.begin() + static_cast<std::ptrdiff_t>(j));
      std::reverse(level.begin() + static_cast<std::ptrdiff_t>(i), level.begin() + static_cast<std::ptrdiff_t>(j));
      i = j;
    }
}

LaidOutLine place_line(const NotoFonts& fonts, std::string_view text, const std::vector<Char>& chars, std::size_t from,
                       std::size_t to, std::uint32_t end_byte, float em, bool paragraph_rtl) {
  LaidOutLine line;
  std::vector<Run> runs = runs_of(chars, from, to, end_byte);
  to_visual_order(runs, paragraph_rtl);
  float x = 0;
  for (const Run& r : runs)
    for (const ShapedGlyph& g : shape(fonts, text, r, em)) {
      line.glyphs.push_back(PlacedGlyph{g.font, g.glyph, x + g.dx, g.dy});
      x += g.advance;
    }
  line.width = x;
  return line;
}

// Greedy wrapping over the characters [from, to) of one hard line; returns [begin, end) character
// ranges, trailing spaces left out.
std::vector<std::pair<std::size_t, std::size_t>> wrap(const NotoFonts& fonts, std::string_view text,
                                                       const std::vector<Char>& chars, std::size_t from, std::size_t to,
                                                       std::uint32_t end_byte, float em, float wrap_width) {
  std::vector<std::pair<std::size_t, std::size_t>> lines;
  if (wrap_width <= 0 || from == to) {
    lines.emplace_back(from, to);
    return lines;
  }
  // Advance of each character, from shaping the whole line (clusters carry their width on their first character).
  std::map<std::uint32_t, float> advance_at;
  for (const Run& r : runs_of(chars, from, to, end_byte))
    for (const ShapedGlyph& g : shape(fonts, text, r, em)) advance_at[g.cluster] += g.advance;
  std::vector<float> width(to - from, 0.0f);
  std::vector<bool> cluster_start(to - from, false);
  for (std::size_t i = from; i < to; ++i) {
    auto it = advance_at.find(chars[i].offset);
    if (it != advance_at.end()) {
      width[i - from] = it->second;
      cluster_start[i - from] = true;
    }
  }
  std::size_t start = from, last_break = from;
  float used = 0;
  for (std::size_t i = from; i < to; ++i) {
    const bool can_break_before = i > start && cluster_start[i - from] &&
                                  ((space(chars[i - 1].cp) && !space(chars[i].cp)) || breaks_anywhere(chars[i].cp) ||
                                   breaks_anywhere(chars[i - 1].cp));
    if (can_break_before) last_break = i;
    const float w = width[i - from];
    if (!space(chars[i].cp) && used + w > wrap_width && i > start && cluster_start[i - from]) {
      const std::size_t at = last_break > start ? last_break : i;  // a word longer than the line is cut
      lines.emplace_back(start, at);
      start = at;
      last_break = at;
      used = 0;
      for (std::size_t k = start; k < i; ++k) used += width[k - from];
    }
    used += w;
  }
  lines.emplace_back(start, to);
  for (auto& [b, e] : lines)
    while (e > b && space(chars[e - 1].cp)) --e;
  return lines;
}

}  // namespace

ParagraphLayout lay_out_paragraph(const NotoFonts& fonts, std::string_view text, float em, float line_height,
                                  float wrap_width) {
  ParagraphLayout p;
  p.em = em;
  p.line_height = line_height;
  std::vector<Char> chars = decode(text);
  p.rtl = false;
  for (const Char& c : chars) {  // the first strong letter decides (as ui::is_rtl)
    if (rtl_letter(c.cp)) {
      p.rtl = true;
      break;
    }
    if (!neutral_script(c.cp)) break;
  }
  assign_fonts_and_directions(fonts, chars, p.rtl);
  const std::uint32_t text_end = static_cast<std::uint32_t>(text.size());
  for (std::size_t i = 0; i <= chars.size();) {
    std::size_t j = i;
    while (j < chars.size() && chars[j].cp != '\n') ++j;
    const std::uint32_t end_byte = j < chars.size() ? chars[j].offset : text_end;
    for (const auto& [b, e] : wrap(fonts, text, chars, i, j, end_byte, em, wrap_width)) {
      const std::uint32_t line_end = e < chars.size() ? chars[e].offset : text_end;
      p.lines.push_back(place_line(fonts, text, chars, b, e, line_end, em, p.rtl));
    }
    if (j >= chars.size()) break;
    i = j + 1;
    if (i == chars.size()) {  // a final "\n": one more, empty line
      p.lines.emplace_back();
      break;
    }
  }
  float widest = 0;
  for (const LaidOutLine& l : p.lines) widest = std::max(widest, l.width);
  p.width = std::ceil(widest) + 1;
  p.height = line_height * static_cast<float>(p.lines.size());
  for (LaidOutLine& l : p.lines) l.x = p.rtl ? p.width - 1 - l.width : 0;
  hb_font_extents_t ext{};
  const NotoFont& latin = fonts.fonts()[0];
  const int scale = static_cast<int>(std::lround(em * 64));
  hb_font_set_scale(latin.shaper, scale, scale);
  hb_font_get_h_extents(latin.shaper, &ext);
  const float ascent = static_cast<float>(ext.ascender) / 64.0f, descent = -static_cast<float>(ext.descender) / 64.0f;
  p.baseline = std::round((line_height - (ascent + descent)) / 2 + ascent);
  return p;
}

}  // namespace duet::native
