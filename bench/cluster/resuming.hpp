#pragma once
// A customer and an agent that ride out a node's death like tests/server/resilient_client.cpp, on
// the load generator's io_context: when the connection closes they reconnect (the same node first,
// then at once the next one round robin, as a balancer that retries a refused connect elsewhere
// would; a pause of 100 ms after every node refused),
// the customer says hello with its resume token and last_seq and resends every message not yet
// acknowledged (same cid); the agent signs in again and answers, from the snapshot, every customer
// message it has not answered yet (its reply's cid is derived from the customer's: resends dedupe).
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>

#include "bench/server/client.hpp"
#include "common.hpp"
#include "core/model/protocol.hpp"
#include "nodes.hpp"

namespace duet::bench {

// One WebSocket at a time to the nodes, reopened when it closes. Subclasses say what to send first
// and what to do with frames.
class Resuming {
 public:
  Resuming(net::io_context& ioc, const Nodes& nodes, int node, std::string path)
      : ioc_(ioc), nodes_(nodes), node_(node), path_(std::move(path)) {}
  virtual ~Resuming() { close(); }
  void poll();   // call often: notices a closed connection and reconnects when due
  void close();
  void send(std::string frame) {
    if (ws_ && ws_->open) ws_->send(std::move(frame));
  }
  bool signed_in = false;  // the welcome of the current connection came
  int connections = 0;     // welcomed connections so far
  int errors = 0;          // error frames

 protected:
  virtual void opened() = 0;                    // the first frame to send
  virtual void frame(const proto::Message&) = 0;

 private:
  void open();
  net::io_context& ioc_;
  const Nodes& nodes_;
  int node_;
  std::string path_;
  std::shared_ptr<Client> ws_;
  bool was_open_ = false;
  int failures_ = 0;  // connects refused in a row
  Clock::time_point opened_at_{}, retry_at_{};
};

class ResumingCustomer final : public Resuming {
 public:
  ResumingCustomer(net::io_context& ioc, const Nodes& nodes, int node) : Resuming(ioc, nodes, node, "/ws/customer") {}
  void say(long k);  // cid "c<k>", resent until acknowledged
  std::function<void(const Event&)> on_event;  // every event with a seq above the last one seen

  std::string conversation, resume;
  Seq last_seq = 0;
  std::map<Seq, int> times_seen;    // how often each seq arrived (1 unless something came twice)
  std::map<long, std::string> unacked;  // k -> frame
  std::set<long> acked;

 private:
  void opened() override;
  void frame(const proto::Message& m) override;
  void take(const std::vector<Event>& events);
};

class ResumingAgent final : public Resuming {
 public:
  ResumingAgent(net::io_context& ioc, const Nodes& nodes, int node, std::string token)
      : Resuming(ioc, nodes, node, "/ws/agent"), token_(std::move(token)) {}
  std::string conversation;  // the one it accepted
  int snapshots = 0;

 private:
  void opened() override;
  void frame(const proto::Message& m) override;
  void reply(const std::string& customer_cid);
  std::string token_;
};

}  // namespace duet::bench
