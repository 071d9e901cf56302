// Load test for duet-server against a bare Beast relay built in the same run (bench/server.sh).
// Customers and agents on loopback: each customer sends a message, its agent replies at once, the
// customer sends the next (one round trip in flight per pair). Reports relayed messages per second
// (customer->agent plus agent->customer deliveries), per second of server CPU, round-trip latency,
// the same with 64 KB messages, and server RSS per idle connection. Every phase has a deadline.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <map>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include "process.hpp"
#include "server/net/beast.hpp"

using namespace duet::server;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

class Client : public std::enable_shared_from_this<Client> {
 public:
  explicit Client(net::io_context& ioc) : ws_(ioc) {}
  std::function<void(std::string_view)> on_frame;
  std::function<void()> on_open;

  void connect(unsigned short port, std::string path) {
    beast::get_lowest_layer(ws_).async_connect(
        tcp::endpoint(net::ip::make_address("127.0.0.1"), port),
        [self = shared_from_this(), port, path](error_code ec) {
          if (ec) return self->fail("connect", ec);
          beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true), ec);
          self->ws_.read_message_max(64 << 20);
          self->ws_.async_handshake("127.0.0.1:" + std::to_string(port), path, [self](error_code ec2) {
            if (ec2) return self->fail("handshake", ec2);
            self->open = true;
            if (self->on_open) self->on_open();
            self->read();
          });
        });
  }
  void send(std::string frame) {
    out_.push_back(std::move(frame));
    if (out_.size() == 1) write();
  }
  void close() {
    error_code ec;
    beast::get_lowest_layer(ws_).socket().close(ec);
  }
  bool open = false;
  bool failed = false;

 private:
  void fail(const char* what, error_code ec) {
    if (!failed) std::cerr << "bench client: " << what << ": " << ec.message() << "\n";
    failed = true;
  }
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        self->open = false;
        return;
      }
      const auto data = self->buffer_.cdata();
      if (self->on_frame) self->on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }
  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(out_.front()), [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return self->fail("write", ec);
      self->out_.pop_front();
      if (!self->out_.empty()) self->write();
    });
  }
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> out_;
};

bool has(std::string_view frame, std::string_view s) { return frame.find(s) != std::string_view::npos; }

std::string field(std::string_view frame, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":\"";
  const auto at = frame.find(pattern);
  if (at == std::string_view::npos) return {};
  const auto start = at + pattern.size();
  return std::string(frame.substr(start, frame.find('"', start) - start));
}

// Runs the I/O until `done` or the deadline; false on timeout.
bool run_until(net::io_context& ioc, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > deadline) return false;
    ioc.restart();
    ioc.run_for(5ms);
  }
  return true;
}

void run_for(net::io_context& ioc, std::chrono::milliseconds d) {
  const auto end = Clock::now() + d;
  while (Clock::now() < end) {
    ioc.restart();
    ioc.run_for(5ms);
  }
}

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

// One customer/agent pair's ping-pong, shared by both servers; the protocol is in the callbacks.
struct Pairs {
  net::io_context ioc;
  std::vector<std::shared_ptr<Client>> customers, agents;
  std::vector<Clock::time_point> sent_at;
  bool measuring = false, sending = false;
  Result r;
};

Result measure(Pairs& p, pid_t server, double seconds, const std::function<void(std::size_t)>& send_next) {
  p.sending = true;
  for (std::size_t i = 0; i < p.customers.size(); ++i) send_next(i);
  run_for(p.ioc, 1000ms);  // warm-up
  p.r = {};
  p.measuring = true;
  const double cpu0 = duet::bench::cpu_seconds(server);
  const auto t0 = Clock::now();
  run_for(p.ioc, std::chrono::milliseconds(static_cast<long>(seconds * 1000)));
  p.r.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  p.r.cpu = duet::bench::cpu_seconds(server) - cpu0;
  p.measuring = false;
  p.sending = false;
  run_for(p.ioc, 300ms);  // let the last round trips finish
  return p.r;
}

// ---- duet-server ----

struct DuetServer {
  std::filesystem::path dir;
  std::vector<std::string> tokens;
  std::unique_ptr<duet::bench::Process> process;
  unsigned short port = 0;

