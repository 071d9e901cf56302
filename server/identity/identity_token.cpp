#include "server/identity/identity_token.hpp"

#include <nlohmann/json.hpp>

#include "model/enum_names.hpp"
#include "server/crypto.hpp"

namespace duet::server {

namespace {

constexpr auto kProblemNames = enum_names<IdentityProblem>("malformed", "wrong_algorithm", "bad_signature", "expired",
                                                           "lives_too_long", "missing_subject");

std::optional<nlohmann::json> json_part(std::string_view b64) {
  const auto raw = crypto::from_base64url(b64);
  if (!raw) return std::nullopt;
  auto j = nlohmann::json::parse(*raw, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

std::string string_claim(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::string_view to_string(IdentityProblem p) { return kProblemNames(p); }

Result<VerifiedIdentity, IdentityProblem> verify_identity_token(std::string_view token, std::string_view secret,
                                                                TimeMs now, const IdentityLimits& limits) {
  if (token.empty() || token.size() > limits.max_token_bytes || secret.empty()) return IdentityProblem::malformed;
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return IdentityProblem::malformed;
  const auto header = json_part(token.substr(0, dot1));
  const auto payload = json_part(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!header || !payload) return IdentityProblem::malformed;
  // Only HS256: "none", RS256 with a public key used as an HMAC secret and the like are refused
  // before anything else is looked at.
  if (string_claim(*header, "alg") != "HS256") return IdentityProblem::wrong_algorithm;
  const auto mac = crypto::from_base64url(token.substr(dot2 + 1));
  const std::string expected = crypto::hmac_sha256(secret, token.substr(0, dot2));
  if (!mac || !crypto::equal_constant_time(*mac, expected)) return IdentityProblem::bad_signature;

  const auto exp = payload->find("exp");
  if (exp == payload->end() || !exp->is_number()) return IdentityProblem::malformed;  // a token must expire
  const TimeMs expires = static_cast<TimeMs>(exp->get<double>() * 1000);
  if (expires + limits.leeway_ms < now) return IdentityProblem::expired;
  if (expires - now > limits.max_lifetime_ms + limits.leeway_ms) return IdentityProblem::lives_too_long;
  VerifiedIdentity id{string_claim(*payload, "sub"), string_claim(*payload, "name"), string_claim(*payload, "email"),
                      expires};
  if (id.id.empty()) return IdentityProblem::missing_subject;
  return id;
}

}  // namespace duet::server
