#pragma once
// What the network layer tells the hub about its sessions, and asks of it. On one node the Hub itself
// is the port; in a cluster each node's ClusterNode (server/cluster) is, and passes the sessions'
// frames to whichever node's hub leads the cluster now.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "model/protocol.hpp"
#include "server/config.hpp"
#include "server/delivery.hpp"

namespace duet::server {

struct HubStats {
  std::size_t conversations = 0;   // in memory
  int waiting = 0;                 // queue length, offers included
  int agents_available = 0;       // online and available
  std::size_t customer_sessions = 0, agent_sessions = 0;
};

class HubPort {
 public:
  virtual ~HubPort() = default;

  virtual void customer_open(SessionId s, Peer peer) = 0;
  virtual void customer_frame(SessionId s, const proto::Message& m) = 0;
  virtual void customer_closed(SessionId s) = 0;
  virtual void agent_open(SessionId s, Peer peer) = 0;
  virtual void agent_frame(SessionId s, const proto::Message& m) = 0;
  virtual void agent_closed(SessionId s) = 0;
  // Closes a session after every frame already decided for it (the acks of what it sent before).
  virtual void close_after_commit(SessionId s, std::uint16_t code, std::string reason) = 0;

  virtual std::optional<SiteConfig> site(const std::string& key) const = 0;
  // The hub's figures; nullopt on a cluster node whose hub does not lead (it has none to report).
  virtual std::optional<HubStats> hub_stats() const = 0;
  // False while no hub can take sessions (a cluster between leaders): new WebSockets are refused
  // with 503 and the client retries.
  virtual bool accepting() const { return true; }
};

}  // namespace duet::server
