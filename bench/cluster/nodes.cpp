#include "nodes.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_get.hpp"
#include "server/store/pg_conn.hpp"

namespace duet::bench {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

Nodes::Nodes(const Backends& backends, NodesOptions options, const fs::path& work)
    : backends_(backends), options_(std::move(options)), dir_(work / options_.name) {
  fs::remove_all(dir_);
  fs::create_directories(dir_);
  if (options_.cluster) {
    server::PgConn admin(backends_.pg + " dbname=postgres");
    admin.exec("DROP DATABASE IF EXISTS \"" + options_.name + "\"");
    admin.exec("CREATE DATABASE \"" + options_.name + "\"");
    url_ = backends_.pg + " dbname=" + options_.name;
  }
  ports_.assign(static_cast<std::size_t>(options_.nodes), 0);
  procs_.resize(static_cast<std::size_t>(options_.nodes));
  killed_.assign(static_cast<std::size_t>(options_.nodes), false);
  for (int i = 0; i < options_.nodes; ++i) write_config(i);
}

Nodes::~Nodes() {
  for (int i = 0; i < size(); ++i) procs_[static_cast<std::size_t>(i)].reset();  // SIGTERM, then SIGKILL
}

void Nodes::write_config(int i) const {
  // The load generator's limits (bench/server/load.cpp): every client comes from 127.0.0.1 and sends
  // far more than one person would.
  nlohmann::json c{
      {"host", "127.0.0.1"},
      {"port", 0},
      {"threads", 1},
      {"data", (dir_ / ("data" + std::to_string(i))).string()},
      {"log_level", options_.log_level},
      {"sites", {{{"key", "bench"}}}},
      {"routing", {{"offer_timeout_s", 3600}}},
      {"limits",
       {{"max_frame_bytes", 131072}, {"hard_frame_bytes", 262144}, {"max_text_bytes", 100000},
        {"messages_per_s", 1000000}, {"burst", 1000000}, {"ip_messages_per_s", 10000000}, {"ip_burst", 10000000},
        {"connections_per_ip", 1000000}, {"http_connections_per_ip", 1000000}, {"abuse_violations", 1000000},
        {"write_queue_frames", 1000000}, {"conversation_events", 1000000}, {"conversation_bytes", 536870912},
        {"write_queue_bytes", 4294967296LL}, {"idle_timeout_s", 3600}}},
  };
  if (options_.cluster) {
    c["store"] = {{"kind", "postgres"}, {"url", url_}};
    c["cluster"] = {{"redis", backends_.redis}, {"node", "node" + std::to_string(i)}, {"lease_ms", options_.lease_ms}};
  }
  std::ofstream(config(i)) << c.dump(2);
}

std::vector<std::string> Nodes::add_agents(int count, int capacity) {
  std::vector<std::string> tokens;
  auto token_of = [](Process& p) {
    const std::string out = p.read_all(20s);
    const auto at = out.find("duet_at_");
    if (at == std::string::npos) throw std::runtime_error("add-agent printed no token: " + out);
    return out.substr(at, out.find('\n', at) - at);
  };
  auto command = [&](int k) {
    return std::vector<std::string>{DUET_SERVER_BINARY, "add-agent", "--config", config(0).string(), "--name",
                                    "Bench " + std::to_string(k), "--capacity", std::to_string(capacity), "--log-level", "warn"};
  };
  // The first alone (it may create the schema); on PostgreSQL the rest eight at a time.
  const int batch = options_.cluster ? 8 : 1;
  for (int k = 0; k < count;) {
    const int n = tokens.empty() ? 1 : std::min(batch, count - k);
    std::vector<std::unique_ptr<Process>> running;
    for (int j = 0; j < n; ++j) running.push_back(std::make_unique<Process>(command(k + j)));
    for (auto& p : running) tokens.push_back(token_of(*p));
    k += n;
  }
  return tokens;
}

void Nodes::start(int i) {
  const auto k = static_cast<std::size_t>(i);
  procs_[k].reset();
  // Through sh for the log file: `exec` keeps the pid, so SIGKILL hits the node itself.
  const std::string log = (dir_ / ("node" + std::to_string(i) + ".log")).string();
  procs_[k] = std::make_unique<Process>(std::vector<std::string>{
      "/bin/sh", "-c", "exec '" + std::string(DUET_SERVER_BINARY) + "' --config '" + config(i).string() + "' 2>>'" + log + "'"});
  auto p = procs_[k]->wait_for(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"), 30s);
  if (!p) throw std::runtime_error("node " + std::to_string(i) + " did not start; see " + log);
  ports_[k] = static_cast<unsigned short>(std::stoi(*p));
  killed_[k] = false;
  ++starts_;
}

void Nodes::start_all() {
  for (int i = 0; i < size(); ++i) start(i);
}

void Nodes::kill(int i) {
  ::kill(pid(i), SIGKILL);
  killed_[static_cast<std::size_t>(i)] = true;
}

void Nodes::reap(int i) { procs_[static_cast<std::size_t>(i)].reset(); }

std::optional<int> Nodes::wait_ready(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    std::optional<int> leader;
    int leaders = 0;
    bool all_ok = true;
    for (int i = 0; i < size(); ++i) {
      if (!running(i)) continue;
      const auto health = http_get(port(i), "/healthz");
      all_ok = all_ok && health && health->status == 200;
      if (!options_.cluster) leader = i, ++leaders;
      else if (metric(i, "duet_cluster_leader") == 1) leader = i, ++leaders;
    }
    if (leaders == 1 && all_ok) return leader;
    std::this_thread::sleep_for(50ms);
  }
  return std::nullopt;
}

double Nodes::metric(int i, const std::string& name) const {
  const auto r = http_get(port(i), "/metrics");
  if (!r || r->status != 200) return 0;
  std::istringstream in(r->body);
  for (std::string line; std::getline(in, line);)
    if (line.rfind(name + " ", 0) == 0) return std::stod(line.substr(name.size() + 1));
  return 0;
}

std::string Nodes::log_summary() const {
  std::map<std::string, int> seen;
  const std::regex level_event("level=(warn|error) event=(\\S+)");
  for (int i = 0; i < size(); ++i) {
    std::ifstream in(dir_ / ("node" + std::to_string(i) + ".log"));
    for (std::string line; std::getline(in, line);) {
      std::smatch m;
      if (std::regex_search(line, m, level_event)) ++seen[m[1].str() + " " + m[2].str()];
    }
  }
  std::string out;
  for (const auto& [what, n] : seen) out += (out.empty() ? "" : ", ") + what + " ×" + std::to_string(n);
  return out;
}

double tree_cpu_seconds(pid_t pid) {
  if (pid <= 0) return 0;
  // Parsed here rather than with cpu_seconds: a backend may exit between the listing and the read.
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  double total = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream in(e.path() / "stat");
    std::string stat;
    if (!std::getline(in, stat) || stat.rfind(')') == std::string::npos) continue;
    std::istringstream rest(stat.substr(stat.rfind(')') + 1));
    std::string field;
    long ppid = 0, utime = 0, stime = 0;
    for (int f = 3; f <= 15 && rest >> field; ++f) {  // fields after the command: state is 3, ppid 4
      if (f == 4) ppid = std::stol(field);
      if (f == 14) utime = std::stol(field);
      if (f == 15) stime = std::stol(field);
    }
    if (std::stol(name) == pid || ppid == pid) total += static_cast<double>(utime + stime) / tick;
  }
  return total;
}

}  // namespace duet::bench
