#pragma once
// One chat completion, streamed: sends the request, reads SSE `data:` events (or a plain JSON reply
// from endpoints that ignore "stream"), lets the answer through the citation guard piece by piece,
// and reports how it ended, with the token counts from `usage`.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ssl/context.hpp>

#include "server/llm/https_client.hpp"
#include "server/llm/url.hpp"
#include "server/metrics.hpp"

namespace duet::server::llm {

struct CompletionRequest {
  Url url;
  std::string body;                       // the JSON request
  std::string api_key;                    // bearer token; empty: none
  std::vector<std::string> article_ids;   // the articles the answer may cite
  std::size_t max_answer_chars = 1200;
  std::chrono::steady_clock::time_point deadline;
};

struct CompletionResult {
  LlmOutcome outcome = LlmOutcome::bad_response;
  std::string cited;    // the article id the answer began with
  std::string text;     // the answer without its citation: exactly the pieces, concatenated
  std::string detail;   // why it failed, for the log
  std::uint64_t prompt_tokens = 0, completion_tokens = 0;
};

// Calls on_piece for each verified piece and then on_done once, all on `ioc`'s thread.
std::shared_ptr<HttpCall> start_completion(boost::asio::io_context& ioc, boost::asio::ssl::context& tls,
                                           CompletionRequest request,
                                           std::function<void(const std::string&)> on_piece,
                                           std::function<void(CompletionResult)> on_done);

}  // namespace duet::server::llm
