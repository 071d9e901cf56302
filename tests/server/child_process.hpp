#pragma once
// A child process (duet-server, DUET_SERVER_BINARY, unless told otherwise), its stdout read through a
// pipe and, optionally, its stderr (the log) into a file. Every wait is bounded; the destructor kills it.
#include <sys/types.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <vector>

namespace duet::test {

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  std::string buffered;

  // `stderr_path`: empty keeps the test's stderr.
  explicit Child(std::vector<std::string> args, const std::string& stderr_path = {});
  // Another program (an absolute path): Redis, the load balancer.
  Child(std::string program, std::vector<std::string> args, const std::string& stderr_path);
  ~Child();
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Reads stdout until `pattern` matches (bounded); returns the first capture group.
  std::optional<std::string> read_until(const std::regex& pattern,
                                        std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Reads stdout until the child closes it (bounded).
  void read_all(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // Waits (bounded) for the exit; returns the exit code, or nullopt on timeout or a signal.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(10));
};

}  // namespace duet::test
