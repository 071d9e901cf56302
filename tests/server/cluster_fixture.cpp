#include "cluster_fixture.hpp"

#include <signal.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "free_port.hpp"
#include "pg_instance.hpp"
#include "ws_client.hpp"

namespace duet::test {
namespace {

std::string config_path(const std::string& dir, int i) { return dir + "/node" + std::to_string(i) + ".json"; }

}  // namespace

ClusterOfNodes::ClusterOfNodes(const std::string& database, int nodes) {
  const std::string url = PgInstance::shared().url(database);
  for (int i = 0; i < nodes; ++i) {
    ports_.push_back(free_port());
    // As an operator writes it (docs/scaling.md), with the tests' generous rates: every client of
    // the load balancer comes from 127.0.0.1.
    nlohmann::json c{
        {"host", "127.0.0.1"},
        {"port", ports_[i]},
        {"data", dir_.path() + "/data" + std::to_string(i)},
        {"log_level", "info"},
        {"tick_ms", 50},
        {"sites",
         {{{"key", "shop"}, {"origins", {"https://shop.example"}}, {"allow_missing_origin", true},
           {"languages", {"en", "sv"}}}}},
        {"assistant", {{"kb", DUET_KB_DIR}}},
        {"routing", {{"grace_s", 30}}},
        {"limits",
         {{"messages_per_s", 1000}, {"burst", 1000}, {"ip_messages_per_s", 100000}, {"ip_burst", 100000},
          {"connections_per_ip", 10000}, {"http_connections_per_ip", 10000}}},
        {"store", {{"kind", "postgres"}, {"url", url}}},
        {"cluster", {{"redis", redis.address()}, {"node", "node" + std::to_string(i)}, {"lease_ms", 1000}}},
    };
    std::ofstream(config_path(dir_.path(), i)) << c.dump(2);
    nodes_.emplace_back();
  }
  for (int i = 0; i < nodes; ++i) start_node(i);
  lb_ = std::make_unique<HaproxyInstance>(ports_);
}

ClusterOfNodes::~ClusterOfNodes() {
  lb_.reset();
  for (int i = 0; i < size(); ++i) kill_node(i);
}

void ClusterOfNodes::start_node(int i) {
  nodes_[i] = std::make_unique<Child>(std::vector<std::string>{"--config", config_path(dir_.path(), i)},
                                      dir_.path() + "/node" + std::to_string(i) + ".log");
  if (!wait_listening(ports_[i]))
    throw std::runtime_error("node " + std::to_string(i) + " did not listen:\n" + log_of(i));
}

void ClusterOfNodes::kill_node(int i) {
  if (!nodes_[i]) return;
  ::kill(nodes_[i]->pid, SIGKILL);
  nodes_[i]->wait_exit();
  nodes_[i].reset();
}

std::optional<int> ClusterOfNodes::wait_for_leader(int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    std::optional<int> leader;
    int leaders = 0;
    bool all_accept = true;
    for (int i = 0; i < size(); ++i) {
      if (!running(i)) continue;
      try {
        if (metric(i, "duet_cluster_leader") == 1) leader = i, ++leaders;
        all_accept = all_accept && http_get(ports_[i], "/healthz").status == 200;
      } catch (const std::exception&) {
        all_accept = false;
      }
    }
    if (leaders == 1 && all_accept) return leader;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

std::string ClusterOfNodes::add_agent(const std::string& name) {
  Child cmd({"add-agent", "--config", config_path(dir_.path(), 0), "--name", name, "--languages", "en,sv"},
            dir_.path() + "/add-agent.log");
  auto token = cmd.read_until(std::regex("(duet_at_[A-Za-z0-9_-]+)"));
  if (!token) throw std::runtime_error("add-agent printed no token: " + cmd.buffered);
  cmd.wait_exit();
  return *token;
}

double ClusterOfNodes::metric(int i, const std::string& name) {
  const auto body = http_get(ports_[i], "/metrics").body;
  std::istringstream in(body);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  return 0;
}

std::string ClusterOfNodes::log_of(int i) const {
  std::ifstream in(dir_.path() + "/node" + std::to_string(i) + ".log");
  std::stringstream ss;
  ss << in.rdbuf();
  auto s = ss.str();
  return s.size() > 4000 ? s.substr(s.size() - 4000) : s;
}

}  // namespace duet::test