  DuetServer(int agents) {
    dir = std::filesystem::temp_directory_path() / ("duet-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "bench.json") << R"({
      "host": "127.0.0.1", "port": 0, "threads": 1, "data": ")" << (dir / "data").string() << R"(", "log_level": "warn",
      "sites": [{"key": "bench"}],
      "routing": {"offer_timeout_s": 3600},
      "limits": {"max_frame_bytes": 131072, "hard_frame_bytes": 262144, "max_text_bytes": 100000,
                 "messages_per_s": 1000000, "burst": 1000000, "ip_messages_per_s": 10000000, "ip_burst": 10000000,
                 "connections_per_ip": 1000000, "abuse_violations": 1000000, "write_queue_frames": 1000000,
                 "write_queue_bytes": 4294967296, "idle_timeout_s": 3600}
    })";
    for (int i = 0; i < agents; ++i) {
      duet::bench::Process add({DUET_SERVER_BINARY, "add-agent", "--config", (dir / "bench.json").string(), "--name",
                                "Bench " + std::to_string(i), "--capacity", "50"});
      const std::string out = add.read_all(10s);
      const auto at = out.find("duet_at_");
      if (at == std::string::npos) throw std::runtime_error("add-agent printed no token: " + out);
      tokens.push_back(out.substr(at, out.find('\n', at) - at));
    }
    process = std::make_unique<duet::bench::Process>(
        std::vector<std::string>{DUET_SERVER_BINARY, "--config", (dir / "bench.json").string()});
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

Result run_duet(int pairs, std::size_t size, double seconds) {
  const int agent_count = (pairs + 39) / 40;
  DuetServer server(agent_count);
  Pairs p;
  const std::string text(size, 'x');
  int with_human = 0;
  long counter = 0;
  std::map<std::string, std::size_t> customer_of;  // conversation -> customer index

  for (int a = 0; a < agent_count; ++a) {
    auto c = std::make_shared<Client>(p.ioc);
    Client* self = c.get();
    c->on_open = [self, token = server.tokens[a]] { self->send(R"({"v":1,"type":"agent_hello","token":")" + token + "\"}"); };
    c->on_frame = [&p, self, &text, &counter](std::string_view f) {
      if (has(f, "\"type\":\"agent_welcome\"")) return self->send(R"({"v":1,"type":"status","available":true,"capacity":50})");
      if (has(f, "\"type\":\"offer\"")) return self->send(R"({"v":1,"type":"accept","conversation":")" + field(f, "conversation") + "\"}");
      if (p.sending && has(f, "\"type\":\"event\"") && has(f, "\"speaker\":\"customer\"") && has(f, "\"kind\":\"message\"")) {
        if (p.measuring) ++p.r.relayed;
        self->send(say("a" + std::to_string(++counter), text, field(f, "conversation")));
      }
    };
    c->connect(server.port, "/ws/agent");
    p.agents.push_back(c);
  }
  run_until(p.ioc, [&] { return std::all_of(p.agents.begin(), p.agents.end(), [](auto& c) { return c->open; }); }, 10s);
  run_for(p.ioc, 200ms);

  p.sent_at.resize(pairs);
  for (int i = 0; i < pairs; ++i) {
    auto c = std::make_shared<Client>(p.ioc);
    Client* self = c.get();
    c->on_open = [self] { self->send(R"({"v":1,"type":"hello","site":"bench","locale":"en"})"); };
    c->on_frame = [&p, self, i, &with_human, &text, &counter](std::string_view f) {
      if (has(f, "\"type\":\"welcome\"")) return self->send(R"({"v":1,"type":"request_human","reason":"button"})");
      if (has(f, "\"type\":\"event\"") && has(f, "\"state\":\"with_human\"")) {
        ++with_human;
        return;
      }
      if (p.sending && has(f, "\"type\":\"event\"") && has(f, "\"speaker\":\"agent\"") && has(f, "\"kind\":\"message\"")) {
        if (p.measuring) {
          ++p.r.relayed;
          p.r.rtt_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - p.sent_at[i]).count());
        }
        p.sent_at[i] = Clock::now();
        self->send(say("c" + std::to_string(++counter), text));
      }
    };
    c->connect(server.port, "/ws/customer");
    p.customers.push_back(c);
  }
  if (!run_until(p.ioc, [&] { return with_human == pairs; }, 60s))
    throw std::runtime_error("only " + std::to_string(with_human) + " of " + std::to_string(pairs) + " customers reached an agent");
  auto r = measure(p, server.process->pid(), seconds, [&](std::size_t i) {
    p.sent_at[i] = Clock::now();
    p.customers[i]->send(say("c" + std::to_string(++counter), text));
  });
  for (auto& c : p.customers) c->close();
  for (auto& c : p.agents) c->close();
  run_for(p.ioc, 100ms);
  return r;
}

