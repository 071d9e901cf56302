#include "haproxy_instance.hpp"

#include <signal.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "free_port.hpp"
#include "redis_instance.hpp"

namespace duet::test {

namespace {
constexpr const char* kHaproxy = "/usr/sbin/haproxy";
}

HaproxyInstance::HaproxyInstance(const std::vector<unsigned short>& backends) {
  if (!std::filesystem::exists(kHaproxy))
    throw std::runtime_error("HAProxy is not installed (no /usr/sbin/haproxy): run scripts/setup.sh");
  port_ = free_port();
  const std::string cfg = dir_.path() + "/haproxy.cfg";
  {
    std::ofstream out(cfg);
    // WebSockets are long tunnels; a refused connect is retried on another node (redispatch).
    out << "global\n  maxconn 4000\n"
        << "defaults\n  mode http\n  timeout connect 1s\n  timeout client 60s\n  timeout server 60s\n"
        << "  timeout tunnel 1h\n  retries 3\n  option redispatch\n"
        << "frontend duet\n  bind 127.0.0.1:" << port_ << "\n  default_backend nodes\n"
        << "backend nodes\n  balance roundrobin\n  option httpchk GET /healthz\n  http-check expect status 200\n";
    for (std::size_t i = 0; i < backends.size(); ++i)
      out << "  server n" << i + 1 << " 127.0.0.1:" << backends[i] << " check inter 200 fall 1 rise 1\n";
  }
  process_ = std::make_unique<Child>(kHaproxy, std::vector<std::string>{"-db", "-f", cfg}, dir_.path() + "/haproxy.log");
  if (!wait_listening(port_)) throw std::runtime_error("haproxy did not listen; see " + dir_.path() + "/haproxy.log");
}

HaproxyInstance::~HaproxyInstance() {
  if (process_) {
    ::kill(process_->pid, SIGKILL);
    process_->wait_exit();
  }
}

}  // namespace duet::test
