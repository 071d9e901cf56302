#include "failover.hpp"

#include <iostream>
#include <map>
#include <set>
#include <stdexcept>
#include <thread>

#include "frames.hpp"
#include "resuming.hpp"

namespace duet::bench {
namespace {

struct Trial {
  double next_ms = -1, flowing_ms = -1, leader_ms = -1;
  long sent = 0, acked = 0, answered = 0, duplicates = 0;
  int reconnects = 0, agent_reconnects = 0;
};

Trial run_trial(Nodes& nodes, const std::string& token, Victim v) {
  const auto leader = nodes.wait_ready(30s);
  if (!leader) throw std::runtime_error("failover: no leader with every node ready in 30 s");
  const int n = nodes.size();
  const int customer_node = (*leader + 1) % n, agent_node = (*leader + 2) % n;
  const int victim = v == Victim::leader ? *leader : customer_node;

  net::io_context ioc;
  ResumingAgent agent(ioc, nodes, agent_node, token);
  ResumingCustomer customer(ioc, nodes, customer_node);
  Trial t;
  bool with_human = false, killed = false, chatting = false;
  Clock::time_point t_kill{}, next_send{};
  std::map<long, Clock::time_point> sent_at;
  std::set<long> answered;
  customer.on_event = [&](const Event& e) {
    if (e.kind == EventKind::state && e.state == State::with_human) with_human = true;
    if (e.kind != EventKind::message || e.speaker != Speaker::agent || e.text.rfind("re c", 0) != 0) return;
    const long k = std::stol(e.text.substr(4));
    answered.insert(k);
    if (!killed) return;
    if (t.next_ms < 0) t.next_ms = ms_since(t_kill);
    if (t.flowing_ms < 0 && sent_at[k] >= t_kill) t.flowing_ms = ms_since(t_kill);
  };
  long k = 0;
  auto pump = [&](const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    return run_until(ioc, [&] {
      agent.poll();
      customer.poll();
      if (chatting && Clock::now() >= next_send) {
        sent_at[++k] = Clock::now();
        customer.say(k);
        next_send += 200ms;
      }
      return done();
    }, timeout);
  };

  if (!pump([&] { return agent.signed_in; }, 10s)) throw std::runtime_error("failover: the agent did not sign in");
  if (!pump([&] { return customer.signed_in; }, 10s)) throw std::runtime_error("failover: the customer got no welcome");
  customer.send(kRequestHuman);
  if (!pump([&] { return with_human && agent.conversation == customer.conversation; }, 15s))
    throw std::runtime_error("failover: the customer did not reach the agent");
  chatting = true;
  next_send = Clock::now();
  pump([] { return false; }, 1500ms);
  if (answered.size() < 3) throw std::runtime_error("failover: the chat did not flow before the kill");

  // The kill, and in the same instant a message from the customer (into a socket that may already
  // be dead): its answer shows when the chat flows again, whatever the phase of the 200 ms schedule.
  t_kill = Clock::now();
  killed = true;
  nodes.kill(victim);
  sent_at[++k] = Clock::now();
  customer.say(k);
  next_send = t_kill + 200ms;
  // Beside the clients: when a surviving node says it leads (its /metrics, every 20 ms).
  std::thread watch;
  if (v == Victim::leader)
    watch = std::thread([&] {
      while (ms_since(t_kill) < 20'000) {
        for (int i = 0; i < n; ++i)
          if (i != victim && nodes.metric(i, "duet_cluster_leader") == 1) {
            t.leader_ms = ms_since(t_kill);
            return;
          }
        std::this_thread::sleep_for(20ms);
      }
    });
  pump([&] { return t.next_ms >= 0 && t.flowing_ms >= 0; }, 20s);
  if (watch.joinable()) watch.join();
  pump([] { return false; }, 600ms);
  chatting = false;
  pump([&] { return customer.unacked.empty() && static_cast<long>(answered.size()) == k; }, 10s);
  t.sent = k;
  t.acked = static_cast<long>(customer.acked.size());
  t.answered = static_cast<long>(answered.size());
  for (const auto& [seq, times] : customer.times_seen) t.duplicates += times > 1;
  t.reconnects = customer.connections - 1;
  t.agent_reconnects = agent.connections - 1;
  agent.send(resolve(agent.conversation));
  pump([] { return false; }, 300ms);
  customer.close();
  agent.close();
  run_for(ioc, 100ms);
  nodes.reap(victim);
  nodes.start(victim);  // a new node number; it joins as a follower
  return t;
}

}  // namespace

std::vector<FailoverResult> run_failover(const Backends& b, const FailoverLoad& load, const std::filesystem::path& work,
                                         std::string& logs) {
  Nodes nodes(b, {"bench_failover", 3, true, load.lease_ms, "info"}, work);
  const auto tokens = nodes.add_agents(2 * load.repeats, 1);
  nodes.start_all();
  std::vector<FailoverResult> results;
  int used = 0;
  for (Victim v : {Victim::leader, Victim::customer_node}) {
    FailoverResult r;
    r.victim = v;
    for (int i = 0; i < load.repeats; ++i) {
      std::cerr << "  kill -9 of the " << (v == Victim::leader ? "leader" : "customer's node") << ", trial " << i + 1 << "\n";
      const Trial t = run_trial(nodes, tokens[static_cast<std::size_t>(used++)], v);
      ++r.trials;
      if (t.next_ms < 0 || t.flowing_ms < 0) ++r.failed;
      if (t.next_ms >= 0) r.next_ms.push_back(t.next_ms);
      if (t.flowing_ms >= 0) r.flowing_ms.push_back(t.flowing_ms);
      if (t.leader_ms >= 0) r.leader_ms.push_back(t.leader_ms);
      r.sent += t.sent, r.acked += t.acked, r.answered += t.answered, r.duplicates += t.duplicates;
      r.reconnects += t.reconnects, r.agent_reconnects += t.agent_reconnects;
      std::cerr << "    new leader " << t.leader_ms << " ms, next agent message " << t.next_ms << " ms, first answer to a new message " << t.flowing_ms
                << " ms; sent " << t.sent << ", acked " << t.acked << ", answered " << t.answered << "\n";
    }
    results.push_back(r);
  }
  logs = nodes.log_summary();
  return results;
}

}  // namespace duet::bench
