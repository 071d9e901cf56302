// Two duet-server nodes in this process on one PostgreSQL and one Redis (both real, started by the
// tests): a customer and an agent on different nodes, and the leader going away mid-conversation.
// The three-node tests behind a load balancer, with kill -9, are in cluster_lb_test.cpp.
#include <algorithm>
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "live_server.hpp"
#include "pg_instance.hpp"
#include "redis_instance.hpp"
#include "resilient_client.hpp"
#include "transcript_checks.hpp"
#include "server/cluster/wire.hpp"
#include "server/metrics.hpp"
#include "server/store/pg_conn.hpp"

using namespace duet;
using namespace duet::test;
using namespace std::chrono_literals;

namespace {

server::Config node_config(const std::string& db, const RedisInstance& redis, const std::string& name) {
  server::Config c = loopback_config();
  c.store.kind = "postgres";
  c.store.url = PgInstance::shared().url(db);
  c.cluster.redis = redis.address();
  c.cluster.node = name;
  c.cluster.lease_ms = 1000;  // short for quick takeovers, long enough for a loaded CI machine
  c.routing.grace_s = 30;  // an agent whose node restarts keeps their conversations
  return c;
}

bool leads(LiveServer& s) {
  // The sample line, not the HELP text (which also says "duet_cluster_leader 1 on the node...").
  return s.server->metrics().prometheus().find("\nduet_cluster_leader 1\n") != std::string::npos;
}

// Waits (bounded) until exactly one of the nodes leads and every node takes WebSockets.
LiveServer* wait_for_leader(std::vector<LiveServer*> nodes) {
  // Generous: under ASan on a loaded two-core machine a takeover has been seen to take seconds.
  const auto started = std::chrono::steady_clock::now();
  const auto deadline = started + 30s;
  std::string last;
  while (std::chrono::steady_clock::now() < deadline) {
    LiveServer* leader = nullptr;
    int count = 0;
    for (auto* n : nodes)
      if (leads(*n)) leader = n, ++count;
    bool all_accept = count == 1;
    last = "leaders: " + std::to_string(count);
    for (auto* n : nodes) {
      const int status = http_get(n->port, "/healthz").status;
      last += ", healthz " + std::to_string(status);
      all_accept = all_accept && status == 200;
    }
    if (all_accept) return leader;
    std::this_thread::sleep_for(50ms);
  }
  try {  // what PostgreSQL says of the lease, and who waits on whom
    server::PgConn pg(nodes.front()->config.store.url);
    pg.query("SELECT node, epoch, lease_until > now() FROM cluster_leader", [&](const server::PgRow& r) {
      UNSCOPED_INFO("cluster_leader: node " << r.text(0) << " epoch " << r.text(1) << " valid " << r.text(2));
    });
    pg.query("SELECT pid, state, wait_event_type, coalesce(wait_event, ''), left(query, 120) FROM pg_stat_activity "
             "WHERE datname = current_database() AND pid <> pg_backend_pid()",
             [&](const server::PgRow& r) {
               UNSCOPED_INFO("pg " << r.text(0) << " " << r.text(1) << " " << r.text(2) << "/" << r.text(3) << ": " << r.text(4));
             });
  } catch (const std::exception& e) {
    UNSCOPED_INFO("PostgreSQL: " << e.what());
  }
  UNSCOPED_INFO("no leader after " << std::chrono::duration_cast<std::chrono::milliseconds>(
                                          std::chrono::steady_clock::now() - started).count()
                                   << " ms; last seen: " << last);
  for (auto* n : nodes) {
    const auto m = n->server->metrics().prometheus();
    UNSCOPED_INFO("node on port " << n->port << ": " << http_get(n->port, "/healthz").body << " "
                                  << m.substr(m.find("duet_cluster_leader"), 400));
  }
  return nullptr;
}

bool saw(WsClient& who, const std::string& text) {
  auto ev = who.events();
  return std::any_of(ev.begin(), ev.end(), [&](const Event& e) { return is_text(e, text); }) ||
         who.wait_event(EventKind::message, [&](const Event& e) { return e.text == text; }, 10s).has_value();
}

std::vector<Seq> message_seqs(const WsClient& who) {
  std::vector<Seq> seqs;
  for (const Event& e : who.events())
    if (e.kind == EventKind::message) seqs.push_back(e.seq);
  return seqs;
}

}  // namespace

