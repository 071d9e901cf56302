#include "server/llm_answers.hpp"

#include <algorithm>
#include <cstdlib>

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include "server/llm/guard.hpp"
#include "server/llm/prompt.hpp"
#include "server/log.hpp"

namespace duet::server {

namespace {
constexpr std::size_t kArticlesInPrompt = 3;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}
}  // namespace

// One question on its way through the LLM path.
struct LlmAnswers::Job {
  Question question;
  Answer kb;                                  // what is sent whenever the endpoint's answer is not
  std::vector<llm::PromptArticle> articles;   // what the answer may cite
  std::vector<double> confidences;            // the KB's confidence in each
  AnswerPiece on_piece;
  std::function<void(Answer)> done;
  Clock::time_point asked = Clock::now();
  Clock::time_point deadline;
  std::shared_ptr<llm::HttpCall> call;
  bool answered = false;

  void answer(Answer a) {
    if (answered) return;
    answered = true;
    on_piece = {};
    auto d = std::move(done);
    d(std::move(a));
  }
};

LlmAnswers::LlmAnswers(KbAnswers& kb, LlmConfig config, Metrics* metrics)
    : kb_(kb),
      config_(std::move(config)),
      metrics_(metrics),
      url_(llm::parse_url(config_.url)),
      tls_(boost::asio::ssl::context::tls_client),
      breaker_(config_.breaker_failures, std::chrono::milliseconds(config_.breaker_cooldown_ms)) {
  if (!config_.api_key_env.empty())
    if (const char* k = std::getenv(config_.api_key_env.c_str())) api_key_ = k;
  if (!url_) log::error("llm_config", {{"error", "assistant.llm.url must be http(s)://host[:port][/path]"}});
  if (url_ && url_->tls) {
    const std::string problem = llm::configure_client_tls(tls_, config_.ca_file);
    if (!problem.empty()) log::error("llm_config", {{"error", problem}});
    tls_ready_ = problem.empty();
  }
  work_.emplace(ioc_.get_executor());
  thread_ = std::thread([this] { ioc_.run(); });
}

LlmAnswers::~LlmAnswers() { stop(); }

void LlmAnswers::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  // After every ask() already posted: whatever is queued or under way is answered from the KB.
  boost::asio::post(ioc_, [this] { drain(); });
  work_.reset();
  if (thread_.joinable()) thread_.join();
}

void LlmAnswers::ask(Question q, AnswerPiece on_piece, std::function<void(Answer)> done) {
  Answer kb = kb_.answer(q);
  if (kb.unsure) return done(kb);  // nothing to ground an answer in: the honest "not sure" stays
  // A matter for a person (fraud, a dispute): the dialogue layer queues it with a fixed kind line, so
  // nothing is worth generating.
  if (kb.escalate != EscalationReason::none) return done(kb);
  auto job = std::make_shared<Job>();
  job->kb = kb;
  job->on_piece = std::move(on_piece);
  job->done = std::move(done);
  job->deadline = job->asked + std::chrono::milliseconds(config_.timeout_ms);
  if (!url_ || (url_->tls && !tls_ready_)) return fall_back(*job, LlmOutcome::unreachable, -1, "not configured");
  if (llm::looks_like_injection(q.text)) {
    log::warn("llm_injection_blocked", {{"language", q.language}});
    return fall_back(*job, LlmOutcome::injection, -1, "");
  }
  // The prompt's articles: retrieval's best, with the article the KB answers with always among them.
  for (const Retrieved& r : kb_.top(q, kArticlesInPrompt)) {
    if (r.article == nullptr) continue;
    job->articles.push_back({r.article->id, r.article->title, r.article->body});
    job->confidences.push_back(r.confidence);
  }
  const bool has_kb_article = std::any_of(job->articles.begin(), job->articles.end(),
                                          [&](const llm::PromptArticle& a) { return a.id == kb.article_id; });
  if (!has_kb_article && !kb.article_id.empty()) {
    job->articles.insert(job->articles.begin(), llm::PromptArticle{kb.article_id, kb.title, kb.text});
    job->confidences.insert(job->confidences.begin(), kb.confidence);
    if (job->articles.size() > kArticlesInPrompt) job->articles.pop_back(), job->confidences.pop_back();
  }
  job->question = std::move(q);
  {
    std::lock_guard lock(mutex_);
    if (!stopping_) {
      boost::asio::post(ioc_, [this, job] { start_or_queue(job); });
      return;
    }
  }
  fall_back(*job, LlmOutcome::overloaded, -1, "stopping");
}

