#pragma once
// Child processes for the benchmark: start one, read its stdout, its RSS and CPU time from /proc.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace duet::bench {

class Process {
 public:
  explicit Process(std::vector<std::string> argv);
  ~Process();  // SIGTERM, then SIGKILL after 5 s
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  pid_t pid() const { return pid_; }
  // Reads stdout until `pattern` matches (at most `timeout`); returns capture group 1.
  std::optional<std::string> wait_for(const std::regex& pattern, std::chrono::milliseconds timeout);
  std::string read_all(std::chrono::milliseconds timeout);
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffered_;
};

long rss_kb(pid_t pid);         // VmRSS
double cpu_seconds(pid_t pid);  // user + system

}  // namespace duet::bench
