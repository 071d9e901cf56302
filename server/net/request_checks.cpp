#include "server/net/request_checks.hpp"

namespace duet::server {

std::optional<std::string> header_block_problem(std::string_view raw) {
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c == '\n' && (i == 0 || raw[i - 1] != '\r')) return "a header line ends in a bare LF";
    if (c == '\r' && (i + 1 == raw.size() || raw[i + 1] != '\n')) return "a bare CR in the header";
    if (c == '\n' && i + 1 < raw.size() && (raw[i + 1] == ' ' || raw[i + 1] == '\t'))
      return "a header line starts with white space (obs-fold or indentation)";
  }
  return std::nullopt;
}

std::optional<std::string> framing_problem(const http::request_header<>& header) {
  const auto te = header.count(http::field::transfer_encoding);
  if (te == 0) return std::nullopt;
  if (te > 1) return "more than one Transfer-Encoding header";
  if (header.count(http::field::content_length) > 0) return "both Transfer-Encoding and Content-Length";
  if (header.version() < 11) return "Transfer-Encoding in an HTTP/1.0 request";
  const auto value = header[http::field::transfer_encoding];
  if (!beast::iequals(value, beast::string_view("chunked")))
    return "Transfer-Encoding other than \"chunked\"";
  return std::nullopt;
}

}  // namespace duet::server
