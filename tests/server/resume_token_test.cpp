// Resume tokens (issue 11, item 6): they carry their issue time and expire, every welcome brings a
// fresh one, an operator can revoke one conversation's tokens (kept in the store, across restarts),
// and a token from before issue times is accepted once and replaced. Over real sockets; tokens with
// chosen issue times are minted with the server's own secret from its data dir.
#include <catch2/catch.hpp>

#include <chrono>
#include <sstream>

#include "live_server.hpp"
#include "server/cli.hpp"
#include "server/crypto.hpp"
#include "server/operator_commands.hpp"
#include "server/resume_token.hpp"

using namespace duet;
using namespace duet::test;

namespace {

TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

server::ResumeSigner signer_of(const LiveServer& s) {
  return server::ResumeSigner(server::load_or_create_secret(s.config.data_dir));
}

// A conversation with one stored message; returns its welcome.
proto::Welcome conversation_with_a_message(LiveServer& s) {
  auto c = s.customer();
  auto w = say_hello(*c);
  c->send(proto::Say{"m1", "my order never arrived", ""});
  REQUIRE(c->wait_for<proto::Ack>());
  return w;
}

// hello{resume} on a new connection: the welcome, and the error that came before it (if any).
struct Resumed {
  proto::Welcome welcome;
  std::optional<proto::Error> error;
};
Resumed resume(LiveServer& s, const std::string& token) {
  auto c = s.customer();
  c->send(proto::Hello{"shop", token, 0, "en", {}});
  Resumed r;
  auto m = c->wait_message([](const proto::Message& x) { return std::holds_alternative<proto::Welcome>(x); });
  REQUIRE(m);
  r.welcome = std::get<proto::Welcome>(*m);
  for (const auto& h : c->history())
    if (const auto* e = std::get_if<proto::Error>(&h)) r.error = *e;
  return r;
}

}  // namespace

TEST_CASE("resume tokens: each welcome brings a fresh one; older ones work until they expire", "[auth]") {
  LiveServer s;
  const auto w = conversation_with_a_message(s);
  const auto first = signer_of(s).verify(w.resume, "shop");
  REQUIRE(first);
  CHECK_FALSE(first->legacy);
  CHECK(first->issued > now_ms() - 60'000);

  const auto again = resume(s, w.resume);
  CHECK_FALSE(again.error);
  CHECK(again.welcome.conversation == w.conversation);
  CHECK(again.welcome.resume != w.resume);  // rotated
  CHECK(signer_of(s).verify(again.welcome.resume, "shop")->issued >= first->issued);
  // The old one still opens it (a tab or a lost welcome may hold it), as does the new one.
  CHECK(resume(s, w.resume).welcome.conversation == w.conversation);
  CHECK(resume(s, again.welcome.resume).welcome.conversation == w.conversation);
}

TEST_CASE("resume tokens: one older than limits.resume_token_ttl_hours opens nothing", "[auth]") {
  auto config = loopback_config();
  config.limits.resume_token_ttl_hours = 2;
  LiveServer s(config);
  const auto w = conversation_with_a_message(s);
  const auto signer = signer_of(s);
  const TimeMs hour = 3600'000;

  const auto fresh_enough = resume(s, signer.issue(w.conversation, "shop", now_ms() - hour));
  CHECK_FALSE(fresh_enough.error);
  CHECK(fresh_enough.welcome.conversation == w.conversation);

  const auto expired = resume(s, signer.issue(w.conversation, "shop", now_ms() - 3 * hour));
  REQUIRE(expired.error);  // before: tokens never expired
  CHECK(expired.error->code == proto::ErrorCode::bad_resume_token);
  CHECK(expired.error->message.find("expired") != std::string::npos);
  CHECK(expired.welcome.conversation != w.conversation);
  CHECK(expired.welcome.events.empty());
  // Its issue time is signed: moving it forward breaks the token.
  std::string forged = signer.issue(w.conversation, "shop", now_ms() - 3 * hour);
  const auto dot = forged.rfind('.');
  const auto at = forged.rfind('.', dot - 1);
  forged = forged.substr(0, at + 1) + std::to_string(now_ms()) + forged.substr(dot);
  CHECK(resume(s, forged).error);
}

TEST_CASE("resume tokens: revoke-resume ends one conversation's tokens, also after a restart", "[auth]") {
  LiveServer s;
  const auto w = conversation_with_a_message(s);
  const auto other = conversation_with_a_message(s);
  const auto rotated = resume(s, w.resume).welcome.resume;

  // The operator command, on the data dir of the running server.
  server::CommandLine cl;
  cl.command = "revoke-resume";
  cl.flags["--conversation"] = {w.conversation};
  std::ostringstream out, err;
  REQUIRE(server::revoke_resume_command(s.config, cl, out, err) == 0);
  CHECK(out.str().find(w.conversation) != std::string::npos);

  for (const std::string& token : {w.resume, rotated}) {
    const auto r = resume(s, token);
    REQUIRE(r.error);
    CHECK(r.error->code == proto::ErrorCode::bad_resume_token);
    CHECK(r.error->message.find("revoked") != std::string::npos);
    CHECK(r.welcome.conversation != w.conversation);
  }
  CHECK_FALSE(resume(s, other.resume).error);  // only that conversation
  s.restart();
  CHECK(resume(s, w.resume).error);
  CHECK(resume(s, other.resume).welcome.conversation == other.conversation);

  cl.flags["--conversation"] = {"c_does_not_exist"};
  CHECK(server::revoke_resume_command(s.config, cl, out, err) == 1);
  CHECK(err.str().find("no conversation") != std::string::npos);
}

TEST_CASE("resume tokens: one from before issue times is accepted once and replaced", "[auth]") {
  LiveServer s;
  const auto w = conversation_with_a_message(s);
  // What duet-server minted before: "<conversation>.<HMAC(secret, v1, conversation, site)>".
  const std::string secret = server::load_or_create_secret(s.config.data_dir);
  const std::string legacy =
      w.conversation + "." +
      server::crypto::base64url(server::crypto::hmac_sha256(secret, "duet-resume-v1\n" + w.conversation + "\nshop"));

  const auto once = resume(s, legacy);
  CHECK_FALSE(once.error);
  CHECK(once.welcome.conversation == w.conversation);
  const auto claim = signer_of(s).verify(once.welcome.resume, "shop");
  REQUIRE(claim);
  CHECK_FALSE(claim->legacy);

  const auto twice = resume(s, legacy);
  REQUIRE(twice.error);
  CHECK(twice.error->code == proto::ErrorCode::bad_resume_token);
  CHECK(twice.welcome.conversation != w.conversation);
  CHECK(resume(s, once.welcome.resume).welcome.conversation == w.conversation);  // the replacement works
}
