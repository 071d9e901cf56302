#pragma once
// What nodes say to each other over Redis (one channel per node, cluster_node.hpp): what a node's
// sessions did, up to the leader's hub; what the hub decided for them, down to their node; news for
// every node. A message's type is its index in the variant, so the list is declared once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "server/delivery.hpp"
#include "server/metrics.hpp"
#include "server/net/shared_ip_usage.hpp"

namespace duet::server::wire {

// Up: from the node holding the session to the leader of `epoch` (a new leader ignores the old's).
struct Open {
  std::int64_t epoch = 0;
  SessionId session = 0;
  Role role = Role::customer;
  Peer peer;
};
struct Frame {
  std::int64_t epoch = 0;
  SessionId session = 0;
  Role role = Role::customer;
  std::string text;  // as the client sent it, already parsed once (so well-formed)
};
struct Closed {
  std::int64_t epoch = 0;
  SessionId session = 0;
  Role role = Role::customer;
};
struct CloseAfterCommit {
  std::int64_t epoch = 0;
  SessionId session = 0;
  std::uint16_t code = 0;
  std::string reason;
};
// Every session of `node` is gone (its link to Redis broke, so it closed them all).
struct Reset {
  std::int64_t epoch = 0;
  std::int64_t node = 0;
};
// Down: one commit's frames for sessions on the receiving node.
struct Parcels {
  std::vector<Parcel> parcels;
};
// To every node: an agent token failed from `ip` (the login throttle holds across nodes).
struct LoginFailed {
  std::string ip;
};

// To every node, every half second from each (also its heartbeat for the others' view of it): what
// its clients' addresses used, so per-IP limits hold across the cluster.
struct Usage {
  std::int64_t node = 0;
  SharedIpUsage::Report report;
};

using Message = std::variant<Open, Frame, Closed, CloseAfterCommit, Reset, Parcels, LoginFailed, Usage>;

std::string encode(const Message& m);
// nullopt for bytes that are not one whole message (a bug or a foreign publisher: logged, ignored).
std::optional<Message> decode(std::string_view bytes);

}  // namespace duet::server::wire
