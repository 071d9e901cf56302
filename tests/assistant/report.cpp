#include "report.hpp"

#include <cstdio>
#include <map>
#include <optional>
#include <set>

namespace duet::eval {
namespace {

const std::vector<std::string> kLangs{"en", "sv", "de"};

std::vector<Outcome> of_lang(const std::vector<Outcome>& all, const std::string& lang) {
  std::vector<Outcome> out;
  for (const Outcome& o : all)
    if (o.lang == lang) out.push_back(o);
  return out;
}

std::string num(std::optional<double> v) {
  if (!v) return "-";
  char b[16];
  std::snprintf(b, sizeof b, "%.2f", *v);
  return b;
}

std::string pad(std::string s, std::size_t w) {
  if (s.size() < w) s.append(w - s.size(), ' ');
  return s;
}

int hits(const std::vector<Outcome>& all) {
  int n = 0;
  for (const Outcome& o : all) n += o.correct();
  return n;
}

std::string expected_of(const Outcome& o) {
  std::string s = o.expected;
  if (o.expected_offer) s += *o.expected_offer ? " +offer" : " -offer";
  if (o.expected_state) s += " state=" + *o.expected_state;
  return s;
}

std::string got_of(const Outcome& o) {
  std::string s = o.got + (o.got_offer ? " +offer" : " -offer");
  if (o.expected_state) s += " state=" + o.got_state;
  return s;
}

std::string table(const std::vector<Outcome>& outcomes) {
  std::string out = pad("category", 28) + "precision  recall  support  predicted\n";
  for (const auto& [cat, s] : score(outcomes))
    out += "  " + pad(cat, 26) + pad(num(s.precision()), 11) + pad(num(s.recall()), 8) + pad(std::to_string(s.support), 9) +
           std::to_string(s.predicted) + "\n";
  return out;
}

int dialogues_right(const std::vector<Outcome>& outcomes, int* total) {
  std::map<std::string, bool> ok;
  for (const Outcome& o : outcomes)
    if (o.dialogue) ok[o.case_id] = (ok.count(o.case_id) ? ok[o.case_id] : true) && o.correct();
  int n = 0;
  for (const auto& [id, good] : ok) n += good;
  *total = static_cast<int>(ok.size());
  return n;
}

}  // namespace

std::string text_report(const std::vector<Outcome>& outcomes, const RunInfo& info) {
  char head[200];
  std::snprintf(head, sizeof head, "assistant evaluation: %d messages, %d dialogues (%d turns), %.1f s\n",
                info.messages, info.dialogues, info.dialogue_turns, info.seconds);
  std::string out = head;
  out += "turns correct: " + std::to_string(hits(outcomes)) + "/" + std::to_string(outcomes.size()) + "\n";
  int total = 0;
  const int right = dialogues_right(outcomes, &total);
  out += "dialogues with every turn correct: " + std::to_string(right) + "/" + std::to_string(total) + "\n\n";
  out += "== overall\n" + table(outcomes);
  for (const std::string& lang : kLangs) out += "\n== " + lang + "\n" + table(of_lang(outcomes, lang));
  std::string misses;
  int n = 0;
  for (const Outcome& o : outcomes) {
    if (o.correct()) continue;
    ++n;
    misses += "  " + o.case_id + (o.dialogue ? "#" + std::to_string(o.turn + 1) : "") + " [" + o.lang + "] \"" +
              o.text + "\": expected " + expected_of(o) + ", got " + got_of(o) + "\n";
  }
  out += "\n== misses (" + std::to_string(n) + ")\n" + misses;
  return out;
}

std::string markdown_report(const std::vector<Outcome>& outcomes, const RunInfo& info) {
  char head[300];
  std::snprintf(head, sizeof head,
                "%d labelled messages and %d dialogues (%d turns) from `tests/assistant/`, through the real "
                "server over WebSocket (%.1f s). Turns correct: %d/%zu.\n\n",
                info.messages, info.dialogues, info.dialogue_turns, info.seconds, hits(outcomes), outcomes.size());
  std::string out = head;
  out += "| category | precision | recall | support | predicted | en P / R | sv P / R | de P / R |\n";
  out += "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
  std::map<std::string, std::map<std::string, Score>> by_lang;
  for (const std::string& lang : kLangs) by_lang[lang] = score(of_lang(outcomes, lang));
  for (const auto& [cat, s] : score(outcomes)) {
    out += "| " + cat + " | " + num(s.precision()) + " | " + num(s.recall()) + " | " + std::to_string(s.support) + " | " +
           std::to_string(s.predicted);
    for (const std::string& lang : kLangs) {
      auto& m = by_lang[lang];
      auto it = m.find(cat);
      out += it == m.end() ? " | - / -" : " | " + num(it->second.precision()) + " / " + num(it->second.recall());
    }
    out += " |\n";
  }
  int total = 0;
  const int right = dialogues_right(outcomes, &total);
  out += "\nDialogues with every turn correct: " + std::to_string(right) + "/" + std::to_string(total) +
         ". Rows with support 0 (act:none: an AI message without article or act; timeout: no end of turn "
         "within 5 s) are predictions no label expects.\n";
  return out;
}

}  // namespace duet::eval
