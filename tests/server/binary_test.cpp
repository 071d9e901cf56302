// The duet-server binary itself: --help, operator sub-commands, demo mode, and a graceful SIGTERM
// (clients hear shutting_down and a 1012 close, the process exits 0).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <regex>

#include <catch2/catch.hpp>

#include "live_server.hpp"

extern char** environ;

using namespace duet;
using namespace duet::test;

namespace {

struct Child {
  pid_t pid = -1;
  int out = -1;  // the child's stdout
  std::string buffered;

  explicit Child(std::vector<std::string> args) {
    args.insert(args.begin(), DUET_SERVER_BINARY);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    int pipefd[2];
    REQUIRE(::pipe(pipefd) == 0);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
    posix_spawn_file_actions_addclose(&fa, pipefd[0]);
    REQUIRE(posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&fa);
    ::close(pipefd[1]);
    out = pipefd[0];
  }
  ~Child() {
    if (pid > 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, nullptr, 0);
    }
    if (out >= 0) ::close(out);
  }
  // Reads stdout until `pattern` matches (bounded); returns the first capture group.
  std::optional<std::string> read_until(const std::regex& pattern, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      std::smatch m;
      if (std::regex_search(buffered, m, pattern)) return m.size() > 1 ? m[1].str() : m[0].str();
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return std::nullopt;
      pollfd p{out, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(out, buf, sizeof buf);
      if (n <= 0) return std::nullopt;
      buffered.append(buf, static_cast<std::size_t>(n));
    }
  }
  // Reads stdout until the child closes it (bounded).
  void read_all(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return;
      pollfd p{out, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      const ssize_t n = ::read(out, buf, sizeof buf);
      if (n <= 0) return;
      buffered.append(buf, static_cast<std::size_t>(n));
    }
  }
  // Waits (bounded) for the exit; returns the exit code, or nullopt on timeout or a signal.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == pid) {
        pid = -1;
        if (WIFEXITED(status)) return WEXITSTATUS(status);
        return std::nullopt;
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }
};

std::pair<int, std::string> run(std::vector<std::string> args) {
  Child c(std::move(args));
  c.read_all();
  auto code = c.wait_exit();
  REQUIRE(code);
  return {*code, c.buffered};
}

}  // namespace

TEST_CASE("binary: --help, add-agent, list-agents, add-site, bad options", "[binary]") {
  TempDir dir;
  auto [help_code, help] = run({"--help"});
  CHECK(help_code == 0);
  CHECK(help.find("Usage:") != std::string::npos);
  CHECK(help.find("add-agent") != std::string::npos);

  auto [add_code, added] = run({"add-agent", "--data", dir.path(), "--name", "Kim Lee", "--languages", "en,sv"});
  CHECK(add_code == 0);
  CHECK(std::regex_search(added, std::regex("duet_at_[A-Za-z0-9_-]{32}")));
  auto [list_code, listed] = run({"list-agents", "--data", dir.path()});
  CHECK(list_code == 0);
  CHECK(listed.find("Kim Lee") != std::string::npos);
  CHECK(listed.find("duet_at_") == std::string::npos);  // the token is never shown again

  auto [site_code, site] = run({"add-site", "--data", dir.path(), "--key", "acme", "--origin", "https://acme.example"});
  CHECK(site_code == 0);
  CHECK(site.find("\"key\":\"acme\"") != std::string::npos);

  CHECK(run({"--prot", "80"}).first == 2);
  CHECK(run({"add-agent", "--data", dir.path()}).first == 2);
}

TEST_CASE("binary: demo mode prints URLs and a working agent token; SIGTERM drains and exits 0", "[binary]") {
  TempDir dir;
  Child server({"--demo", "--port", "0", "--data", dir.path(), "--log-level", "warn"});
  auto port_text = server.read_until(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"));
  REQUIRE(port_text);
  const auto port = static_cast<unsigned short>(std::stoi(*port_text));
  auto token = server.read_until(std::regex("Demo agent token: +(duet_at_[A-Za-z0-9_-]+)"));
  REQUIRE(token);
  CHECK(server.buffered.find("/demo/checkout") != std::string::npos);
  CHECK(server.buffered.find("/agent") != std::string::npos);

  CHECK(http_get(port, "/healthz").status == 200);
  WsClient agent(port, "/ws/agent");
  agent_sign_in(agent, *token);
  WsClient customer(port, "/ws/customer", "http://127.0.0.1:" + std::to_string(port));
  auto w = say_hello(customer, "demo");
  customer.send(proto::Say{"m1", "Hello", ""});
  REQUIRE(customer.wait_for<proto::Ack>());

  REQUIRE(::kill(server.pid, SIGTERM) == 0);
  CHECK(customer.wait_error(proto::ErrorCode::shutting_down));
  CHECK(customer.wait_closed());
  CHECK(customer.close_code() == std::uint16_t{1012});
  CHECK(agent.wait_closed());
  CHECK(server.wait_exit() == std::optional<int>(0));

  // The same data dir again: the demo token still works and the conversation is there.
  Child again({"--demo", "--port", "0", "--data", dir.path(), "--log-level", "warn"});
  auto port2 = again.read_until(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"));
  REQUIRE(port2);
  CHECK(again.read_until(std::regex("Demo agent token: +(duet_at_[A-Za-z0-9_-]+)")) == token);
  WsClient back(static_cast<unsigned short>(std::stoi(*port2)), "/ws/customer");
  auto w2 = say_hello(back, "demo", w.resume, 0);
  CHECK(w2.conversation == w.conversation);
  CHECK_FALSE(w2.events.empty());
  ::kill(again.pid, SIGTERM);
  CHECK(again.wait_exit() == std::optional<int>(0));
}
