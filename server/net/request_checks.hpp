#pragma once
// Requests whose framing two HTTP parsers could read differently (a proxy in front and this server:
// request smuggling) are refused with 400 instead of being guessed at: folded or indented header
// lines, bare CR or LF, and any Transfer-Encoding but one plain "chunked" without Content-Length.
#include <optional>
#include <string>
#include <string_view>

#include "server/net/beast.hpp"

namespace duet::server {

// `raw`: the request line and header lines up to and including the blank line.
std::optional<std::string> header_block_problem(std::string_view raw);
// The parsed header: Transfer-Encoding and Content-Length.
std::optional<std::string> framing_problem(const http::request_header<>& header);

}  // namespace duet::server
