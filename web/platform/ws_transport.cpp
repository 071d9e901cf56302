#include "web/platform/ws_transport.hpp"

#include <emscripten/websocket.h>

namespace duet::web {
namespace {

EM_BOOL opened(int, const EmscriptenWebSocketOpenEvent*, void* self) {
  auto* t = static_cast<WebSocketTransport*>(self);
  if (t->on_open) t->on_open();
  return EM_TRUE;
}

EM_BOOL message(int, const EmscriptenWebSocketMessageEvent* e, void* self) {
  auto* t = static_cast<WebSocketTransport*>(self);
  if (!e->isText || !t->on_frame) return EM_TRUE;  // the protocol is text only
  const std::size_t n = e->numBytes > 0 ? e->numBytes - 1 : 0;  // numBytes counts the terminator
  t->on_frame(std::string_view(reinterpret_cast<const char*>(e->data), n));
  return EM_TRUE;
}

EM_BOOL closed(int, const EmscriptenWebSocketCloseEvent*, void* self) {
  static_cast<WebSocketTransport*>(self)->drop();
  return EM_TRUE;
}
EM_BOOL failed(int, const EmscriptenWebSocketErrorEvent*, void*) { return EM_TRUE; }  // close follows

}  // namespace

WebSocketTransport::~WebSocketTransport() { close(); }

void WebSocketTransport::open(const std::string& url) {
  release();
  EmscriptenWebSocketCreateAttributes attrs;
  emscripten_websocket_init_create_attributes(&attrs);
  attrs.url = url.c_str();
  attrs.protocols = nullptr;
  const EMSCRIPTEN_WEBSOCKET_T s = emscripten_websocket_new(&attrs);
  if (s <= 0) {
    if (on_closed) on_closed();
    return;
  }
  socket_ = s;
  emscripten_websocket_set_onopen_callback(s, this, opened);
  emscripten_websocket_set_onmessage_callback(s, this, message);
  emscripten_websocket_set_onerror_callback(s, this, failed);
  emscripten_websocket_set_onclose_callback(s, this, closed);
}

void WebSocketTransport::send(std::string_view frame) {
  if (socket_ <= 0) return;
  buffer_.assign(frame);
  emscripten_websocket_send_utf8_text(socket_, buffer_.c_str());
}

void WebSocketTransport::release() {
  if (socket_ <= 0) return;
  emscripten_websocket_close(socket_, 1000, "");
  emscripten_websocket_delete(socket_);  // also removes the callbacks
  socket_ = 0;
}

void WebSocketTransport::close() { release(); }

void WebSocketTransport::drop() {
  if (socket_ <= 0) return;
  release();
  if (on_closed) on_closed();
}

}  // namespace duet::web
