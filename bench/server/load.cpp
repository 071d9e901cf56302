// Load test for duet-server against a bare Beast relay built in the same run (bench/server.sh).
// N customers on loopback each send at a fixed rate (open loop: whether or not the last reply has
// come), M agents serve them (every customer is with an agent, as after a handoff) and reply to each
// message at once. Reports relayed messages (deliveries customer -> agent and agent -> customer) per
// second and per second of server CPU, the round trip (a customer's send to its agent's reply), the
// same with 64 KB messages, and server RSS per idle connection. Every phase has a deadline.
#include <algorithm>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "client.hpp"
#include "process.hpp"

using namespace duet::bench;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

struct Load {
  int customers = 1000;
  int agents = 25;
  double rate = 10;         // messages per second per customer
  std::size_t size = 64;    // bytes of text per message
  double seconds = 5;       // measured, after a second of warm-up
  double offered() const { return 2 * customers * rate; }  // deliveries per second asked for
};

struct Result {
  double seconds = 0, cpu = 0;
  long relayed = 0;
  std::vector<double> rtt_us;
  double per_s() const { return relayed / seconds; }
  double per_cpu_s() const { return cpu > 0 ? relayed / cpu : 0; }
  double pct(double p) {
    if (rtt_us.empty()) return 0;
    std::sort(rtt_us.begin(), rtt_us.end());
    return rtt_us[std::min(rtt_us.size() - 1, static_cast<std::size_t>(p * rtt_us.size()))];
  }
};


// What both targets share: the clients, the sending schedule and the counting.
struct Drive {
  net::io_context ioc;
  std::vector<std::shared_ptr<Client>> customers, agents;
  std::vector<std::deque<Clock::time_point>> waiting;  // per customer: sends awaiting the reply
  bool sending = false, measuring = false;
  Result r;

  void delivered_to_agent() {
    if (measuring) ++r.relayed;
  }
  void delivered_to_customer(std::size_t i) {
    if (waiting[i].empty()) return;
    if (measuring) {
      ++r.relayed;
      r.rtt_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - waiting[i].front()).count());
    }
    waiting[i].pop_front();
  }

  // Every customer sends at `load.rate`, spread evenly over the period; a tick each millisecond
  // sends what is due (at most two per customer, so a stalled generator does not burst).
  Result measure(pid_t server, const Load& load, const std::function<void(std::size_t)>& send) {
    const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / load.rate));
    const auto start = Clock::now();
    std::vector<Clock::time_point> next(customers.size());
    for (std::size_t i = 0; i < next.size(); ++i) next[i] = start + period * static_cast<long>(i) / static_cast<long>(next.size());
    net::steady_timer tick(ioc);
    std::function<void()> on_tick = [&] {
      const auto now = Clock::now();
      for (std::size_t i = 0; i < next.size() && sending; ++i) {
        for (int k = 0; k < 2 && next[i] <= now; ++k) {
          waiting[i].push_back(now);
          send(i);
          next[i] += period;
        }
        if (next[i] <= now) next[i] = now + period;  // behind: skip rather than pile up
      }
      tick.expires_after(1ms);
      tick.async_wait([&](error_code ec) {
        if (!ec && sending) on_tick();
      });
    };
    sending = true;
    on_tick();
    run_for(ioc, 1000ms);  // warm-up
    r = {};
    measuring = true;
    const double cpu0 = cpu_seconds(server);
    const auto t0 = Clock::now();
    run_for(ioc, std::chrono::milliseconds(static_cast<long>(load.seconds * 1000)));
    r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    r.cpu = cpu_seconds(server) - cpu0;
    measuring = false;
    sending = false;
    tick.cancel();
    run_for(ioc, 500ms);  // let the last round trips finish
    for (auto& c : customers) c->close();
    for (auto& c : agents) c->close();
    run_for(ioc, 100ms);
    return r;
  }
};

// ---- duet-server ----

struct DuetServer {
  std::filesystem::path dir;
  std::vector<std::string> tokens;
  std::unique_ptr<Process> process;
  unsigned short port = 0;

