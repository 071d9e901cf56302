#include "redis_instance.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include "free_port.hpp"

namespace duet::test {

namespace {
constexpr const char* kRedisServer = "/usr/bin/redis-server";
}

bool wait_listening(unsigned short port, int timeout_ms) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    const int s = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(s);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

RedisInstance::RedisInstance() {
  if (!std::filesystem::exists(kRedisServer))
    throw std::runtime_error("Redis is not installed (no /usr/bin/redis-server): run scripts/setup.sh");
  port_ = free_port();
  start();
}

RedisInstance::~RedisInstance() { stop(); }

std::string RedisInstance::address() const { return "127.0.0.1:" + std::to_string(port_); }

void RedisInstance::start() {
  if (process_) return;
  process_ = std::make_unique<Child>(
      kRedisServer,
      std::vector<std::string>{"--port", std::to_string(port_), "--bind", "127.0.0.1", "--save", "", "--appendonly",
                               "no", "--dir", dir_.path(), "--logfile", dir_.path() + "/redis.log"},
      dir_.path() + "/redis.err");
  if (!wait_listening(port_)) throw std::runtime_error("redis-server did not listen; see " + dir_.path() + "/redis.log");
}

void RedisInstance::stop() {
  if (!process_) return;
  ::kill(process_->pid, SIGKILL);
  process_->wait_exit();
  process_.reset();
}

}  // namespace duet::test
