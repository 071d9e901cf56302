#include "server/net/ws_handshake.hpp"

#include <cctype>

#include "server/crypto.hpp"

namespace duet::server {
namespace {

http::response<http::string_body> refusal(const http::request<http::string_body>& req, http::status status,
                                          std::string body) {
  http::response<http::string_body> res{status, req.version()};
  res.set(http::field::server, "duet-server");
  res.set(http::field::content_type, "text/plain; charset=utf-8");
  res.keep_alive(false);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

// A key is 16 random bytes in base64: 22 characters of the alphabet and "==".
bool valid_key(std::string_view key) {
  if (key.size() != 24 || key.substr(22) != "==") return false;
  for (char c : key.substr(0, 22))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '/')) return false;
  return true;
}

}  // namespace

std::string sec_websocket_accept(std::string_view key) {
  return crypto::base64(crypto::sha1(std::string(key) + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"));
}

std::optional<http::response<http::string_body>> refuse_upgrade(const http::request<http::string_body>& req) {
  const auto version = req[http::field::sec_websocket_version];
  if (version != "13") {
    auto res = refusal(req, http::status::upgrade_required, "this server speaks WebSocket version 13 (RFC 6455)\n");
    res.set(http::field::sec_websocket_version, "13");
    return res;
  }
  const auto key = req[http::field::sec_websocket_key];
  if (!valid_key(std::string_view(key.data(), key.size())))
    return refusal(req, http::status::bad_request, "missing or malformed Sec-WebSocket-Key\n");
  return std::nullopt;
}

http::response<http::empty_body> accept_upgrade(const http::request<http::string_body>& req) {
  http::response<http::empty_body> res{http::status::switching_protocols, req.version()};
  res.set(http::field::server, "duet-server");
  res.set(http::field::upgrade, "websocket");
  res.set(http::field::connection, "Upgrade");
  const auto key = req[http::field::sec_websocket_key];
  res.set(http::field::sec_websocket_accept, sec_websocket_accept(std::string_view(key.data(), key.size())));
  return res;
}

}  // namespace duet::server
