#pragma once
// A GET on loopback with a deadline (the nodes' /metrics and /healthz).
#include <chrono>
#include <optional>
#include <string>

namespace duet::bench {

struct HttpReply {
  int status = 0;
  std::string body;
};

std::optional<HttpReply> http_get(unsigned short port, const std::string& target,
                                  std::chrono::milliseconds timeout = std::chrono::seconds(2));

}  // namespace duet::bench
