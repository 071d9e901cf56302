#include "server/net/http_session.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "server/log.hpp"
#include "server/origin.hpp"
#include "server/net/ws_handshake.hpp"
#include "server/net/ws_session.hpp"

namespace duet::server {
namespace {

http::response<http::string_body> text_response(const http::request<http::string_body>& req, http::status status,
                                                 std::string body, std::string type = "text/plain; charset=utf-8") {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::server, "duet-server");
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

std::string health_json(NetEnv& env) {
  const auto s = env.hub.stats();
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - env.started);
  nlohmann::json j{{"status", env.stopping ? "stopping" : "ok"},
                   {"version", DUET_VERSION},
                   {"uptime_s", uptime.count()},
                   {"conversations", s.conversations},
                   {"waiting", s.waiting},
                   {"agents_available", s.agents_available},
                   {"customer_connections", s.customer_sessions},
                   {"agent_connections", s.agent_sessions}};
  return j.dump() + "\n";
}

std::string query_value(std::string_view target, std::string_view key) {
  const auto q = target.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = target.substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (pair.substr(0, key.size()) == key && pair.size() > key.size() && pair[key.size()] == '=')
      return std::string(pair.substr(key.size() + 1));
    rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
  }
  return {};
}

// Which pages may frame the widget: the site's allowed origins (?site=KEY), else those of every site.
// Empty when some site allows any origin.
std::string frame_ancestors(NetEnv& env, std::string_view target) {
  std::vector<SiteConfig> sites;
  if (auto key = query_value(target, "site"); !key.empty()) {
    if (auto s = env.hub.site(key)) sites.push_back(*s);
  }
  if (sites.empty()) sites = env.hub.sites();
  std::string policy = "frame-ancestors 'self'";
  for (const auto& s : sites) {
    if (s.origins.empty()) return {};
    for (const auto& o : s.origins) policy += " " + o;
  }
  return policy;
}

}  // namespace

