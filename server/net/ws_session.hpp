#pragma once
// One WebSocket connection (/ws/customer or /ws/agent) on its own strand, after HttpSession wrote the
// 101: reads frames, checks limits (rate per connection and per IP, frame size, malformed frames)
// and hands parsed messages to the hub; writes through a bounded queue, so a client that does not
// read is disconnected ("slow consumer") instead of growing memory without bound.
//
// Built for many mostly idle connections and bursts of small frames (docs/architecture.md):
// - nothing is allocated while idle: the session waits for the socket to become readable and then
//   reads into a per-thread buffer; only the bytes of an unfinished frame are kept;
// - frames queued while a handler runs leave together in one gathered write, and while a write is
//   in flight new frames wait and go in the next one (Nagle without the delay).
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/hub_port.hpp"
#include "server/net/beast.hpp"
#include "server/net/env.hpp"
#include "server/net/registry.hpp"
#include "server/net/token_bucket.hpp"
#include "server/net/ws_frame.hpp"

namespace duet::server {

class WsSession final : public Connection, public std::enable_shared_from_this<WsSession> {
 public:
  // `ip_slot`: the connection counted against its IP's limit (released when the session ends);
  // without one the session only says too_many_connections and closes.
  WsSession(tcp::socket&& socket, NetEnv& env, Role role, Peer peer, bool ip_slot);
  ~WsSession() override;

  // Starts reading. `early`: bytes the client sent right behind its upgrade request.
  void run(std::string early);

  // Connection (thread-safe: they post to the session's strand).
  void send(std::shared_ptr<const std::string> frame) override;
  void send_all(std::vector<std::shared_ptr<const std::string>> frames) override;
  void close(std::uint16_t code, std::string reason) override;
  void check_idle(double now_s) override;

 private:
  // Bytes of a frame that has not fully arrived; owns no memory when empty.
  struct Partial {
    std::unique_ptr<char[]> data;
    std::size_t size = 0, capacity = 0;
    void reserve(std::size_t n);
    void assign(const char* bytes, std::size_t n, std::size_t room);  // room: capacity to keep at least
    void drop_front(std::size_t n);
    void release();
  };
  struct Out {
    std::shared_ptr<const std::string> payload;
    std::uint8_t header[ws::kMaxHeader];
    std::uint8_t header_size = 0;
    ws::Opcode op = ws::Opcode::text;
  };

  std::size_t next_capacity(std::size_t now, std::size_t size) const;
  void start();
  void wait_readable();
  void on_readable(error_code ec);
  std::size_t process(char* data, std::size_t size);  // returns the bytes used
  bool on_input(const ws::Input& in);                  // false: stop reading input
  void on_ping(std::string_view payload);
  void on_message(std::string_view text);
  void reply_error(proto::ErrorCode code, std::string message, std::string field = {});
  void violation();
  void abuse_close();
  bool agent_login_throttled(double now_s);

  void enqueue(std::shared_ptr<const std::string> frame);  // a text frame, subject to the limits
  void push(ws::Opcode op, std::shared_ptr<const std::string> payload);
  void flush();
  void drop_pending();
  void on_written(error_code ec);

  void begin_closing();
  void start_close(std::uint16_t code, std::string reason);  // ours: the peer answers, then we close
  void fail(std::uint16_t code, std::string_view reason);    // the peer broke the protocol
  void on_peer_close(std::uint16_t code);
  void close_frame(std::uint16_t code, std::string_view reason);
  void after_close_handshake();
  bool due(double now_s) const;  // a ping, an idle timeout or a close timeout is due
  void finish(error_code ec);

  tcp::socket socket_;
  NetEnv& env_;
  Role role_;
  Peer peer_;
  bool ip_slot_;
  SessionId id_ = 0;
  bool joined_hub_ = false;

  ws::MessageReader reader_;
  Partial partial_;
  // Read by the registry's sweep from other threads (check_idle), hence atomic.
  std::atomic<double> last_rx_{0}, closing_since_{0};
  std::atomic<bool> ping_out_{false};

  std::vector<Out> pending_, in_flight_;  // released when a burst is written
  std::vector<net::const_buffer> buffers_;
  std::size_t queued_bytes_ = 0;
  bool writing_ = false;

  // Closing: `closing_` stops data frames; the close frame goes after what is queued; the socket
  // closes once both sides sent theirs (or at once after a protocol failure), or after a timeout.
  bool closing_ = false, close_queued_ = false, close_sent_ = false, close_received_ = false;
  bool close_after_send_ = false, draining_ = false, finished_ = false;

  // An abuse close waits for the store: reading stops, and the hub sends the close after the frames
  // (acks) of what this connection sent before it.
  bool abuse_closing_ = false;

  TokenBucket bucket_;  // this connection's; the IP's bucket and abuse count are NetEnv::ip_limits
};

}  // namespace duet::server
