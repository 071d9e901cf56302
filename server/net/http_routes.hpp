#pragma once
// The plain HTTP routes (no upgrade): /healthz, /metrics, the web build with its security headers,
// /demo/checkout and /agent. No sockets: a request and who sent it in, a response out.
#include <string>

#include "server/net/beast.hpp"
#include "server/net/env.hpp"

namespace duet::server {

// Who sent a request, as far as the routes care.
struct Client {
  std::string ip;
  bool loopback = false;
};

http::response<http::string_body> handle_http(const http::request<http::string_body>& req, NetEnv& env,
                                              const Client& client = {});

http::response<http::string_body> text_response(const http::request<http::string_body>& req, http::status status,
                                                std::string body, std::string type = "text/plain; charset=utf-8");
// For a request that could not be read: HTTP/1.1, and the connection closes after it.
http::response<http::string_body> error_response(http::status status, std::string body);

}  // namespace duet::server
