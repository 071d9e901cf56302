#pragma once
// Accepts TCP connections on one port; each becomes an HttpSession on its own strand. Out of file
// descriptors (or kernel memory) it waits before the next accept, 50 ms doubling to 1 s, instead of
// retrying at once: a failed accept leaves the connection in the backlog, so an immediate retry
// fails again at once and spins a core and the log.
#include <chrono>
#include <memory>
#include <string>

#include "server/log_throttle.hpp"
#include "server/net/beast.hpp"
#include "server/net/env.hpp"

namespace duet::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  static constexpr std::chrono::milliseconds kFirstBackoff{50};
  static constexpr std::chrono::milliseconds kMaxBackoff{1000};
  static constexpr std::chrono::seconds kLogInterval{10};  // at most one accept_failed line per interval

  // Binds and listens; throws std::runtime_error("cannot listen on HOST:PORT: ...") on failure.
  Listener(net::io_context& ioc, const std::string& host, unsigned short port, NetEnv& env);
  unsigned short port() const { return port_; }
  void run();
  void stop();  // stops accepting; open connections are not touched

 private:
  void do_accept();
  void on_accept(error_code ec, tcp::socket socket);
  void back_off();

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  net::steady_timer retry_;  // on the acceptor's strand
  NetEnv& env_;
  unsigned short port_ = 0;
  std::chrono::milliseconds backoff_{0};  // 0: the last accept worked
  LogThrottle failure_log_{kLogInterval};
};

}  // namespace duet::server