  explicit DuetServer(int agents) {
    dir = std::filesystem::temp_directory_path() / ("duet-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "bench.json") << R"({
      "host": "127.0.0.1", "port": 0, "threads": 1, "data": ")" << (dir / "data").string() << R"(", "log_level": "warn",
      "sites": [{"key": "bench"}],
      "routing": {"offer_timeout_s": 3600},
      "limits": {"max_frame_bytes": 131072, "hard_frame_bytes": 262144, "max_text_bytes": 100000,
                 "messages_per_s": 1000000, "burst": 1000000, "ip_messages_per_s": 10000000, "ip_burst": 10000000,
                 "connections_per_ip": 1000000, "http_connections_per_ip": 1000000, "abuse_violations": 1000000,
                 "write_queue_frames": 1000000, "conversation_events": 1000000, "conversation_bytes": 536870912,
                 "write_queue_bytes": 4294967296, "idle_timeout_s": 3600}
    })";
    for (int i = 0; i < agents; ++i) {
      Process add({DUET_SERVER_BINARY, "add-agent", "--config", (dir / "bench.json").string(), "--name",
                   "Bench " + std::to_string(i), "--capacity", "50"});
      const std::string out = add.read_all(10s);
      const auto at = out.find("duet_at_");
      if (at == std::string::npos) throw std::runtime_error("add-agent printed no token: " + out);
      tokens.push_back(out.substr(at, out.find('\n', at) - at));
    }
    process = std::make_unique<Process>(std::vector<std::string>{DUET_SERVER_BINARY, "--config", (dir / "bench.json").string()});
    auto p = process->wait_for(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"), 20s);
    if (!p) throw std::runtime_error("duet-server did not start");
    port = static_cast<unsigned short>(std::stoi(*p));
  }
  ~DuetServer() {
    process.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

std::string say(const std::string& cid, const std::string& text, const std::string& conversation = {}) {
  std::string f = R"({"v":1,"type":"say","cid":")" + cid + R"(","text":")" + text + "\"";
  if (!conversation.empty()) f += R"(,"conversation":")" + conversation + "\"";
  return f + "}";
}

constexpr const char* kHello = R"({"v":1,"type":"hello","site":"bench","locale":"en"})";

Result run_duet(const Load& load) {
  DuetServer server(load.agents);
  Drive d;
  const std::string text(load.size, 'x');
  const int capacity = (load.customers + load.agents - 1) / load.agents;
  const std::string status = R"({"v":1,"type":"status","available":true,"capacity":)" + std::to_string(capacity) + "}";
  long counter = 0;
  int with_human = 0;

  for (int a = 0; a < load.agents; ++a) {
    auto c = std::make_shared<Client>(d.ioc);
    Client* self = c.get();
    c->on_open = [self, token = server.tokens[a]] { self->send(R"({"v":1,"type":"agent_hello","token":")" + token + "\"}"); };
    c->on_frame = [&d, self, &text, &counter, &status](std::string_view f) {
      if (has(f, "\"type\":\"agent_welcome\"")) return self->send(status);
      if (has(f, "\"type\":\"offer\"")) return self->send(R"({"v":1,"type":"accept","conversation":")" + field(f, "conversation") + "\"}");
      if (d.sending && has(f, "\"type\":\"event\"") && has(f, "\"speaker\":\"customer\"") && has(f, "\"kind\":\"message\"")) {
        d.delivered_to_agent();
        self->send(say("a" + std::to_string(++counter), text, field(f, "conversation")));
      }
    };
    c->connect(server.port, "/ws/agent");
    d.agents.push_back(c);
  }
  if (!run_until(d.ioc, [&] { return std::all_of(d.agents.begin(), d.agents.end(), [](auto& c) { return c->open; }); }, 10s))
    throw std::runtime_error("agents did not connect");
  run_for(d.ioc, 200ms);

  d.waiting.resize(static_cast<std::size_t>(load.customers));
  for (int i = 0; i < load.customers; ++i) {
    auto c = std::make_shared<Client>(d.ioc);
    Client* self = c.get();
    c->on_open = [self] { self->send(kHello); };
    c->on_frame = [&d, self, i, &with_human](std::string_view f) {
      if (has(f, "\"type\":\"welcome\"")) return self->send(R"({"v":1,"type":"request_human","reason":"button"})");
      if (has(f, "\"type\":\"event\"") && has(f, "\"state\":\"with_human\"")) {
        ++with_human;
        return;
      }
      if (has(f, "\"type\":\"event\"") && has(f, "\"speaker\":\"agent\"") && has(f, "\"kind\":\"message\""))
        d.delivered_to_customer(static_cast<std::size_t>(i));
    };
    c->connect(server.port, "/ws/customer");
    d.customers.push_back(c);
  }
  if (!run_until(d.ioc, [&] { return with_human == load.customers; }, 120s))
    throw std::runtime_error("only " + std::to_string(with_human) + " of " + std::to_string(load.customers) +
                             " customers reached an agent");
  // The handoffs sent every agent queue updates; they are read before the measured load starts.
  auto last = Clock::now();
  for (auto& a : d.agents) {
    auto previous = a->on_frame;
    a->on_frame = [previous, &last](std::string_view f) {
      last = Clock::now();
      previous(f);
    };
  }
  run_until(d.ioc, [&] { return Clock::now() - last > 300ms; }, 60s);
  return d.measure(server.process->pid(), load, [&](std::size_t i) { d.customers[i]->send(say("c" + std::to_string(++counter), text)); });
}

