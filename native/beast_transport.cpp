#include "native/beast_transport.hpp"

#include <deque>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

namespace duet::native {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ws = beast::websocket;
using tcp = asio::ip::tcp;

bool parse_ws_url(const std::string& url, std::string& host, std::string& port, std::string& path) {
  const std::string scheme = "ws://";
  if (url.rfind(scheme, 0) != 0) return false;
  std::string rest = url.substr(scheme.size());
  auto slash = rest.find('/');
  std::string hostport = rest.substr(0, slash);
  path = slash == std::string::npos ? "/" : rest.substr(slash);
  auto colon = hostport.rfind(':');
  if (colon == std::string::npos) {
    host = hostport;
    port = "80";
  } else {
    host = hostport.substr(0, colon);
    port = hostport.substr(colon + 1);
  }
  return !host.empty() && !port.empty();
}

// One WebSocket connection; lives on the I/O thread only.
struct BeastTransport::Conn : std::enable_shared_from_this<Conn> {
  Conn(asio::io_context& ioc, BeastTransport& transport, std::uint64_t generation, std::weak_ptr<bool> alive_token)
      : resolver(ioc), socket(ioc), timer(ioc), owner(transport), gen(generation), alive(std::move(alive_token)) {}

  tcp::resolver resolver;
  ws::stream<beast::tcp_stream> socket;
  asio::steady_timer timer;  // outgoing delay
  beast::flat_buffer buffer;
  struct Out {
    std::chrono::steady_clock::time_point due;
    std::string frame;
  };
  std::deque<Out> outbox;
  bool writing = false, open = false, finished = false;
  BeastTransport& owner;
  std::uint64_t gen;
  std::weak_ptr<bool> alive;  // taken on the UI thread; expires when the transport goes away
  std::string host, port, path;

  // Posts a callback to the UI thread; it runs only if this connection is still the current one.
  void to_ui(std::function<void(BeastTransport&)> fn, int delay_ms = 0) {
    BeastTransport* t = &owner;
    std::uint64_t g = gen;
    owner.ui_.post(
        [a = alive, t, g, fn = std::move(fn)] {
          if (a.expired() || t->generation_ != g) return;
          fn(*t);
        },
        delay_ms > 0 ? wall_ms() + delay_ms : 0);
  }

  void fail() {
    if (finished) return;
    finished = true;
    open = false;
    to_ui([](BeastTransport& t) {
      if (t.events_.on_closed) t.events_.on_closed(wall_ms());
    });
  }

  void start() {
    auto self = shared_from_this();
    resolver.async_resolve(host, port, [self](beast::error_code ec, tcp::resolver::results_type results) {
      if (ec) return self->fail();
      beast::get_lowest_layer(self->socket).expires_after(std::chrono::seconds(10));
      beast::get_lowest_layer(self->socket).async_connect(results, [self](beast::error_code ec2, tcp::endpoint) {
        if (ec2) return self->fail();
        beast::get_lowest_layer(self->socket).expires_never();
        self->socket.set_option(ws::stream_base::timeout::suggested(beast::role_type::client));
        self->socket.async_handshake(self->host + ":" + self->port, self->path, [self](beast::error_code ec3) {
          if (ec3) return self->fail();
          self->socket.text(true);
          self->socket.read_message_max(32 * 1024 * 1024);
          self->open = true;
          self->to_ui([](BeastTransport& t) {
            if (t.events_.on_open) t.events_.on_open(wall_ms());
          });
          self->read();
          self->write_next();
        });
      });
    });
  }

  void read() {
    auto self = shared_from_this();
    socket.async_read(buffer, [self](beast::error_code ec, std::size_t) {
      if (ec) return self->fail();
      std::string frame = beast::buffers_to_string(self->buffer.data());
      self->buffer.consume(self->buffer.size());
      self->to_ui(
          [frame](BeastTransport& t) {
            if (t.events_.tap) t.events_.tap(false, frame, false);
            if (t.events_.on_frame) t.events_.on_frame(frame, wall_ms());
          },
          self->owner.delay_ms_.load());
      self->read();
    });
  }

