#pragma once
// One HTTP/1.1 request over plain TCP or TLS (OpenSSL: certificate chain verified against the
// context's trust store, host name or IP checked, SNI sent), asynchronous on the caller's io_context.
// The response body is handed over as it arrives, so a streamed reply can be shown while it grows.
// One deadline covers everything: resolve, connect, TLS handshake, first byte and the whole body.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "server/llm/url.hpp"

namespace duet::server::llm {

enum class HttpFailure {
  none,         // the response arrived whole (or the reader stopped it on purpose)
  timeout,      // the deadline passed
  unreachable,  // resolve, connect or TLS handshake failed (an untrusted certificate lands here)
  broken,       // the connection failed after the request was sent, or the response was malformed
  cancelled,    // cancel() was called
};

struct HttpHandlers {
  // The status line and headers arrived.
  std::function<void(unsigned status, std::string_view content_type)> on_head;
  // The next bytes of the (de-chunked) body. Return false to stop reading: the call then ends with
  // HttpFailure::none.
  std::function<bool(std::string_view bytes)> on_body;
  // Exactly once, last; `detail` says what failed.
  std::function<void(HttpFailure failure, const std::string& detail)> on_end;
};

class HttpCall {
 public:
  virtual ~HttpCall() = default;
  // Ends the call soon with HttpFailure::cancelled (unless it ended already). Call on the io thread.
  virtual void cancel() = 0;
};

// Starts the request; every handler runs on `ioc`'s thread. `tls` is used for https:// URLs only.
std::shared_ptr<HttpCall> start_http(boost::asio::io_context& ioc, boost::asio::ssl::context& tls, const Url& url,
                                     boost::beast::http::request<boost::beast::http::string_body> request,
                                     std::chrono::steady_clock::time_point deadline, HttpHandlers handlers,
                                     std::size_t max_body_bytes = 4 << 20);

// A client context: TLS 1.2 or newer, peers verified against the system CA store plus `extra_ca_file`
// (PEM; empty: none). Returns an error message when the file cannot be loaded.
std::string configure_client_tls(boost::asio::ssl::context& tls, const std::string& extra_ca_file);

}  // namespace duet::server::llm
