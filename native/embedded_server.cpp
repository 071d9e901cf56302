// --embedded: duet::server::Server in this process on a free loopback port, with a temporary
// SQLite store (removed on exit), a demo site that accepts native clients and one demo agent.
#include "native/embedded_server.hpp"

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "model/types.hpp"
#include "server/config.hpp"
#include "server/crypto.hpp"
#include "server/server.hpp"
#include "server/store/store.hpp"

namespace duet::native {
namespace {

class InProcessServer final : public EmbeddedServer {
 public:
  InProcessServer(std::filesystem::path dir, std::unique_ptr<server::Server> s, std::string token)
      : dir_(std::move(dir)), server_(std::move(s)), token_(std::move(token)) {}
  ~InProcessServer() override {
    server_->stop(500);
    server_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::string url() const override { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  std::string site() const override { return "demo"; }
  std::string agent_token() const override { return token_; }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<server::Server> server_;
  std::string token_;
};

}  // namespace

std::unique_ptr<EmbeddedServer> EmbeddedServer::start(std::string& error) {
  std::string tmpl = (std::filesystem::temp_directory_path() / "duet-harness-XXXXXX").string();
  if (!mkdtemp(tmpl.data())) {
    error = "cannot create a temporary directory";
    return nullptr;
  }
  std::filesystem::path dir = tmpl;
  try {
    server::Config config;
    config.host = "127.0.0.1";
    config.port = 0;  // any free port
    config.threads = 2;
    config.data_dir = dir.string();
    config.log_level = "warn";
    server::SiteConfig site;
    site.key = "demo";
    site.allow_missing_origin = true;  // the harness is a native client: no Origin header
    site.languages = {"en", "sv", "de"};
    config.sites.push_back(site);
    config.canned = {"Thanks for waiting, I'm looking into it now.", "Could you share your order number?",
                     "I've issued the refund; it shows on your statement in 3-5 business days.",
                     "Is there anything else I can help you with?"};
    auto s = std::make_unique<server::Server>(config);
    const std::string token = server::crypto::base64url(server::crypto::random_bytes(24));
    server::AgentRow agent;
    agent.id = "agent-demo";
    agent.name = "Maja";
    agent.token_hash = server::crypto::token_hash(token);
    agent.languages = {"en", "sv", "de"};
    agent.skills = {"fraud", "dispute"};
    agent.capacity = 3;
    s->store().put_agent(agent);
    s->start();
    return std::make_unique<InProcessServer>(dir, std::move(s), token);
  } catch (const std::exception& e) {
    error = e.what();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    return nullptr;
  }
}

}  // namespace duet::native
