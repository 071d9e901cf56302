#pragma once
// A WebSocket client for the load generator: Boost.Beast, one per simulated customer or agent, all
// on one io_context. Frames arrive through `on_frame`; sends are queued and written one at a time.
#include <chrono>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "server/net/beast.hpp"

namespace duet::bench {

using namespace duet::server;

class Client : public std::enable_shared_from_this<Client> {
 public:
  explicit Client(net::io_context& ioc) : ws_(ioc) {}
  std::function<void(std::string_view)> on_frame;
  std::function<void()> on_open;

  void connect(unsigned short port, std::string path);
  void send(std::string frame);
  void close();
  bool open = false;
  bool failed = false;

 private:
  void fail(const char* what, error_code ec);
  void read();
  void write();

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::deque<std::string> out_;
};

// Frames are matched by substring: the load generator must cost little next to the server.
inline bool has(std::string_view frame, std::string_view s) { return frame.find(s) != std::string_view::npos; }
// The value of a string field `"key":"value"` (no escapes in the values the benchmark uses).
std::string field(std::string_view frame, std::string_view key);

// Runs the I/O until `done` or the deadline; false on timeout. Every phase of every benchmark is
// bounded by one of these.
inline bool run_until(net::io_context& ioc, const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    ioc.restart();
    ioc.run_for(std::chrono::milliseconds(5));
  }
  return true;
}

inline void run_for(net::io_context& ioc, std::chrono::milliseconds d) {
  run_until(ioc, [] { return false; }, d);
}

}  // namespace duet::bench
