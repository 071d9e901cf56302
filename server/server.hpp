#pragma once
// The composition root: store, assistant, hub, HTTP/WebSocket listener, thread pool and timers.
// Used by main.cpp and, in-process, by the loopback tests.
#include <memory>
#include <string>

#include "server/config.hpp"

namespace duet::server {

class Hub;
class Metrics;
class Store;

class Server {
 public:
  // Opens the store under config.data_dir, loads the knowledge base and restores the hub.
  // Throws std::runtime_error with a message for operators when that is impossible.
  explicit Server(Config config);
  ~Server();  // stop()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds config.host:config.port (0: any free port) and starts the threads; returns the port.
  unsigned short start();
  // Graceful: stops accepting, tells every client to reconnect (error shutting_down + close 1012),
  // waits up to `drain_ms` for them to go, flushes the store, joins the threads. Idempotent.
  void stop(int drain_ms = 3000);
  // Blocks until stop() was called from another thread or a signal handler.
  void wait();

  unsigned short port() const;
  const Config& config() const;
  Hub& hub();
  Metrics& metrics();
  Store& store();
  std::size_t kb_articles() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace duet::server
