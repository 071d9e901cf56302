#include "server/llm/https_client.hpp"

#include <array>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace duet::server::llm {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
class Call final : public HttpCall, public std::enable_shared_from_this<Call<Stream>> {
 public:
  Call(net::io_context& ioc, ssl::context& tls, Url url, http::request<http::string_body> req,
       std::chrono::steady_clock::time_point deadline, HttpHandlers handlers, std::size_t max_body)
      : stream_(make_stream(ioc, tls)),
        resolver_(ioc),
        timer_(ioc),
        url_(std::move(url)),
        req_(std::move(req)),
        deadline_(deadline),
        handlers_(std::move(handlers)) {
    parser_.body_limit(max_body);
  }

  void start() {
    auto self = this->shared_from_this();
    timer_.expires_at(deadline_);
    timer_.async_wait([self](error_code ec) {
      if (ec || self->ended_) return;
      self->timed_out_ = true;
      self->abort_io();
    });
    resolver_.async_resolve(url_.host, url_.port, [self](error_code ec, tcp::resolver::results_type results) {
      if (ec) return self->fail(ec, "resolve");
      beast::get_lowest_layer(self->stream_).async_connect(results, [self](error_code ec2, const tcp::endpoint&) {
        if (ec2) return self->fail(ec2, "connect");
        self->secure();
      });
    });
  }

  void cancel() override {
    if (ended_) return;
    cancelled_ = true;
    abort_io();
  }

 private:
  static Stream make_stream(net::io_context& ioc, ssl::context& tls) {
    if constexpr (std::is_same_v<Stream, TlsStream>) return Stream(ioc, tls);
    else return Stream(ioc);
  }

  void secure() {
    if constexpr (std::is_same_v<Stream, TlsStream>) {
      SSL* ssl = stream_.native_handle();
      // SNI carries a name only (RFC 6066); the certificate must name the host or the IP literal.
      if (!url_.host_is_ip()) SSL_set_tlsext_host_name(ssl, url_.host.c_str());
      X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
      X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
      const int named = url_.host_is_ip() ? X509_VERIFY_PARAM_set1_ip_asc(param, url_.host.c_str())
                                          : X509_VERIFY_PARAM_set1_host(param, url_.host.c_str(), 0);
      if (named != 1) return end(HttpFailure::unreachable, "tls: cannot check the host name " + url_.host);
      stream_.set_verify_mode(ssl::verify_peer);
      auto self = this->shared_from_this();
      stream_.async_handshake(ssl::stream_base::client, [self](error_code ec) {
        if (ec) return self->fail(ec, "tls");
        self->send();
      });
    } else {
      send();
    }
  }

  void send() {
    sent_ = true;
    auto self = this->shared_from_this();
    http::async_write(stream_, req_, [self](error_code ec, std::size_t) {
      if (ec) return self->fail(ec, "write");
      http::async_read_header(self->stream_, self->buffer_, self->parser_, [self](error_code ec2, std::size_t) {
        if (ec2) return self->fail(ec2, "read");
        const auto& res = self->parser_.get();
        const auto type = res[http::field::content_type];
        if (self->handlers_.on_head) self->handlers_.on_head(res.result_int(), std::string_view(type.data(), type.size()));
        if (self->ended_) return;
        if (self->parser_.is_done()) return self->end(HttpFailure::none, "");
        self->read_body();
      });
    });
  }

  void read_body() {
    parser_.get().body().data = chunk_.data();
    parser_.get().body().size = chunk_.size();
    auto self = this->shared_from_this();
    http::async_read_some(stream_, buffer_, parser_, [self](error_code ec, std::size_t) {
      if (ec == http::error::need_buffer) ec = {};
      const std::size_t got = self->chunk_.size() - self->parser_.get().body().size;
      if (got > 0 && !self->ended_ && self->handlers_.on_body &&
          !self->handlers_.on_body(std::string_view(self->chunk_.data(), got)))
        return self->end(HttpFailure::none, "");
      if (ec) return self->fail(ec, "read");
      if (self->ended_) return;
      if (self->parser_.is_done()) return self->end(HttpFailure::none, "");
      self->read_body();
    });
  }

  void fail(error_code ec, const char* stage) {
    if (timed_out_) return end(HttpFailure::timeout, std::string(stage) + ": deadline passed");
    if (cancelled_) return end(HttpFailure::cancelled, "cancelled");
    end(sent_ ? HttpFailure::broken : HttpFailure::unreachable, std::string(stage) + ": " + ec.message());
  }

  void abort_io() {
    resolver_.cancel();
    error_code ignored;
    beast::get_lowest_layer(stream_).socket().close(ignored);
  }

  void end(HttpFailure failure, const std::string& detail) {
    if (ended_) return;
    ended_ = true;
    timer_.cancel();
    abort_io();  // no TLS close_notify: the endpoint learns nothing from it and it could hang
    HttpHandlers handlers = std::move(handlers_);
    handlers_ = {};
    if (handlers.on_end) handlers.on_end(failure, detail);
  }

  Stream stream_;
  tcp::resolver resolver_;
  net::steady_timer timer_;
  Url url_;
  http::request<http::string_body> req_;
  std::chrono::steady_clock::time_point deadline_;
  HttpHandlers handlers_;
  beast::flat_buffer buffer_;
  http::response_parser<http::buffer_body> parser_;
  std::array<char, 8192> chunk_{};
  bool sent_ = false, timed_out_ = false, cancelled_ = false, ended_ = false;
};

}  // namespace

std::shared_ptr<HttpCall> start_http(net::io_context& ioc, ssl::context& tls, const Url& url,
                                     http::request<http::string_body> request,
                                     std::chrono::steady_clock::time_point deadline, HttpHandlers handlers,
                                     std::size_t max_body_bytes) {
  if (url.tls) {
    auto call = std::make_shared<Call<TlsStream>>(ioc, tls, url, std::move(request), deadline, std::move(handlers),
                                                  max_body_bytes);
    call->start();
    return call;
  }
  auto call = std::make_shared<Call<PlainStream>>(ioc, tls, url, std::move(request), deadline, std::move(handlers),
                                                  max_body_bytes);
  call->start();
  return call;
}

std::string configure_client_tls(ssl::context& tls, const std::string& extra_ca_file) {
  tls.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
  tls.set_verify_mode(ssl::verify_peer);
  error_code ec;
  tls.set_default_verify_paths(ec);
  if (ec) return "cannot load the system CA store: " + ec.message();
  if (!extra_ca_file.empty()) {
    tls.load_verify_file(extra_ca_file, ec);
    if (ec) return "cannot load assistant.llm.ca_file " + extra_ca_file + ": " + ec.message();
  }
  return {};
}

}  // namespace duet::server::llm
