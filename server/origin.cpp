#include "server/origin.hpp"

#include <algorithm>
#include <cctype>

namespace duet::server {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool fail(std::string* why, const char* reason) {
  if (why) *why = reason;
  return false;
}

bool host_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_'; }
bool ipv6_char(char c) { return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.'; }

}  // namespace

std::optional<std::string> canonical_origin(std::string_view origin, std::string* why) {
  const auto sep = origin.find("://");
  if (sep == std::string_view::npos) {
    fail(why, "expected scheme://host[:port]");
    return std::nullopt;
  }
  const std::string scheme = lower(origin.substr(0, sep));
  if (scheme != "http" && scheme != "https") {
    fail(why, "only http and https origins are accepted");
    return std::nullopt;
  }
  std::string_view rest = origin.substr(sep + 3);
  if (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);  // the root path: the same origin
  // host: a name, an IPv4 address or a bracketed IPv6 address; then maybe :port; nothing else.
  std::string_view host, port;
  bool has_port = false;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string_view::npos || close == 1) {
      fail(why, "an IPv6 host needs [brackets]");
      return std::nullopt;
    }
    host = rest.substr(0, close + 1);
    for (char c : host.substr(1, host.size() - 2))
      if (!ipv6_char(c)) {
        fail(why, "the IPv6 host has a character it cannot have");
        return std::nullopt;
      }
    rest.remove_prefix(close + 1);
    if (!rest.empty() && rest.front() != ':') {
      fail(why, "an origin has no path, query or user name: scheme://host[:port]");
      return std::nullopt;
    }
    has_port = !rest.empty();
    if (has_port) port = rest.substr(1);
  } else {
    const auto colon = rest.find(':');
    host = rest.substr(0, colon);
    has_port = colon != std::string_view::npos;
    if (has_port) port = rest.substr(colon + 1);
    if (host.empty()) {
      fail(why, "the host is missing");
      return std::nullopt;
    }
    for (char c : host)
      if (!host_char(c)) {
        fail(why, "an origin has no path, query or user name: scheme://host[:port]");
        return std::nullopt;
      }
  }
  std::string out = scheme + "://" + lower(host);
  if (has_port) {
    unsigned long n = 0;
    if (port.empty() || port.size() > 5) {
      fail(why, "the port must be a number from 1 to 65535");
      return std::nullopt;
    }
    for (char c : port) {
      if (!std::isdigit(static_cast<unsigned char>(c))) {
        fail(why, "the port must be a number from 1 to 65535 (and an origin has no path)");
        return std::nullopt;
      }
      n = n * 10 + static_cast<unsigned long>(c - '0');
    }
    if (n == 0 || n > 65535) {
      fail(why, "the port must be a number from 1 to 65535");
      return std::nullopt;
    }
    const bool default_port = (scheme == "http" && n == 80) || (scheme == "https" && n == 443);
    if (!default_port) out += ":" + std::to_string(n);
  }
  return out;
}

std::vector<std::string> default_public_origins(const std::string& host, unsigned short port) {
  const std::string p = std::to_string(port);
  std::vector<std::string> out;
  auto add = [&](const std::string& o) {
    if (auto c = canonical_origin(o))
      if (std::find(out.begin(), out.end(), *c) == out.end()) out.push_back(*c);
  };
  add("http://127.0.0.1:" + p);
  add("http://localhost:" + p);
  const std::string h = lower(host);
  if (h.empty() || h == "0.0.0.0" || h == "::" || h == "[::]") return out;
  add(h.find(':') != std::string::npos && h.front() != '[' ? "http://[" + h + "]:" + p : "http://" + h + ":" + p);
  return out;
}

}  // namespace duet::server
