// Verified identity over real sockets: the merchant's backend signs who the customer is with the
// site's secret; the agent sees it as verified only when the signature holds, and never the token.
#include <catch2/catch.hpp>

#include <chrono>

#include <nlohmann/json.hpp>

#include "live_server.hpp"
#include "server/crypto.hpp"

using namespace duet;
using namespace duet::test;

namespace {

const std::string kSecret = "shop-identity-secret-1234";

std::string b64(const std::string& s) { return server::crypto::base64url(s); }

// What the merchant's backend makes (docs/embedding.md): a JWT, HS256, with the site's secret.
std::string identity_token(const std::string& secret, long long exp_s) {
  const nlohmann::json claims{{"sub", "cus_42"}, {"name", "Åsa Lind"}, {"email", "asa@example.se"}, {"exp", exp_s}};
  const std::string head = b64(R"({"alg":"HS256","typ":"JWT"})") + "." + b64(claims.dump());
  return head + "." + b64(server::crypto::hmac_sha256(secret, head));
}

long long in_an_hour() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count() +
         3600;
}

server::Config config_with_secret() {
  auto c = loopback_config();
  c.sites[0].identity_secret = kSecret;
  return c;
}

// A customer whose page says it is "Mallory" and hands over `token`; the brief the agent gets.
Brief brief_for(LiveServer& s, const std::string& token) {
  const std::string agent_token = s.add_agent("Sara");
  auto a = s.agent();
  agent_sign_in(*a, agent_token);
  auto c = s.customer();
  auto hello = checkout_hello();
  hello.context.customer_id = "cus_1";
  hello.context.customer_name = "Mallory";
  hello.context.identity_token = token;
  c->send(hello);
  auto w = c->wait_for<proto::Welcome>();
  REQUIRE(w);
  const auto snap = hand_to_agent(*c, *a, w->conversation);
  CHECK(snap.brief.context.identity_token.empty());  // never sent on
  return snap.brief;
}

}  // namespace

TEST_CASE("loopback: a customer with a signed identity reaches the agent as verified, with the token's name",
          "[identity]") {
  LiveServer s(config_with_secret());
  const Brief b = brief_for(s, identity_token(kSecret, in_an_hour()));
  CHECK(b.context.identity_verified);
  CHECK(b.context.customer_id == "cus_42");
  CHECK(b.context.customer_name == "Åsa Lind");
  CHECK(b.context.customer_email == "asa@example.se");
  const auto metrics = http_get(s.port, "/metrics").body;
  CHECK(metrics.find("duet_identity_tokens_total{result=\"verified\"} 1") != std::string::npos);
}

TEST_CASE("loopback: a forged or expired identity token leaves what the page said, marked not verified",
          "[identity]") {
  SECTION("signed with another secret") {
    LiveServer s(config_with_secret());
    const Brief b = brief_for(s, identity_token("not-the-shop-secret-000", in_an_hour()));
    CHECK_FALSE(b.context.identity_verified);
    CHECK(b.context.customer_name == "Mallory");
    CHECK(http_get(s.port, "/metrics").body.find("duet_identity_tokens_total{result=\"bad_signature\"} 1") !=
          std::string::npos);
  }
  SECTION("expired an hour ago") {
    LiveServer s(config_with_secret());
    const Brief b = brief_for(s, identity_token(kSecret, in_an_hour() - 7200));
    CHECK_FALSE(b.context.identity_verified);
    CHECK(b.context.customer_id == "cus_1");
  }
  SECTION("a site without a secret verifies nothing") {
    LiveServer s;
    const Brief b = brief_for(s, identity_token(kSecret, in_an_hour()));
    CHECK_FALSE(b.context.identity_verified);
  }
  SECTION("a client that claims to be verified is not believed") {
    LiveServer s(config_with_secret());
    const std::string agent_token = s.add_agent("Sara");
    auto a = s.agent();
    agent_sign_in(*a, agent_token);
    auto c = s.customer();
    auto hello = checkout_hello();
    hello.context.customer_name = "Mallory";
    hello.context.identity_verified = true;
    c->send(hello);
    auto w = c->wait_for<proto::Welcome>();
    REQUIRE(w);
    CHECK_FALSE(hand_to_agent(*c, *a, w->conversation).brief.context.identity_verified);
  }
}
