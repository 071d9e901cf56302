#pragma once
// duet-server in-process on 127.0.0.1, port 0, with a temp data dir, plus helpers that speak the
// protocol through WsClient.
#include <memory>
#include <string>

#include "server/config.hpp"
#include "server/server.hpp"
#include "temp_dir.hpp"
#include "ws_client.hpp"

namespace duet::test {

server::Config loopback_config();  // site "shop" (origin https://shop.example, missing origin allowed)

struct LiveServer {
  explicit LiveServer(server::Config c = loopback_config());
  ~LiveServer();
  // A new Server over the same data dir (same secret and store), on a new port.
  void restart();
  std::string add_agent(const std::string& name, std::vector<std::string> languages = {"en"},
                        std::vector<std::string> skills = {});

  std::unique_ptr<WsClient> customer(std::optional<std::string> origin = std::nullopt);
  std::unique_ptr<WsClient> agent();

  TempDir dir;
  server::Config config;
  std::unique_ptr<server::Server> server;
  unsigned short port = 0;
};

// The hello of a customer on the shop's checkout page (order A-10293, 349 SEK).
proto::Hello checkout_hello(const std::string& site = "shop", const std::string& resume = {}, Seq last_seq = 0);
// hello -> welcome (fails the test when no welcome comes).
proto::Welcome say_hello(WsClient& c, const std::string& site = "shop", const std::string& resume = {},
                         Seq last_seq = 0);
// After a welcome with `more`: asks for the rest of the transcript page by page, until a page says
// nothing more follows (fails the test when a page does not come).
void replay_rest(WsClient& c, bool more);
// agent_hello (+ status available) -> agent_welcome.
proto::AgentWelcome agent_sign_in(WsClient& a, const std::string& token, bool available = true, int capacity = 3);
// The customer asks for a person, the (signed-in, available) agent is offered the conversation and
// accepts it: the agent's snapshot (fails the test when the offer or the snapshot does not come).
proto::Snapshot hand_to_agent(WsClient& customer, WsClient& agent, const std::string& conversation);

}  // namespace duet::test
