#include "server/cluster/redis_link.hpp"

#include <hiredis/hiredis.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>

#include "server/log.hpp"

namespace duet::server {
namespace {

// `read_timeout_s` 0: reads block until data or shutdown(2).
redisContext* connect_to(const HostPort& where, long read_timeout_s) {
  timeval tv{1, 0};
  redisContext* c = redisConnectWithTimeout(where.host.c_str(), where.port, tv);
  if (!c) return nullptr;
  if (c->err) {
    redisFree(c);
    return nullptr;
  }
  redisEnableKeepAlive(c);
  timeval rt{read_timeout_s, 0};
  redisSetTimeout(c, rt);
  return c;
}

bool command_ok(redisContext* c, int argc, const char** argv, const std::size_t* len) {
  auto* r = static_cast<redisReply*>(redisCommandArgv(c, argc, argv, len));
  if (!r) return false;
  const bool ok = r->type != REDIS_REPLY_ERROR;
  freeReplyObject(r);
  return ok;
}

}  // namespace

RedisLink::RedisLink(HostPort where, std::vector<std::string> channels, Handlers handlers)
    : where_(std::move(where)), channels_(std::move(channels)), handlers_(std::move(handlers)) {}

RedisLink::~RedisLink() { stop(); }

void RedisLink::start() {
  subscriber_ = std::thread([this] { subscriber_loop(); });
  publisher_ = std::thread([this] { publisher_loop(); });
}

void RedisLink::stop() {
  if (stopping_.exchange(true)) return;
  cut();
  queue_cv_.notify_all();
  if (subscriber_.joinable()) subscriber_.join();
  if (publisher_.joinable()) publisher_.join();
  disconnect_both();
}

void RedisLink::cut() {
  const int fd = sub_fd_.load();
  if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
}

bool RedisLink::connect_both() {
  sub_ = connect_to(where_, 0);  // waits for messages; stop() and cut() end the wait
  if (!sub_) return false;
  std::vector<const char*> argv{"SUBSCRIBE"};
  std::vector<std::size_t> len{9};
  for (const auto& ch : channels_) {
    argv.push_back(ch.c_str());
    len.push_back(ch.size());
  }
  // One reply per channel.
  if (redisAppendCommandArgv(sub_, static_cast<int>(argv.size()), argv.data(), len.data()) != REDIS_OK) return false;
  for (std::size_t i = 0; i < channels_.size(); ++i) {
    void* r = nullptr;
    if (redisGetReply(sub_, &r) != REDIS_OK || !r) return false;
    freeReplyObject(r);
  }
  redisContext* pub = connect_to(where_, 2);  // a Redis that stops answering breaks the link
  if (!pub) return false;
  const char* ping[] = {"PING"};
  const std::size_t ping_len[] = {4};
  if (!command_ok(pub, 1, ping, ping_len)) {
    redisFree(pub);
    return false;
  }
  std::lock_guard lock(pub_mutex_);
  pub_ = pub;
  sub_fd_ = sub_->fd;
  return true;
}

void RedisLink::disconnect_both() {
  {
    std::lock_guard lock(pub_mutex_);
    if (pub_) redisFree(pub_);
    pub_ = nullptr;
  }
  sub_fd_ = -1;
  if (sub_) redisFree(sub_);
  sub_ = nullptr;
}

void RedisLink::subscriber_loop() {
  auto backoff = std::chrono::milliseconds(50);
  bool logged_down = false;
  while (!stopping_) {
    if (!connect_both()) {
      disconnect_both();
      if (!logged_down) log::warn("redis_unreachable", {{"redis", where_.host + ":" + std::to_string(where_.port)}});
      logged_down = true;
      for (auto waited = std::chrono::milliseconds(0); waited < backoff && !stopping_; waited += std::chrono::milliseconds(10))
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      backoff = std::min(backoff * 2, std::chrono::milliseconds(1000));
      continue;
    }
    backoff = std::chrono::milliseconds(50);
    logged_down = false;
    up_ = true;
    log::info("redis_up", {{"redis", where_.host + ":" + std::to_string(where_.port)}});
    if (handlers_.up) handlers_.up();
    while (!stopping_) {
      void* raw = nullptr;
      if (redisGetReply(sub_, &raw) != REDIS_OK || !raw) break;
      auto* r = static_cast<redisReply*>(raw);
      if (r->type == REDIS_REPLY_ARRAY && r->elements == 3 && r->element[0]->type == REDIS_REPLY_STRING &&
          std::string_view(r->element[0]->str, r->element[0]->len) == "message") {
        ++received_;
        handlers_.message(std::string_view(r->element[1]->str, r->element[1]->len),
                          std::string_view(r->element[2]->str, r->element[2]->len));
      }
      freeReplyObject(r);
    }
    up_ = false;
    disconnect_both();
    if (stopping_) break;
    ++reconnects_;
    log::warn("redis_down", {{"redis", where_.host + ":" + std::to_string(where_.port)}});
    if (handlers_.down) handlers_.down();
  }
}

void RedisLink::publish(std::string channel, std::string payload) {
  if (!up_) {
    ++dropped_;
    return;
  }
  bool overflow = false;
  {
    std::lock_guard lock(queue_mutex_);
    if (queued_bytes_ + payload.size() > kMaxQueuedBytes) {
      overflow = true;
    } else {
      queued_bytes_ += channel.size() + payload.size();
      queue_.emplace_back(std::move(channel), std::move(payload));
    }
  }
  if (overflow) {
    ++dropped_;
    log::error("redis_backlog", {{"bytes", kMaxQueuedBytes}, {"effect", "link rebuilt; sessions resume"}});
    return cut();
  }
  queue_cv_.notify_one();
}

void RedisLink::publisher_loop() {
  std::deque<std::pair<std::string, std::string>> batch;
  while (true) {
    {
      std::unique_lock lock(queue_mutex_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping
      batch.swap(queue_);
      queued_bytes_ = 0;
    }
    std::lock_guard lock(pub_mutex_);
    if (!pub_) {
      dropped_ += batch.size();
      batch.clear();
      continue;
    }
    bool broken = false;
    for (const auto& [ch, payload] : batch) {
      const char* argv[] = {"PUBLISH", ch.data(), payload.data()};
      const std::size_t len[] = {7, ch.size(), payload.size()};
      if (redisAppendCommandArgv(pub_, 3, argv, len) != REDIS_OK) broken = true;
    }
    for (std::size_t i = 0; i < batch.size() && !broken; ++i) {
      void* r = nullptr;
      if (redisGetReply(pub_, &r) != REDIS_OK || !r) broken = true;
      if (r) freeReplyObject(r);
    }
    if (broken) {
      dropped_ += batch.size();
      cut();
    } else {
      published_ += batch.size();
    }
    batch.clear();
  }
}

RedisLink::Counters RedisLink::counters() const {
  return Counters{published_.load(), received_.load(), dropped_.load(), reconnects_.load()};
}

}  // namespace duet::server
