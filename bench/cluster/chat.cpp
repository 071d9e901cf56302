#include "chat.hpp"

#include <deque>
#include <iostream>
#include <memory>
#include <numeric>
#include <stdexcept>

#include "bench/server/client.hpp"
#include "common.hpp"
#include "frames.hpp"

namespace duet::bench {

double ChatResult::node_cpu_total() const { return std::accumulate(node_cpu.begin(), node_cpu.end(), 0.0); }

ChatResult run_chat(const Backends& b, const std::string& name, int n, bool cluster, const ChatLoad& load,
                    const std::filesystem::path& work) {
  Nodes nodes(b, {name, n, cluster, 1000, "warn"}, work);
  const auto tokens = nodes.add_agents(load.agents, load.capacity());
  nodes.start_all();
  if (!nodes.wait_ready(30s)) throw std::runtime_error(name + ": no leader with every node ready in 30 s");

  net::io_context ioc;
  std::vector<std::shared_ptr<Client>> agents, customers;
  std::vector<std::deque<Clock::time_point>> waiting(static_cast<std::size_t>(load.customers));
  ChatResult r;
  bool sending = false, ticking = false, measuring = false;
  const std::string text(load.size, 'x');
  long counter = 0;
  int signed_in = 0, with_human = 0;
  auto last_frame = Clock::now();

  for (int a = 0; a < load.agents; ++a) {
    auto c = std::make_shared<Client>(ioc);
    Client* self = c.get();
    c->on_open = [self, token = tokens[static_cast<std::size_t>(a)]] { self->send(agent_hello(token)); };
    c->on_frame = [&, self](std::string_view f) {
      last_frame = Clock::now();
      if (has(f, "\"type\":\"agent_welcome\"")) {
        ++signed_in;
        return self->send(status(load.capacity()));
      }
      if (has(f, "\"type\":\"offer\"")) return self->send(accept(field(f, "conversation")));
      if (has(f, "\"type\":\"error\"")) ++r.errors;
      if (sending && has(f, "\"type\":\"event\"") && has(f, "\"speaker\":\"customer\"") && has(f, "\"kind\":\"message\"")) {
        if (measuring) ++r.relayed;
        self->send(say("a" + std::to_string(++counter), text, field(f, "conversation")));
      }
    };
    c->connect(nodes.port(a % n), "/ws/agent");
    agents.push_back(c);
  }
  if (!run_until(ioc, [&] { return signed_in == load.agents; }, 20s))
    throw std::runtime_error(name + ": only " + std::to_string(signed_in) + " agents signed in");
  run_for(ioc, 200ms);

  for (int i = 0; i < load.customers; ++i) {
    auto c = std::make_shared<Client>(ioc);
    Client* self = c.get();
    const auto k = static_cast<std::size_t>(i);
    c->on_open = [self] { self->send(kHello); };
    c->on_frame = [&, self, k](std::string_view f) {
      if (has(f, "\"type\":\"welcome\"")) return self->send(kRequestHuman);
      if (has(f, "\"type\":\"error\"")) ++r.errors;
      if (!has(f, "\"type\":\"event\"")) return;
      if (has(f, "\"state\":\"with_human\"")) {
        ++with_human;
        return;
      }
      if (has(f, "\"speaker\":\"agent\"") && has(f, "\"kind\":\"message\"") && !waiting[k].empty()) {
        ++r.answered;
        if (measuring) {
          ++r.relayed;
          r.rtt_ms.push_back(ms_since(waiting[k].front()));
        }
        waiting[k].pop_front();
      }
    };
    c->connect(nodes.port(i % n), "/ws/customer");
    customers.push_back(c);
  }
  if (!run_until(ioc, [&] { return with_human == load.customers; }, 60s))
    throw std::runtime_error(name + ": only " + std::to_string(with_human) + " of " + std::to_string(load.customers) +
                             " customers reached an agent");
  // The handoffs sent every agent queue updates: read them before the load starts.
  run_until(ioc, [&] { return Clock::now() - last_frame > 300ms; }, 20s);

  // Every customer sends at `rate`, spread evenly over the period; a tick each millisecond sends
  // what is due (at most two per customer, so a stalled generator does not burst).
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / load.rate));
  const auto start = Clock::now();
  std::vector<Clock::time_point> next(customers.size());
  for (std::size_t i = 0; i < next.size(); ++i)
    next[i] = start + period * static_cast<long>(i) / static_cast<long>(next.size());
  net::steady_timer tick(ioc);
  std::function<void()> on_tick = [&] {
    const auto now = Clock::now();
    for (std::size_t i = 0; i < next.size() && ticking; ++i) {
      for (int k = 0; k < 2 && next[i] <= now; ++k) {
        waiting[i].push_back(now);
        ++r.sent;
        customers[i]->send(say("c" + std::to_string(++counter), text));
        next[i] += period;
      }
      if (next[i] <= now) next[i] = now + period;  // behind: skip rather than pile up
    }
    tick.expires_after(1ms);
    tick.async_wait([&](error_code ec) {
      if (!ec && ticking) on_tick();
    });
  };
  sending = ticking = true;
  on_tick();
  run_for(ioc, 1000ms);  // warm-up
  std::vector<double> cpu0;
  for (int i = 0; i < n; ++i) cpu0.push_back(cpu_seconds(nodes.pid(i)));
  const double pg0 = tree_cpu_seconds(b.pg_pid), redis0 = cpu_seconds(b.redis_pid);
  measuring = true;
  const auto t0 = Clock::now();
  run_for(ioc, std::chrono::milliseconds(static_cast<long>(load.seconds * 1000)));
  r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  for (int i = 0; i < n; ++i) r.node_cpu.push_back(cpu_seconds(nodes.pid(i)) - cpu0[static_cast<std::size_t>(i)]);
  if (cluster) {
    r.pg_cpu = tree_cpu_seconds(b.pg_pid) - pg0;
    r.redis_cpu = cpu_seconds(b.redis_pid) - redis0;
  }
  measuring = ticking = false;
  tick.cancel();
  // The last replies: sending stops only after them, so the agents still answer what is in flight.
  run_until(ioc, [&] { return r.answered == r.sent; }, 3s);
  sending = false;
  for (int i = 0; i < n; ++i) {
    r.published += nodes.metric(i, "duet_cluster_redis_published_total");
    r.received += nodes.metric(i, "duet_cluster_redis_received_total");
    r.dropped += nodes.metric(i, "duet_cluster_redis_dropped_total");
  }
  for (auto& c : customers) c->close();
  for (auto& c : agents) c->close();
  run_for(ioc, 100ms);
  r.logs = nodes.log_summary();
  return r;
}

}  // namespace duet::bench
