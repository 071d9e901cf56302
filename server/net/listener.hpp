#pragma once
// Accepts TCP connections on one port; each becomes an HttpSession on its own strand.
#include <memory>
#include <string>

#include "server/net/beast.hpp"
#include "server/net/env.hpp"

namespace duet::server {

class Listener : public std::enable_shared_from_this<Listener> {
 public:
  // Binds and listens; throws std::runtime_error("cannot listen on HOST:PORT: ...") on failure.
  Listener(net::io_context& ioc, const std::string& host, unsigned short port, NetEnv& env);
  unsigned short port() const { return port_; }
  void run();
  void stop();  // stops accepting; open connections are not touched

 private:
  void do_accept();
  void on_accept(error_code ec, tcp::socket socket);

  net::io_context& ioc_;
  tcp::acceptor acceptor_;
  NetEnv& env_;
  unsigned short port_ = 0;
};

}  // namespace duet::server
