#pragma once
// Resume tokens: "<conversation id>.<issued, ms since the epoch>.<base64url HMAC-SHA256(secret,
// conversation id, site, issued)>". Only the server can mint one, so knowing (or guessing) a
// conversation id gets nothing, a token for one site does not open a conversation on another, and
// the issue time cannot be changed. Whether a genuine token is still good (its age, a revocation)
// is the hub's decision (docs/protocol.md, "Resuming").
//
// Tokens minted before issue times existed ("<conversation id>.<mac>") still verify, as `legacy`:
// the hub accepts one once and rotates it, so no conversation is lost by the upgrade.
#include <optional>
#include <string>
#include <string_view>

#include "model/types.hpp"

namespace duet::server {

struct ResumeClaim {
  std::string conversation;
  TimeMs issued = 0;    // 0 for a legacy token
  bool legacy = false;
};

class ResumeSigner {
 public:
  explicit ResumeSigner(std::string secret) : secret_(std::move(secret)) {}
  std::string issue(std::string_view conversation, std::string_view site, TimeMs issued) const;
  // What the token says when it is genuine and for `site`; nullopt otherwise.
  std::optional<ResumeClaim> verify(std::string_view token, std::string_view site) const;

 private:
  std::string mac_v1(std::string_view conversation, std::string_view site) const;
  std::string mac_v2(std::string_view conversation, std::string_view site, std::string_view issued) const;
  std::string secret_;
};

// Reads the server secret from DIR/secret, creating it (32 random bytes, mode 0600) on first start.
std::string load_or_create_secret(const std::string& data_dir);

}  // namespace duet::server
