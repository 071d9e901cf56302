#include "ws_client.hpp"

#include <zlib.h>

#include <future>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

namespace duet::test {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace net = boost::asio;
using tcp = net::ip::tcp;
}  // namespace

struct WsClient::Impl {
  net::io_context ioc;
  // Keeps the I/O thread alive while no operation is pending (reading paused, nothing to write).
  net::executor_work_guard<net::io_context::executor_type> work = net::make_work_guard(ioc);
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  std::thread thread;
  std::mutex mutex;
  std::condition_variable cv;
  std::deque<std::string> frames;
  bool closed = false;
  std::optional<std::uint16_t> code;
  std::string reason;
  std::deque<std::pair<std::string, bool>> outbox;  // frame, text
  bool writing = false;
  bool paused = false, read_pending = false;

  void read() {
    if (paused) return;
    read_pending = true;
    ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
      read_pending = false;
      std::lock_guard lock(mutex);
      if (ec) {
        closed = true;
        if (ws.reason().code != websocket::close_code::none || ec == websocket::error::closed)
          code = static_cast<std::uint16_t>(ws.reason().code), reason = std::string(ws.reason().reason.c_str());
        cv.notify_all();
        return;
      }
      frames.push_back(beast::buffers_to_string(buffer.data()));
      buffer.consume(buffer.size());
      cv.notify_all();
      read();
    });
  }
  void write() {
    if (writing || outbox.empty() || closed) return;
    writing = true;
    ws.text(outbox.front().second);
    ws.async_write(net::buffer(outbox.front().first), [this](beast::error_code ec, std::size_t) {
      writing = false;
      outbox.pop_front();
      if (!ec) write();
    });
  }
};

WsClient::WsClient(unsigned short port, const std::string& path, std::optional<std::string> origin,
                   std::map<std::string, std::string> headers)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  auto& tcp_layer = beast::get_lowest_layer(m.ws);
  tcp_layer.expires_after(kWait);
  tcp_layer.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  tcp_layer.expires_never();
  if (origin) headers["Origin"] = *origin;
  if (!headers.empty())
    m.ws.set_option(websocket::stream_base::decorator([h = std::move(headers)](websocket::request_type& req) {
      for (const auto& [name, value] : h) req.set(name, value);
    }));
  m.ws.read_message_max(64 << 20);
  beast::error_code ec;
  m.ws.handshake("127.0.0.1:" + std::to_string(port), path, ec);
  if (ec) throw std::runtime_error("websocket handshake failed: " + ec.message());
  m.read();
  m.thread = std::thread([&m] { m.ioc.run(); });
}

WsClient::~WsClient() {
  net::post(impl_->ioc, [m = impl_.get()] {
    beast::error_code ec;
    beast::get_lowest_layer(m->ws).socket().close(ec);
    m->work.reset();
  });
  impl_->thread.join();
}

void WsClient::send_text(std::string frame) {
  net::post(impl_->ioc, [m = impl_.get(), f = std::move(frame)]() mutable {
    m->outbox.emplace_back(std::move(f), true);
    m->write();
  });
}

void WsClient::send_binary(std::string frame) {
  net::post(impl_->ioc, [m = impl_.get(), f = std::move(frame)]() mutable {
    m->outbox.emplace_back(std::move(f), false);
    m->write();
  });
}

std::optional<std::string> WsClient::next_frame(std::chrono::milliseconds timeout) {
  std::unique_lock lock(impl_->mutex);
  impl_->cv.wait_for(lock, timeout, [&] { return !impl_->frames.empty() || impl_->closed; });
  if (impl_->frames.empty()) return std::nullopt;
  std::string f = std::move(impl_->frames.front());
  impl_->frames.pop_front();
  return f;
}

std::optional<proto::Message> WsClient::wait_message(const std::function<bool(const proto::Message&)>& pred,
                                                     std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    auto frame = next_frame(left);
    if (!frame) return std::nullopt;
    auto m = proto::parse(*frame, proto::Limits::for_server_frames());
    if (!m)
      throw std::runtime_error("the server sent a frame that does not parse (" + m.error().message + "): " +
                               frame->substr(0, 200));
    history_.push_back(m.value());
    if (pred(m.value())) return m.value();
  }
}

