#include "server/llm/guard.hpp"

#include <algorithm>

namespace duet::server::llm {
namespace {

// Lower case for ASCII and the Latin-1 letters of sv/de (UTF-8 C3 80..9E -> C3 A0..BE); every run of
// anything that is not a letter or digit becomes one space, so "Ignore  ALL previous-instructions!"
// reads "ignore all previous instructions ".
std::string fold(std::string_view text) {
  std::string out = " ";
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == 0xC3 && i + 1 < text.size()) {
      auto d = static_cast<unsigned char>(text[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) d = static_cast<unsigned char>(d + 0x20);
      out += static_cast<char>(c);
      out += static_cast<char>(d);
      ++i;
    } else if (c >= 0x80) {
      out += static_cast<char>(c);
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out += static_cast<char>(c);
    } else if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c - 'A' + 'a');
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  if (out.back() != ' ') out += ' ';
  return out;
}

bool contains(const std::string& folded, std::string_view phrase) {
  return folded.find(" " + std::string(phrase) + " ") != std::string::npos;
}

// "<verb> [up to two filler words] <object>": "ignore all previous instructions", "ignore the above".
bool verb_then_object(const std::string& folded, std::initializer_list<std::string_view> verbs,
                      std::initializer_list<std::string_view> objects) {
  for (std::string_view v : verbs) {
    std::size_t at = 0;
    const std::string needle = " " + std::string(v) + " ";
    while ((at = folded.find(needle, at)) != std::string::npos) {
      std::size_t pos = at + needle.size();
      for (int words = 0; words < 4 && pos < folded.size(); ++words) {
        const std::size_t end = folded.find(' ', pos);
        if (end == std::string::npos) break;
        const std::string_view w(folded.data() + pos, end - pos);
        if (std::find(objects.begin(), objects.end(), w) != objects.end()) return true;
        pos = end + 1;
      }
      at += 1;
    }
  }
  return false;
}

constexpr std::string_view kPhrases[] = {
    // English
    "you are now", "from now on you are", "from now on you will", "system prompt", "system message",
    "developer mode", "jailbreak", "pretend you are", "pretend to be", "act as the system", "act as system",
    "new instructions", "your instructions are", "reveal your instructions", "roleplay as",
    // Swedish
    "du är nu", "från och med nu är du", "systemprompt", "systemprompten", "systemmeddelande",
    "systemmeddelandet", "låtsas att du är", "nya instruktioner", "dina instruktioner är",
    // German
    "du bist jetzt", "ab jetzt bist du", "von nun an bist du", "systemprompt", "systemnachricht",
    "systemanweisung", "tu so als wärst du", "tu so als ob du", "neue anweisungen", "deine anweisungen sind"};

}  // namespace

bool looks_like_injection(std::string_view text) {
  // Speaking as a role or through a chat template, whatever the language.
  for (std::string_view raw : {"<|im_start|>", "<|system|>", "<|endoftext|>", "[INST]", "<<SYS>>", "\"role\""})
    if (std::search(text.begin(), text.end(), raw.begin(), raw.end(), [](char a, char b) {
          return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == (b >= 'A' && b <= 'Z' ? b - 'A' + 'a' : b);
        }) != text.end())
      return true;
  // A line that opens with "system:" / "### system" / "[system]" (a role label).
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    while (!line.empty() && (line.front() == ' ' || line.front() == '#' || line.front() == '[' || line.front() == '*'))
      line.remove_prefix(1);
    const std::string f = fold(line.substr(0, std::min<std::size_t>(line.size(), 16)));
    const std::size_t colon = line.find_first_of(":]");
    if (colon != std::string_view::npos && colon <= 10 &&
        (f.rfind(" system ", 0) == 0 || f.rfind(" developer ", 0) == 0 || f.rfind(" assistant ", 0) == 0))
      return true;
    start = end + 1;
  }
  const std::string folded = fold(text);
  for (std::string_view p : kPhrases)
    if (contains(folded, p)) return true;
  return verb_then_object(folded, {"ignore", "disregard", "forget", "override", "bypass"},
                          {"instructions", "instruction", "rules", "prompt", "prompts", "above", "guidelines"}) ||
         verb_then_object(folded, {"ignorera", "glöm", "strunta", "bortse"},
                          {"instruktioner", "instruktionerna", "regler", "reglerna", "ovan", "prompten"}) ||
         verb_then_object(folded, {"ignoriere", "ignorier", "vergiss", "missachte"},
                          {"anweisungen", "anweisung", "regeln", "obigen", "oben", "instruktionen", "prompt"});
}

std::string CitationGate::feed(std::string_view delta) {
  if (verdict_ == Verdict::ungrounded) return {};
  std::string visible;
  if (verdict_ == Verdict::pending) {
    head_ += delta;
    const auto first = head_.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    if (head_[first] != '[') return verdict_ = Verdict::ungrounded, std::string();
    const auto close = head_.find(']', first);
    if (close == std::string::npos) {
      if (head_.size() - first > 80) verdict_ = Verdict::ungrounded;  // no id is that long
      return {};
    }
    std::string id = head_.substr(first + 1, close - first - 1);
    while (!id.empty() && id.front() == ' ') id.erase(0, 1);
    while (!id.empty() && id.back() == ' ') id.pop_back();
    if (std::find(ids_.begin(), ids_.end(), id) == ids_.end()) return verdict_ = Verdict::ungrounded, std::string();
    cited_ = id;
    verdict_ = Verdict::grounded;
    visible = head_.substr(close + 1);
    head_.clear();
  } else {
    visible = std::string(delta);
  }
  if (in_leading_space_) {
    const auto first = visible.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    visible.erase(0, first);
    in_leading_space_ = false;
  }
  if (answer_.size() + visible.size() > max_chars_) return verdict_ = Verdict::ungrounded, std::string();
  answer_ += visible;
  return visible;
}

}  // namespace duet::server::llm
