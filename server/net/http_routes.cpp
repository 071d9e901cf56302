#include "server/net/http_routes.hpp"

#include <nlohmann/json.hpp>

#include "server/crypto.hpp"
#include "server/net/security_headers.hpp"
#include "server/net/url_query.hpp"

namespace duet::server {
namespace {

std::string health_json(NetEnv& env) {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - env.started);
  const char* status = env.stopping ? "stopping" : env.hub.accepting() ? "ok" : "waiting_for_cluster";
  nlohmann::json j{{"status", status}, {"version", DUET_VERSION}, {"uptime_s", uptime.count()}};
  // A cluster node whose hub does not lead has no hub figures: the leader's are the cluster's.
  if (const auto s = env.hub.hub_stats()) {
    j["conversations"] = s->conversations;
    j["waiting"] = s->waiting;
    j["agents_available"] = s->agents_available;
    j["customer_connections"] = s->customer_sessions;
    j["agent_connections"] = s->agent_sessions;
  }
  return j.dump() + "\n";
}

std::string_view header(const http::request<http::string_body>& req, http::field f) {
  const auto v = req[f];
  return {v.data(), v.size()};
}

// /metrics: with metrics.token_env, only with that bearer token; without, only to loopback clients
// that did not come through a proxy (behind a proxy on the same host everyone is loopback).
std::optional<http::response<http::string_body>> metrics_refusal(const http::request<http::string_body>& req,
                                                                 NetEnv& env, const Client& client) {
  if (!env.config.metrics.token_env.empty()) {
    const std::string expected = "Bearer " + env.metrics_token;
    if (!env.metrics_token.empty() &&
        crypto::equal_constant_time(crypto::token_hash(std::string(header(req, http::field::authorization))),
                                    crypto::token_hash(expected)))
      return std::nullopt;
    auto res = text_response(req, http::status::unauthorized, "/metrics needs Authorization: Bearer TOKEN\n");
    res.set(http::field::www_authenticate, "Bearer");
    return res;
  }
  const bool proxied = req.count("X-Forwarded-For") > 0 || req.count("Forwarded") > 0 || req.count("X-Real-IP") > 0;
  if (client.loopback && !proxied) return std::nullopt;
  return text_response(req, http::status::forbidden,
                       "/metrics is served to loopback clients only; set metrics.token_env for others (docs/server.md)\n");
}

}  // namespace

http::response<http::string_body> text_response(const http::request<http::string_body>& req, http::status status,
                                                 std::string body, std::string type) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::server, "duet-server");
  res.set(http::field::content_type, type);
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(req.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

http::response<http::string_body> error_response(http::status status, std::string body) {
  http::request<http::string_body> req;
  req.version(11);
  auto res = text_response(req, status, std::move(body));
  res.keep_alive(false);
  return res;
}

http::response<http::string_body> handle_http(const http::request<http::string_body>& req, NetEnv& env,
                                              const Client& client) {
  const std::string_view target(req.target().data(), req.target().size());
  const std::string_view path = target.substr(0, target.find('?'));
  const bool head = req.method() == http::verb::head;
  if (req.method() != http::verb::get && !head) {
    auto res = text_response(req, http::status::method_not_allowed, "only GET and HEAD are served here\n");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  if (path == "/healthz") {
    // A load balancer sends no one to a node that cannot take sessions now (no leader yet, or its
    // link to the other nodes is down).
    const bool up = !env.stopping && env.hub.accepting();
    auto res = text_response(req, up ? http::status::ok : http::status::service_unavailable,
                             health_json(env), "application/json");
    if (head) res.body().clear();
    return res;
  }
  if (path == "/metrics") {
    if (auto refusal = metrics_refusal(req, env, client)) return std::move(*refusal);
    return text_response(req, http::status::ok, env.metrics.prometheus(), "text/plain; version=0.0.4; charset=utf-8");
  }
  if (path == "/ws/customer" || path == "/ws/agent")
    return text_response(req, http::status::upgrade_required,
                         "this endpoint speaks WebSocket (protocol v1, docs/protocol.md)\n");

  // The console's assets are relative to /agent/: without the slash the browser would look for them
  // at the root (a blank page), so /agent redirects, keeping its query.
  if (path == "/agent") {
    auto res = text_response(req, http::status::permanent_redirect, "the agent console is at /agent/\n");
    res.set(http::field::location, "/agent/" + std::string(target.substr(path.size())));
    return res;
  }
  // Friendly URLs for the two apps; everything else maps to a file under --web.
  std::string file_path(path);
  if (path == "/demo/checkout" || path == "/demo/checkout/") file_path = "/demo/checkout.html";
  else if (path == "/agent/") file_path = "/agent/index.html";

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
  // Our pages: nobody frames them but the widget, which only its site's pages (from ?site=, the
  // same key its script reads) may frame; an unknown key gets no widget at all.
  std::string ancestors = "'none'";
  const bool html = f.content_type.rfind("text/html", 0) == 0;
  if (html && path.rfind("/widget/", 0) == 0) {
    const auto key = query_param(target, "site");
    const auto site = key ? env.hub.site(*key) : std::nullopt;
    if (!site) {
      auto res = text_response(req, http::status::not_found,
                               key ? "no site with this key: the widget page needs ?site=KEY of a configured site\n"
                                   : "the widget page needs ?site=KEY of a configured site\n");
      res.set("Content-Security-Policy", page_policy("'none'"));
      return res;
    }
    ancestors = widget_frame_ancestors(*site);
  }
  http::response<http::string_body> res{f.status == 304 ? http::status::not_modified : http::status::ok, req.version()};
  res.set(http::field::server, "duet-server");
  res.set(http::field::content_type, f.content_type);
  res.set(http::field::cache_control, f.cache_control);
  res.set(http::field::etag, f.etag);
  res.set(http::field::vary, "Accept-Encoding");
  if (!f.content_encoding.empty()) res.set(http::field::content_encoding, f.content_encoding);
  if (html) {
    res.set("Content-Security-Policy", page_policy(ancestors));
    if (ancestors == "'none'") res.set("X-Frame-Options", "DENY");
  }
  res.keep_alive(req.keep_alive());
  res.body() = std::move(f.body);
  res.prepare_payload();
  if (head) res.body().clear();  // Content-Length stays that of the GET body
  return res;
}

}  // namespace duet::server
