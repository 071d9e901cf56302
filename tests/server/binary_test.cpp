// The duet-server binary itself: --help, operator sub-commands, demo mode, and a graceful SIGTERM
// (clients hear shutting_down and a 1012 close, the process exits 0).
#include <signal.h>

#include <regex>

#include <catch2/catch.hpp>

#include "child_process.hpp"
#include "live_server.hpp"

using namespace duet;
using namespace duet::test;

namespace {

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
