#pragma once
// A plain TCP connection to 127.0.0.1 for the tests that must send bytes no HTTP client would
// (malformed headers, idle connections held open), optionally from another loopback address
// (127.0.0.2, ...: another client IP on the same machine). Every read is bounded.
#include <chrono>
#include <string>

namespace duet::test {

class RawSocket {
 public:
  // Throws std::runtime_error when it cannot connect.
  explicit RawSocket(unsigned short port, const std::string& from_ip = {});
  ~RawSocket();
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  void send(const std::string& bytes);
  // Everything until the peer closes or `timeout` passes.
  std::string read_all(std::chrono::milliseconds timeout = std::chrono::seconds(3));
  // True when the peer closed (or reset) the connection within `timeout`; false while it is open.
  bool closed_by_peer(std::chrono::milliseconds timeout);

 private:
  int fd_ = -1;
};

// Sends `request` on a new connection and reads the response until the server closes (or 3 s).
std::string raw_exchange(unsigned short port, const std::string& request);
// "HTTP/1.1 431 Request Header Fields Too Large\r\n..." -> 431; 0 when there is no status line.
int status_of(const std::string& response);

}  // namespace duet::test
