// Built when this tree has no in-process server library: --embedded explains what to do instead.
#include "native/embedded_server.hpp"

namespace duet::native {

std::unique_ptr<EmbeddedServer> EmbeddedServer::start(std::string& error) {
  error = "this build has no in-process server; start duet-server and pass --server URL --token TOKEN";
  return nullptr;
}

}  // namespace duet::native