TEST_CASE("cluster wire: every message survives encode and decode; damaged bytes are refused", "[cluster]") {
  namespace w = server::wire;
  server::Peer peer;
  peer.ip = "203.0.113.7";
  peer.origin = "https://shop.example";
  peer.same_origin = true;
  server::Parcel p;
  p.to = (server::SessionId{3} << 40) | 17;
  p.frames.push_back(std::make_shared<const std::string>("{\"t\":\"ack\"}"));
  p.frames.push_back(std::make_shared<const std::string>(std::string("\0binary\xff", 8)));
  server::Parcel closing;
  closing.to = 5;
  closing.close = true;
  closing.code = 1012;
  closing.reason = "reconnect";
  const std::vector<w::Message> all{
      w::Open{7, 1ull << 41, server::Role::agent, peer},
      w::Frame{7, 42, server::Role::customer, "{\"t\":\"say\",\"cid\":\"m1\",\"text\":\"hej 👍\"}"},
      w::Closed{8, 43, server::Role::agent},
      w::CloseAfterCommit{9, 44, 1008, "too many messages"},
      w::Reset{10, 3},
      w::Parcels{{p, closing}},
      w::LoginFailed{"198.51.100.2"},
      w::Usage{4, {true, true, {{"198.51.100.2", 12}}, {{"198.51.100.2", 3}, {"2001:db8::1", 1}}}},
  };
  REQUIRE(all.size() == std::variant_size_v<w::Message>);  // a new message type gets a case here
  for (const auto& m : all) {
    const std::string bytes = w::encode(m);
    auto back = w::decode(bytes);
    REQUIRE(back);
    CHECK(back->index() == m.index());
    CHECK(w::encode(*back) == bytes);
    // Every cut of a message is refused, never half-read.
    for (std::size_t cut = 0; cut < bytes.size(); ++cut) CHECK_FALSE(w::decode(std::string_view(bytes).substr(0, cut)));
    CHECK_FALSE(w::decode(bytes + "x"));
  }
  const auto parcels = std::get<w::Parcels>(*w::decode(w::encode(all[5]))).parcels;
  REQUIRE(parcels.size() == 2);
  CHECK(parcels[0].to == p.to);
  REQUIRE(parcels[0].frames.size() == 2);
  CHECK(*parcels[0].frames[1] == *p.frames[1]);
  CHECK(parcels[1].close);
  CHECK(parcels[1].code == 1012);
  CHECK(parcels[1].reason == "reconnect");
  const auto open = std::get<w::Open>(*w::decode(w::encode(all[0])));
  CHECK(open.peer.ip == peer.ip);
  CHECK(open.peer.origin == peer.origin);
  CHECK(open.peer.same_origin);
  CHECK_FALSE(std::get<w::Open>(*w::decode(w::encode(w::Open{1, 2, server::Role::customer, {}}))).peer.origin);
  const auto usage = std::get<w::Usage>(*w::decode(w::encode(all[7])));
  CHECK(usage.node == 4);
  CHECK(usage.report.full);
  CHECK(usage.report.want_full);
  CHECK(usage.report.messages == std::vector<std::pair<std::string, std::uint32_t>>{{"198.51.100.2", 12}});
  REQUIRE(usage.report.connections.size() == 2);
  CHECK(usage.report.connections[1].first == "2001:db8::1");
  CHECK_FALSE(w::decode(std::string("\x63\0\0\0", 4)));  // an unknown type
}

