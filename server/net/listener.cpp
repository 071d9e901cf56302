#include "server/net/listener.hpp"

#include <algorithm>
#include <stdexcept>

#include "server/log.hpp"
#include "server/net/http_session.hpp"

namespace duet::server {
namespace {

// The process (or the system) is out of a resource that closing connections gives back.
bool out_of_resources(error_code ec) {
  return ec == net::error::no_descriptors || ec == std::errc::too_many_files_open_in_system ||
         ec == net::error::no_buffer_space || ec == net::error::no_memory;
}

}  // namespace

Listener::Listener(net::io_context& ioc, const std::string& host, unsigned short port, NetEnv& env)
    : ioc_(ioc), acceptor_(net::make_strand(ioc)), retry_(acceptor_.get_executor()), env_(env) {
  error_code ec;
  const auto address = net::ip::make_address(host, ec);
  if (ec) throw std::runtime_error("cannot listen on " + host + ": not an IP address (use e.g. 127.0.0.1 or 0.0.0.0)");
  const tcp::endpoint endpoint{address, port};
  auto fail = [&](const char* what) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + what + ": " + ec.message());
  };
  if (acceptor_.open(endpoint.protocol(), ec); ec) fail("open");
  if (acceptor_.set_option(net::socket_base::reuse_address(true), ec); ec) fail("set_option");
  if (acceptor_.bind(endpoint, ec); ec) fail("bind");
  if (acceptor_.listen(net::socket_base::max_listen_connections, ec); ec) fail("listen");
  port_ = acceptor_.local_endpoint().port();
}

void Listener::run() { do_accept(); }

void Listener::stop() {
  net::post(acceptor_.get_executor(), [self = shared_from_this()] {
    error_code ec;
    self->acceptor_.close(ec);
    self->retry_.cancel();
  });
}

void Listener::do_accept() {
  acceptor_.async_accept(net::make_strand(ioc_), beast::bind_front_handler(&Listener::on_accept, shared_from_this()));
}

void Listener::on_accept(error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (ec) {
    const bool starved = out_of_resources(ec);
    if (starved) backoff_ = std::clamp(backoff_ * 2, kFirstBackoff, kMaxBackoff);
    const auto suppressed = failure_log_.admit();
    if (suppressed && starved)
      log::warn("accept_failed", {{"error", ec.message()},
                                  {"suppressed", *suppressed},
                                  {"retry_in_ms", backoff_.count()},
                                  {"hint", "raise the descriptor limit: ulimit -n, systemd LimitNOFILE (docs/server.md)"}});
    else if (suppressed)
      log::warn("accept_failed", {{"error", ec.message()}, {"suppressed", *suppressed}});
    if (starved) return back_off();
  } else {
    backoff_ = std::chrono::milliseconds{0};
    if (!env_.stopping) {
      // Small frames go out at once: with Nagle's algorithm an event right after an ack would wait
      // for the peer's delayed ACK (up to 40 ms).
      error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      std::make_shared<HttpSession>(std::move(socket), env_)->run();
    }
  }
  do_accept();
}

void Listener::back_off() {
  retry_.expires_after(backoff_);
  retry_.async_wait([self = shared_from_this()](error_code ec) {
    if (ec || !self->acceptor_.is_open()) return;
    self->do_accept();
  });
}

}  // namespace duet::server
