#pragma once
// The headers that tell browsers what our responses may do: on every response no MIME sniffing and
// no Referer leaving our pages; on our HTML pages a Content-Security-Policy (scripts, styles and
// connections only from this server, WebAssembly allowed) and who may frame them.
#include <string>
#include <string_view>

#include "server/config.hpp"
#include "server/net/beast.hpp"

namespace duet::server {

void add_common_headers(http::response<http::string_body>& res);

// The policy of the widget, agent console and demo pages, with `frame_ancestors` as its sources
// ("'none'", "*", or "'self' https://shop.example ...").
std::string page_policy(std::string_view frame_ancestors);

// Who may frame the widget page of `site`: its origins (and this server), or "*" when the site
// allows any origin. Origins that could not be a CSP source (spaces, ';', ',', quotes) are left out.
std::string widget_frame_ancestors(const SiteConfig& site);

}  // namespace duet::server
