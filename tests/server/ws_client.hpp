#pragma once
// A small WebSocket client for the loopback tests, on Boost.Beast with its own I/O thread. Every
// wait is bounded (5 s by default): a test that waits for a frame that never comes fails, it does
// not hang.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "model/protocol.hpp"

namespace duet::test {

using namespace std::chrono_literals;
constexpr auto kWait = 5s;

class WsClient {
 public:
  // Connects to ws://127.0.0.1:PORT/PATH (with an Origin header and other `headers` when given).
  // Throws on failure.
  WsClient(unsigned short port, const std::string& path, std::optional<std::string> origin = std::nullopt,
           std::map<std::string, std::string> headers = {});
  ~WsClient();
  WsClient(const WsClient&) = delete;
  WsClient& operator=(const WsClient&) = delete;

  void send_text(std::string frame);
  void send_binary(std::string frame);
  void send(const proto::Message& m) { send_text(proto::serialize(m)); }

  // The next frame, or nullopt after `timeout` or when the connection is closed.
  std::optional<std::string> next_frame(std::chrono::milliseconds timeout = kWait);
  // Reads until a message of type T satisfying `pred` arrives; earlier ones go to history().
  template <class T>
  std::optional<T> wait_for(std::function<bool(const T&)> pred = {}, std::chrono::milliseconds timeout = kWait) {
    auto m = wait_message(
        [&](const proto::Message& msg) {
          const T* t = std::get_if<T>(&msg);
          return t && (!pred || pred(*t));
        },
        timeout);
    if (!m) return std::nullopt;
    return std::get<T>(*m);
  }
  std::optional<proto::Message> wait_message(const std::function<bool(const proto::Message&)>& pred,
                                             std::chrono::milliseconds timeout = kWait);
  // An event of `kind` (optionally with more conditions) for this connection.
  std::optional<Event> wait_event(EventKind kind, std::function<bool(const Event&)> pred = {},
                                  std::chrono::milliseconds timeout = kWait);
  std::optional<proto::Error> wait_error(proto::ErrorCode code, std::chrono::milliseconds timeout = kWait);

  // Everything received so far (parsed), in order.
  const std::vector<proto::Message>& history() const { return history_; }
  // Events seen so far (from event frames, welcomes and replays).
  std::vector<Event> events() const;

  bool wait_closed(std::chrono::milliseconds timeout = kWait);
  std::optional<std::uint16_t> close_code() const;
  std::string close_reason() const;

  // Stops reading from the socket (the server's frames pile up in the kernel buffers), and resumes.
  void pause_reading();
  void resume_reading();

  void cut();    // drops the TCP connection without a close frame (a network failure)
  void close();  // a normal close handshake

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::vector<proto::Message> history_;
};

struct HttpResult {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
};
// One HTTP/1.1 request to 127.0.0.1:PORT, bounded by a 5 s timeout. Throws on connection failure.
HttpResult http_get(unsigned short port, const std::string& target,
                    const std::map<std::string, std::string>& headers = {}, const std::string& method = "GET");

std::string gunzip(const std::string& data);

}  // namespace duet::test
