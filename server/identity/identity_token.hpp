#pragma once
// Who the merchant says the customer is: a JWT signed with HS256 by the merchant's backend with the
// site's secret (docs/embedding.md, "Verified identity"). Only an unexpired token with a correct
// signature over exactly HS256 is believed; everything the page says about the customer without one
// stays "not verified". JWT because every backend language has a library for it, and the claims
// (`sub`, `name`, `email`, `exp`) are the ones merchants already issue.
#include <string>
#include <string_view>

#include "model/result.hpp"
#include "model/types.hpp"

namespace duet::server {

struct VerifiedIdentity {
  std::string id;     // `sub`: the merchant's customer id (required)
  std::string name;   // `name`, may be empty
  std::string email;  // `email`, may be empty
  TimeMs expires = 0;  // `exp`, in ms
};

// Why a token was not believed (logged and counted; never told to the browser in detail).
enum class IdentityProblem { malformed, wrong_algorithm, bad_signature, expired, lives_too_long, missing_subject, count_ };
std::string_view to_string(IdentityProblem p);

struct IdentityLimits {
  std::size_t max_token_bytes = 4096;
  TimeMs max_lifetime_ms = 24LL * 3600 * 1000;  // a token valid for longer than this is refused
  TimeMs leeway_ms = 60'000;                   // clocks of merchant and server may differ this much
};

Result<VerifiedIdentity, IdentityProblem> verify_identity_token(std::string_view token, std::string_view secret,
                                                                TimeMs now, const IdentityLimits& limits = {});

}  // namespace duet::server