// ---- the bare Beast relay ----

Result run_bare(int pairs, std::size_t size, double seconds) {
  duet::bench::Process server({DUET_RELAY_BINARY, "1"});
  auto port_s = server.wait_for(std::regex("listening on http://127\\.0\\.0\\.1:(\\d+)"), 10s);
  if (!port_s) throw std::runtime_error("the relay did not start");
  const auto port = static_cast<unsigned short>(std::stoi(*port_s));
  Pairs p;
  const std::string text(size, 'x');
  p.sent_at.resize(pairs);
  for (int i = 0; i < pairs; ++i) {
    auto agent = std::make_shared<Client>(p.ioc);
    Client* a = agent.get();
    agent->on_frame = [&p, a, &text](std::string_view) {
      if (!p.sending) return;
      if (p.measuring) ++p.r.relayed;
      a->send(text);
    };
    agent->connect(port, "/pair/" + std::to_string(i) + "/a");
    p.agents.push_back(agent);
    auto customer = std::make_shared<Client>(p.ioc);
    Client* c = customer.get();
    customer->on_frame = [&p, c, i, &text](std::string_view) {
      if (!p.sending) return;
      if (p.measuring) {
        ++p.r.relayed;
        p.r.rtt_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - p.sent_at[i]).count());
      }
      p.sent_at[i] = Clock::now();
      c->send(text);
    };
    customer->connect(port, "/pair/" + std::to_string(i) + "/c");
    p.customers.push_back(customer);
  }
  auto all_open = [&] {
    return std::all_of(p.customers.begin(), p.customers.end(), [](auto& c) { return c->open; }) &&
           std::all_of(p.agents.begin(), p.agents.end(), [](auto& c) { return c->open; });
  };
  if (!run_until(p.ioc, all_open, 20s)) throw std::runtime_error("relay connections did not open");
  run_for(p.ioc, 300ms);
  auto r = measure(p, server.pid(), seconds, [&](std::size_t i) {
    p.sent_at[i] = Clock::now();
    p.customers[i]->send(text);
  });
  for (auto& c : p.customers) c->close();
  for (auto& c : p.agents) c->close();
  run_for(p.ioc, 100ms);
  return r;
}

// ---- idle connections ----

// Server RSS growth per idle connection (customers that said hello, for duet-server).
double idle_bytes(bool duet, int count) {
  std::unique_ptr<DuetServer> ds;
  std::unique_ptr<duet::bench::Process> relay;
  unsigned short port = 0;
  pid_t pid = 0;
  if (duet) {
    ds = std::make_unique<DuetServer>(0);
    port = ds->port;
    pid = ds->process->pid();
  } else {
    relay = std::make_unique<duet::bench::Process>(std::vector<std::string>{DUET_RELAY_BINARY, "1"});
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
        c->on_open = [self] { self->send(R"({"v":1,"type":"hello","site":"bench","locale":"en"})"); };
        c->on_frame = [&ready](std::string_view f) {
          if (has(f, "\"type\":\"welcome\"")) ++ready;
        };
        c->connect(port, "/ws/customer");
      } else {
        c->on_open = [&ready] { ++ready; };
        c->connect(port, "/pair/idle" + std::to_string(clients.size()) + "/c");
      }
      clients.push_back(c);
    }
  };
  open_some(50);  // warm the allocator and the code paths first
  run_until(ioc, [&] { return ready == 50; }, 20s);
  run_for(ioc, 500ms);
  const long before = duet::bench::rss_kb(pid);
  open_some(count);
  if (!run_until(ioc, [&] { return ready == count + 50; }, 120s))
    throw std::runtime_error("only " + std::to_string(ready) + " idle connections opened");
  run_for(ioc, 1000ms);
  const long after = duet::bench::rss_kb(pid);
  for (auto& c : clients) c->close();
  run_for(ioc, 100ms);
  return static_cast<double>(after - before) * 1024.0 / count;
}

