#pragma once
// Who the client is when the connection comes from this deployment's own load balancer
// (Config::trusted_proxies): the address X-Forwarded-For names. Each proxy appends the address of
// the peer it saw, so the list is read from the right, past our own proxies; what a client wrote into
// the header itself stays on the left and is never believed.
#include <string>
#include <string_view>
#include <vector>

#include "server/ip_range.hpp"

namespace duet::server {

class TrustedProxies {
 public:
  explicit TrustedProxies(const std::vector<std::string>& ranges);  // validated by the config
  bool contains(std::string_view address) const;
  // `peer` when it is not a trusted proxy (or the header is missing or malformed); otherwise the
  // right-most X-Forwarded-For entry that is not a trusted proxy (the left-most, when all are).
  std::string client_of(const std::string& peer, std::string_view forwarded_for) const;

 private:
  std::vector<IpRange> ranges_;
};

}  // namespace duet::server
