#pragma once
// An agent's reply to a message left offline, for a customer who is not on the page to read it.
#include <string>

#include "model/types.hpp"

namespace duet::server {

struct OfflineReply {
  std::string site, conversation, contact, agent, text;
  TimeMs at = 0;
};

}  // namespace duet::server
