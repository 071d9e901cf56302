#include "http_get.hpp"

#include "server/net/beast.hpp"

namespace duet::bench {

using namespace duet::server;

std::optional<HttpReply> http_get(unsigned short port, const std::string& target, std::chrono::milliseconds timeout) {
  net::io_context ioc;
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  http::response<http::string_body> res;
  bool ok = false;
  stream.expires_after(timeout);  // the whole exchange: a stuck node cannot stall the benchmark
  stream.async_connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), port), [&](error_code ec) {
    if (ec) return;
    http::async_write(stream, req, [&](error_code ec2, std::size_t) {
      if (ec2) return;
      http::async_read(stream, buffer, res, [&](error_code ec3, std::size_t) { ok = !ec3; });
    });
  });
  ioc.run();
  if (!ok) return std::nullopt;
  return HttpReply{static_cast<int>(res.result_int()), res.body()};
}

}  // namespace duet::bench
