#include "live_server.hpp"

#include <catch2/catch.hpp>

#include "server/crypto.hpp"
#include "server/log.hpp"
#include "server/store/store.hpp"

namespace duet::test {

server::Config loopback_config() {
  server::Config c;
  c.host = "127.0.0.1";
  c.port = 0;
  c.threads = 2;
  c.tick_ms = 50;
  c.log_level = "warn";
  server::SiteConfig site;
  site.key = "shop";
  site.origins = {"https://shop.example"};
  site.allow_missing_origin = true;
  site.languages = {"en", "sv"};
  c.sites.push_back(site);
  c.assistant.kb_dir = DUET_KB_DIR;
  // Tests send bursts: generous rates unless a test is about them.
  c.limits.messages_per_s = 1000;
  c.limits.burst = 1000;
  c.limits.ip_messages_per_s = 10000;
  c.limits.ip_burst = 10000;
  return c;
}

LiveServer::LiveServer(server::Config c) : config(std::move(c)) {
  config.data_dir = dir.path() + "/data";
  server = std::make_unique<server::Server>(config);
  port = server->start();
}

LiveServer::~LiveServer() { server.reset(); }

void LiveServer::restart() {
  server.reset();
  server = std::make_unique<server::Server>(config);
  port = server->start();
}

std::string LiveServer::add_agent(const std::string& name, std::vector<std::string> languages,
                                  std::vector<std::string> skills) {
  const std::string token = "tok_" + server::crypto::hex(server::crypto::random_bytes(12));
  server::AgentRow row;
  row.id = "a_" + name;
  row.name = name;
  row.token_hash = server::crypto::token_hash(token);
  row.languages = std::move(languages);
  row.skills = std::move(skills);
  server->store().put_agent(row);
  server->store().flush();
  return token;
}

std::unique_ptr<WsClient> LiveServer::customer(std::optional<std::string> origin) {
  return std::make_unique<WsClient>(port, "/ws/customer", std::move(origin));
}

std::unique_ptr<WsClient> LiveServer::agent() { return std::make_unique<WsClient>(port, "/ws/agent"); }

proto::Hello checkout_hello(const std::string& site, const std::string& resume, Seq last_seq) {
  proto::Hello h;
  h.site = site;
  h.resume = resume;
  h.last_seq = last_seq;
  h.locale = "en-US";
  h.context.page = "https://shop.example/checkout";
  h.context.checkout_step = "payment";
  h.context.order_id = "A-10293";
  h.context.currency = "SEK";
  h.context.cart_total = 349;
  return h;
}

proto::Welcome say_hello(WsClient& c, const std::string& site, const std::string& resume, Seq last_seq) {
  c.send(checkout_hello(site, resume, last_seq));
  auto w = c.wait_for<proto::Welcome>();
  REQUIRE(w);
  return *w;
}

void replay_rest(WsClient& c, bool more) {
  for (int pages = 0; more && pages < 1000; ++pages) {
    const auto events = c.events();
    c.send(proto::Replay{events.empty() ? 0 : events.back().seq, {}, {}, false});
    auto page = c.wait_for<proto::Replay>();
    REQUIRE(page);
    more = page->more;
  }
}

proto::AgentWelcome agent_sign_in(WsClient& a, const std::string& token, bool available, int capacity) {
  a.send(proto::AgentHello{token});
  auto w = a.wait_for<proto::AgentWelcome>();
  REQUIRE(w);
  if (available) a.send(proto::Status{true, capacity});
  return *w;
}

proto::Snapshot hand_to_agent(WsClient& customer, WsClient& agent, const std::string& conversation) {
  customer.send(proto::RequestHuman{"button"});
  REQUIRE(agent.wait_for<proto::Offer>());
  agent.send(proto::Accept{conversation});
  auto snap = agent.wait_for<proto::Snapshot>();
  REQUIRE(snap);
  return *snap;
}

}  // namespace duet::test
