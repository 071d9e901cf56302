#pragma once
// Reads a request target's query string the way a browser's URLSearchParams does
// (application/x-www-form-urlencoded: '&' separates pairs, '+' is a space, %XX is decoded in names
// and values, a malformed escape stays as it is), so the server and the page's script agree on
// what `?site=` says.
#include <optional>
#include <string>
#include <string_view>

namespace duet::server {

// The first value of `name` in `target`'s query; nullopt when there is none.
std::optional<std::string> query_param(std::string_view target, std::string_view name);
std::string form_decode(std::string_view s);

}  // namespace duet::server
