// Three duet-server processes behind HAProxy (round robin, no stickiness) on one PostgreSQL and one
// Redis, all real and on loopback: customers and agents on different nodes, one fair queue, and a
// node killed with SIGKILL mid-conversation with 200 messages in flight.
#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "cluster_fixture.hpp"
#include "live_server.hpp"
#include "resilient_client.hpp"
#include "transcript_checks.hpp"

using namespace duet;
using namespace duet::test;
using namespace std::chrono_literals;

namespace {

// WebSockets each node has accepted so far.
std::vector<double> connections(ClusterOfNodes& cl) {
  std::vector<double> v;
  for (int i = 0; i < cl.size(); ++i)
    v.push_back(cl.running(i) ? cl.metric(i, "duet_connections_total{role=\"customer\"}") +
                                    cl.metric(i, "duet_connections_total{role=\"agent\"}")
                              : 0);
  return v;
}

// Which node took the connection made since `before`.
int node_holding(ClusterOfNodes& cl, const std::vector<double>& before) {
  const auto now = connections(cl);
  for (int i = 0; i < cl.size(); ++i)
    if (now[i] > before[i]) return i;
  return -1;
}

std::unique_ptr<WsClient> signed_in_agent(unsigned short port, const std::string& token, int capacity) {
  auto a = connect_retrying(port, "/ws/agent");
  REQUIRE(a);
  agent_sign_in(*a, token, true, capacity);
  return a;
}

}  // namespace

TEST_CASE("cluster behind HAProxy: customers and the agent on different nodes; one fair queue", "[cluster_lb]") {
  ClusterOfNodes cl("cluster_lb_fair");
  REQUIRE(cl.wait_for_leader());
  const std::string token = cl.add_agent("Sara");

  // The agent (capacity 1) and then three customers through the load balancer, round robin: each
  // customer on its own node. They ask for a person in turn: the first is offered to the agent at
  // once, the others wait behind.
  auto before = connections(cl);
  auto agent = signed_in_agent(cl.lb_port(), token, 1);
  INFO("agent on node " << node_holding(cl, before));
  std::vector<std::unique_ptr<ResilientCustomer>> customers;
  std::set<int> nodes_used;
  for (int i = 0; i < 3; ++i) {
    before = connections(cl);
    customers.push_back(std::make_unique<ResilientCustomer>(cl.lb_port()));
    auto& c = *customers.back();
    REQUIRE(c.connect());
    nodes_used.insert(node_holding(cl, before));
    c.say("q", "customer " + std::to_string(i) + " needs help");
    c.send(proto::RequestHuman{"button"});
    REQUIRE(c.pump_until([&] {
      return c.saw([&](const Event& e) { return e.kind == EventKind::queue && e.position == i + 1; });
    }));
  }
  CHECK(nodes_used.size() == 3);

  // The longest wait first, one at a time, wherever each customer is connected.
  for (int i = 0; i < 3; ++i) {
    auto offer = agent->wait_for<proto::Offer>({}, 10s);
    REQUIRE(offer);
    CHECK(offer->conversation == customers[i]->conversation);
    agent->send(proto::Accept{offer->conversation});
    REQUIRE(agent->wait_for<proto::Snapshot>());
    agent->send(proto::Say{"hi" + std::to_string(i), "Hello customer " + std::to_string(i), offer->conversation});
    auto& c = *customers[i];
    REQUIRE(c.pump_until([&] { return c.saw([&](const Event& e) { return is_text(e, "Hello customer " + std::to_string(i)); }); }));
    // The others moved up by one, wherever they are connected.
    for (int j = i + 1; j < 3; ++j) {
      auto& w = *customers[j];
      REQUIRE(w.pump_until([&] {
        return w.saw([&](const Event& e) { return e.kind == EventKind::queue && e.position == j - i; });
      }));
    }
    c.say("r", "Thanks, that solved it");
    REQUIRE(agent->wait_event(EventKind::message, [](const Event& e) { return e.text == "Thanks, that solved it"; }));
    agent->send(proto::Resolve{offer->conversation});
  }
  // Cluster figures are not double counted: only the leader reports the queue and agents.
  double agents = 0;
  for (int i = 0; i < cl.size(); ++i) agents += cl.metric(i, "duet_agents_online");
  CHECK(agents == 1);
}

