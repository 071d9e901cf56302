// The tokens that open a conversation's files over HTTP: bound to one conversation and sender,
// short-lived, and worthless when forged or edited.
#include <catch2/catch.hpp>

#include "server/files/file_token.hpp"

using namespace duet::server;

TEST_CASE("files: a file token opens its own conversation until it expires", "[files]") {
  const FileTokenSigner signer("a secret of the server");
  const std::string token = signer.issue({"c_abc", "customer", 10'000});
  auto claim = signer.verify(token, 9'999);
  REQUIRE(claim);
  CHECK(claim->conversation == "c_abc");
  CHECK(claim->sender == "customer");
  CHECK(claim->expires == 10'000);
  CHECK_FALSE(signer.verify(token, 10'000));  // expired
  auto agent = signer.verify(signer.issue({"c_abc", "a_sara", 10'000}), 0);
  REQUIRE(agent);
  CHECK(agent->sender == "a_sara");
}

TEST_CASE("files: a forged, edited or foreign file token opens nothing", "[files]") {
  const FileTokenSigner signer("a secret of the server");
  const std::string token = signer.issue({"c_abc", "customer", 10'000});
  CHECK_FALSE(FileTokenSigner("another server's secret").verify(token, 0));
  std::string other = token;
  other.replace(other.find("c_abc"), 5, "c_xyz");  // another conversation, same MAC
  CHECK_FALSE(signer.verify(other, 0));
  std::string later = token;
  later.replace(later.find("10000"), 5, "99999");  // a longer life
  CHECK_FALSE(signer.verify(later, 0));
  CHECK_FALSE(signer.verify("", 0));
  CHECK_FALSE(signer.verify("f1.c_abc.customer.10000.", 0));
  CHECK_FALSE(signer.verify("f1.c.a.b.customer.10000." + token.substr(token.rfind('.') + 1), 0));
  CHECK_FALSE(signer.verify(std::string(600, 'f'), 0));
  CHECK_FALSE(signer.verify(signer.issue({"c.x", "customer", 10'000}), 0));  // a '.' in an id never verifies
}
