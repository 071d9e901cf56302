#pragma once
// A node's link to Redis (hiredis, blocking, two connections): one subscribed to this node's
// channels, read by its own thread; one that publishes, fed by a queue and pipelined by another
// thread, so no caller waits on Redis. When either connection breaks, `down` runs, both reconnect
// (with backoff), and `up` runs once subscribed again. Pub/sub loses nothing while connected (TCP);
// what was published across a break may be lost, and `down` is how the node learns it must repair
// (cluster_node.cpp: sessions reconnect and resume by seq from PostgreSQL).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "server/config.hpp"

struct redisContext;

namespace duet::server {

class RedisLink {
 public:
  struct Handlers {
    std::function<void(std::string_view channel, std::string_view payload)> message;  // subscriber thread
    std::function<void()> up;    // subscribed (the first time and after every reconnect)
    std::function<void()> down;  // broken: what was published since may be lost
  };
  // Published bytes queued beyond this mean Redis cannot keep up: the link is cut and rebuilt (the
  // sessions resume), instead of the queue growing without bound.
  static constexpr std::size_t kMaxQueuedBytes = 64u << 20;

  RedisLink(HostPort where, std::vector<std::string> channels, Handlers handlers);
  ~RedisLink();  // stop()
  RedisLink(const RedisLink&) = delete;
  RedisLink& operator=(const RedisLink&) = delete;

  void start();
  void stop();
  // In order, from any thread; dropped (and counted) while the link is down.
  void publish(std::string channel, std::string payload);
  bool is_up() const { return up_; }

  struct Counters {
    std::uint64_t published = 0, received = 0, dropped = 0, reconnects = 0;
  };
  Counters counters() const;

 private:
  void subscriber_loop();
  void publisher_loop();
  bool connect_both();
  void disconnect_both();
  void cut();  // from any thread: the subscriber's read fails and the loop rebuilds the link

  const HostPort where_;
  const std::vector<std::string> channels_;
  const Handlers handlers_;

  std::atomic<bool> stopping_{false}, up_{false};
  std::atomic<int> sub_fd_{-1};
  redisContext* sub_ = nullptr;  // the subscriber thread's

  std::mutex pub_mutex_;  // the publishing connection, replaced by the subscriber thread on reconnect
  redisContext* pub_ = nullptr;

  mutable std::mutex queue_mutex_;
  std::condition_variable queue_cv_;
  std::deque<std::pair<std::string, std::string>> queue_;
  std::size_t queued_bytes_ = 0;

  std::atomic<std::uint64_t> published_{0}, received_{0}, dropped_{0}, reconnects_{0};
  std::thread subscriber_, publisher_;
};

}  // namespace duet::server
