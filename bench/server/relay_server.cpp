// The baseline: a bare Boost.Beast WebSocket server that relays text frames between two connections
// (/pair/<id>/c and /pair/<id>/a), with the same shape as duet-server's network layer (strand per
// connection, write queue, thread pool) but no protocol, no store, no hub. Prints its port.
#include <deque>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "server/net/beast.hpp"

using namespace duet::server;

namespace {

class Session;
std::mutex g_pairs_mutex;
std::map<std::string, std::weak_ptr<Session>> g_pairs;  // "<id>/c" -> session

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket&& s) : ws_(std::move(s)) {}
  void run() {
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
      self->http_.emplace();
      http::async_read(self->ws_.next_layer(), self->buffer_, *self->http_,
                       [self](error_code ec, std::size_t) {
                         if (ec) return;
                         self->accept();
                       });
    });
  }
  void send(std::shared_ptr<const std::string> f) {
    net::post(ws_.get_executor(), [self = shared_from_this(), f] {
      self->queue_.push_back(f);
      if (self->queue_.size() == 1) self->write();
    });
  }

 private:
  void accept() {
    auto req = http_->release();
    const std::string target(req.target());
    const auto slash = target.rfind('/');
    if (target.rfind("/pair/", 0) == 0 && slash > 6) {
      const std::string id = target.substr(6, slash - 6), side = target.substr(slash + 1);
      key_ = id + "/" + side;
      partner_key_ = id + "/" + (side == "c" ? "a" : "c");
    }
    ws_.read_message_max(64 << 20);
    ws_.async_accept(req, [self = shared_from_this()](error_code ec) {
      if (ec) return;
      {
        std::lock_guard lock(g_pairs_mutex);
        g_pairs[self->key_] = self;
      }
      self->read();
    });
  }
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        std::lock_guard lock(g_pairs_mutex);
        g_pairs.erase(self->key_);
        return;
      }
      auto frame = std::make_shared<const std::string>(beast::buffers_to_string(self->buffer_.data()));
      self->buffer_.consume(self->buffer_.size());
      std::shared_ptr<Session> partner;
      {
        std::lock_guard lock(g_pairs_mutex);
        if (auto it = g_pairs.find(self->partner_key_); it != g_pairs.end()) partner = it->second.lock();
      }
      if (partner) partner->send(frame);
      self->read();
    });
  }
  void write() {
    ws_.text(true);
    ws_.async_write(net::buffer(*queue_.front()), [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) return;
      self->queue_.pop_front();
      if (!self->queue_.empty()) self->write();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> http_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  std::string key_, partner_key_;
};

void accept_loop(tcp::acceptor& acceptor, net::io_context& ioc) {
  acceptor.async_accept(net::make_strand(ioc), [&](error_code ec, tcp::socket s) {
    if (!ec) {
      s.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(std::move(s))->run();
    }
    accept_loop(acceptor, ioc);
  });
}

}  // namespace

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::max(1, std::atoi(argv[1])) : 1;
  net::io_context ioc(threads);
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  accept_loop(acceptor, ioc);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
}
