#pragma once
// Resume tokens: "<conversation id>.<base64url HMAC-SHA256(secret, conversation id, site)>".
// Only the server can mint one, so knowing (or guessing) a conversation id gets nothing, and a token
// for one site does not open a conversation on another.
#include <optional>
#include <string>
#include <string_view>

namespace duet::server {

class ResumeSigner {
 public:
  explicit ResumeSigner(std::string secret) : secret_(std::move(secret)) {}
  std::string issue(std::string_view conversation, std::string_view site) const;
  // The conversation id when the token is genuine and for `site`; nullopt otherwise.
  std::optional<std::string> verify(std::string_view token, std::string_view site) const;

 private:
  std::string mac(std::string_view conversation, std::string_view site) const;
  std::string secret_;
};

// Reads the server secret from DIR/secret, creating it (32 random bytes, mode 0600) on first start.
std::string load_or_create_secret(const std::string& data_dir);

}  // namespace duet::server
