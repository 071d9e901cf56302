#include "report.hpp"

#include <fstream>
#include <thread>

#include "common.hpp"

namespace duet::bench {
namespace {

std::string cpu_model() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
  return "unknown";
}

std::string list(const std::vector<double>& v, int decimals) {
  std::string s;
  for (double x : v) s += (s.empty() ? "" : " / ") + fmt(x, decimals);
  return s;
}

// What the tables mean, with this run's figures (a full run only: every row present).
void write_meaning(std::ostream& out, std::vector<ChatRow> rows, std::vector<RushRow> rush,
                   std::vector<FailoverResult> failover, const FailoverLoad& fail_load) {
  if (rows.size() != 4 || rush.size() != 3 || failover.size() != 2) return;
  auto us_per = [](double cpu, long relayed) { return relayed > 0 ? cpu / static_cast<double>(relayed) * 1e6 : 0; };
  ChatResult &lite = rows[0].r, &one = rows[1].r, &three = rows[3].r;
  const double one_cpu = one.node_cpu_total(), three_cpu = three.node_cpu_total();
  out << "**What the numbers mean.** At this load every configuration carries what is offered; what differs is "
         "the cost. Moving the store from SQLite to PostgreSQL (one node, cluster mode) takes the node from "
      << fmt(us_per(lite.node_cpu_total(), lite.relayed)) << " to " << fmt(us_per(one_cpu, one.relayed))
      << " µs of its own CPU per relayed message but adds " << fmt(us_per(one.pg_cpu, one.relayed))
      << " µs in PostgreSQL, and the round trip p50 goes from " << ms(pct(lite.rtt_ms, 0.5)) << " to "
      << ms(pct(one.rtt_ms, 0.5)) << " (a commit to PostgreSQL, fsync on, before every ack). The cross-node cost: "
         "with three nodes, where two thirds of the sessions are on a follower, the nodes together spend "
      << fmt(us_per(three_cpu, three.relayed)) << " µs per relayed message (" << fmt(three_cpu / one_cpu, 1)
      << "× one node's), Redis " << fmt(us_per(three.redis_cpu, three.relayed)) << " µs, and the leader alone "
      << fmt(us_per(three.node_cpu.front(), three.relayed)) << " µs"
      << ": the leader still runs the one hub for every conversation and publishes what it decided to the "
         "followers' channels, so adding nodes spreads the sockets, not the hub's work. Round trip p50 / p99 on three nodes: "
      << ms(pct(three.rtt_ms, 0.5)) << " / " << ms(pct(three.rtt_ms, 0.99)) << ". ";
  RushResult &rl = rush[0].r, &r3 = rush[2].r;
  out << "In the rush, customers on a follower hear their place at p50 " << ms(pct(r3.follower_ms, 0.5))
      << " against " << ms(pct(r3.leader_ms, 0.5)) << " on the leader (one node on SQLite: "
      << ms(pct(rl.heard_ms, 0.5)) << "). ";
  FailoverResult &fl = failover[0], &fc = failover[1];
  out << "A dead leader costs about its lease: the leader renews it every lease_ms/3 and the followers look as "
         "often, so one takes over between about 2/3 and 4/3 of `lease_ms` ("
      << fail_load.lease_ms << ") after the kill; here a new leader was visible after " << ms(pct(fl.leader_ms, 0.5))
      << " and the chat flowed again after " << ms(pct(fl.flowing_ms, 0.5))
      << " (medians), the rest being the other nodes noticing, closing their sessions and the clients' resume. A "
         "dead follower only costs a reconnect and a resume ("
      << ms(pct(fc.flowing_ms, 0.5)) << "). In both, every message was acknowledged and answered, none seen twice"
      << (fl.sent == fl.acked && fl.acked == fl.answered && fc.sent == fc.acked && fc.acked == fc.answered &&
                  fl.duplicates + fc.duplicates == 0
              ? "."
              : " — NOT in this run: see the sent / acked / answered / seen twice column.")
      << "\n";
}

}  // namespace

