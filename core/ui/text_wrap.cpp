#include "ui/text_wrap.hpp"

#include <cfloat>
#include <cstring>

namespace duet::ui {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t next_char(std::string_view text, std::size_t i) {
  ++i;
  while (i < text.size() && continuation(text[i])) ++i;
  return i;
}

// Where a word too long for a whole line is cut: after the last break character that fits, else
// after the last character that fits (at least one, so every line makes progress).
std::size_t cut_point(const ImFont& font, float size, std::string_view text, std::size_t begin, std::size_t end,
                      float width) {
  std::size_t fits = next_char(text, begin), after_break = 0;
  for (std::size_t i = fits; i <= end; i = next_char(text, i)) {
    if (text_width(font, size, text, {begin, i}) > width) break;
    fits = i;
    if (std::strchr("/?&=#-", text[i - 1]) != nullptr && i < end) after_break = i;
    if (i == end) break;
  }
  return after_break > begin ? after_break : fits;
}

}  // namespace

float text_width(const ImFont& font, float size, std::string_view text, TextRange r) {
  if (r.end <= r.begin) return 0.0f;
  return font.CalcTextSizeA(size, FLT_MAX, 0.0f, text.data() + r.begin, text.data() + r.end).x;
}

std::vector<TextRange> wrap_lines(const ImFont& font, float size, std::string_view text, float width) {
  std::vector<TextRange> lines;
  std::size_t pos = 0;
  while (true) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t para_end = nl == std::string_view::npos ? text.size() : nl;
    TextRange line{pos, pos};
    std::size_t i = pos;
    while (i < para_end) {
      if (text[i] == ' ') {
        ++i;
        continue;
      }
      std::size_t word_end = i;
      while (word_end < para_end && text[word_end] != ' ') ++word_end;
      if (line.end == line.begin) line.begin = i;  // a line never starts with the spaces of a break
      if (text_width(font, size, text, {line.begin, word_end}) <= width) {
        line.end = word_end;
        i = word_end;
      } else if (line.end > line.begin) {
        lines.push_back(line);  // the word goes to the next line whole
        line = {i, i};
      } else {
        const std::size_t cut = cut_point(font, size, text, i, word_end, width);
        lines.push_back({i, cut});
        line = {cut, cut};
        i = cut;
      }
    }
    lines.push_back(line);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return lines;
}

std::vector<TextRange> find_links(std::string_view text) {
  std::vector<TextRange> links;
  std::size_t at = 0;
  while (true) {
    const std::size_t http = text.find("http", at);
    if (http == std::string_view::npos) break;
    const std::string_view rest = text.substr(http);
    const std::size_t scheme = rest.substr(0, 8) == "https://" ? 8 : rest.substr(0, 7) == "http://" ? 7 : 0;
    const bool word_start = http == 0 || std::strchr(" \n\t(<\"'", text[http - 1]) != nullptr;
    if (scheme == 0 || !word_start) {
      at = http + 4;
      continue;
    }
    std::size_t end = http + scheme;
    while (end < text.size() && std::strchr(" \n\t<>\"'", text[end]) == nullptr) ++end;
    // A sentence's punctuation after the address is not part of it.
    while (end > http + scheme && std::strchr(".,;:!?)", text[end - 1]) != nullptr) --end;
    if (end > http + scheme) links.push_back({http, end});
    at = end;
  }
  return links;
}

}  // namespace duet::ui