std::optional<Event> WsClient::wait_event(EventKind kind, std::function<bool(const Event&)> pred,
                                          std::chrono::milliseconds timeout) {
  auto m = wait_message(
      [&](const proto::Message& msg) {
        const auto* e = std::get_if<proto::EventMsg>(&msg);
        return e && e->event.kind == kind && (!pred || pred(e->event));
      },
      timeout);
  if (!m) return std::nullopt;
  return std::get<proto::EventMsg>(*m).event;
}

std::optional<proto::Error> WsClient::wait_error(proto::ErrorCode code, std::chrono::milliseconds timeout) {
  return wait_for<proto::Error>([code](const proto::Error& e) { return e.code == code; }, timeout);
}

std::vector<Event> WsClient::events() const {
  std::vector<Event> out;
  for (const auto& m : history_) {
    if (const auto* e = std::get_if<proto::EventMsg>(&m)) out.push_back(e->event);
    if (const auto* w = std::get_if<proto::Welcome>(&m)) out.insert(out.end(), w->events.begin(), w->events.end());
    if (const auto* r = std::get_if<proto::Replay>(&m)) out.insert(out.end(), r->events.begin(), r->events.end());
  }
  return out;
}

bool WsClient::wait_closed(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto f = next_frame(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    if (f) {
      if (auto m = proto::parse(*f, proto::Limits::for_server_frames())) history_.push_back(m.value());
      continue;
    }
    std::lock_guard lock(impl_->mutex);
    if (impl_->closed) return true;
  }
  std::lock_guard lock(impl_->mutex);
  return impl_->closed;
}

std::optional<std::uint16_t> WsClient::close_code() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->code;
}

std::string WsClient::close_reason() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->reason;
}

void WsClient::pause_reading() {
  std::promise<void> done;
  net::post(impl_->ioc, [m = impl_.get(), &done] {
    m->paused = true;
    done.set_value();
  });
  done.get_future().wait();
}

void WsClient::resume_reading() {
  net::post(impl_->ioc, [m = impl_.get()] {
    m->paused = false;
    if (!m->read_pending) m->read();
  });
}

void WsClient::cut() {
  net::post(impl_->ioc, [m = impl_.get()] {
    beast::error_code ec;
    beast::get_lowest_layer(m->ws).socket().shutdown(tcp::socket::shutdown_both, ec);
    beast::get_lowest_layer(m->ws).socket().close(ec);
  });
  wait_closed();
}

void WsClient::close() {
  net::post(impl_->ioc, [m = impl_.get()] {
    m->ws.async_close(websocket::close_code::normal, [](beast::error_code) {});
  });
  wait_closed();
}

HttpResult http_get(unsigned short port, const std::string& target, const std::map<std::string, std::string>& headers,
                    const std::string& method) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  stream.expires_after(kWait);
  stream.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [k, v] : headers) req.set(k, v);
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 << 20);
  if (method == "HEAD") parser.skip(true);
  beast::error_code failure;
  bool done = false;
  http::async_write(stream, req, [&](beast::error_code ec, std::size_t) {
    if (ec) {
      failure = ec;
      done = true;
      return;
    }
    http::async_read(stream, buffer, parser, [&](beast::error_code ec2, std::size_t) {
      failure = ec2;
      done = true;
    });
  });
  ioc.run_for(kWait);
  if (!done || failure) throw std::runtime_error("http request failed: " + (done ? failure.message() : "timeout"));
  auto res = parser.release();
  HttpResult out;
  out.status = res.result_int();
  for (const auto& f : res) {
    std::string name(f.name_string().data(), f.name_string().size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out.headers[name] = std::string(f.value().data(), f.value().size());
  }
  out.body = res.body();
  return out;
}

std::string gunzip(const std::string& data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) throw std::runtime_error("inflateInit2");
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char buf[65536];
  int rc;
  do {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("not a complete gzip stream");
  return out;
}

}  // namespace duet::test