TEST_CASE("cluster: a customer on one node and the agent on the other see each other's messages in order",
          "[cluster]") {
  // Both ways round: the customer's frames cross Redis to the hub in one run, the agent's in the other.
  const bool customer_on_follower = GENERATE(true, false);
  RedisInstance redis;
  const std::string db = customer_on_follower ? "cluster_two_customer_remote" : "cluster_two_agent_remote";
  LiveServer a(node_config(db, redis, "a"));
  LiveServer b(node_config(db, redis, "b"));
  LiveServer* leader = wait_for_leader({&a, &b});
  REQUIRE(leader);
  LiveServer* follower = leader == &a ? &b : &a;
  const std::string token = a.add_agent("Sara");

  LiveServer& customer_node = customer_on_follower ? *follower : *leader;
  LiveServer& agent_node = customer_on_follower ? *leader : *follower;
  INFO("customer on the " << (customer_on_follower ? "follower" : "leader"));

  auto agent = agent_node.agent();
  auto aw = agent_sign_in(*agent, token);
  CHECK(aw.name == "Sara");
  auto c = customer_node.customer();
  auto w = say_hello(*c);
  c->send(proto::Say{"m1", "My card was declined at checkout", ""});
  REQUIRE(c->wait_for<proto::Ack>());
  c->send(proto::RequestHuman{"button"});
  auto offer = agent->wait_for<proto::Offer>();
  REQUIRE(offer);
  CHECK(offer->conversation == w.conversation);
  CHECK(offer->brief.context.order_id == "A-10293");
  agent->send(proto::Accept{w.conversation});
  REQUIRE(agent->wait_for<proto::Snapshot>());
  REQUIRE(c->wait_event(EventKind::agent_joined));

  for (int i = 0; i < 20; ++i) {
    agent->send(proto::Say{"a" + std::to_string(i), "agent " + std::to_string(i), w.conversation});
    c->send(proto::Say{"c" + std::to_string(i), "customer " + std::to_string(i), ""});
  }
  for (WsClient* who : {c.get(), agent.get()}) {
    REQUIRE(saw(*who, "agent 19"));
    REQUIRE(saw(*who, "customer 19"));
    const auto seqs = message_seqs(*who);
    CHECK(std::is_sorted(seqs.begin(), seqs.end()));
    CHECK(std::adjacent_find(seqs.begin(), seqs.end()) == seqs.end());
    for (int i = 0; i < 20; ++i) {
      CHECK(saw(*who, "agent " + std::to_string(i)));
      CHECK(saw(*who, "customer " + std::to_string(i)));
    }
  }
  // The follower's /healthz has no hub figures to double count; the leader's has the cluster's.
  const auto follower_health = http_get(follower->port, "/healthz").body;
  CHECK(follower_health.find("\"waiting\"") == std::string::npos);
  CHECK(http_get(leader->port, "/healthz").body.find("\"waiting\"") != std::string::npos);
}

