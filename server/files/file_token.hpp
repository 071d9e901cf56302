#pragma once
// Short-lived tokens for sending and fetching a conversation's files over HTTP:
// "f1.<conversation>.<sender>.<expires, ms>.<base64url HMAC-SHA256>". The hub mints one for a
// customer or an agent who is in the conversation now; the HTTP routes check it without the hub's
// lock or the store: a token for one conversation opens no other, and it stops working when it
// expires (minutes), so one copied out of a log or a screenshot is worth little.
#include <optional>
#include <string>
#include <string_view>

#include "model/types.hpp"

namespace duet::server {

struct FileClaim {
  std::string conversation;
  std::string sender;  // "customer", or the agent's id
  TimeMs expires = 0;
};

class FileTokenSigner {
 public:
  explicit FileTokenSigner(std::string secret) : secret_(std::move(secret)) {}
  std::string issue(const FileClaim& claim) const;
  // What a genuine token that has not expired at `now` says; nullopt for anything else.
  std::optional<FileClaim> verify(std::string_view token, TimeMs now) const;

 private:
  std::string mac(std::string_view body) const;
  std::string secret_;
};

}  // namespace duet::server
