#pragma once
// The endpoint's address, split into what a connection needs: scheme, host, port and request target.
#include <optional>
#include <string>

namespace duet::server::llm {

struct Url {
  bool tls = false;        // https://
  std::string host;        // without brackets for IPv6 literals
  std::string port;        // "443" / "80" when the URL names none
  std::string target = "/";
  // The Host header: the port only when it is not the scheme's default.
  std::string host_header() const;
  bool host_is_ip() const;
};

// Accepts http://host[:port][/path] and https://host[:port][/path] (host may be [IPv6]).
std::optional<Url> parse_url(const std::string& url);

}  // namespace duet::server::llm