void LlmAnswers::start_or_queue(std::shared_ptr<Job> job) {
  if (draining_) return fall_back(*job, LlmOutcome::overloaded, -1, "stopping");
  if (active_.size() < static_cast<std::size_t>(config_.concurrency)) return start(std::move(job));
  if (queue_.size() < static_cast<std::size_t>(config_.queue)) return queue_.push_back(std::move(job));
  log::warn("llm_failed", {{"error", "overloaded"}, {"concurrency", config_.concurrency}, {"queue", config_.queue}});
  fall_back(*job, LlmOutcome::overloaded, -1, "");
}

void LlmAnswers::start(std::shared_ptr<Job> job) {
  if (Clock::now() >= job->deadline) return fall_back(*job, LlmOutcome::timeout, seconds_since(job->asked), "queued");
  if (!breaker_.allow(Clock::now())) return fall_back(*job, LlmOutcome::breaker_open, -1, "");
  nlohmann::json body{{"model", config_.model},
                      {"messages", llm::build_messages(job->question, job->articles)},
                      {"temperature", 0.2},
                      {"max_tokens", std::max(64, config_.max_answer_chars / 2)},
                      {"stream", true},
                      {"stream_options", {{"include_usage", true}}}};
  llm::CompletionRequest request;
  request.url = *url_;
  request.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  request.api_key = api_key_;
  for (const auto& a : job->articles) request.article_ids.push_back(a.id);
  request.max_answer_chars = static_cast<std::size_t>(config_.max_answer_chars);
  request.deadline = job->deadline;
  active_.push_back(job);
  if (metrics_) metrics_->llm_in_flight(+1);
  std::weak_ptr<Job> weak = job;
  job->call = llm::start_completion(
      ioc_, tls_, std::move(request),
      [weak](const std::string& piece) {
        if (auto j = weak.lock(); j && j->on_piece && !j->answered) j->on_piece(piece);
      },
      [this, weak](llm::CompletionResult r) {
        if (auto j = weak.lock()) finish(j, std::move(r));
      });
}

void LlmAnswers::finish(const std::shared_ptr<Job>& job, llm::CompletionResult r) {
  active_.erase(std::remove(active_.begin(), active_.end(), job), active_.end());
  job->call.reset();
  if (metrics_) {
    metrics_->llm_in_flight(-1);
    metrics_->llm_tokens(r.prompt_tokens, r.completion_tokens);
  }
  const double seconds = seconds_since(job->asked);
  // Only the endpoint's own failures count against it; an ungrounded answer is the model's choice.
  const bool endpoint_failed = r.outcome == LlmOutcome::timeout || r.outcome == LlmOutcome::http_error ||
                               r.outcome == LlmOutcome::unreachable || r.outcome == LlmOutcome::bad_response;
  if (endpoint_failed) breaker_.failure(Clock::now());
  else if (r.outcome != LlmOutcome::overloaded) breaker_.success();

  if (r.outcome == LlmOutcome::ok) {
    const auto it = std::find_if(job->articles.begin(), job->articles.end(),
                                 [&](const llm::PromptArticle& a) { return a.id == r.cited; });
    Answer a;
    a.text = std::move(r.text);
    a.article_id = r.cited;
    a.title = it->title;
    a.confidence = job->confidences[static_cast<std::size_t>(it - job->articles.begin())];
    a.generated = true;
    if (a.article_id == job->kb.article_id) a.offers_human = job->kb.offers_human;
    if (metrics_) metrics_->llm_request(LlmOutcome::ok, seconds);
    log::debug("llm_answered", {{"article", a.article_id}, {"ms", static_cast<long long>(seconds * 1000)}});
    job->answer(std::move(a));
  } else {
    fall_back(*job, r.outcome, seconds, r.detail);
  }
  // A slot is free: the next question in line goes.
  while (!draining_ && !queue_.empty() && active_.size() < static_cast<std::size_t>(config_.concurrency)) {
    auto next = std::move(queue_.front());
    queue_.pop_front();
    start(std::move(next));
  }
}

void LlmAnswers::fall_back(Job& job, LlmOutcome why, double seconds, const std::string& detail) {
  if (metrics_) metrics_->llm_request(why, seconds);
  if (why != LlmOutcome::injection && why != LlmOutcome::overloaded)
    log::warn("llm_failed", {{"outcome", std::string(llm_outcome_names(why))}, {"error", detail}});
  job.answer(job.kb);
}

void LlmAnswers::drain() {
  draining_ = true;
  auto queued = std::move(queue_);
  queue_.clear();
  for (auto& job : queued) fall_back(*job, LlmOutcome::overloaded, -1, "stopping");
  // Cancelling ends each call through finish(), which answers from the KB.
  auto active = active_;
  for (auto& job : active)
    if (job->call) job->call->cancel();
}

}  // namespace duet::server
