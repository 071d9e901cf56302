// Who the customer is, as far as the hub believes it (docs/embedding.md, "Verified identity").
#include "server/hub.hpp"
#include "server/identity/identity_token.hpp"
#include "server/log.hpp"

namespace duet::server {

// The page's identity fields are kept, as "not verified", unless the site's secret signed a token
// for them; then id, name and email are the token's. The token itself goes no further than here.
Context Hub::checked_context(const std::string& site, Context c) {
  c.identity_verified = false;  // only the server says so
  std::string token = std::move(c.identity_token);
  c.identity_token.clear();
  if (token.empty()) return c;
  const auto it = sites_.find(site);
  const std::string secret = it == sites_.end() ? std::string() : it->second.identity_secret;
  auto identity = verify_identity_token(token, secret, clock_());
  if (!identity) {
    metrics_.identity_rejected(identity.error());
    log::warn("identity_rejected", {{"site", site}, {"cause", std::string(to_string(identity.error()))},
                                    {"secret_set", !secret.empty()}});
    return c;
  }
  metrics_.identity_verified();
  c.customer_id = identity->id;
  c.customer_name = identity->name;
  c.customer_email = identity->email;
  c.identity_verified = true;
  return c;
}

}  // namespace duet::server
