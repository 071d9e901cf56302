#include "server/net/ws_session.hpp"

#include <cstring>

#include "server/log.hpp"

namespace duet::server {
namespace {

// Where every session on a thread reads into: one buffer per I/O thread instead of one per connection.
constexpr std::size_t kReadChunk = 64 * 1024;
thread_local char t_read_buffer[kReadChunk];
// Reads per wake-up before the session lets the other connections on this thread have a turn.
constexpr int kReadsPerTurn = 8;
// How long a closing peer has to answer our close frame, or to finish sending after its own.
constexpr double kCloseTimeout_s = 5;
constexpr const char* kAbuseReason = "too many invalid or rate-limited frames";

// A text frame's header plus the largest frame the limits accept: what an unfinished frame may hold.
std::size_t max_frame(const LimitsConfig& L) { return L.hard_frame_bytes + 14; }

}  // namespace

// Room for an unfinished frame: double what is there (at least 4 KiB), but no more than the frame's
// declared size, and always at least 1 KiB more than `size`.
std::size_t WsSession::next_capacity(std::size_t now, std::size_t size) const {
  const std::size_t declared = reader_.frame_size_hint() ? reader_.frame_size_hint() : max_frame(env_.config.limits);
  return std::min(std::max<std::size_t>(now * 2, 4096), std::max(declared, size + 1024));
}

void WsSession::Partial::reserve(std::size_t n) {
  if (n <= capacity) return;
  std::unique_ptr<char[]> bigger(new char[n]);  // not zero-filled: it is written before it is read
  if (size) std::memcpy(bigger.get(), data.get(), size);
  data = std::move(bigger);
  capacity = n;
}

void WsSession::Partial::assign(const char* bytes, std::size_t n, std::size_t room) {
  if (n == 0) return release();
  size = 0;
  reserve(std::max(n, room));
  std::memcpy(data.get(), bytes, n);
  size = n;
}

void WsSession::Partial::drop_front(std::size_t n) {
  if (n >= size) return release();
  std::memmove(data.get(), data.get() + n, size - n);
  size -= n;
}

void WsSession::Partial::release() {
  data.reset();
  size = capacity = 0;
}

WsSession::WsSession(tcp::socket&& socket, NetEnv& env, Role role, Peer peer, bool ip_slot)
    : socket_(std::move(socket)),
      env_(env),
      role_(role),
      peer_(std::move(peer)),
      ip_slot_(ip_slot),
      reader_(env.config.limits.hard_frame_bytes),
      bucket_(env.config.limits.messages_per_s, env.config.limits.burst) {}

WsSession::~WsSession() {
  if (ip_slot_) {
    env_.registry.release_ip(peer_.ip);
    env_.shared_usage.connections_changed(peer_.ip);
  }
}

void WsSession::run(std::string early) {
  net::dispatch(socket_.get_executor(), [self = shared_from_this(), early = std::move(early)] {
    self->partial_.assign(early.data(), early.size(), early.size());
    self->start();
  });
}

void WsSession::start() {
  error_code ec;
  socket_.non_blocking(true, ec);  // reads drain the socket until it would block
  id_ = env_.registry.next_id();
  env_.registry.add(id_, weak_from_this());
  env_.metrics.connection_opened(role_);
  last_rx_.store(env_.now_s(), std::memory_order_relaxed);
  if (!ip_slot_) {
    log::warn("too_many_connections", {{"ip", peer_.ip}});
    reply_error(proto::ErrorCode::too_many_connections,
                "too many connections from your address; close some and try again");
    start_close(close_code::try_later, "too many connections");
  } else if (env_.stopping) {
    reply_error(proto::ErrorCode::shutting_down, "the server is restarting; reconnect in a few seconds");
    start_close(close_code::restart, "server restarting");
  } else {
    joined_hub_ = true;
    if (role_ == Role::customer) env_.hub.customer_open(id_, peer_);
    else env_.hub.agent_open(id_, peer_);
  }
  if (partial_.size) {
    const std::size_t used = process(partial_.data.get(), partial_.size);
    partial_.drop_front(used);
  }
  flush();
  if (!finished_) wait_readable();
}

// ---- reading ----

void WsSession::wait_readable() {
  socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](error_code ec) { self->on_readable(ec); });
}

