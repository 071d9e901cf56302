#pragma once
// A customer that behaves like the widget when the server side fails: it reconnects (retrying while
// the connection is refused or answered 503), resumes by seq with its resume token, and resends every
// message that was not acknowledged, with the same client id. It counts how often it saw each seq, so
// a test can assert that nothing acknowledged is lost and nothing arrives twice.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "ws_client.hpp"

namespace duet::test {

// A WebSocket to 127.0.0.1:port/path, retried while refused or answered 503 (bounded); null on timeout.
std::unique_ptr<WsClient> connect_retrying(unsigned short port, const std::string& path,
                                           std::chrono::milliseconds timeout = std::chrono::seconds(20));

class ResilientCustomer {
 public:
  explicit ResilientCustomer(unsigned short port, std::string site = "shop");

  // Connects and says hello (a resume after the first time); false when no welcome came in `timeout`.
  bool connect(std::chrono::milliseconds timeout = std::chrono::seconds(20));
  // Sends now (if connected) and again after every reconnect until acknowledged.
  void say(const std::string& cid, const std::string& text);
  void send(const proto::Message& m);  // once, now, if connected
  // Reads frames, reconnecting whenever the connection closes, until `done` holds; false on timeout.
  bool pump_until(const std::function<bool()>& done, std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool saw(const std::function<bool(const Event&)>& pred) const;
  // Reconnects go to `port` from now on (a test that opened on one node and then comes back, like
  // every client, through the load balancer).
  void reconnect_to(unsigned short port) { port_ = port; }
  // The whole transcript as a new tab would read it now (resume from seq 0 through `port`), up to
  // what this customer has seen; nullopt when it could not be read in time.
  std::optional<std::map<Seq, Event>> transcript_from_start(unsigned short port) const;

  std::string conversation, resume;
  Seq last_seq = 0;                      // the highest seq seen
  std::map<Seq, Event> events;           // every event seen, by seq
  std::map<Seq, int> times_seen;         // how often each seq arrived (1, if nothing came twice)
  std::map<std::string, Seq> acked;      // client id -> seq
  std::map<std::string, std::string> unacked;  // client id -> text
  int reconnects = 0;                    // connections after the first
  proto::Welcome welcome;                // the latest

 private:
  void handle(const proto::Message& m);
  void take(const std::vector<Event>& list);
  unsigned short port_;
  std::string site_;
  std::unique_ptr<WsClient> ws_;
};

}  // namespace duet::test
