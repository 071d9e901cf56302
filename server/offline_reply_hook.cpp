#include "server/offline_reply_hook.hpp"

#include <boost/asio/post.hpp>
#include <boost/beast/http/verb.hpp>
#include <nlohmann/json.hpp>

#include "server/llm/https_client.hpp"
#include "server/log.hpp"
#include "server/metrics.hpp"

namespace duet::server {

OfflineReplyHook::OfflineReplyHook(OfflineReplyHookConfig config, Metrics& metrics)
    : config_(std::move(config)),
      metrics_(metrics),
      url_(llm::parse_url(config_.url)),
      tls_(boost::asio::ssl::context::tls_client) {
  if (url_ && url_->tls) {
    const std::string problem = llm::configure_client_tls(tls_, config_.ca_file);
    if (!problem.empty()) log::error("offline_reply_hook_config", {{"error", problem}});
    tls_ready_ = problem.empty();
  }
  work_.emplace(ioc_.get_executor());
  thread_ = std::thread([this] { ioc_.run(); });
}

// Posts under way finish (each has its deadline); then the thread ends.
OfflineReplyHook::~OfflineReplyHook() {
  work_.reset();
  if (thread_.joinable()) thread_.join();
}

void OfflineReplyHook::post(OfflineReply reply) {
  if (!url_ || !tls_ready_) return metrics_.offline_reply(OfflineReplyOutcome::failed);
  if (in_flight_.fetch_add(1) >= kMaxInFlight) {
    in_flight_.fetch_sub(1);
    log::warn("offline_reply_dropped", {{"conversation", reply.conversation}, {"cause", "too many posts under way"}});
    return metrics_.offline_reply(OfflineReplyOutcome::dropped);
  }
  boost::asio::post(ioc_, [this, reply = std::move(reply)] { start(reply); });
}

void OfflineReplyHook::start(const OfflineReply& reply) {
  namespace http = boost::beast::http;
  http::request<http::string_body> req{http::verb::post, url_->target, 11};
  req.set(http::field::host, url_->host_header());
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "duet-server");
  req.body() = nlohmann::json{{"site", reply.site},   {"conversation", reply.conversation},
                              {"contact", reply.contact}, {"agent", reply.agent},
                              {"text", reply.text},   {"at", reply.at}}
                   .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  req.prepare_payload();
  auto status = std::make_shared<unsigned>(0);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.timeout_ms);
  llm::start_http(ioc_, tls_, *url_, std::move(req), deadline,
                  {[status](unsigned s, std::string_view) { *status = s; },
                   [](std::string_view) { return true; },
                   [this, status, id = reply.conversation](llm::HttpFailure failure, const std::string& detail) {
                     in_flight_.fetch_sub(1);
                     const bool ok = failure == llm::HttpFailure::none && *status >= 200 && *status < 300;
                     if (!ok)
                       log::warn("offline_reply_failed",
                                 {{"conversation", id}, {"status", *status}, {"detail", detail}});
                     metrics_.offline_reply(ok ? OfflineReplyOutcome::sent : OfflineReplyOutcome::failed);
                   }},
                  64 * 1024);
}

}  // namespace duet::server