TEST_CASE("cluster: the leader stops mid-conversation; the other node takes over and nothing is lost",
          "[cluster]") {
  RedisInstance redis;
  const std::string db = "cluster_takeover";
  auto a = std::make_unique<LiveServer>(node_config(db, redis, "a"));
  auto b = std::make_unique<LiveServer>(node_config(db, redis, "b"));
  LiveServer* leader = wait_for_leader({a.get(), b.get()});
  REQUIRE(leader);
  auto& leader_ptr = leader == a.get() ? a : b;
  auto& survivor = leader == a.get() ? b : a;
  const std::string token = survivor->add_agent("Sara");

  // Everyone on the node that stays: only the hub moves.
  auto agent = survivor->agent();
  agent_sign_in(*agent, token, true, 1);
  ResilientCustomer c(survivor->port);
  REQUIRE(c.connect());
  c.say("m0", "I have a question about my order");
  REQUIRE(c.pump_until([&] { return c.acked.count("m0"); }));
  c.send(proto::RequestHuman{"button"});
  auto offer = agent->wait_for<proto::Offer>();
  REQUIRE(offer);
  agent->send(proto::Accept{c.conversation});
  REQUIRE(agent->wait_for<proto::Snapshot>());
  REQUIRE(c.pump_until([&] { return c.saw([](const Event& e) { return e.kind == EventKind::agent_joined; }); }));

  // A second customer waits in the queue (the only agent is full): their place must survive too.
  ResilientCustomer waiting(survivor->port);
  REQUIRE(waiting.connect());
  waiting.send(proto::RequestHuman{"button"});
  REQUIRE(waiting.pump_until([&] { return waiting.saw([](const Event& e) { return e.kind == EventKind::queue; }); }));

  // 50 messages in flight, then the leader goes.
  for (int i = 1; i <= 50; ++i) c.say("m" + std::to_string(i), "in flight " + std::to_string(i));
  leader_ptr.reset();

  REQUIRE(c.pump_until([&] { return c.unacked.empty() && c.reconnects > 0; }, 30s));
  CHECK(c.welcome.state == State::with_human);
  CHECK(c.welcome.agent_name == "Sara");
  for (const auto& [seq, n] : c.times_seen) {
    INFO("seq " << seq << ": " << c.events[seq].text << " (kind " << static_cast<int>(c.events[seq].kind) << ")");
    CHECK(n == 1);
  }

  auto agent2 = connect_retrying(survivor->port, "/ws/agent");
  REQUIRE(agent2);
  agent2->send(proto::AgentHello{token});
  auto snap = agent2->wait_for<proto::Snapshot>({}, 10s);
  REQUIRE(snap);
  CHECK(snap->conversation == c.conversation);
  agent2->send(proto::Say{"a1", "Still here", c.conversation});
  REQUIRE(c.pump_until([&] { return c.saw([](const Event& e) { return is_text(e, "Still here"); }); }));

  REQUIRE(waiting.pump_until([&] { return waiting.reconnects > 0; }));
  CHECK(waiting.welcome.state == State::waiting_human);
  CHECK(waiting.welcome.queue_position == 1);

  // From the start: every acknowledged message exactly once, at the seq its ack named.
  const auto transcript = c.transcript_from_start(survivor->port);
  REQUIRE(transcript);
  check_acked_once(c, *transcript, [](const std::string& cid) {
    return cid == "m0" ? std::string("I have a question about my order") : "in flight " + cid.substr(1);
  });
  CHECK(c.acked.size() == 51);
}

TEST_CASE("cluster: a Redis restart closes every session; they resume and nothing acknowledged is lost",
          "[cluster]") {
  RedisInstance redis;
  const std::string db = "cluster_redis_restart";
  LiveServer a(node_config(db, redis, "a"));
  LiveServer b(node_config(db, redis, "b"));
  LiveServer* leader = wait_for_leader({&a, &b});
  REQUIRE(leader);
  LiveServer* follower = leader == &a ? &b : &a;

  ResilientCustomer c(follower->port);  // its frames cross Redis
  REQUIRE(c.connect());
  for (int i = 1; i <= 30; ++i) c.say("m" + std::to_string(i), "before " + std::to_string(i));
  REQUIRE(c.pump_until([&] { return c.acked.size() >= 10; }));
  redis.stop();
  std::this_thread::sleep_for(300ms);
  redis.start();
  for (int i = 31; i <= 40; ++i) c.say("m" + std::to_string(i), "after " + std::to_string(i));
  REQUIRE(c.pump_until([&] { return c.unacked.empty(); }, 30s));
  CHECK(c.reconnects > 0);
  for (const auto& [seq, n] : c.times_seen) CHECK(n == 1);

  const auto transcript = c.transcript_from_start(follower->port);
  REQUIRE(transcript);
  const auto copies = customer_copies(*transcript);
  CHECK(copies.size() == 40);
  for (const auto& [text, n] : copies) CHECK(n == 1);
}