// ---- the bare Beast relay ----

Result run_bare(const Load& load) {
  Process server({DUET_RELAY_BINARY, "1", std::to_string(load.agents)});
  auto port_s = server.wait_for(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"), 10s);
  if (!port_s) throw std::runtime_error("the relay did not start");
  const auto port = static_cast<unsigned short>(std::stoi(*port_s));
  Drive d;
  const std::string text(load.size, 'x');
  for (int a = 0; a < load.agents; ++a) {
    auto agent = std::make_shared<Client>(d.ioc);
    Client* self = agent.get();
    agent->on_frame = [&d, self, &text](std::string_view f) {
      if (!d.sending) return;
      d.delivered_to_agent();
      self->send(std::string(f.substr(0, f.find('|') + 1)) + text);
    };
    agent->connect(port, "/a/" + std::to_string(a));
    d.agents.push_back(agent);
  }
  d.waiting.resize(static_cast<std::size_t>(load.customers));
  for (int i = 0; i < load.customers; ++i) {
    auto customer = std::make_shared<Client>(d.ioc);
    customer->on_frame = [&d, i](std::string_view) { d.delivered_to_customer(static_cast<std::size_t>(i)); };
    customer->connect(port, "/c/" + std::to_string(i));
    d.customers.push_back(customer);
  }
  auto all_open = [&] {
    return std::all_of(d.customers.begin(), d.customers.end(), [](auto& c) { return c->open; }) &&
           std::all_of(d.agents.begin(), d.agents.end(), [](auto& c) { return c->open; });
  };
  if (!run_until(d.ioc, all_open, 60s)) throw std::runtime_error("relay connections did not open");
  run_for(d.ioc, 300ms);
  return d.measure(server.pid(), load, [&](std::size_t i) { d.customers[i]->send(text); });
}

// ---- a rush for humans ----

struct Rush {
  int customers = 2000;
  int agents = 25;
  int capacity = 2;  // so nearly everyone waits
  double cpu = 0, seconds = 0;
  std::vector<double> answer_us;  // request_human -> the first queue position (or an agent)
};

// Every customer asks for a human within a few milliseconds: each must hear their place at once,
// and the server's work must not grow with the square of the queue.
Rush run_rush(Rush rush) {
  DuetServer server(rush.agents);
  net::io_context ioc;
  std::vector<std::shared_ptr<Client>> agents, customers;
  const std::string status = R"({"v":1,"type":"status","available":true,"capacity":)" + std::to_string(rush.capacity) + "}";
  int agents_ready = 0, welcomed = 0, answered = 0;
  for (int a = 0; a < rush.agents; ++a) {
    auto c = std::make_shared<Client>(ioc);
    Client* self = c.get();
    c->on_open = [self, token = server.tokens[a]] { self->send(R"({"v":1,"type":"agent_hello","token":")" + token + "\"}"); };
    c->on_frame = [self, &status, &agents_ready](std::string_view f) {
      if (has(f, "\"type\":\"agent_welcome\"")) {
        ++agents_ready;
        return self->send(status);
      }
      if (has(f, "\"type\":\"offer\"")) self->send(R"({"v":1,"type":"accept","conversation":")" + field(f, "conversation") + "\"}");
    };
    c->connect(server.port, "/ws/agent");
    agents.push_back(c);
  }
  if (!run_until(ioc, [&] { return agents_ready == rush.agents; }, 20s)) throw std::runtime_error("agents did not sign in");
  std::vector<Clock::time_point> asked(static_cast<std::size_t>(rush.customers));
  std::vector<bool> heard(static_cast<std::size_t>(rush.customers), false);
  for (int i = 0; i < rush.customers; ++i) {
    auto c = std::make_shared<Client>(ioc);
    Client* self = c.get();
    c->on_open = [self] { self->send(kHello); };
    c->on_frame = [&, i](std::string_view f) {
      const auto k = static_cast<std::size_t>(i);
      if (has(f, "\"type\":\"welcome\"")) ++welcomed;
      if (!heard[k] && asked[k] != Clock::time_point{} &&
          (has(f, "\"kind\":\"queue\"") || has(f, "\"state\":\"with_human\""))) {
        heard[k] = true;
        ++answered;
        rush.answer_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - asked[k]).count());
      }
    };
    c->connect(server.port, "/ws/customer");
    customers.push_back(c);
  }
  if (!run_until(ioc, [&] { return welcomed == rush.customers; }, 120s)) throw std::runtime_error("customers did not connect");
  run_for(ioc, 300ms);
  const double cpu0 = cpu_seconds(server.process->pid());
  const auto t0 = Clock::now();
  for (int i = 0; i < rush.customers; ++i) {
    asked[static_cast<std::size_t>(i)] = Clock::now();
    customers[static_cast<std::size_t>(i)]->send(R"({"v":1,"type":"request_human","reason":"button"})");
  }
  if (!run_until(ioc, [&] { return answered == rush.customers; }, 300s))
    throw std::runtime_error("only " + std::to_string(answered) + " customers heard their place");
  rush.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  rush.cpu = cpu_seconds(server.process->pid()) - cpu0;
  for (auto& c : customers) c->close();
  for (auto& c : agents) c->close();
  run_for(ioc, 100ms);
  return rush;
}

