#include "rush.hpp"

#include <memory>
#include <stdexcept>

#include "bench/server/client.hpp"
#include "common.hpp"
#include "frames.hpp"

namespace duet::bench {

RushResult run_rush(const Backends& b, const std::string& name, const RushLoad& load, const std::filesystem::path& work) {
  const int n = load.nodes;
  Nodes nodes(b, {name, n, load.cluster, 1000, "warn"}, work);
  const auto tokens = nodes.add_agents(load.agents, load.capacity);
  nodes.start_all();
  const auto leader = nodes.wait_ready(30s);
  if (!leader) throw std::runtime_error("rush: no leader with every node ready in 30 s");

  net::io_context ioc;
  RushResult r;
  std::vector<std::shared_ptr<Client>> agents, customers;
  int signed_in = 0, welcomed = 0;
  bool in_window = false;
  for (int a = 0; a < load.agents; ++a) {
    auto c = std::make_shared<Client>(ioc);
    Client* self = c.get();
    c->on_open = [self, token = tokens[static_cast<std::size_t>(a)]] { self->send(agent_hello(token)); };
    c->on_frame = [&, self](std::string_view f) {
      if (has(f, "\"type\":\"agent_welcome\"")) {
        ++signed_in;
        return self->send(status(load.capacity));
      }
      if (has(f, "\"type\":\"error\"")) ++r.errors;
      if (has(f, "\"type\":\"offer\"")) {
        if (in_window) ++r.offered;
        self->send(accept(field(f, "conversation")));
      }
    };
    c->connect(nodes.port(a % n), "/ws/agent");
    agents.push_back(c);
  }
  if (!run_until(ioc, [&] { return signed_in == load.agents; }, 20s))
    throw std::runtime_error("rush: only " + std::to_string(signed_in) + " agents signed in");

  const auto count = static_cast<std::size_t>(load.customers);
  std::vector<Clock::time_point> asked(count);
  std::vector<bool> heard(count, false), served(count, false);
  const auto t_connect = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    auto c = std::make_shared<Client>(ioc);
    Client* self = c.get();
    c->on_open = [self] { self->send(kHello); };
    c->on_frame = [&, i](std::string_view f) {
      if (has(f, "\"type\":\"welcome\"")) ++welcomed;
      if (has(f, "\"type\":\"error\"")) ++r.errors;
      if (asked[i] == Clock::time_point{} || !has(f, "\"type\":\"event\"")) return;
      if (!heard[i] && has(f, "\"kind\":\"queue\"")) {
        heard[i] = true;
        ++r.heard;
        const double t = ms_since(asked[i]);
        r.heard_ms.push_back(t);
        (static_cast<int>(i) % n == *leader ? r.leader_ms : r.follower_ms).push_back(t);
      }
      if (!served[i] && in_window && has(f, "\"state\":\"with_human\"")) {
        served[i] = true;
        ++r.served;
      }
    };
    c->connect(nodes.port(static_cast<int>(i) % n), "/ws/customer");
    customers.push_back(c);
  }
  if (!run_until(ioc, [&] { return welcomed == load.customers; }, 90s))
    throw std::runtime_error("rush: only " + std::to_string(welcomed) + " customers were welcomed");
  r.connect_s = ms_since(t_connect) / 1000;
  run_for(ioc, 500ms);

  std::vector<double> cpu0;
  for (int i = 0; i < n; ++i) cpu0.push_back(cpu_seconds(nodes.pid(i)));
  const double pg0 = tree_cpu_seconds(b.pg_pid), redis0 = cpu_seconds(b.redis_pid);
  in_window = true;
  const auto t0 = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    asked[i] = Clock::now();
    customers[i]->send(kRequestHuman);
  }
  run_until(ioc, [&] { return r.heard == load.customers; }, 60s);
  run_for(ioc, std::chrono::milliseconds(static_cast<long>(load.linger_s * 1000)));
  in_window = false;
  r.window_s = ms_since(t0) / 1000;
  for (int i = 0; i < n; ++i) r.node_cpu.push_back(cpu_seconds(nodes.pid(i)) - cpu0[static_cast<std::size_t>(i)]);
  r.pg_cpu = tree_cpu_seconds(b.pg_pid) - pg0;
  r.redis_cpu = cpu_seconds(b.redis_pid) - redis0;
  for (auto& c : customers) c->close();
  for (auto& c : agents) c->close();
  run_for(ioc, 100ms);
  r.logs = nodes.log_summary();
  return r;
}

}  // namespace duet::bench