void WsSession::on_readable(error_code ec) {
  if (finished_) return;
  if (ec) return finish(ec);
  for (int turn = 0; turn < kReadsPerTurn && !finished_; ++turn) {
    // An unfinished frame is completed in its own buffer; otherwise read into the thread's buffer.
    char* into = t_read_buffer;
    std::size_t room = kReadChunk;
    if (partial_.size) {
      // Grows with what arrives (doubling), up to the frame's declared size: a peer that announces a
      // large frame and trickles it holds no more memory than it has sent.
      if (partial_.capacity - partial_.size < 1024) partial_.reserve(next_capacity(partial_.capacity, partial_.size));
      into = partial_.data.get() + partial_.size;
      room = partial_.capacity - partial_.size;
    }
    const std::size_t n = socket_.read_some(net::buffer(into, room), ec);
    if (ec == net::error::would_block) break;
    if (ec) return finish(ec);
    last_rx_.store(env_.now_s(), std::memory_order_relaxed);
    ping_out_.store(false, std::memory_order_relaxed);
    if (draining_) continue;  // after the close handshake: read until the peer's end of stream
    if (partial_.size) {
      partial_.size += n;
      partial_.drop_front(process(partial_.data.get(), partial_.size));
    } else {
      const std::size_t used = process(into, n);
      if (used < n && !finished_ && !close_received_ && !close_after_send_) {
        const std::size_t left = n - used;
        partial_.assign(into + used, left, next_capacity(left, left));
      }
    }
    if (n < room) break;  // drained for now
  }
  if (finished_) return;
  flush();  // everything the input produced leaves in one write
  wait_readable();
}

std::size_t WsSession::process(char* data, std::size_t size) {
  std::size_t off = 0;
  while (off < size && !finished_ && !close_received_ && !close_after_send_) {
    std::size_t used = 0;
    const ws::Input in = reader_.next(data + off, size - off, used);
    off += used;
    if (in.kind == ws::Input::need_more) break;
    if (!on_input(in)) break;
  }
  return off;
}

bool WsSession::on_input(const ws::Input& in) {
  switch (in.kind) {
    case ws::Input::message:
      env_.metrics.frame_in(role_);
      if (closing_ || abuse_closing_) return true;  // closing: data is no longer read
      if (in.op != ws::Opcode::text) {
        violation();
        reply_error(proto::ErrorCode::bad_json, "binary frames are not part of the protocol; send JSON text frames");
      } else {
        on_message(in.payload);
      }
      return true;
    case ws::Input::ping:
      on_ping(in.payload);
      return true;
    case ws::Input::pong:
      return true;
    case ws::Input::close:
      on_peer_close(in.code);
      return false;
    case ws::Input::fail:
      fail(in.code, in.payload);
      return false;
    case ws::Input::need_more:
      break;
  }
  return false;
}

// Pings count against the message rate like any frame, and at most one pong waits to be written:
// a peer streaming pings while never reading cannot grow the queue (RFC 6455 5.5.3 lets us answer
// only the latest). Once our close frame is queued nothing more is answered.
void WsSession::on_ping(std::string_view payload) {
  if (close_queued_ || abuse_closing_) return;
  if (!bucket_.take(env_.now_s())) return violation();
  auto pong = std::make_shared<const std::string>(payload);
  for (Out& o : pending_)
    if (o.op == ws::Opcode::pong) {
      queued_bytes_ += pong->size() - o.payload->size();
      o.payload = std::move(pong);
      o.header_size = static_cast<std::uint8_t>(ws::write_header(o.header, ws::Opcode::pong, o.payload->size()));
      return;
    }
  push(ws::Opcode::pong, std::move(pong));
}

void WsSession::on_message(std::string_view text) {
  const auto& L = env_.config.limits;
  const double now = env_.now_s();
  if (!bucket_.take(now) || !env_.ip_limits.take(peer_.ip, now)) {
    violation();
    return reply_error(proto::ErrorCode::rate_limited, "too many messages; slow down and send this one again");
  }
  env_.shared_usage.message_taken(peer_.ip);
  auto parsed = proto::parse(text, proto::Limits{L.max_frame_bytes, L.max_text_bytes});
  if (!parsed) {
    violation();
    const proto::Error& e = parsed.error();
    env_.metrics.error_sent(e.code);
    return enqueue(std::make_shared<const std::string>(proto::serialize(e)));
  }
  if (!joined_hub_) return;
  if (role_ == Role::agent && std::holds_alternative<proto::AgentHello>(parsed.value()) && agent_login_throttled(now))
    return;
  if (role_ == Role::customer) env_.hub.customer_frame(id_, parsed.value());
  else env_.hub.agent_frame(id_, parsed.value());
}

void WsSession::reply_error(proto::ErrorCode code, std::string message, std::string field) {
  env_.metrics.error_sent(code);
  enqueue(std::make_shared<const std::string>(
      proto::serialize(proto::make_error(code, std::move(message), std::move(field)))));
}

// Bad frames and rate-limit hits are answered one by one; sustained, they end the connection. They
// are counted per IP and by time, so closing and reconnecting does not start the count again.
void WsSession::violation() {
  if (env_.ip_limits.violation(peer_.ip, env_.now_s())) abuse_close();
}

