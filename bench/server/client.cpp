#include "client.hpp"

#include <iostream>

namespace duet::bench {

void Client::connect(unsigned short port, std::string path) {
  beast::get_lowest_layer(ws_).async_connect(
      tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [self = shared_from_this(), port, path](error_code ec) {
        if (ec) return self->fail("connect", ec);
        beast::get_lowest_layer(self->ws_).socket().set_option(tcp::no_delay(true), ec);
        self->ws_.read_message_max(64 << 20);
        self->ws_.async_handshake("127.0.0.1:" + std::to_string(port), path, [self](error_code ec2) {
          if (ec2) return self->fail("handshake", ec2);
          self->open = true;
          if (self->on_open) self->on_open();
          self->read();
        });
      });
}

void Client::send(std::string frame) {
  out_.push_back(std::move(frame));
  if (out_.size() == 1) write();
}

void Client::close() {
  error_code ec;
  beast::get_lowest_layer(ws_).socket().close(ec);
}

void Client::fail(const char* what, error_code ec) {
  if (!failed) std::cerr << "bench client: " << what << ": " << ec.message() << "\n";
  failed = true;
}

void Client::read() {
  ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
    if (ec) {
      self->open = false;
      return;
    }
    const auto data = self->buffer_.cdata();
    if (self->on_frame) self->on_frame(std::string_view(static_cast<const char*>(data.data()), data.size()));
    self->buffer_.consume(self->buffer_.size());
    self->read();
  });
}

void Client::write() {
  ws_.text(true);
  ws_.async_write(net::buffer(out_.front()), [self = shared_from_this()](error_code ec, std::size_t) {
    if (ec) return self->fail("write", ec);
    self->out_.pop_front();
    if (!self->out_.empty()) self->write();
  });
}

std::string field(std::string_view frame, std::string_view key) {
  const std::string pattern = "\"" + std::string(key) + "\":\"";
  const auto at = frame.find(pattern);
  if (at == std::string_view::npos) return {};
  const auto start = at + pattern.size();
  return std::string(frame.substr(start, frame.find('"', start) - start));
}

}  // namespace duet::bench
