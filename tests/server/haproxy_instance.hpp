#pragma once
// A real load balancer for the cluster tests: HAProxy from Debian's packages on a free loopback port,
// round-robin (non-sticky: any node may take any client) over the given backends, with a health check
// on /healthz every 200 ms so a killed node leaves the rotation at once, and retries elsewhere for a
// connection refused. Stopped when the object goes.
#include <memory>
#include <string>
#include <vector>

#include "child_process.hpp"
#include "temp_dir.hpp"

namespace duet::test {

class HaproxyInstance {
 public:
  explicit HaproxyInstance(const std::vector<unsigned short>& backends);
  ~HaproxyInstance();
  unsigned short port() const { return port_; }

 private:
  TempDir dir_;
  unsigned short port_ = 0;
  std::unique_ptr<Child> process_;
};

}  // namespace duet::test
