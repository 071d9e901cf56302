#include "server/llm_answers.hpp"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "server/log.hpp"
#include "server/net/beast.hpp"

namespace duet::server {
namespace {

struct Url {
  std::string host, port = "80", target = "/";
};

std::optional<Url> parse_url(const std::string& url) {
  const std::string scheme = "http://";
  if (url.rfind(scheme, 0) != 0) return std::nullopt;
  Url u;
  std::string rest = url.substr(scheme.size());
  const auto slash = rest.find('/');
  if (slash != std::string::npos) {
    u.target = rest.substr(slash);
    rest = rest.substr(0, slash);
  }
  const auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    u.port = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  u.host = rest;
  if (u.host.empty()) return std::nullopt;
  return u;
}

constexpr std::size_t kMaxQueued = 256;

}  // namespace

LlmAnswers::LlmAnswers(KbAnswers& kb, LlmConfig config) : kb_(kb), config_(std::move(config)) {
  if (!config_.api_key_env.empty())
    if (const char* k = std::getenv(config_.api_key_env.c_str())) api_key_ = k;
  thread_ = std::thread([this] { worker(); });
}

LlmAnswers::~LlmAnswers() { stop(); }

void LlmAnswers::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void LlmAnswers::ask(Question q, AnswerPiece, std::function<void(Answer)> done) {
  Answer kb = kb_.answer(q);
  if (kb.unsure) return done(kb);  // nothing to ground an answer in: the honest "not sure" stays
  {
    std::lock_guard lock(mutex_);
    if (!stopping_ && jobs_.size() < kMaxQueued) {
      jobs_.push_back({std::move(q), std::move(kb), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  done(kb);  // overloaded or stopping: the KB answers at once
}

void LlmAnswers::worker() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      job = std::move(jobs_.front());
      jobs_.pop_front();
      if (stopping_) {
        lock.unlock();
        job.done(job.kb);
        continue;
      }
    }
    Answer a = job.kb;
    if (auto text = complete(job.question, job.kb)) a.text = std::move(*text);
    job.done(a);
  }
}

std::optional<std::string> LlmAnswers::complete(const Question& q, const Answer& grounding) {
  const auto url = parse_url(config_.url);
  if (!url) {
    log::warn("llm_failed", {{"error", "assistant.llm.url must be http://host[:port]/path"}});
    return std::nullopt;
  }
  nlohmann::json messages = nlohmann::json::array();
  messages.push_back(
      {{"role", "system"},
       {"content", "You are the support assistant on an online checkout. Reply in the language \"" + q.language +
                       "\", briefly and kindly, using only the article below. If it does not answer the question, "
                       "say so and offer to connect a human.\n\nArticle: " + grounding.title + "\n" + grounding.text}});
  for (const auto& h : q.history) messages.push_back({{"role", "user"}, {"content", h}});
  messages.push_back({{"role", "user"}, {"content", q.text}});
  nlohmann::json body{{"model", config_.model}, {"messages", messages}, {"temperature", 0.2}};

  http::request<http::string_body> req{http::verb::post, url->target, 11};
  req.set(http::field::host, url->host + ":" + url->port);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "duet-server");
  if (!api_key_.empty()) req.set(http::field::authorization, "Bearer " + api_key_);
  req.body() = body.dump();
  req.prepare_payload();

  net::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  error_code failure;
  bool finished = false;
  const auto timeout = std::chrono::milliseconds(config_.timeout_ms);
  auto fail = [&](error_code ec) {
    failure = ec;
    finished = true;
  };
  resolver.async_resolve(url->host, url->port, [&](error_code ec, tcp::resolver::results_type results) {
    if (ec) return fail(ec);
    stream.expires_after(timeout);
    stream.async_connect(results, [&](error_code ec2, const tcp::endpoint&) {
      if (ec2) return fail(ec2);
      http::async_write(stream, req, [&](error_code ec3, std::size_t) {
        if (ec3) return fail(ec3);
        http::async_read(stream, buffer, res, [&](error_code ec4, std::size_t) {
          failure = ec4;
          finished = true;
        });
      });
    });
  });
  ioc.run_for(timeout);
  if (!finished) {
    error_code ignored;
    stream.socket().close(ignored);
    resolver.cancel();
    ioc.restart();
    ioc.run_for(std::chrono::milliseconds(200));
    log::warn("llm_failed", {{"error", "timeout"}, {"timeout_ms", config_.timeout_ms}});
    return std::nullopt;
  }
  if (failure) {
    log::warn("llm_failed", {{"error", failure.message()}});
    return std::nullopt;
  }
  if (res.result() != http::status::ok) {
    log::warn("llm_failed", {{"status", static_cast<int>(res.result_int())}});
    return std::nullopt;
  }
  const auto j = nlohmann::json::parse(res.body(), nullptr, false);
  if (j.is_discarded() || !j.contains("choices") || !j["choices"].is_array() || j["choices"].empty()) {
    log::warn("llm_failed", {{"error", "no choices in the response"}});
    return std::nullopt;
  }
  const auto& msg = j["choices"][0];
  if (!msg.contains("message") || !msg["message"].contains("content") || !msg["message"]["content"].is_string()) {
    log::warn("llm_failed", {{"error", "no message content in the response"}});
    return std::nullopt;
  }
  std::string text = msg["message"]["content"].get<std::string>();
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace duet::server