std::string fmt(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (decimals == 0 && s.size() > 3) {  // thousands separators
    for (int i = static_cast<int>(s.size()) - 3; i > 0; i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  }
  return s;
}

std::string latency(double us) { return us >= 1000 ? fmt(us / 1000, 2) + " ms" : fmt(us, 0) + " µs"; }

}  // namespace

int main(int argc, char** argv) {
  int pairs = 100, large_pairs = 10, idle = 2000;
  double seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i];
    if (a == "--pairs") pairs = std::stoi(argv[i + 1]);
    else if (a == "--seconds") seconds = std::stod(argv[i + 1]);
    else if (a == "--idle") idle = std::stoi(argv[i + 1]);
    else if (a == "--large-pairs") large_pairs = std::stoi(argv[i + 1]);
  }
  try {
    std::cerr << "duet-server, " << pairs << " pairs, 64 B...\n";
    Result duet_small = run_duet(pairs, 64, seconds);
    std::cerr << "bare relay, " << pairs << " pairs, 64 B...\n";
    Result bare_small = run_bare(pairs, 64, seconds);
    std::cerr << "duet-server, " << large_pairs << " pairs, 64 KB...\n";
    Result duet_large = run_duet(large_pairs, 64 * 1024, seconds);
    std::cerr << "bare relay, " << large_pairs << " pairs, 64 KB...\n";
    Result bare_large = run_bare(large_pairs, 64 * 1024, seconds);
    std::cerr << "idle connections...\n";
    const double duet_idle = idle_bytes(true, idle);
    const double bare_idle = idle_bytes(false, idle);

    std::cout << "## Server (bench/server.sh)\n\n"
              << "Loopback, Release build, " << std::thread::hardware_concurrency()
              << " hardware threads shared by the load generator and the server; each server runs one I/O thread "
                 "(duet-server also its store writer). "
              << "Each customer sends a message, its agent replies as soon as it arrives, the customer sends the "
                 "next: one round trip in flight per pair, "
              << fmt(seconds, 0) << " s measured after 1 s of warm-up. *Relayed* counts deliveries "
                 "(customer → agent and agent → customer); *per CPU-second* divides them by the server process's "
                 "CPU time (user + system, all threads), the per-core figure. duet-server stores every message "
                 "(SQLite, group commit) before it acks and relays it, and sends an ack and the event back to the "
                 "sender too (three frames out per message, and twice the bytes of the relay for large messages); "
                 "the bare relay only forwards frames. On loopback the sender's system calls also pay for the "
                 "receiver's TCP processing, which dominates both servers' profiles.\n\n"
              << "| server | messages | pairs | relayed msg/s | per server CPU-second | RTT p50 | RTT p99 |\n"
              << "| --- | --- | ---: | ---: | ---: | ---: | ---: |\n";
    auto row = [](const char* name, const char* size, int n, Result& r) {
      std::cout << "| " << name << " | " << size << " | " << n << " | " << fmt(r.per_s()) << " | " << fmt(r.per_cpu_s())
                << " | " << latency(r.pct(0.5)) << " | " << latency(r.pct(0.99)) << " |\n";
    };
    row("duet-server", "64 B", pairs, duet_small);
    row("bare Beast relay", "64 B", pairs, bare_small);
    row("duet-server", "64 KB", large_pairs, duet_large);
    row("bare Beast relay", "64 KB", large_pairs, bare_large);
    std::cout << "\n| server | RSS per idle connection (" << idle << " connections) |\n| --- | ---: |\n"
              << "| duet-server (customer after hello: socket, session, conversation) | " << fmt(duet_idle / 1024, 1) << " KB |\n"
              << "| bare Beast relay (socket, session) | " << fmt(bare_idle / 1024, 1) << " KB |\n\n";
    const double ratio = duet_small.per_cpu_s() > 0 ? bare_small.per_cpu_s() / duet_small.per_cpu_s() : 0;
    std::cout << "Overhead: the bare relay moves " << fmt(ratio, 1)
              << "x as many messages per CPU-second as duet-server with 64 B messages. Budgets: >= 100,000 relayed "
                 "messages/s per core: "
              << (duet_small.per_cpu_s() >= 100000 ? "met" : "not met") << " (" << fmt(duet_small.per_cpu_s())
              << "); <= 3 KB per idle connection: " << (duet_idle <= 3 * 1024 ? "met" : "not met") << " ("
              << fmt(duet_idle / 1024, 1) << " KB).\n";
  } catch (const std::exception& e) {
    std::cerr << "bench failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
