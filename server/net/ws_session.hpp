#pragma once
// One WebSocket connection (/ws/customer or /ws/agent) on its own strand: reads frames, checks
// limits (rate per connection and per IP, frame size, malformed frames) and hands parsed messages
// to the hub; writes through a bounded queue, so a client that does not read is disconnected
// ("slow consumer") instead of growing memory without bound.
#include <list>
#include <memory>
#include <string>

#include "server/hub.hpp"
#include "server/net/beast.hpp"
#include "server/net/env.hpp"
#include "server/net/registry.hpp"
#include "server/net/token_bucket.hpp"

namespace duet::server {

class WsSession final : public Connection, public std::enable_shared_from_this<WsSession> {
 public:
  // `ip_slot`: the connection counted against its IP's limit (released when the session ends);
  // without one the session only says too_many_connections and closes.
  WsSession(tcp::socket&& socket, NetEnv& env, Role role, Peer peer, bool ip_slot);
  ~WsSession() override;

  void run(http::request<http::string_body> req);
  void send(std::shared_ptr<const std::string> frame) override;
  void close(std::uint16_t code, std::string reason) override;

 private:
  void on_accept(error_code ec);
  void do_read();
  void on_read(error_code ec, std::size_t bytes);
  void handle_frame(std::string frame);
  void reply_error(proto::ErrorCode code, std::string message, std::string field = {});
  void violation();
  void enqueue(std::shared_ptr<const std::string> frame);
  void do_write();
  void on_write(error_code ec, std::size_t bytes);
  void start_close(std::uint16_t code, std::string reason);
  void do_close();
  void finish(error_code ec);

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  NetEnv& env_;
  Role role_;
  Peer peer_;
  bool ip_slot_;
  SessionId id_ = 0;
  bool joined_hub_ = false, finished_ = false;

  std::list<std::shared_ptr<const std::string>> queue_;  // a list: nothing allocated while idle
  std::size_t queued_bytes_ = 0;
  bool writing_ = false, closing_ = false, close_sent_ = false;
  websocket::close_reason close_reason_;

  TokenBucket bucket_;
  int violations_ = 0;
  double window_start_ = 0;
};

}  // namespace duet::server
