#pragma once
// The server side of the WebSocket opening handshake (RFC 6455 section 4.2): checks an upgrade
// request and builds the 101 response, or the HTTP error that says what is wrong with it.
// No subprotocols or extensions are offered, so browsers send uncompressed frames.
#include <optional>
#include <string>
#include <string_view>

#include "server/net/beast.hpp"

namespace duet::server {

// Empty when `req` is a WebSocket upgrade we accept; otherwise the response refusing it (426 for
// another protocol version, 400 for a missing or malformed key).
std::optional<http::response<http::string_body>> refuse_upgrade(const http::request<http::string_body>& req);

// "101 Switching Protocols" for a request refuse_upgrade() accepted.
http::response<http::empty_body> accept_upgrade(const http::request<http::string_body>& req);

// base64(SHA-1(key + the RFC's GUID)): proves to the client that we understood its handshake.
std::string sec_websocket_accept(std::string_view key);

}  // namespace duet::server