void write_report(std::ostream& out, const RunInfo& info, const ChatLoad& chat, const std::vector<ChatRow>& rows,
                  const std::vector<RushRow>& rush, const FailoverLoad& fail_load,
                  const std::vector<FailoverResult>& failover) {
  out << "## Cluster (bench/cluster.sh)\n\n"
      << "Run " << info.date << " at `" << info.commit << "`, on " << cpu_model() << " with `nproc` "
      << std::thread::hardware_concurrency() << ", everything on loopback and on these cores: the load generator (one thread), every duet-server node "
         "(Release, one I/O thread each), "
      << info.pg_version << " and " << info.redis_version
      << ", which the script starts in a temp dir (PostgreSQL with its defaults: fsync on, synchronous_commit on). "
         "Every cluster node has `store.kind: postgres` on that one database and `cluster.redis` on that one Redis; "
         "the SQLite row is one node without a `cluster` section.\n\n";

  if (!rows.empty()) {
    out << "**One load, 1 to 3 nodes.** " << fmt(chat.customers) << " customers, each with one of " << chat.agents
        << " agents (capacity " << chat.capacity() << "), each sending a " << chat.size << "-byte message every "
        << fmt(1000 / chat.rate) << " ms (open loop), the agent replying to each at once: " << fmt(chat.offered())
        << " deliveries/s offered. Customers and agents connect straight to the node ports round robin (customer i "
           "to node i mod n, agent j to node j mod n), so on n nodes (n−1)/n of the sessions sit on a follower, "
           "whose frames go through Redis to the leader's hub and back. "
        << fmt(chat.seconds) << " s measured after 1 s of warm-up. *Relayed* counts deliveries (customer → agent "
           "and agent → customer); the round trip is a customer's send to its agent's reply. CPU-seconds are the "
           "processes' user + system time in the measured window; *per node CPU-s* divides the relayed messages by "
           "the nodes' CPU summed, *with PG + Redis* also counts PostgreSQL's (postmaster and backends) and Redis'.\n\n"
        << "| configuration | offered/s | relayed/s | RTT p50 | RTT p99 | CPU-s per node | relayed per node CPU-s | PostgreSQL CPU-s | "
           "Redis CPU-s | relayed per CPU-s with PG + Redis |\n"
        << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (ChatRow row : rows) {
      auto& r = row.r;
      const double nodes_cpu = r.node_cpu_total();
      const double all_cpu = nodes_cpu + r.pg_cpu + r.redis_cpu;
      out << "| " << row.label << " | " << fmt(chat.offered()) << " | " << fmt(r.per_s()) << " | " << ms(pct(r.rtt_ms, 0.5)) << " | "
          << ms(pct(r.rtt_ms, 0.99)) << " | " << list(r.node_cpu, 2) << " | "
          << fmt(nodes_cpu > 0 ? r.relayed / nodes_cpu : 0) << " | " << (row.cluster ? fmt(r.pg_cpu, 2) : "–") << " | "
          << (row.cluster ? fmt(r.redis_cpu, 2) : "–") << " | " << (row.cluster ? fmt(all_cpu > 0 ? r.relayed / all_cpu : 0) : "–")
          << " |\n";
    }
    out << "\nIn every row: customer messages sent / answered over the whole run, error frames, Redis messages "
           "published / received / dropped (all nodes):";
    for (const auto& row : rows)
      out << " " << row.label << ": " << fmt(row.r.sent) << " / " << fmt(row.r.answered) << ", " << row.r.errors << ", "
          << fmt(row.r.published) << " / " << fmt(row.r.received) << " / " << fmt(row.r.dropped) << ";";
    out << "\n\n";
  }

  if (!rush.empty()) {
    const RushLoad& l = rush.back().load;
    out << "**A rush for humans.** " << fmt(l.customers)
        << " customers, connected round robin to the nodes, ask for a person at once; " << l.agents
        << " agents signed in across the nodes take offers up to capacity " << l.capacity
        << ". The time is from sending `request_human` to the customer's first `queue` event (its place), also "
           "split by whether the customer's node leads. Each configuration ran "
        << l.repeats << " times on a fresh cluster; the row is the run with the median p50 (every run's p50 in the "
           "last column). The window runs from the first request to "
        << fmt(l.linger_s) << " s after the last customer heard its place; *offered* counts the offers agents "
           "received in it, *served* the customers who saw `with_human`.\n\n"
        << "| configuration | heard their place | p50 | p99 | max | p50 on the leader / on a follower | offered | served | "
           "window | CPU-s per node | PostgreSQL CPU-s | Redis CPU-s | error frames | p50 of each run |\n"
        << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (RushRow row : rush) {
      auto& r = row.r;
      out << "| " << row.label << " | " << fmt(r.heard) << " of " << fmt(row.load.customers) << " | "
          << ms(pct(r.heard_ms, 0.5)) << " | " << ms(pct(r.heard_ms, 0.99)) << " | " << ms(pct(r.heard_ms, 1.0)) << " | "
          << ms(pct(r.leader_ms, 0.5)) << " / " << (r.follower_ms.empty() ? "–" : ms(pct(r.follower_ms, 0.5))) << " | "
          << r.offered << " | " << r.served << " | " << fmt(r.window_s, 1) << " s | " << list(r.node_cpu, 2) << " | "
          << (row.load.cluster ? fmt(r.pg_cpu, 2) : "–") << " | " << (row.load.cluster ? fmt(r.redis_cpu, 2) : "–")
          << " | " << r.errors << " | " << list(row.p50s, 0) << " ms |\n";
    }
    out << "\n";
  }

  if (!failover.empty()) {
    out << "**Failover on 3 nodes** (`cluster.lease_ms` " << fail_load.lease_ms
        << "). A customer on a follower chats with an agent on the other follower: a message every 200 ms, each "
           "answered at once. Then `kill -9` of the leader (the followers wait out the lease, one takes over and "
           "loads the hub from PostgreSQL, every node closes its sessions with 1012) or of the customer's node (the "
           "customer's socket drops). The clients reconnect like tests/server/resilient_client.cpp: the same node first, "
           "when refused (or answered 503) at once the next one round robin, as a balancer that retries elsewhere, "
           "and a 100 ms pause after all refused; the "
           "customer resumes with its token and last_seq and resends what was not acknowledged; the agent signs "
           "in again and answers, from its snapshot, what it had not answered. Timed from the kill: the next agent "
           "message delivered to the customer, the first answer to a message the customer sent at or after the kill (it "
           "sends one in the same instant, into a socket that may already be dead), and (leader "
           "kills) when a surviving node's /metrics first says it leads (polled every 20 ms). "
        << fail_load.repeats << " trials each; the killed node is started again between trials.\n\n"
        << "| kill -9 of | lease_ms | a new leader: median / max | next agent message: median / max | answer to the "
           "message sent at the kill: median / max | trials (ms, next message) | customer / agent reconnects | sent / acked / "
           "answered / seen twice |\n"
        << "| --- | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n";
    for (FailoverResult r : failover) {
      const std::vector<double> trials = r.next_ms;
      out << "| " << (r.victim == Victim::leader ? "the leader" : "the customer's node (a follower)") << " | "
          << fail_load.lease_ms << " | "
          << (r.leader_ms.empty() ? "–" : ms(pct(r.leader_ms, 0.5)) + " / " + ms(pct(r.leader_ms, 1.0))) << " | "
          << ms(pct(r.next_ms, 0.5)) << " / " << ms(pct(r.next_ms, 1.0)) << " | "
          << ms(pct(r.flowing_ms, 0.5)) << " / " << ms(pct(r.flowing_ms, 1.0)) << " | " << list(trials, 0)
          << (r.failed ? " (" + std::to_string(r.failed) + " without an answer in 20 s)" : "") << " | " << r.reconnects
          << " / " << r.agent_reconnects << " | " << r.sent << " / " << r.acked << " / " << r.answered << " / "
          << r.duplicates << " |\n";
    }
    out << "\n";
  }
  write_meaning(out, rows, rush, failover, fail_load);
}

}  // namespace duet::bench
