#pragma once
// A private Redis server for the tests, from Debian's packages: `redis-server` on a free loopback
// port, nothing saved to disk, stopped when the object goes. stop() and start() again on the same
// port are what a Redis restart looks like to the nodes.
#include <memory>
#include <string>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace duet::test {

class RedisInstance {
 public:
  RedisInstance();  // started; throws when redis-server is missing or does not come up
  ~RedisInstance();

  std::string address() const;  // "127.0.0.1:PORT", as cluster.redis takes it
  unsigned short port() const { return port_; }
  void stop();   // SIGKILL: connections are cut, everything held is gone (nothing is saved)
  void start();  // again, on the same port, empty

 private:
  TempDir dir_;
  unsigned short port_ = 0;
  std::unique_ptr<Child> process_;
};

// Waits (bounded) until something accepts TCP connections on 127.0.0.1:port.
bool wait_listening(unsigned short port, int timeout_ms = 10'000);

}  // namespace duet::test
