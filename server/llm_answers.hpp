#pragma once
// Answers worded by any OpenAI-compatible /v1/chat/completions endpoint (HTTPS with verified
// certificates, or HTTP), grounded in the knowledge base: the prompt carries the KB's top articles,
// the conversation so far and the merchant's page context; the reply must cite one of those articles
// and is streamed to the caller only once the citation checks out. The KB still decides: when it is
// unsure the endpoint is not asked (nothing gets invented); when the endpoint is slow, failing,
// overloaded, ungrounded, or the customer's message tries to instruct it, the KB answer is sent.
//
// Requests run asynchronously on one I/O thread owned by this class, at most `concurrency` at a time
// with a bounded queue behind them, so a slow endpoint never holds other customers' answers.
#include <chrono>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server/answers.hpp"
#include "server/config.hpp"
#include "server/llm/circuit_breaker.hpp"
#include "server/llm/completion.hpp"
#include "server/llm/url.hpp"
#include "server/metrics.hpp"

namespace duet::server {

class LlmAnswers final : public AnswerService {
 public:
  // `metrics` may be null (tests that do not look at it).
  LlmAnswers(KbAnswers& kb, LlmConfig config, Metrics* metrics = nullptr);
  ~LlmAnswers() override;
  void ask(Question q, AnswerPiece on_piece, std::function<void(Answer)> done) override;
  std::string title_of(const std::string& id, const std::string& language) const override {
    return kb_.title_of(id, language);
  }
  // Answers what is queued or under way from the KB and stops the I/O thread. Idempotent.
  void stop();

 private:
  struct Job;
  void start_or_queue(std::shared_ptr<Job> job);  // on the I/O thread
  void start(std::shared_ptr<Job> job);
  void finish(const std::shared_ptr<Job>& job, llm::CompletionResult r);
  void fall_back(Job& job, LlmOutcome why, double seconds, const std::string& detail);
  void drain();

  KbAnswers& kb_;
  LlmConfig config_;
  Metrics* metrics_;
  std::optional<llm::Url> url_;
  std::string api_key_;
  boost::asio::io_context ioc_;
  boost::asio::ssl::context tls_;
  bool tls_ready_ = false;

  // Touched on the I/O thread only.
  llm::CircuitBreaker breaker_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::vector<std::shared_ptr<Job>> active_;
  bool draining_ = false;

  std::mutex mutex_;
  bool stopping_ = false;  // under mutex_: no new work is posted once set
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work_;
  std::thread thread_;
};

}  // namespace duet::server
