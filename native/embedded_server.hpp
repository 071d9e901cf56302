#pragma once
// `--embedded`: a duet-server inside the harness process on a free 127.0.0.1 port with a temporary
// store, one demo site and one demo agent, so a developer sees a full handoff with one command.
#include <memory>
#include <string>

namespace duet::native {

class EmbeddedServer {
 public:
  virtual ~EmbeddedServer() = default;
  virtual std::string url() const = 0;          // http://127.0.0.1:PORT
  virtual std::string site() const = 0;         // the demo site key
  virtual std::string agent_token() const = 0;  // the demo agent's login token

  // Starts it; nullptr with `error` set when it cannot.
  static std::unique_ptr<EmbeddedServer> start(std::string& error);
};

}  // namespace duet::native
