#pragma once
// One HTTP connection: keep-alive requests with body and header limits and a timeout, the routes
// (/healthz, /metrics, the web build, /demo/checkout, /agent), and the upgrade to a WebSocket
// session for /ws/customer and /ws/agent. The header block is read and checked here before Beast
// parses it (431 past the limit, 400 for framing two parsers could disagree on), and each client IP
// may hold limits.http_connections_per_ip of these at once (503 past it).
#include <memory>
#include <optional>
#include <string>

#include "server/net/beast.hpp"
#include "server/net/env.hpp"

namespace duet::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  static constexpr std::size_t kHeaderLimit = 16 * 1024;  // request line and headers: 431 past it
  static constexpr int kRetryAfterS = 5;                  // told to a client over its connection cap

  HttpSession(tcp::socket&& socket, NetEnv& env);
  void run();

 private:
  void do_read();
  void read_header_block();
  void on_header_block(std::size_t length);
  void on_read(error_code ec, std::size_t bytes);
  void upgrade(http::request<http::string_body> req);
  std::string client_ip(const http::request<http::string_body>& req) const;  // behind our proxies: theirs
  void respond(http::response<http::string_body> res);
  void on_write(bool close, error_code ec, std::size_t bytes);
  void do_close();
  void linger();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> res_;
  NetEnv& env_;
  std::string ip_;
  bool loopback_ = false;
  std::unique_ptr<IpSlots::Slot> slot_;
  std::size_t lingered_ = 0;  // bytes dropped after the last response
};

}  // namespace duet::server
