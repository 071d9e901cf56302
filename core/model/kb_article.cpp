// parse_article (kb_assistant.hpp): one knowledge-base file, a "---" header then the body.
//
//   ---
//   id: refund-timing
//   title: When will I get my refund?
//   questions: When do I get my money back? | How long does a refund take?
//   tags: refund, money back
//   ---
//   Refunds reach you in 3-5 business days after ...
//
// Errors name the line and say what to fix, because the people editing these files are not programmers.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kb_assistant.hpp"

namespace duet {
namespace {

using Error = std::string;

std::string_view trim(std::string_view s) {
  const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; };
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string> split_list(std::string_view s, char separator) {
  std::vector<std::string> out;
  while (true) {
    const std::size_t at = s.find(separator);
    const std::string_view item = trim(s.substr(0, at));
    if (!item.empty()) out.emplace_back(item);
    if (at == std::string_view::npos) return out;
    s.remove_prefix(at + 1);
  }
}

// True when `s` is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF).
bool valid_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0 || s.size() - i <= static_cast<std::size_t>(extra)) return false;
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra; ++k) {
      const auto c = static_cast<unsigned char>(s[i + k]);
      if ((c & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (c & 0x3F);
    }
    static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += 1 + extra;
  }
  return true;
}

bool valid_id(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return true;
}

std::string at_line(std::size_t line) { return "line " + std::to_string(line) + ": "; }

// Reads the next line (without its '\n' and any '\r') and advances `rest` past it.
std::string_view next_line(std::string_view& rest) {
  const std::size_t end = rest.find('\n');
  std::string_view line = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

Result<Article, std::string> parse_article(std::string_view text, std::string_view language) {
  if (language.empty()) return Error("missing language: pass the folder's language, e.g. \"en\"");
  if (!valid_utf8(text)) return Error("the file is not valid UTF-8: save it as UTF-8");
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a byte order mark from some editors

  std::string_view rest = text;
  std::size_t line_no = 0;
  // The header starts at the first non-blank line.
  std::string_view line;
  do {
    if (rest.empty()) return Error("missing header: the file is empty");
    line = next_line(rest);
    ++line_no;
  } while (trim(line).empty());
  if (trim(line) != "---") {
    return Error("missing header: " + at_line(line_no) + "an article starts with a line \"---\", then id, title, questions and tags, then \"---\"");
  }

  Article article;
  article.language = std::string(language);
  bool closed = false, has_questions = false, has_tags = false;
  while (!rest.empty()) {
    line = next_line(rest);
    ++line_no;
    const std::string_view content = trim(line);
    if (content == "---") {
      closed = true;
      break;
    }
    if (content.empty() || content.front() == '#') continue;
    const std::size_t colon = content.find(':');
    if (colon == std::string_view::npos) return Error(at_line(line_no) + "expected \"key: value\" in the header, got \"" + std::string(content) + "\"");
    const std::string_view key = trim(content.substr(0, colon));
    const std::string_view value = trim(content.substr(colon + 1));
    const auto duplicate = [&] { return Error(at_line(line_no) + "duplicate key \"" + std::string(key) + "\""); };
    if (key == "id") {
      if (!article.id.empty()) return duplicate();
      if (!valid_id(value)) return Error(at_line(line_no) + "id \"" + std::string(value) + "\" may contain only a-z, 0-9 and '-'");
      article.id = std::string(value);
    } else if (key == "title") {
      if (!article.title.empty()) return duplicate();
      article.title = std::string(value);
    } else if (key == "questions") {
      if (has_questions) return duplicate();
      has_questions = true;
      article.questions = split_list(value, '|');
    } else if (key == "tags") {
      if (has_tags) return duplicate();
      has_tags = true;
      article.tags = split_list(value, ',');
    } else if (key == "escalate") {
      if (article.escalate != EscalationReason::none) return duplicate();
      const auto reason = escalation_reason_from_string(value);
      if (!reason || *reason == EscalationReason::none)
        return Error(at_line(line_no) + "escalate must be an escalation reason such as fraud or dispute, not \"" + std::string(value) + "\"");
      article.escalate = *reason;
    } else if (key == "offer") {
      if (article.offers_human) return duplicate();
      if (value != "human") return Error(at_line(line_no) + "offer must be \"human\" (the answer goes out with the offer of a person)");
      article.offers_human = true;
    } else {
      return Error(at_line(line_no) + "unknown key \"" + std::string(key) + "\" (expected id, title, questions, tags, offer or escalate)");
    }
  }
  if (!closed) return Error("unterminated header: no closing \"---\" line after the header");
  if (article.id.empty()) return Error("missing id in the header (e.g. \"id: refund-timing\")");
  if (article.title.empty()) return Error("missing title in the header of \"" + article.id + "\"");
  article.body = std::string(trim(rest));
  if (article.body.empty()) return Error("empty body in \"" + article.id + "\": write the answer after the closing \"---\"");
  // Bodies use '\n' only, whatever editor wrote the file.
  std::erase(article.body, '\r');
  return article;
}

}  // namespace duet
