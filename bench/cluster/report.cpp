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

}  // namespace

void write_report(std::ostream& out, const RunInfo& info, const ChatLoad& chat, const std::vector<ChatRow>& rows,
                  const RushLoad& rush_load, const std::optional<RushResult>& rush, const FailoverLoad& fail_load,
                  const std::vector<FailoverResult>& failover) {
  out << "## Cluster (bench/cluster.sh)\n\n"
      << "Run " << info.date << " at `" << info.commit << "`, on " << std::thread::hardware_concurrency() << " × "
      << cpu_model() << " (`nproc` " << std::thread::hardware_concurrency()
      << "), everything on loopback and on these cores: the load generator (one thread), every duet-server node "
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
        << "| configuration | relayed/s | RTT p50 | RTT p99 | CPU-s per node | relayed per node CPU-s | PostgreSQL CPU-s | "
           "Redis CPU-s | relayed per CPU-s with PG + Redis |\n"
        << "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n";
    for (ChatRow row : rows) {
      auto& r = row.r;
      const double nodes_cpu = r.node_cpu_total();
      const double all_cpu = nodes_cpu + r.pg_cpu + r.redis_cpu;
      out << "| " << row.label << " | " << fmt(r.per_s()) << " | " << ms(pct(r.rtt_ms, 0.5)) << " | "
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

  if (rush) {
    RushResult r = *rush;
    out << "**A rush for humans on " << rush_load.nodes << " nodes.** " << fmt(rush_load.customers)
        << " customers (connected round robin to the nodes, welcomed in " << fmt(r.connect_s, 1) << " s) ask for a person "
        << "at once; " << rush_load.agents << " agents signed in across the nodes take offers up to capacity "
        << rush_load.capacity << ". Time from sending `request_human` to the customer's first `queue` event (its "
        << "place):\n\n"
        << "| customers | heard their place | p50 | p99 | max | offered | served | window | CPU-s per node | "
           "PostgreSQL CPU-s | Redis CPU-s |\n"
        << "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        << "| " << fmt(rush_load.customers) << " | " << fmt(r.heard) << " | " << ms(pct(r.heard_ms, 0.5)) << " | "
        << ms(pct(r.heard_ms, 0.99)) << " | " << ms(pct(r.heard_ms, 1.0)) << " | " << r.offered << " | " << r.served
        << " | " << fmt(r.window_s, 1) << " s | " << list(r.node_cpu, 2) << " | " << fmt(r.pg_cpu, 2) << " | "
        << fmt(r.redis_cpu, 2) << " |\n\n"
        << "The window runs from the first request to " << fmt(rush_load.linger_s) << " s after the last customer "
        << "heard its place; *offered* counts offers the agents received in it, *served* customers who saw "
        << "`with_human`. Error frames: " << r.errors << ".\n\n";
  }

  if (!failover.empty()) {
    out << "**Failover on 3 nodes** (`cluster.lease_ms` " << fail_load.lease_ms
        << "). A customer on a follower chats with an agent on the other follower: a message every 200 ms, each "
           "answered at once. Then `kill -9` of the leader (the followers wait out the lease, one takes over and "
           "loads the hub from PostgreSQL, every node closes its sessions with 1012) or of the customer's node (the "
           "customer's socket drops). The clients reconnect like tests/server/resilient_client.cpp: a retry every "
           "100 ms, the same node first and then the next one round robin (a balancer without health checks); the "
           "customer resumes with its token and last_seq and resends what was not acknowledged; the agent signs "
           "in again and answers, from its snapshot, what it had not answered. Timed from the kill: the next agent "
           "message delivered to the customer, and the first answer to a message the customer sent after the kill. "
        << fail_load.repeats << " trials each; the killed node is started again between trials.\n\n"
        << "| kill -9 of | lease_ms | next agent message: median / max | first answer to a new message: median / "
           "max | trials (ms, next message) | customer / agent reconnects | sent / acked / answered / seen twice |\n"
        << "| --- | ---: | ---: | ---: | --- | ---: | ---: |\n";
    for (FailoverResult r : failover) {
      const std::vector<double> trials = r.next_ms;
      out << "| " << (r.victim == Victim::leader ? "the leader" : "the customer's node (a follower)") << " | "
          << fail_load.lease_ms << " | " << ms(pct(r.next_ms, 0.5)) << " / " << ms(pct(r.next_ms, 1.0)) << " | "
          << ms(pct(r.flowing_ms, 0.5)) << " / " << ms(pct(r.flowing_ms, 1.0)) << " | " << list(trials, 0)
          << (r.failed ? " (" + std::to_string(r.failed) + " without an answer in 20 s)" : "") << " | " << r.reconnects
          << " / " << r.agent_reconnects << " | " << r.sent << " / " << r.acked << " / " << r.answered << " / "
          << r.duplicates << " |\n";
    }
    out << "\n";
  }
}

}  // namespace duet::bench