// Messages this connection sent before are being stored, and their acks follow the commit: the close
// goes through the hub so it comes after them. Meanwhile nothing more is read; the close timeout
// (check_idle) ends the connection should the close never come.
void WsSession::abuse_close() {
  if (closing_ || abuse_closing_ || finished_) return;
  env_.metrics.abuse_closed();
  log::warn("abuse_closed", {{"ip", peer_.ip}, {"session", id_}});
  if (!joined_hub_) return start_close(close_code::policy, kAbuseReason);
  abuse_closing_ = true;
  closing_since_.store(env_.now_s(), std::memory_order_relaxed);
  env_.hub.close_after_commit(id_, close_code::policy, kAbuseReason);
}

// Too many wrong agent tokens from this address lately: refused before the hub hashes or looks
// anything up (limits.agent_login_failures in agent_login_window_s).
bool WsSession::agent_login_throttled(double now_s) {
  const double wait_s = env_.agent_logins.retry_after(peer_.ip, now_s);
  if (wait_s <= 0) return false;
  if (auto suppressed = env_.throttled_login_log.admit())
    log::warn("agent_login_throttled",
              {{"ip", peer_.ip}, {"retry_in_s", static_cast<int>(wait_s) + 1}, {"suppressed", *suppressed}});
  reply_error(proto::ErrorCode::rate_limited, "too many wrong agent tokens from your address; try again in " +
                                                  std::to_string(static_cast<int>(wait_s) + 1) + " s");
  start_close(close_code::policy, "too many wrong agent tokens");
  return true;
}

// ---- writing ----

void WsSession::send(std::shared_ptr<const std::string> frame) {
  net::post(socket_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
    self->enqueue(std::move(frame));
    self->flush();
  });
}

// dispatch, not post: called on an I/O thread (Registry::deliver), the frames go out at once when
// the session's strand is free.
void WsSession::send_all(std::vector<std::shared_ptr<const std::string>> frames) {
  net::dispatch(socket_.get_executor(), [self = shared_from_this(), frames = std::move(frames)]() mutable {
    for (auto& f : frames) self->enqueue(std::move(f));
    self->flush();
  });
}

void WsSession::close(std::uint16_t code, std::string reason) {
  net::post(socket_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->start_close(code, std::move(reason));
    self->flush();
  });
}

void WsSession::enqueue(std::shared_ptr<const std::string> frame) {
  if (closing_ || finished_) return;
  const auto& L = env_.config.limits;
  const std::size_t frames = pending_.size() + in_flight_.size();
  // Every frame counts: the largest the server makes (a snapshot of a full conversation, a page of
  // a transcript) fit the limits by config validation, so a reader that is this far behind is not reading.
  if (frames >= L.write_queue_frames || queued_bytes_ + frame->size() > L.write_queue_bytes) {
    env_.metrics.slow_consumer_closed();
    log::warn("slow_consumer", {{"session", id_}, {"ip", peer_.ip}, {"queued", frames}, {"bytes", queued_bytes_}});
    // Drop what it did not read; the write in flight (if any) finishes, then the close frame goes.
    drop_pending();
    return start_close(close_code::try_later, "slow consumer: too many frames waiting; reconnect");
  }
  push(ws::Opcode::text, std::move(frame));
}

void WsSession::push(ws::Opcode op, std::shared_ptr<const std::string> payload) {
  if (finished_) return;
  Out o;
  o.header_size = static_cast<std::uint8_t>(ws::write_header(o.header, op, payload->size()));
  o.op = op;
  o.payload = std::move(payload);
  queued_bytes_ += o.payload->size();
  if (pending_.empty()) pending_.reserve(4);
  pending_.push_back(std::move(o));
}

// Everything queued goes in one gathered write; frames queued meanwhile wait for the next.
void WsSession::flush() {
  if (writing_ || pending_.empty() || finished_) return;
  std::swap(pending_, in_flight_);
  buffers_.reserve(in_flight_.size() * 2);
  for (const Out& o : in_flight_) {
    buffers_.emplace_back(o.header, o.header_size);
    if (!o.payload->empty()) buffers_.emplace_back(o.payload->data(), o.payload->size());
  }
  writing_ = true;
  net::async_write(socket_, buffers_, [self = shared_from_this()](error_code ec, std::size_t) { self->on_written(ec); });
}

void WsSession::on_written(error_code ec) {
  writing_ = false;
  bool sent_close = false;
  for (const Out& o : in_flight_) {
    queued_bytes_ -= o.payload->size();
    sent_close = sent_close || o.op == ws::Opcode::close;
  }
  in_flight_ = {};
  buffers_ = {};
  if (finished_) return;
  if (ec) return finish(ec);
  if (sent_close) {
    close_sent_ = true;
    if (close_received_ || close_after_send_) return after_close_handshake();
  }
  flush();
}

