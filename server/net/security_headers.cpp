#include "server/net/security_headers.hpp"

#include <cctype>

namespace duet::server {
namespace {

// scheme://host[:port], as in the sites' allow-lists; anything else could break out of the policy.
bool csp_source_ok(std::string_view origin) {
  if (origin.empty() || origin.find("://") == std::string_view::npos) return false;
  for (char c : origin) {
    const auto u = static_cast<unsigned char>(c);
    if (!(std::isalnum(u) || c == ':' || c == '/' || c == '.' || c == '-' || c == '[' || c == ']' || c == '*'))
      return false;
  }
  return true;
}

}  // namespace

void add_common_headers(http::response<http::string_body>& res) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
}

std::string page_policy(std::string_view frame_ancestors) {
  // 'wasm-unsafe-eval' compiles the app's WebAssembly; no eval of scripts (-sDYNAMIC_EXECUTION=0).
  // connect-src 'self' covers the WebSocket to this server (CSP 3: Chrome 71+, Safari 16+).
  return "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
         "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
         "frame-ancestors " +
         std::string(frame_ancestors);
}

std::string widget_frame_ancestors(const SiteConfig& site) {
  if (site.origins.empty()) return "*";
  std::string sources = "'self'";
  for (const auto& o : site.origins)
    if (csp_source_ok(o)) sources += " " + o;
  return sources;
}

}  // namespace duet::server
