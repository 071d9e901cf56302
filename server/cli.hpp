#pragma once
// Command-line parsing for duet-server: a sub-command and --flags (repeatable ones collect values).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/result.hpp"

namespace duet::server {

struct CommandLine {
  std::string command = "serve";
  std::map<std::string, std::vector<std::string>> flags;  // "--port" -> {"8080"}
  bool has(const std::string& flag) const { return flags.count(flag) > 0; }
  std::optional<std::string> value(const std::string& flag) const;
};

// Flags that take no value.
bool is_switch(const std::string& flag);
Result<CommandLine, std::string> parse_command_line(int argc, const char* const* argv);
std::string help_text();

std::vector<std::string> split_list(const std::string& csv);  // "en, sv" -> {"en","sv"}

}  // namespace duet::server