http::response<http::string_body> handle_http(const http::request<http::string_body>& req, NetEnv& env) {
  const std::string_view target(req.target().data(), req.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  const bool head = req.method() == http::verb::head;
  if (req.method() != http::verb::get && !head) {
    auto res = text_response(req, http::status::method_not_allowed, "only GET and HEAD are served here\n");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (path == "/healthz") {
    auto res = text_response(req, env.stopping ? http::status::service_unavailable : http::status::ok,
                             health_json(env), "application/json");
    if (head) res.body().clear();
    return res;
  }
  if (path == "/metrics")
    return text_response(req, http::status::ok, env.metrics.prometheus(), "text/plain; version=0.0.4; charset=utf-8");
  if (path == "/ws/customer" || path == "/ws/agent")
    return text_response(req, http::status::upgrade_required,
                         "this endpoint speaks WebSocket (protocol v1, docs/protocol.md)\n");

  // Friendly URLs for the two apps; everything else maps to a file under --web.
  std::string file_path(path);
  if (path == "/demo/checkout" || path == "/demo/checkout/") file_path = "/demo/checkout.html";
  else if (path == "/agent" || path == "/agent/") file_path = "/agent/index.html";

  const auto ae = req[http::field::accept_encoding];
  const bool gzip_ok = std::string_view(ae.data(), ae.size()).find("gzip") != std::string_view::npos;
  const auto inm = req[http::field::if_none_match];
  FileResponse f = env.files.get(file_path, gzip_ok, std::string_view(inm.data(), inm.size()));
  if (f.status == 404 || f.status == 400) {
    std::string body = f.body;
    if (f.status == 404 && env.files.root().empty())
      body += "(no web build configured: start duet-server with --web DIR)\n";
    return text_response(req, f.status == 404 ? http::status::not_found : http::status::bad_request, body);
  }
  http::response<http::string_body> res{f.status == 304 ? http::status::not_modified : http::status::ok, req.version()};
  res.set(http::field::server, "duet-server");
  res.set(http::field::content_type, f.content_type);
  res.set(http::field::cache_control, f.cache_control);
  res.set(http::field::etag, f.etag);
  res.set(http::field::vary, "Accept-Encoding");
  res.set("X-Content-Type-Options", "nosniff");
  if (!f.content_encoding.empty()) res.set(http::field::content_encoding, f.content_encoding);
  if (path.rfind("/widget/", 0) == 0 && f.content_type.rfind("text/html", 0) == 0)
    if (auto policy = frame_ancestors(env, target); !policy.empty())
      res.set("Content-Security-Policy", policy);
  res.keep_alive(req.keep_alive());
  res.body() = std::move(f.body);
  res.prepare_payload();
  if (head) res.body().clear();  // Content-Length stays that of the GET body
  return res;
}

HttpSession::HttpSession(tcp::socket&& socket, NetEnv& env) : stream_(std::move(socket)), env_(env) {
  error_code ec;
  const auto ep = stream_.socket().remote_endpoint(ec);
  ip_ = ec ? "unknown" : ep.address().to_string();
}

void HttpSession::run() {
  net::dispatch(stream_.get_executor(), beast::bind_front_handler(&HttpSession::do_read, shared_from_this()));
}

void HttpSession::do_read() {
  parser_.emplace();
  parser_->body_limit(env_.config.limits.http_body_bytes);
  parser_->header_limit(16 * 1024);
  stream_.expires_after(std::chrono::seconds(env_.config.limits.handshake_timeout_s));
  http::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
}

void HttpSession::on_read(error_code ec, std::size_t) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit) {
    http::request<http::string_body> req;
    req.version(11);
    auto res = text_response(req, http::status::payload_too_large, "request body too large\n");
    res.keep_alive(false);
    return respond(std::move(res));
  }
  if (ec) return;  // timeout or reset: nothing to answer
  http::request<http::string_body> req = parser_->release();
  if (websocket::is_upgrade(req)) return upgrade(std::move(req));
  respond(handle_http(req, env_));
}

void HttpSession::upgrade(http::request<http::string_body> req) {
  const std::string_view target(req.target().data(), req.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  Role role;
  if (path == "/ws/customer") role = Role::customer;
  else if (path == "/ws/agent") role = Role::agent;
  else return respond(text_response(req, http::status::not_found, "no WebSocket endpoint at " + std::string(path) + "\n"));

  Peer peer{ip_, std::nullopt};
  if (auto it = req.find(http::field::origin); it != req.end()) {
    peer.origin = std::string(it->value().data(), it->value().size());
    // Ours only when it is one of the server's configured origins: the client-sent Host proves nothing
    // (DNS rebinding makes Origin and Host agree on the attacker's name).
    const auto canonical = canonical_origin(*peer.origin);
    peer.same_origin = canonical && env_.own_origin(*canonical);
  }
  if (auto refusal = refuse_upgrade(req)) return respond(std::move(*refusal));
  // The 101 goes out under the handshake timeout; then the socket belongs to the WebSocket session.
  auto res = std::make_shared<http::response<http::empty_body>>(accept_upgrade(req));
  http::async_write(stream_, *res,
                    [self = shared_from_this(), res, role, peer = std::move(peer)](error_code ec, std::size_t) mutable {
                      if (ec) return;
                      self->stream_.expires_never();  // the WebSocket session has its own timeouts
                      const bool slot = self->env_.registry.acquire_ip(self->ip_, self->env_.config.limits.connections_per_ip);
                      // Bytes the client sent right behind its request are its first frames.
                      std::string early = beast::buffers_to_string(self->buffer_.data());
                      std::make_shared<WsSession>(self->stream_.release_socket(), self->env_, role, std::move(peer), slot)
                          ->run(std::move(early));
                    });
}

void HttpSession::respond(http::response<http::string_body> res) {
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

void HttpSession::do_close() {
  error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
}

}  // namespace duet::server
