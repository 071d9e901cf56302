#pragma once
// What every connection needs from the server, passed by reference (the Server outlives them all).
#include <atomic>
#include <chrono>

#include "server/config.hpp"
#include "server/hub.hpp"
#include "server/metrics.hpp"
#include "server/net/registry.hpp"
#include "server/net/static_files.hpp"

namespace duet::server {

struct NetEnv {
  NetEnv(const Config& c, Hub& h, Registry& r, Metrics& m, StaticFiles& f)
      : config(c), hub(h), registry(r), metrics(m), files(f) {}
  const Config& config;
  Hub& hub;
  Registry& registry;
  Metrics& metrics;
  StaticFiles& files;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<bool> stopping{false};

  double now_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }
};

}  // namespace duet::server