// ---- idle connections ----

// Server RSS growth per idle connection (customers that said hello, for duet-server).
double idle_bytes(bool duet, int count) {
  std::unique_ptr<DuetServer> ds;
  std::unique_ptr<Process> relay;
  unsigned short port = 0;
  pid_t pid = 0;
  if (duet) {
    ds = std::make_unique<DuetServer>(0);
    port = ds->port;
    pid = ds->process->pid();
  } else {
    relay = std::make_unique<Process>(std::vector<std::string>{DUET_RELAY_BINARY, "1", "1"});
    auto s = relay->wait_for(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"), 10s);
    if (!s) throw std::runtime_error("the relay did not start");
    port = static_cast<unsigned short>(std::stoi(*s));
    pid = relay->pid();
  }
  net::io_context ioc;
  std::vector<std::shared_ptr<Client>> clients;
  int ready = 0;
  auto open_some = [&](int n) {
    for (int i = 0; i < n; ++i) {
      auto c = std::make_shared<Client>(ioc);
      Client* self = c.get();
      if (duet) {
        c->on_open = [self] { self->send(kHello); };
        c->on_frame = [&ready](std::string_view f) {
          if (has(f, "\"type\":\"welcome\"")) ++ready;
        };
        c->connect(port, "/ws/customer");
      } else {
        c->on_open = [&ready] { ++ready; };
        c->connect(port, "/c/" + std::to_string(clients.size()));
      }
      clients.push_back(c);
    }
  };
  open_some(50);  // warm the allocator and the code paths first
  run_until(ioc, [&] { return ready == 50; }, 20s);
  run_for(ioc, 500ms);
  const long before = rss_kb(pid);
  open_some(count);
  if (!run_until(ioc, [&] { return ready == count + 50; }, 120s))
    throw std::runtime_error("only " + std::to_string(ready) + " idle connections opened");
  run_for(ioc, 1000ms);
  const long after = rss_kb(pid);
  for (auto& c : clients) c->close();
  run_for(ioc, 100ms);
  return static_cast<double>(after - before) * 1024.0 / count;
}

// ---- the report ----

std::string fmt(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (decimals == 0 && s.size() > 3) {  // thousands separators
    for (int i = static_cast<int>(s.size()) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  }
  return s;
}

std::string latency(double us) { return us >= 1000 ? fmt(us / 1000, 2) + " ms" : fmt(us, 0) + " µs"; }

std::string describe(const Load& l) {
  return fmt(l.customers) + " × " + fmt(l.rate, l.rate < 10 ? 1 : 0) + "/s, " + fmt(l.agents) + " agents, " +
         (l.size >= 1024 ? fmt(static_cast<double>(l.size) / 1024) + " KB" : fmt(static_cast<double>(l.size)) + " B");
}

}  // namespace

int main(int argc, char** argv) {
  Load chat, busy, large;
  busy.rate = 20;
  large.customers = 20, large.agents = 2, large.rate = 10, large.size = 64 * 1024;
  int idle = 2000;
  std::string only;  // "idle": just the idle-connection figures (for memory profiling)
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--only") {
      only = argv[i + 1];
      continue;
    }
    const double v = std::stod(argv[i + 1]);
    if (a == "--customers") chat.customers = busy.customers = static_cast<int>(v);
    else if (a == "--agents") chat.agents = busy.agents = static_cast<int>(v);
    else if (a == "--rate") chat.rate = v;
    else if (a == "--busy-rate") busy.rate = v;
    else if (a == "--seconds") chat.seconds = busy.seconds = large.seconds = v;
    else if (a == "--idle") idle = static_cast<int>(v);
    else {
      std::cerr << "unknown option " << a
                << " (--customers N --agents N --rate R --busy-rate R --seconds S --idle N --only idle)\n";
      return 2;
    }
  }
  try {
    if (only == "idle") {
      std::cout << "duet-server: " << fmt(idle_bytes(true, idle) / 1024, 2) << " KB per idle connection\n";
      return 0;
    }
    struct Row {
      const char* server;
      Load load;
      Result r;
    };
    std::vector<Row> rows;
    for (const Load& l : {chat, busy, large}) {
      std::cerr << "duet-server, " << describe(l) << "...\n";
      rows.push_back({"duet-server", l, run_duet(l)});
      std::cerr << "bare relay, " << describe(l) << "...\n";
      rows.push_back({"bare Beast relay", l, run_bare(l)});
    }
    std::cerr << "rush for humans...\n";
    Rush rush = run_rush(Rush{});
    std::sort(rush.answer_us.begin(), rush.answer_us.end());
    auto rush_pct = [&](double q) { return rush.answer_us[std::min(rush.answer_us.size() - 1, static_cast<std::size_t>(q * rush.answer_us.size()))]; };
    std::cerr << "idle connections...\n";
    const double duet_idle = idle_bytes(true, idle);
    const double bare_idle = idle_bytes(false, idle);

    std::cout << "## Server (bench/server.sh)\n\n"
              << "Loopback, Release build, " << std::thread::hardware_concurrency()
              << " hardware threads shared by the load generator and the server; each server runs one I/O thread "
                 "(duet-server also its store writer). Every customer is with an agent and sends at a fixed rate "
                 "(open loop: it does not wait for the reply), its agent replies to each message at once; "
              << fmt(chat.seconds, 0)
              << " s measured after 1 s of warm-up. *Relayed* counts deliveries (customer → agent and agent → customer); "
                 "*offered* is what the schedule asked for; *per CPU-second* divides deliveries by the server process's "
                 "CPU time (user + system, all threads): the per-core figure. The round trip is from a customer's send "
                 "to its agent's reply. duet-server parses every frame, stores every message (SQLite, group commit) "
                 "before it acks and relays it, and sends the sender an ack and its own event; the bare relay only "
                 "forwards frames, one write per frame.\n\n"
              << "| server | load | offered/s | relayed/s | per server CPU-second | RTT p50 | RTT p99 |\n"
              << "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
    for (Row& row : rows)
      std::cout << "| " << row.server << " | " << describe(row.load) << " | " << fmt(row.load.offered()) << " | "
                << fmt(row.r.per_s()) << " | " << fmt(row.r.per_cpu_s()) << " | " << latency(row.r.pct(0.5)) << " | "
                << latency(row.r.pct(0.99)) << " |\n";
    std::cout << "\n**A rush for humans.** " << fmt(rush.customers) << " customers ask for a human at once; " << fmt(rush.agents)
              << " agents with " << rush.capacity << " slots each take " << fmt(rush.agents * rush.capacity)
              << " of them, the rest wait. Every customer heard their place (or their agent) within "
              << latency(rush.answer_us.back()) << " (p50 " << latency(rush_pct(0.5)) << ", p99 " << latency(rush_pct(0.99))
              << "); the server spent " << fmt(rush.cpu, 2) << " CPU-seconds on the whole rush.\n";
    std::cout << "\n| server | RSS per idle connection (" << idle << " connections) |\n| --- | ---: |\n"
              << "| duet-server (customer after hello: socket, session, conversation) | " << fmt(duet_idle / 1024, 1) << " KB |\n"
              << "| bare Beast relay (socket, session) | " << fmt(bare_idle / 1024, 1) << " KB |\n\n";
    const double best = std::max(rows[0].r.per_cpu_s(), rows[2].r.per_cpu_s());
    std::cout << "Overhead: per CPU-second the bare relay moves " << fmt(rows[1].r.per_cpu_s() / rows[0].r.per_cpu_s(), 1)
              << "x as many messages as duet-server at the chat load and "
              << fmt(rows[3].r.per_cpu_s() / rows[2].r.per_cpu_s(), 1) << "x at the busy load. Budgets: >= 100,000 "
              << "relayed messages/s per core: " << (best >= 100000 ? "met" : "not met") << " (" << fmt(best)
              << " at best); <= 3 KB per idle connection: " << (duet_idle <= 3 * 1024 ? "met" : "not met") << " ("
              << fmt(duet_idle / 1024, 1) << " KB).\n";
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
