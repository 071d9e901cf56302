#pragma once
// duet::Transport on Boost.Beast for the native harness. The socket lives on its own I/O thread;
// every callback reaches the UI thread through the UiQueue, so sessions stay single-threaded.
// Network faults on demand: drop the connection, delay frames, send a frame twice.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include "model/transport.hpp"
#include "native/ui_queue.hpp"

namespace duet::native {

struct TransportEvents {
  std::function<void(TimeMs)> on_open;
  std::function<void(std::string_view, TimeMs)> on_frame;
  std::function<void(TimeMs)> on_closed;
  // Every frame in and out (outgoing = client -> server), for the inspector. On the UI thread.
  std::function<void(bool outgoing, const std::string& frame, bool injected)> tap;
};

class BeastTransport final : public Transport {
 public:
  BeastTransport(UiQueue& ui, TransportEvents events);
  ~BeastTransport() override;
  BeastTransport(const BeastTransport&) = delete;
  BeastTransport& operator=(const BeastTransport&) = delete;

  // Transport (UI thread).
  void open(const std::string& url) override;
  void send(std::string_view frame) override;
  void close() override;

  // Faults (UI thread).
  void drop();                  // cut the TCP connection as a network failure would; on_closed follows
  void set_delay(int ms);       // hold every frame in and out this long (0: off)
  void duplicate_next();        // the next outgoing frame is sent twice
  int delay() const { return delay_ms_.load(); }

 private:
  struct Impl;
  struct Conn;
  UiQueue& ui_;
  TransportEvents events_;
  std::unique_ptr<Impl> impl_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // callbacks check it on the UI thread
  std::uint64_t generation_ = 0;  // UI thread: callbacks of older connections are ignored
  std::atomic<int> delay_ms_{0};
  bool duplicate_next_ = false;
};

// Splits "ws://host:port/path"; false when it is not such a URL.
bool parse_ws_url(const std::string& url, std::string& host, std::string& port, std::string& path);

}  // namespace duet::native
