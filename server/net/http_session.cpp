#include "server/net/http_session.hpp"


#include "server/log.hpp"
#include "server/origin.hpp"
#include "server/net/http_routes.hpp"
#include "server/net/request_checks.hpp"
#include "server/net/security_headers.hpp"
#include "server/net/ws_handshake.hpp"
#include "server/net/ws_session.hpp"

namespace duet::server {
namespace {

constexpr std::size_t kLingerBytes = 64 * 1024;  // read and dropped after a refusal, at most
constexpr auto kLingerTime = std::chrono::seconds(2);

}  // namespace

HttpSession::HttpSession(tcp::socket&& socket, NetEnv& env) : stream_(std::move(socket)), env_(env) {
  error_code ec;
  const auto ep = stream_.socket().remote_endpoint(ec);
  ip_ = ec ? "unknown" : ep.address().to_string();
  loopback_ = !ec && ep.address().is_loopback();
}

void HttpSession::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    // Our own load balancer carries everyone's connections: its cap is its own business.
    if (self->env_.proxies.contains(self->ip_)) return self->do_read();
    self->slot_ = self->env_.http_slots.acquire(self->ip_, self->env_.config.limits.http_connections_per_ip);
    if (self->slot_) return self->do_read();
    // Over the cap: answered at once, before reading anything, so the connection is let go soon.
    auto res = error_response(http::status::service_unavailable,
                              "too many connections from your address; try again in a few seconds\n");
    res.set(http::field::retry_after, std::to_string(kRetryAfterS));
    self->respond(std::move(res));
  });
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->body_limit(env_.config.limits.http_body_bytes);
  parser_->header_limit(kHeaderLimit);
  stream_.expires_after(std::chrono::seconds(env_.config.limits.handshake_timeout_s));
  read_header_block();
}

// Reads until the blank line that ends the header block (bytes a client pipelined may already be
// in the buffer), so the raw header can be checked before Beast sees it.
void HttpSession::read_header_block() {
  const std::string_view data(static_cast<const char*>(buffer_.data().data()), buffer_.size());
  if (const auto end = data.find("\r\n\r\n"); end != std::string_view::npos && end + 4 <= kHeaderLimit)
    return on_header_block(end + 4);
  if (data.size() >= kHeaderLimit)
    return respond(error_response(http::status::request_header_fields_too_large,
                                  "request header too large (limit " + std::to_string(kHeaderLimit) + " bytes)\n"));
  stream_.async_read_some(buffer_.prepare(kHeaderLimit - data.size()),
                          [self = shared_from_this()](error_code ec, std::size_t n) {
                            self->buffer_.commit(n);
                            if (ec == net::error::eof && self->buffer_.size() == 0) return self->do_close();
                            if (ec) return;  // timeout, reset, or a request cut short: nothing to answer
                            self->read_header_block();
                          });
}

