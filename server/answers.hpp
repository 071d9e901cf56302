#pragma once
// The AI turn's source of answers. The embedded knowledge base answers inline; an OpenAI-compatible
// endpoint answers from a worker thread and falls back to the knowledge base when it fails. The hub
// calls ask() outside its lock, so a slow endpoint never stalls other conversations.
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "model/assistant.hpp"
#include "model/kb_assistant.hpp"

namespace duet::server {

// A piece of an answer being generated, to show the customer while it grows.
using AnswerPiece = std::function<void(const std::string& piece)>;

class AnswerService {
 public:
  virtual ~AnswerService() = default;
  // Calls done(answer) exactly once, inline or from another thread. A streaming service may call
  // on_piece (if set) any number of times before done, from the same thread as done, never after it;
  // the pieces concatenated are what was generated, while `done` carries the final text to store
  // (which may differ: a guard can replace an answer that left its articles).
  virtual void ask(Question q, AnswerPiece on_piece, std::function<void(Answer)> done) = 0;
  // The title of a KB article in a language (English when it has none there); empty when unknown.
  virtual std::string title_of(const std::string& /*id*/, const std::string& /*language*/) const { return {}; }
};

// Reads DIR/<lang>/*.md (the assets/kb layout). Files that do not parse are skipped and reported.
std::vector<Article> load_kb(const std::string& dir, std::vector<std::string>& problems);

// The embedded assistant (BM25 over the KB), serialised by a mutex: answers take well under a
// millisecond, so one at a time is plenty.
class KbAnswers final : public AnswerService {
 public:
  explicit KbAnswers(std::unique_ptr<Assistant> assistant, const std::vector<Article>& articles = {})
      : assistant_(std::move(assistant)) {
    for (const Article& a : articles) titles_[a.language + "/" + a.id] = a.title;
  }
  void ask(Question q, AnswerPiece, std::function<void(Answer)> done) override { done(answer(q)); }
  std::string title_of(const std::string& id, const std::string& language) const override {
    for (const std::string& l : {language, std::string("en")})
      if (auto it = titles_.find(l + "/" + id); it != titles_.end()) return it->second;
    return {};
  }
  Answer answer(const Question& q) {
    std::lock_guard lock(mutex_);
    return assistant_->answer(q);
  }
  // The k best articles, what an LLM prompt is grounded in (empty for an assistant without retrieval).
  std::vector<Retrieved> top(const Question& q, std::size_t k) {
    std::lock_guard lock(mutex_);
    const auto* retrieval = dynamic_cast<const KbAssistant*>(assistant_.get());
    return retrieval ? retrieval->top(q, k) : std::vector<Retrieved>{};
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<Assistant> assistant_;
  std::map<std::string, std::string> titles_;  // "language/id" -> title; immutable after construction
};

}  // namespace duet::server
