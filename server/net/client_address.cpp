#include "server/net/client_address.hpp"

namespace duet::server {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "203.0.113.7", "203.0.113.7:5123", "[2001:db8::1]:443" or "2001:db8::1" -> the address alone.
std::string_view address_part(std::string_view entry) {
  if (!entry.empty() && entry.front() == '[') {
    const auto close = entry.find(']');
    return close == std::string_view::npos ? std::string_view{} : entry.substr(1, close - 1);
  }
  if (entry.find(':') != entry.rfind(':')) return entry;  // IPv6 without a port
  return entry.substr(0, entry.find(':'));
}

}  // namespace

TrustedProxies::TrustedProxies(const std::vector<std::string>& ranges) {
  for (const auto& r : ranges)
    if (auto range = IpRange::parse(r)) ranges_.push_back(*range);
}

bool TrustedProxies::contains(std::string_view address) const {
  for (const auto& r : ranges_)
    if (r.contains(address)) return true;
  return false;
}

std::string TrustedProxies::client_of(const std::string& peer, std::string_view forwarded_for) const {
  if (ranges_.empty() || forwarded_for.empty() || !contains(peer)) return peer;
  std::string_view rest = forwarded_for, client;
  while (!rest.empty()) {
    const auto comma = rest.rfind(',');
    const auto entry = trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(0, comma);
    const auto address = address_part(entry);
    if (!parse_address(address)) return peer;  // not written by a proxy of ours: nothing in it is believed
    client = address;
    if (!contains(address)) break;
  }
  return client.empty() ? peer : std::string(client);
}

}  // namespace duet::server
