#pragma once
// Web origins (RFC 6454) as the server compares them: only http and https, in canonical form
// "scheme://host[:port]" (lowercase, no default port, no path). The Origin header and every
// configured origin go through canonical_origin, so "HTTPS://Shop.Example:443" and
// "https://shop.example/" and "https://shop.example" are the same, while "ftp://...", a bare
// "host:port", "null" or a URL with a longer path never match anything.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet::server {

// The canonical form, or nullopt with the reason in `why` (for error messages).
std::optional<std::string> canonical_origin(std::string_view origin, std::string* why = nullptr);

// What the server knows for sure to be its own origins when public_origins is not configured:
// http://127.0.0.1:PORT and http://localhost:PORT (the loopback interface answers for every host
// setting), plus http://HOST:PORT when `host` is a specific address or name rather than a wildcard.
std::vector<std::string> default_public_origins(const std::string& host, unsigned short port);

}  // namespace duet::server