TEST_CASE("cluster behind HAProxy: kill -9 of the node holding the customer, 200 messages in flight",
          "[cluster_lb]") {
  // The node to kill: the leader (the hub moves) or a follower (only connections move).
  const bool kill_leader = GENERATE(true, false);
  ClusterOfNodes cl(kill_leader ? "cluster_lb_kill_leader" : "cluster_lb_kill_follower");
  const auto leader = cl.wait_for_leader();
  REQUIRE(leader);
  const std::string token = cl.add_agent("Sara");
  const int victim = kill_leader ? *leader : (*leader + 1) % cl.size();
  const int agent_node = (victim + 1) % cl.size();  // a follower when the leader dies
  INFO("killing " << (kill_leader ? "the leader" : "a follower") << ", node " << victim << "; agent on node " << agent_node);

  auto agent = signed_in_agent(cl.node_port(agent_node), token, 1);
  ResilientCustomer c(cl.node_port(victim));
  REQUIRE(c.connect());
  c.reconnect_to(cl.lb_port());
  c.say("m0", "I have a question about my order");
  REQUIRE(c.pump_until([&] { return c.acked.count("m0"); }));
  c.send(proto::RequestHuman{"button"});
  auto offer = agent->wait_for<proto::Offer>({}, 10s);
  REQUIRE(offer);
  agent->send(proto::Accept{c.conversation});
  REQUIRE(agent->wait_for<proto::Snapshot>());
  REQUIRE(c.pump_until([&] { return c.saw([](const Event& e) { return e.kind == EventKind::agent_joined; }); }));

  // A second customer on the victim waits in the queue (Sara is full): their place must survive.
  ResilientCustomer waiting(cl.node_port(victim));
  REQUIRE(waiting.connect());
  waiting.reconnect_to(cl.lb_port());
  waiting.send(proto::RequestHuman{"button"});
  REQUIRE(waiting.pump_until([&] { return waiting.saw([](const Event& e) { return e.kind == EventKind::queue; }); }));

  for (int i = 1; i <= 200; ++i) c.say("m" + std::to_string(i), "in flight " + std::to_string(i));
  c.pump_until([&] { return c.acked.size() > 20; }, 5s);  // some are stored, the rest still in flight
  cl.kill_node(victim);

  REQUIRE(c.pump_until([&] { return c.unacked.empty() && c.reconnects > 0; }, 60s));
  CHECK(c.acked.size() == 201);
  for (const auto& [seq, n] : c.times_seen) CHECK(n == 1);
  CHECK(c.welcome.state == State::with_human);
  CHECK(c.welcome.agent_name == "Sara");
  REQUIRE(cl.wait_for_leader());

  // The agent's node lived; its session was closed if the hub moved. Either way the assignment holds.
  std::unique_ptr<WsClient> agent_now;
  bool agent_saw_last = false;
  if (kill_leader) {
    CHECK(agent->wait_closed(10s));
    agent_now = connect_retrying(cl.lb_port(), "/ws/agent");
    REQUIRE(agent_now);
    agent_now->send(proto::AgentHello{token});
    auto snap = agent_now->wait_for<proto::Snapshot>({}, 10s);
    REQUIRE(snap);
    CHECK(snap->conversation == c.conversation);
    agent_saw_last = std::any_of(snap->events.begin(), snap->events.end(),
                                 [](const Event& e) { return is_text(e, "in flight 200"); });
  }
  WsClient& a = kill_leader ? *agent_now : *agent;
  CHECK((agent_saw_last ||
         a.wait_event(EventKind::message, [](const Event& e) { return e.text == "in flight 200"; }, 20s)));
  a.send(proto::Say{"a1", "I can see all of it", c.conversation});
  REQUIRE(c.pump_until([&] { return c.saw([](const Event& e) { return is_text(e, "I can see all of it"); }); }));

  REQUIRE(waiting.pump_until([&] { return waiting.reconnects > 0; }));
  CHECK(waiting.welcome.state == State::waiting_human);
  CHECK(waiting.welcome.queue_position == 1);

  // From the start, through the balancer: each of the 201 messages exactly once, at its acked seq.
  const auto transcript = c.transcript_from_start(cl.lb_port());
  REQUIRE(transcript);
  check_acked_once(c, *transcript, [](const std::string& cid) {
    return cid == "m0" ? std::string("I have a question about my order") : "in flight " + cid.substr(1);
  });

  // The killed node comes back and joins as a follower (a new node number: old session ids stay unique).
  cl.start_node(victim);
  const auto after = cl.wait_for_leader();
  REQUIRE(after);
  CHECK(*after != victim);
}
