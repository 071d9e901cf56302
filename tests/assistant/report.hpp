#pragma once
// The evaluation's tables (per category, overall and per language) and its list of misses, as plain
// text for the ctest log and as Markdown for docs/benchmarks.md.
#include <string>
#include <vector>

#include "scoring.hpp"

namespace duet::eval {

struct RunInfo {
  int messages = 0, dialogues = 0, dialogue_turns = 0;
  double seconds = 0;
};

std::string text_report(const std::vector<Outcome>& outcomes, const RunInfo& info);
// The Markdown section body (date and commit are written by bench/assistant.sh around it).
std::string markdown_report(const std::vector<Outcome>& outcomes, const RunInfo& info);

}  // namespace duet::eval
