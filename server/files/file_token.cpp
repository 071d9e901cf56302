#include "server/files/file_token.hpp"

#include <cctype>
#include <vector>

#include "server/crypto.hpp"

namespace duet::server {

namespace {
constexpr std::string_view kPrefix = "f1";
constexpr std::size_t kMaxToken = 512;

// Ids are [A-Za-z0-9_-]: a '.' would make the token ambiguous.
bool plain(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> parts;
  for (std::size_t at = 0;;) {
    const auto next = s.find(sep, at);
    parts.push_back(s.substr(at, next == std::string_view::npos ? std::string_view::npos : next - at));
    if (next == std::string_view::npos) return parts;
    at = next + 1;
  }
}
}  // namespace

std::string FileTokenSigner::mac(std::string_view body) const {
  return crypto::base64url(crypto::hmac_sha256(secret_, std::string("duet-files-v1\n") + std::string(body)));
}

std::string FileTokenSigner::issue(const FileClaim& claim) const {
  const std::string body = std::string(kPrefix) + "." + claim.conversation + "." + claim.sender + "." +
                           std::to_string(claim.expires);
  return body + "." + mac(body);
}

std::optional<FileClaim> FileTokenSigner::verify(std::string_view token, TimeMs now) const {
  if (token.size() > kMaxToken) return std::nullopt;
  const auto parts = split(token, '.');
  if (parts.size() != 5 || parts[0] != kPrefix || !plain(parts[1]) || !plain(parts[2])) return std::nullopt;
  const std::string_view at = parts[3];
  if (at.empty() || at.size() > 15) return std::nullopt;
  TimeMs expires = 0;
  for (char c : at) {
    if (c < '0' || c > '9') return std::nullopt;
    expires = expires * 10 + (c - '0');
  }
  const std::string_view body = token.substr(0, token.size() - parts[4].size() - 1);
  if (!crypto::equal_constant_time(parts[4], mac(body))) return std::nullopt;
  if (now >= expires) return std::nullopt;
  return FileClaim{std::string(parts[1]), std::string(parts[2]), expires};
}

}  // namespace duet::server
