#pragma once
// Lines of text for a width, and the web addresses in a text. ImGui's own wrapping also breaks after
// '.', ',' and '?', which cuts a web address in two where it would fit on the next line; here a line
// breaks only at spaces and newlines, and a word longer than a whole line (a long address) is cut
// where it must, after a '/', '?', '&', '=', '#' or '-' when one fits.
#include <cstddef>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace duet::ui {

struct TextRange {
  std::size_t begin = 0, end = 0;  // bytes of the text; a line's range leaves out the spaces at its break
};

std::vector<TextRange> wrap_lines(const ImFont& font, float size, std::string_view text, float width);

// Width of text[r.begin, r.end) on one line.
float text_width(const ImFont& font, float size, std::string_view text, TextRange r);

// http:// and https:// addresses, without trailing punctuation (the full stop after a link).
std::vector<TextRange> find_links(std::string_view text);

}  // namespace duet::ui
