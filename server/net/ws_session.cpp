#include "server/net/ws_session.hpp"

#include "server/log.hpp"

namespace duet::server {

WsSession::WsSession(tcp::socket&& socket, NetEnv& env, Role role, Peer peer, bool ip_slot)
    : ws_(std::move(socket)),
      env_(env),
      role_(role),
      peer_(std::move(peer)),
      ip_slot_(ip_slot),
      bucket_(env.config.limits.messages_per_s, env.config.limits.burst) {}

WsSession::~WsSession() {
  if (ip_slot_) env_.registry.release_ip(peer_.ip);
}

void WsSession::run(http::request<http::string_body> req) {
  const auto& L = env_.config.limits;
  websocket::stream_base::timeout t;
  t.handshake_timeout = std::chrono::seconds(L.handshake_timeout_s);
  t.idle_timeout = std::chrono::seconds(L.idle_timeout_s);  // a ping at half of it keeps live peers
  t.keep_alive_pings = true;
  ws_.set_option(t);
  ws_.set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "duet-server"); }));
  // Frames above max_frame_bytes get error frame_too_large and the connection stays; above this hard
  // limit Beast closes with 1009 (too big) before buffering them.
  ws_.read_message_max(L.hard_frame_bytes);
  ws_.async_accept(req, beast::bind_front_handler(&WsSession::on_accept, shared_from_this()));
}

void WsSession::on_accept(error_code ec) {
  if (ec) {
    log::debug("ws_handshake_failed", {{"ip", peer_.ip}, {"error", ec.message()}});
    return;
  }
  id_ = env_.registry.next_id();
  env_.registry.add(id_, weak_from_this());
  env_.metrics.connection_opened(role_);
  window_start_ = env_.now_s();
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
  do_read();
}

void WsSession::do_read() {
  ws_.async_read(buffer_, beast::bind_front_handler(&WsSession::on_read, shared_from_this()));
}

void WsSession::on_read(error_code ec, std::size_t) {
  if (ec) return finish(ec);
  env_.metrics.frame_in(role_);
  const bool text = ws_.got_text();
  std::string frame = beast::buffers_to_string(buffer_.data());
  buffer_.consume(buffer_.size());
  buffer_.shrink_to_fit();  // empty now: frees it, so an idle connection holds no read buffer
  if (!closing_) {
    if (!text) {
      violation();
      reply_error(proto::ErrorCode::bad_json, "binary frames are not part of the protocol; send JSON text frames");
    } else {
      handle_frame(std::move(frame));
    }
  }
  do_read();
}

void WsSession::handle_frame(std::string frame) {
  const auto& L = env_.config.limits;
  const double now = env_.now_s();
  if (!bucket_.take(now) || !env_.registry.take_ip_token(peer_.ip, L.ip_messages_per_s, L.ip_burst, now)) {
    violation();
    return reply_error(proto::ErrorCode::rate_limited, "too many messages; slow down and send this one again");
  }
  auto parsed = proto::parse(frame, proto::Limits{L.max_frame_bytes, L.max_text_bytes});
  if (!parsed) {
    violation();
    const proto::Error& e = parsed.error();
    env_.metrics.error_sent(e.code);
    return enqueue(std::make_shared<const std::string>(proto::serialize(e)));
  }
  if (!joined_hub_) return;
  if (role_ == Role::customer) env_.hub.customer_frame(id_, parsed.value());
  else env_.hub.agent_frame(id_, parsed.value());
}

void WsSession::reply_error(proto::ErrorCode code, std::string message, std::string field) {
  env_.metrics.error_sent(code);
  enqueue(std::make_shared<const std::string>(
      proto::serialize(proto::make_error(code, std::move(message), std::move(field)))));
}

// Bad frames and rate-limit hits are answered one by one; sustained, they end the connection.
void WsSession::violation() {
  const auto& L = env_.config.limits;
  const double now = env_.now_s();
  if (now - window_start_ > L.abuse_window_s) {
    window_start_ = now;
    violations_ = 0;
  }
  if (++violations_ < L.abuse_violations) return;
  env_.metrics.abuse_closed();
  log::warn("abuse_closed", {{"ip", peer_.ip}, {"session", id_}, {"violations", violations_}});
  start_close(close_code::policy, "too many invalid or rate-limited frames");
}

// ---- writing ----

void WsSession::send(std::shared_ptr<const std::string> frame) {
  net::post(ws_.get_executor(), [self = shared_from_this(), frame = std::move(frame)]() mutable {
    self->enqueue(std::move(frame));
  });
}

void WsSession::close(std::uint16_t code, std::string reason) {
  net::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)]() mutable {
    self->start_close(code, std::move(reason));
  });
}

void WsSession::enqueue(std::shared_ptr<const std::string> frame) {
  if (closing_ || finished_) return;
  const auto& L = env_.config.limits;
  // The limits bound the backlog: one frame larger than them (a long transcript's welcome) still goes.
  if (!queue_.empty() &&
      (queue_.size() >= L.write_queue_frames || queued_bytes_ + frame->size() > L.write_queue_bytes)) {
    env_.metrics.slow_consumer_closed();
    log::warn("slow_consumer", {{"session", id_}, {"ip", peer_.ip}, {"queued", queue_.size()}, {"bytes", queued_bytes_}});
    // Drop what it did not read; the in-flight write (if any) finishes, then the close frame goes.
    while (queue_.size() > (writing_ ? 1u : 0u)) {
      queued_bytes_ -= queue_.back()->size();
      queue_.pop_back();
    }
    return start_close(close_code::try_later, "slow consumer: too many frames waiting; reconnect");
  }
  queued_bytes_ += frame->size();
  queue_.push_back(std::move(frame));
  if (!writing_) do_write();
}

void WsSession::do_write() {
  writing_ = true;
  ws_.text(true);
  ws_.async_write(net::buffer(*queue_.front()), beast::bind_front_handler(&WsSession::on_write, shared_from_this()));
}

void WsSession::on_write(error_code ec, std::size_t) {
  writing_ = false;
  if (ec) {
    queue_.clear();
    queued_bytes_ = 0;
    return;  // the read side sees the error too and finishes the session
  }
  queued_bytes_ -= queue_.front()->size();
  queue_.pop_front();
  if (!queue_.empty()) return do_write();
  if (closing_ && !close_sent_) do_close();
}

void WsSession::start_close(std::uint16_t code, std::string reason) {
  if (closing_ || finished_) return;
  closing_ = true;
  close_reason_ = websocket::close_reason(static_cast<websocket::close_code>(code), reason);
  if (!writing_ && queue_.empty()) do_close();  // else after the queued frames
}

void WsSession::do_close() {
  log::debug("ws_closing", {{"session", id_}, {"code", close_reason_.code}});
  close_sent_ = true;
  ws_.async_close(close_reason_, [self = shared_from_this()](error_code ec) {
    if (ec) log::debug("ws_close_failed", {{"session", self->id_}, {"error", ec.message()}});
  });
}

void WsSession::finish(error_code ec) {
  if (finished_) return;
  finished_ = true;
  if (ec == websocket::error::message_too_big) {
    env_.metrics.error_sent(proto::ErrorCode::frame_too_large);
    env_.metrics.abuse_closed();
    log::warn("frame_over_hard_limit", {{"session", id_}, {"ip", peer_.ip}});
  }
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