void HttpSession::on_header_block(std::size_t length) {
  const std::string_view raw(static_cast<const char*>(buffer_.data().data()), length);
  if (auto problem = header_block_problem(raw)) return respond(error_response(http::status::bad_request, *problem + "\n"));
  error_code ec;
  const std::size_t used = parser_->put(net::buffer(raw.data(), raw.size()), ec);
  buffer_.consume(used);
  if (!ec && !parser_->is_header_done()) ec = http::error::partial_message;
  if (ec) return respond(error_response(http::status::bad_request, "malformed request: " + ec.message() + "\n"));
  if (auto problem = framing_problem(parser_->get().base()))
    return respond(error_response(http::status::bad_request, *problem + "\n"));
  if (parser_->is_done()) return on_read({}, 0);
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(error_code ec, std::size_t) {
  if (ec == http::error::body_limit)
    return respond(error_response(http::status::payload_too_large, "request body too large\n"));
  if (ec == beast::error::timeout || ec == net::error::eof || ec == http::error::end_of_stream ||
      ec == net::error::connection_reset)
    return;  // nothing to answer
  if (ec) return respond(error_response(http::status::bad_request, "malformed request body: " + ec.message() + "\n"));
  http::request<http::string_body> req = parser_->release();
  if (websocket::is_upgrade(req)) return upgrade(std::move(req));
  respond(handle_http(req, env_, Client{ip_, loopback_}));
}

void HttpSession::upgrade(http::request<http::string_body> req) {
  const std::string_view target(req.target().data(), req.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  Role role;
  if (path == "/ws/customer") role = Role::customer;
  else if (path == "/ws/agent") role = Role::agent;
  else return respond(text_response(req, http::status::not_found, "no WebSocket endpoint at " + std::string(path) + "\n"));

  Peer peer{client_ip(req), std::nullopt};
  if (auto it = req.find(http::field::origin); it != req.end()) {
    peer.origin = std::string(it->value().data(), it->value().size());
    // Ours only when it is one of the server's configured origins: the client-sent Host proves nothing
    // (DNS rebinding makes Origin and Host agree on the attacker's name).
    const auto canonical = canonical_origin(*peer.origin);
    peer.same_origin = canonical && env_.own_origin(*canonical);
  }
  if (auto refusal = refuse_upgrade(req)) return respond(std::move(*refusal));
  if (!env_.hub.accepting()) {  // a cluster between two leaders: the client's backoff brings it back
    auto res = text_response(req, http::status::service_unavailable, "no hub leads the cluster right now; retry shortly\n");
    res.set(http::field::retry_after, "1");
    return respond(std::move(res));
  }
  // The 101 goes out under the handshake timeout; then the socket belongs to the WebSocket session.
  auto res = std::make_shared<http::response<http::empty_body>>(accept_upgrade(req));
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res, role, peer = std::move(peer)](error_code ec, std::size_t) mutable {
                      if (ec) return;
                      self->stream_.expires_never();  // the WebSocket session has its own timeouts
                      // The address's connections on the other nodes of a cluster count too.
                      auto& env = self->env_;
                      const int limit = env.config.limits.connections_per_ip - env.shared_usage.remote_connections(peer.ip);
                      const bool slot = env.registry.acquire_ip(peer.ip, limit);
                      if (slot) env.shared_usage.connections_changed(peer.ip);
                      // Bytes the client sent right behind its request are its first frames.
                      std::string early = beast::buffers_to_string(self->buffer_.data());
                      std::make_shared<WsSession>(self->stream_.release_socket(), self->env_, role, std::move(peer), slot)
                          ->run(std::move(early));
                    });
}

std::string HttpSession::client_ip(const http::request<http::string_body>& req) const {
  std::string forwarded;
  for (auto [it, end] = req.equal_range("X-Forwarded-For"); it != end; ++it) {
    if (!forwarded.empty()) forwarded += ',';
    forwarded.append(it->value().data(), it->value().size());
  }
  return env_.proxies.client_of(ip_, forwarded);
}

void HttpSession::respond(http::response<http::string_body> res) {
  add_common_headers(res);
  const bool close = res.need_eof();
  res_ = std::make_shared<http::response<http::string_body>>(std::move(res));
  http::async_write(stream_, *res_, beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), close));
}

void HttpSession::on_write(bool close, error_code ec, std::size_t) {
  res_.reset();
  if (ec) return;
  if (close) return do_close();
  do_read();
}

// Half-closes, then reads what the client still sends until it closes too (bounded in bytes and
// time): closing with unread bytes would reset the connection and could destroy our last response
// before the client read it.
void HttpSession::do_close() {
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec) return;
  buffer_.clear();
  lingered_ = 0;
  stream_.expires_after(kLingerTime);
  linger();
}

void HttpSession::linger() {
  stream_.async_read_some(buffer_.prepare(4096), [self = shared_from_this()](error_code ec, std::size_t n) {
    self->lingered_ += n;
    self->buffer_.clear();
    if (ec || self->lingered_ > kLingerBytes) return;
    self->linger();
  });
}

}  // namespace duet::server
