#pragma once
// Replies to offline messages, for customers who are not on the page: each one is POSTed as JSON to
// the operator's hook (offline_reply_hook in the config), which sends the email or SMS. One I/O
// thread of its own; at most kMaxInFlight posts under way, beyond that a reply is logged and
// dropped (the customer still reads it in the widget when they return). One attempt each.
#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server/config.hpp"
#include "server/llm/url.hpp"
#include "server/offline_reply.hpp"

namespace duet::server {

class Metrics;

class OfflineReplyHook {
 public:
  OfflineReplyHook(OfflineReplyHookConfig config, Metrics& metrics);
  ~OfflineReplyHook();
  OfflineReplyHook(const OfflineReplyHook&) = delete;
  OfflineReplyHook& operator=(const OfflineReplyHook&) = delete;

  void post(OfflineReply reply);  // any thread; returns at once

 private:
  static constexpr int kMaxInFlight = 64;
  void start(const OfflineReply& reply);  // on the I/O thread

  OfflineReplyHookConfig config_;
  Metrics& metrics_;
  std::optional<llm::Url> url_;
  boost::asio::io_context ioc_;
  boost::asio::ssl::context tls_;
  bool tls_ready_ = true;
  std::atomic<int> in_flight_{0};
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

}  // namespace duet::server
