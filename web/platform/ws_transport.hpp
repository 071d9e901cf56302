#pragma once
// The model's Transport on the browser's WebSocket (emscripten's websocket.h, -lwebsocket.js).
// Text frames only. Reports to the listener functions; nothing after close().
#include <functional>
#include <string>
#include <string_view>

#include "model/transport.hpp"

namespace duet::web {

class WebSocketTransport final : public Transport {
 public:
  std::function<void()> on_open;
  std::function<void(std::string_view)> on_frame;
  std::function<void()> on_closed;

  ~WebSocketTransport() override;
  void open(const std::string& url) override;
  void send(std::string_view frame) override;
  void close() override;
  // The connection is gone (the peer closed it, the network failed, or a test cut it): release the
  // socket and report on_closed once.
  void drop();

 private:
  void release();
  int socket_ = 0;
  std::string buffer_;  // send() needs a terminated string
};

}  // namespace duet::web
