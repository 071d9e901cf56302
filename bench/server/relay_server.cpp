// The baseline: a bare Boost.Beast WebSocket relay with the same shape as duet-server's network layer
// (strand per connection, write queue, thread pool) but no protocol, no store, no hub. Customers
// connect to /c/<i>, agents to /a/<j>; customer i's frames go to agent i % agents as "<i>|<frame>",
// and an agent's "<i>|<frame>" goes to customer i as <frame>. Prints its port.
// Usage: duet-bench-relay THREADS AGENTS
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
std::mutex g_mutex;
std::map<std::string, std::weak_ptr<Session>> g_sessions;  // "c/<i>" or "a/<j>"
int g_agents = 1;

std::shared_ptr<Session> lookup(const std::string& key) {
  std::lock_guard lock(g_mutex);
  auto it = g_sessions.find(key);
  return it == g_sessions.end() ? nullptr : it->second.lock();
}

class Session : public std::enable_shared_from_this<Session> {
 public:
  explicit Session(tcp::socket&& s) : ws_(std::move(s)) {}
  void run() {
    net::dispatch(ws_.get_executor(), [self = shared_from_this()] {
      self->http_.emplace();
      http::async_read(self->ws_.next_layer(), self->buffer_, *self->http_, [self](error_code ec, std::size_t) {
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
    http_.reset();
    const std::string target(req.target());
    if (target.rfind("/c/", 0) == 0) customer_ = std::stoi(target.substr(3));
    else if (target.rfind("/a/", 0) == 0) agent_ = true;
    key_ = target.substr(1);
    ws_.read_message_max(64 << 20);
    ws_.async_accept(req, [self = shared_from_this()](error_code ec) {
      if (ec) return;
      {
        std::lock_guard lock(g_mutex);
        g_sessions[self->key_] = self;
      }
      self->read();
    });
  }
  void read() {
    ws_.async_read(buffer_, [self = shared_from_this()](error_code ec, std::size_t) {
      if (ec) {
        std::lock_guard lock(g_mutex);
        g_sessions.erase(self->key_);
        return;
      }
      self->route(beast::buffers_to_string(self->buffer_.data()));
      self->buffer_.consume(self->buffer_.size());
      self->read();
    });
  }
  void route(std::string frame) {
    if (agent_) {
      const auto bar = frame.find('|');
      if (bar == std::string::npos) return;
      if (auto c = lookup("c/" + frame.substr(0, bar))) c->send(std::make_shared<const std::string>(frame.substr(bar + 1)));
    } else if (customer_ >= 0) {
      if (auto a = lookup("a/" + std::to_string(customer_ % g_agents)))
        a->send(std::make_shared<const std::string>(std::to_string(customer_) + "|" + frame));
    }
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
  std::string key_;
  int customer_ = -1;
  bool agent_ = false;
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
  g_agents = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  net::io_context ioc(threads);
  tcp::acceptor acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0));
  std::cout << "listening on http://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
  accept_loop(acceptor, ioc);
  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
}
