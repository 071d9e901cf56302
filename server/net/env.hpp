#pragma once
// What every connection needs from the server, passed by reference (the Server outlives them all).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "server/config.hpp"
#include "server/hub_port.hpp"
#include "server/log_throttle.hpp"
#include "server/login_throttle.hpp"
#include "server/metrics.hpp"
#include "server/net/client_address.hpp"
#include "server/net/ip_limits.hpp"
#include "server/net/ip_slots.hpp"
#include "server/net/registry.hpp"
#include "server/net/shared_ip_usage.hpp"
#include "server/net/static_files.hpp"

namespace duet::server {

struct NetEnv {
  NetEnv(const Config& c, HubPort& h, Registry& r, Metrics& m, StaticFiles& f)
      : config(c), hub(h), registry(r), metrics(m), files(f) {}
  const Config& config;
  HubPort& hub;  // the Hub on one node, the ClusterNode in a cluster
  Registry& registry;
  Metrics& metrics;
  StaticFiles& files;
  IpLimits ip_limits{config.limits};  // per client address, across its connections and reconnects
  SharedIpUsage shared_usage;         // and across the nodes of a cluster
  TrustedProxies proxies{config.trusted_proxies};
  // This server's own origins, canonical (Config::public_origins or the defaults for the bound
  // port); set before the listener runs, read-only afterwards.
  std::vector<std::string> public_origins;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::atomic<bool> stopping{false};
  IpSlots http_slots;  // plain HTTP connections per IP (limits.http_connections_per_ip)
  LoginThrottle agent_logins{config.limits.agent_login_failures, static_cast<double>(config.limits.agent_login_window_s)};
  LogThrottle throttled_login_log{std::chrono::seconds(10)};  // one agent_login_throttled line per 10 s
  // The bearer token /metrics asks for (from the variable metrics.token_env names); empty: none.
  std::string metrics_token = token_from_env(config.metrics.token_env);

  bool own_origin(const std::string& canonical) const {
    return std::find(public_origins.begin(), public_origins.end(), canonical) != public_origins.end();
  }
  double now_s() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
  }

 private:
  static std::string token_from_env(const std::string& name) {
    const char* v = name.empty() ? nullptr : std::getenv(name.c_str());
    return v ? v : "";
  }
};

}  // namespace duet::server
