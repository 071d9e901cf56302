// Identity tokens as a merchant's backend makes them (a JWT, HS256, the site's secret): only an
// unexpired, correctly signed HS256 token is believed.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <vector>

#include "server/crypto.hpp"
#include "server/identity/identity_token.hpp"

using namespace duet;
using namespace duet::server;

namespace {

const std::string kSecret = "site-secret-0123456789";
const TimeMs kNow = 1'700'000'000'000;

std::string b64(const std::string& s) { return crypto::base64url(s); }

// What `jsonwebtoken.sign(claims, secret)` in Node or `jwt.encode(claims, secret)` in Python makes.
std::string sign(const nlohmann::json& claims, const std::string& secret = kSecret,
                 const std::string& alg = "HS256") {
  const std::string head = b64(nlohmann::json{{"alg", alg}, {"typ", "JWT"}}.dump()) + "." + b64(claims.dump());
  return head + "." + b64(crypto::hmac_sha256(secret, head));
}

nlohmann::json claims(TimeMs exp_ms = kNow + 3'600'000) {
  return {{"sub", "cus_42"}, {"name", "Åsa Lind"}, {"email", "asa@example.se"}, {"exp", exp_ms / 1000}};
}

IdentityProblem problem_of(const std::string& token, const std::string& secret = kSecret) {
  auto r = verify_identity_token(token, secret, kNow);
  REQUIRE_FALSE(r.ok());
  return r.error();
}

}  // namespace

TEST_CASE("identity: a token signed with the site's secret gives the customer's id, name and email", "[identity]") {
  auto r = verify_identity_token(sign(claims()), kSecret, kNow);
  REQUIRE(r.ok());
  CHECK(r->id == "cus_42");
  CHECK(r->name == "Åsa Lind");
  CHECK(r->email == "asa@example.se");
  CHECK(r->expires == (kNow + 3'600'000) / 1000 * 1000);
}

TEST_CASE("identity: forged, altered, expired or unsigned tokens are refused with a reason", "[identity]") {
  CHECK(problem_of(sign(claims()), "another-site-secret") == IdentityProblem::bad_signature);
  // The payload changed after signing (another customer id): the signature no longer fits.
  std::string t = sign(claims());
  const auto d1 = t.find('.'), d2 = t.rfind('.');
  nlohmann::json other = claims();
  other["sub"] = "cus_1";
  CHECK(problem_of(t.substr(0, d1 + 1) + b64(other.dump()) + t.substr(d2)) == IdentityProblem::bad_signature);
  CHECK(problem_of(sign(claims(kNow - 120'000))) == IdentityProblem::expired);
  CHECK(problem_of(sign(claims(kNow + 30LL * 24 * 3600 * 1000))) == IdentityProblem::lives_too_long);
  // alg "none" with no signature, and another algorithm: refused before the signature is looked at.
  const std::string none = b64(R"({"alg":"none","typ":"JWT"})") + "." + b64(claims().dump()) + ".";
  CHECK(problem_of(none) == IdentityProblem::wrong_algorithm);
  CHECK(problem_of(sign(claims(), kSecret, "HS512")) == IdentityProblem::wrong_algorithm);
  nlohmann::json no_sub = claims();
  no_sub.erase("sub");
  CHECK(problem_of(sign(no_sub)) == IdentityProblem::missing_subject);
  nlohmann::json no_exp = claims();
  no_exp.erase("exp");
  CHECK(problem_of(sign(no_exp)) == IdentityProblem::malformed);
  for (const std::string& bad : std::vector<std::string>{"", "a.b", "a.b.c.d", "!!.??.**", std::string(5000, 'a') + ".b.c"})
    CHECK(problem_of(bad) == IdentityProblem::malformed);
  CHECK(problem_of(sign(claims()), "") == IdentityProblem::malformed);  // a site without a secret verifies nothing
}

TEST_CASE("identity: a little clock difference between merchant and server is allowed", "[identity]") {
  CHECK(verify_identity_token(sign(claims(kNow - 30'000)), kSecret, kNow).ok());
  CHECK(to_string(IdentityProblem::bad_signature) == "bad_signature");
}
