#pragma once
// The few cryptographic primitives the server needs, on OpenSSL: SHA-256 for stored agent token
// hashes, HMAC-SHA256 for resume tokens, a CSPRNG for ids, tokens and the server secret, and the
// SHA-1 + base64 of the WebSocket handshake (RFC 6455 4.2.2; not a security use).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace duet::server::crypto {

std::string sha256(std::string_view data);                         // 32 raw bytes
std::string sha1(std::string_view data);                           // 20 raw bytes
std::string hmac_sha256(std::string_view key, std::string_view data);  // 32 raw bytes
std::string random_bytes(std::size_t n);                           // throws if the CSPRNG fails
std::string hex(std::string_view bytes);                           // lower-case
std::string base64url(std::string_view bytes);                     // no padding
std::string base64(std::string_view bytes);                        // RFC 4648 section 4, padded
std::optional<std::string> from_base64url(std::string_view text);
bool equal_constant_time(std::string_view a, std::string_view b);

// What the agents table stores for a login token.
inline std::string token_hash(std::string_view token) { return hex(sha256(token)); }

}  // namespace duet::server::crypto