// ---- closing ----

void WsSession::close_frame(std::uint16_t code, std::string_view reason) {
  if (close_queued_) return;
  close_queued_ = true;
  push(ws::Opcode::close, std::make_shared<const std::string>(ws::close_payload(code, reason)));
}

void WsSession::start_close(std::uint16_t code, std::string reason) {
  if (closing_ || finished_) return;
  log::debug("ws_closing", {{"session", id_}, {"code", code}});
  begin_closing();
  close_frame(code, reason);  // after the frames already queued
}

void WsSession::fail(std::uint16_t code, std::string_view reason) {
  if (code == ws::close_code::too_big) {
    env_.metrics.error_sent(proto::ErrorCode::frame_too_large);
    env_.metrics.abuse_closed();
    log::warn("frame_over_hard_limit", {{"session", id_}, {"ip", peer_.ip}});
  } else {
    log::warn("ws_protocol_error", {{"session", id_}, {"ip", peer_.ip}, {"code", code}, {"reason", reason}});
  }
  drop_pending();  // the peer is failed: what it has not read does not matter any more
  begin_closing();
  close_after_send_ = true;
  partial_.release();
  if (close_sent_) return after_close_handshake();  // ours is out already: nothing to wait for
  close_frame(code, reason);  // unless ours is queued already, which then goes
  flush();
}

void WsSession::on_peer_close(std::uint16_t code) {
  close_received_ = true;
  partial_.release();
  begin_closing();
  if (close_sent_) return after_close_handshake();
  // Answer at once (RFC 6455 5.5.1): with our own close if it is queued (or an abuse close is on its
  // way through the hub), else with its code; frames it has not read yet are dropped.
  drop_pending();
  if (abuse_closing_) close_frame(close_code::policy, kAbuseReason);
  else close_frame(code == ws::close_code::no_status ? ws::close_code::normal : code, {});
  flush();
}

// From here on no data frames go out, and the close timeout runs (check_idle).
void WsSession::begin_closing() {
  if (closing_) return;
  closing_ = true;
  closing_since_.store(env_.now_s(), std::memory_order_relaxed);
}

// Drops the frames not yet written except a queued close frame.
void WsSession::drop_pending() {
  std::erase_if(pending_, [&](const Out& o) {
    if (o.op == ws::Opcode::close) return false;
    queued_bytes_ -= o.payload->size();
    return true;
  });
  if (pending_.empty()) pending_ = {};
}

// Both close frames have crossed (or the peer failed): we end our side and read until the peer's end.
void WsSession::after_close_handshake() {
  error_code ec;
  socket_.shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return finish({});
  draining_ = true;
}

// Called by the registry's sweep for every session, from any thread: it reads the clocks without
// the strand and posts only when there is something to do, so idle connections cost no handler.
void WsSession::check_idle(double now_s) {
  if (!due(now_s)) return;
  net::post(socket_.get_executor(), [self = shared_from_this(), now_s] {
    if (self->finished_ || !self->due(now_s)) return;
    if (self->closing_ || self->abuse_closing_) return self->finish(net::error::timed_out);
    if (now_s - self->last_rx_.load(std::memory_order_relaxed) >= self->env_.config.limits.idle_timeout_s) {
      log::debug("ws_idle_timeout", {{"session", self->id_}});
      return self->finish(net::error::timed_out);
    }
    self->ping_out_.store(true, std::memory_order_relaxed);  // a live peer answers with a pong
    self->push(ws::Opcode::ping, std::make_shared<const std::string>());
    self->flush();
  });
}

bool WsSession::due(double now_s) const {
  const double closing = closing_since_.load(std::memory_order_relaxed);
  if (closing > 0) return now_s - closing >= kCloseTimeout_s;
  const double idle = now_s - last_rx_.load(std::memory_order_relaxed), limit = env_.config.limits.idle_timeout_s;
  return idle >= limit || (idle >= limit / 2 && !ping_out_.load(std::memory_order_relaxed));
}

void WsSession::finish(error_code ec) {
  if (finished_) return;
  finished_ = true;
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  partial_.release();
  pending_ = {};
  if (id_ != 0) {
    env_.registry.remove(id_);
    env_.metrics.connection_closed(role_);
  }
  if (joined_hub_) {
    if (role_ == Role::customer) env_.hub.customer_closed(id_);
    else env_.hub.agent_closed(id_);
  }
  log::debug("ws_closed", {{"session", id_}, {"reason", ec.message()}});
}

}  // namespace duet::server