  void enqueue(std::string frame, int delay_ms) {
    outbox.push_back({std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms), std::move(frame)});
    write_next();
  }

  void write_next() {
    if (!open || writing || outbox.empty() || finished) return;
    auto self = shared_from_this();
    writing = true;
    if (outbox.front().due > std::chrono::steady_clock::now()) {
      timer.expires_at(outbox.front().due);
      timer.async_wait([self](beast::error_code) {
        self->writing = false;
        self->outbox.front().due = std::chrono::steady_clock::time_point{};
        self->write_next();
      });
      return;
    }
    socket.async_write(asio::buffer(outbox.front().frame), [self](beast::error_code ec, std::size_t) {
      self->writing = false;
      if (ec) return self->fail();
      self->outbox.pop_front();
      self->write_next();
    });
  }

  void cut() {  // a network failure: no close handshake
    beast::error_code ec;
    beast::get_lowest_layer(socket).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(socket).socket().close(ec);
    timer.cancel();
  }

  void close_quietly() {
    finished = true;
    open = false;
    auto self = shared_from_this();
    if (socket.is_open()) {
      socket.async_close(ws::close_code::normal, [self](beast::error_code) { self->cut(); });
    } else {
      cut();
      resolver.cancel();
    }
  }
};

struct BeastTransport::Impl {
  asio::io_context ioc;
  asio::executor_work_guard<asio::io_context::executor_type> work{ioc.get_executor()};
  std::thread thread;
  std::shared_ptr<Conn> conn;  // I/O thread only
  Impl() : thread([this] { ioc.run(); }) {}
  ~Impl() {
    work.reset();
    ioc.stop();
    if (thread.joinable()) thread.join();
  }
};

BeastTransport::BeastTransport(UiQueue& ui, TransportEvents events)
    : ui_(ui), events_(std::move(events)), impl_(std::make_unique<Impl>()) {}

BeastTransport::~BeastTransport() {
  alive_.reset();
  close();
  impl_.reset();  // joins the I/O thread
}

void BeastTransport::open(const std::string& url) {
  const std::uint64_t gen = ++generation_;
  std::string host, port, path;
  if (!parse_ws_url(url, host, port, path)) {
    std::weak_ptr<bool> alive = alive_;
    ui_.post([this, alive, gen] {
      if (alive.expired() || generation_ != gen) return;
      if (events_.on_closed) events_.on_closed(wall_ms());
    });
    return;
  }
  std::weak_ptr<bool> alive = alive_;
  asio::post(impl_->ioc, [this, impl = impl_.get(), gen, host, port, path, alive] {
    if (impl->conn) impl->conn->close_quietly();
    auto c = std::make_shared<Conn>(impl->ioc, *this, gen, alive);
    c->host = host;
    c->port = port;
    c->path = path;
    impl->conn = c;
    c->start();
  });
}

void BeastTransport::send(std::string_view frame) {
  std::string f(frame);
  const bool twice = duplicate_next_;
  duplicate_next_ = false;
  if (events_.tap) {
    events_.tap(true, f, false);
    if (twice) events_.tap(true, f, true);
  }
  const int delay = delay_ms_.load();
  asio::post(impl_->ioc, [impl = impl_.get(), f, twice, delay] {
    if (!impl->conn) return;
    impl->conn->enqueue(f, delay);
    if (twice) impl->conn->enqueue(f, delay);
  });
}

void BeastTransport::close() {
  ++generation_;  // no callback after this
  if (!impl_) return;
  // Handlers capture Impl itself: ~BeastTransport nulls impl_ before ~Impl joins the I/O thread.
  asio::post(impl_->ioc, [impl = impl_.get()] {
    if (impl->conn) impl->conn->close_quietly();
    impl->conn.reset();
  });
}

void BeastTransport::drop() {
  asio::post(impl_->ioc, [impl = impl_.get()] {
    if (impl->conn) impl->conn->cut();  // the pending read fails -> on_closed
  });
}

void BeastTransport::set_delay(int ms) { delay_ms_ = ms < 0 ? 0 : ms; }

void BeastTransport::duplicate_next() { duplicate_next_ = true; }

}  // namespace duet::native