TEST_CASE("cluster: a PostgreSQL restart: clients wait, then everything they sent is stored once", "[cluster]") {
  RedisInstance redis;
  const std::string db = "cluster_pg_restart";
  LiveServer a(node_config(db, redis, "a"));
  LiveServer b(node_config(db, redis, "b"));
  LiveServer* leader = wait_for_leader({&a, &b});
  REQUIRE(leader);
  LiveServer* follower = leader == &a ? &b : &a;

  ResilientCustomer c(follower->port);
  REQUIRE(c.connect());
  c.say("m0", "first");
  REQUIRE(c.pump_until([&] { return c.acked.size() == 1; }));
  PgInstance::shared().stop();
  for (int i = 1; i <= 20; ++i) c.say("m" + std::to_string(i), "during " + std::to_string(i));
  c.pump_until([] { return false; }, 1500ms);  // the database is away: nothing new can be acked
  const auto acked_while_down = c.acked.size();
  PgInstance::shared().start();
  REQUIRE(c.pump_until([&] { return c.unacked.empty(); }, 40s));
  CHECK(acked_while_down == 1);
  for (const auto& [seq, n] : c.times_seen) CHECK(n == 1);  // no event it saw was lost and its seq reused

  // The lease may have changed hands while PostgreSQL was away: read back once the cluster settled.
  REQUIRE(wait_for_leader({&a, &b}));
  const auto transcript = c.transcript_from_start(follower->port);
  REQUIRE(transcript);
  const auto copies = customer_copies(*transcript);
  CHECK(copies.size() == 21);
  for (const auto& [text, n] : copies) CHECK(n == 1);
}

TEST_CASE("cluster: per-IP connection and message limits hold across nodes", "[cluster]") {
  RedisInstance redis;
  auto limited = [&](const std::string& name) {
    auto c = node_config("cluster_limits", redis, name);
    c.limits.connections_per_ip = 3;
    c.limits.ip_messages_per_s = 0.2;
    c.limits.ip_burst = 10;
    return c;
  };
  LiveServer a(limited("a"));
  LiveServer b(limited("b"));
  REQUIRE(wait_for_leader({&a, &b}));
  constexpr auto kReported = 1500ms;  // nodes report every 500 ms

  // Two connections on a, one on b: the address's fourth, on b, is refused.
  auto a1 = a.customer();
  auto a2 = a.customer();
  say_hello(*a1);
  say_hello(*a2);
  std::this_thread::sleep_for(kReported);
  auto b1 = b.customer();
  say_hello(*b1);
  auto b2 = b.customer();
  CHECK(b2->wait_error(proto::ErrorCode::too_many_connections));
  CHECK(b2->wait_closed());
  // One closes on a: b hears of it and takes a new one.
  a2->close();
  std::this_thread::sleep_for(kReported);
  auto b3 = b.customer();
  say_hello(*b3);
  CHECK_FALSE(b3->wait_error(proto::ErrorCode::too_many_connections, 300ms));

  // Messages: the address's bucket (10, refilling at one per 5 s) is one across nodes. Four frames
  // went already (the hellos); six more on a leave about nothing for b.
  for (int i = 0; i < 6; ++i) a1->send(proto::Say{"a" + std::to_string(i), "from a " + std::to_string(i), ""});
  for (int i = 0; i < 6; ++i) REQUIRE(a1->wait_for<proto::Ack>([&](const proto::Ack& k) { return k.cid == "a" + std::to_string(i); }));
  std::this_thread::sleep_for(kReported);
  int acked = 0, limited_count = 0;
  for (int i = 0; i < 5; ++i) b1->send(proto::Say{"b" + std::to_string(i), "from b " + std::to_string(i), ""});
  for (int i = 0; i < 5; ++i) {
    auto m = b1->wait_message([](const proto::Message& m) {
      const auto* e = std::get_if<proto::Error>(&m);
      return std::holds_alternative<proto::Ack>(m) || (e && e->code == proto::ErrorCode::rate_limited);
    });
    REQUIRE(m);
    if (std::holds_alternative<proto::Ack>(*m)) ++acked;
    else ++limited_count;
  }
  CHECK(acked <= 1);
  CHECK(limited_count >= 4);
}
