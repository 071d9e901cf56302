#pragma once
// The two guards around the endpoint. Before: customer text that tries to give the model instructions
// never leaves the server. After: an answer must start by citing one of the articles it was given,
// `[article-id] ...`, and stay within a length bound; otherwise the KB answers instead.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace duet::server::llm {

// True when the text tries to override the assistant's instructions or speak as the system
// ("ignore previous instructions", "you are now", "system prompt", "system:" lines, chat-template
// tokens), in English, Swedish and German. Deliberately wide: a false alarm costs only the LLM
// wording (the KB still answers), a miss could cost the rules.
bool looks_like_injection(std::string_view text);

// Reads a streamed answer: holds text back until the leading `[id]` citation has been read and checked
// against the articles given, then lets the rest through as pieces (citation and the spaces after it
// removed).
class CitationGate {
 public:
  enum class Verdict { pending, grounded, ungrounded };

  CitationGate(std::vector<std::string> article_ids, std::size_t max_answer_chars)
      : ids_(std::move(article_ids)), max_chars_(max_answer_chars) {}
  // Feeds the next delta; returns the text that may be shown now (empty while pending or rejected).
  std::string feed(std::string_view delta);
  Verdict verdict() const { return verdict_; }
  const std::string& cited() const { return cited_; }
  // Everything let through so far: the answer without its citation.
  const std::string& answer() const { return answer_; }

 private:
  std::vector<std::string> ids_;
  std::size_t max_chars_;
  Verdict verdict_ = Verdict::pending;
  std::string head_;    // text before the citation was decided
  bool in_leading_space_ = true;  // after the citation, before the first visible character
  std::string cited_;
  std::string answer_;
};

}  // namespace duet::server::llm
