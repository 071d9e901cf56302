#pragma once
// One HTTP connection: keep-alive requests with body and header limits and a timeout, the routes
// (/healthz, /metrics, the web build, /demo/checkout, /agent), and the upgrade to a WebSocket
// session for /ws/customer and /ws/agent.
#include <memory>
#include <optional>

#include "server/net/beast.hpp"
#include "server/net/env.hpp"

namespace duet::server {

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket&& socket, NetEnv& env);
  void run();

 private:
  void do_read();
  void on_read(error_code ec, std::size_t bytes);
  void upgrade(http::request<http::string_body> req);
  void respond(http::response<http::string_body> res);
  void on_write(bool close, error_code ec, std::size_t bytes);
  void do_close();

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> res_;
  NetEnv& env_;
  std::string ip_;
};

// The response for a plain HTTP request (no upgrade). Separate from the session for tests.
http::response<http::string_body> handle_http(const http::request<http::string_body>& req, NetEnv& env);

}  // namespace duet::server
