#pragma once
// An OpenAI-compatible /v1/chat/completions endpoint (plain HTTP) that words the answer, grounded in
// the knowledge-base article the embedded assistant found. The KB still decides confidence and the
// handoff policy; when the KB is unsure the endpoint is not asked (nothing gets invented), and when
// the endpoint fails or times out the customer gets the KB answer.
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "server/answers.hpp"
#include "server/config.hpp"

namespace duet::server {

class LlmAnswers final : public AnswerService {
 public:
  LlmAnswers(KbAnswers& kb, LlmConfig config);
  ~LlmAnswers() override;
  void ask(Question q, AnswerPiece on_piece, std::function<void(Answer)> done) override;
  std::string title_of(const std::string& id, const std::string& language) const override {
    return kb_.title_of(id, language);
  }
  // Answers what is still queued from the KB and stops the worker. Idempotent.
  void stop();

 private:
  struct Job {
    Question question;
    Answer kb;
    std::function<void(Answer)> done;
  };
  void worker();
  std::optional<std::string> complete(const Question& q, const Answer& grounding);

  KbAnswers& kb_;
  LlmConfig config_;
  std::string api_key_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace duet::server
