#include "server/llm/url.hpp"

#include <boost/asio/ip/address.hpp>

namespace duet::server::llm {

std::optional<Url> parse_url(const std::string& url) {
  Url u;
  std::string rest;
  if (url.rfind("https://", 0) == 0) u.tls = true, rest = url.substr(8), u.port = "443";
  else if (url.rfind("http://", 0) == 0) rest = url.substr(7), u.port = "80";
  else return std::nullopt;
  if (const auto slash = rest.find('/'); slash != std::string::npos) {
    u.target = rest.substr(slash);
    rest.resize(slash);
  }
  if (rest.find('@') != std::string::npos) return std::nullopt;  // credentials belong in api_key_env
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    u.host = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      u.port = rest.substr(1);
    }
  } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
    u.port = rest.substr(colon + 1);
    u.host = rest.substr(0, colon);
  } else {
    u.host = rest;
  }
  if (u.host.empty() || u.port.empty() || u.port.size() > 5) return std::nullopt;
  for (char c : u.port)
    if (c < '0' || c > '9') return std::nullopt;
  if (std::stoi(u.port) < 1 || std::stoi(u.port) > 65535) return std::nullopt;
  return u;
}

std::string Url::host_header() const {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  const bool default_port = (tls && port == "443") || (!tls && port == "80");
  return default_port ? h : h + ":" + port;
}

bool Url::host_is_ip() const {
  boost::system::error_code ec;
  boost::asio::ip::make_address(host, ec);
  return !ec;
}

}  // namespace duet::server::llm
