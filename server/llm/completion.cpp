#include "server/llm/completion.hpp"

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "server/llm/guard.hpp"
#include "server/llm/sse.hpp"

namespace duet::server::llm {
namespace {

namespace http = boost::beast::http;
using json = nlohmann::json;

constexpr std::size_t kMaxJsonReplyBytes = 1 << 20;

// The state of one completion, shared by the HTTP handlers.
struct Reading {
  explicit Reading(CompletionRequest& r, std::function<void(const std::string&)> piece,
                   std::function<void(CompletionResult)> done)
      : gate(r.article_ids, r.max_answer_chars), on_piece(std::move(piece)), on_done(std::move(done)) {}

  CitationGate gate;
  std::function<void(const std::string&)> on_piece;
  std::function<void(CompletionResult)> on_done;
  unsigned status = 0;
  bool sse = false;
  SseParser parser;
  std::string json_body;       // a reply that is not an event stream
  bool finished = false;       // [DONE] or a finish_reason arrived
  bool truncated = false;      // finish_reason "length": the model was cut off
  std::string problem;         // set when the reply stopped making sense
  std::uint64_t prompt_tokens = 0, completion_tokens = 0;

  void usage(const json& j) {
    if (!j.is_object() || !j.contains("usage") || !j["usage"].is_object()) return;
    const json& u = j["usage"];
    if (u.contains("prompt_tokens") && u["prompt_tokens"].is_number_unsigned()) prompt_tokens = u["prompt_tokens"];
    if (u.contains("completion_tokens") && u["completion_tokens"].is_number_unsigned())
      completion_tokens = u["completion_tokens"];
  }

  void text(const std::string& t) {
    const std::string visible = gate.feed(t);
    if (!visible.empty() && on_piece) on_piece(visible);
  }

  // One streamed chunk: choices[0].delta.content, maybe a finish_reason, maybe usage (last chunk).
  bool event(const std::string& data) {
    if (data == "[DONE]") return finished = true, false;
    const json j = json::parse(data, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return problem = "an event that is not JSON", false;
    if (j.contains("error")) return problem = "the stream reported an error", false;
    usage(j);
    if (j.contains("choices") && j["choices"].is_array() && !j["choices"].empty()) {
      const json& c = j["choices"][0];
      if (c.contains("delta") && c["delta"].is_object() && c["delta"].contains("content") &&
          c["delta"]["content"].is_string())
        text(c["delta"]["content"].get<std::string>());
      if (c.contains("finish_reason") && c["finish_reason"].is_string()) {
        finished = true;
        truncated = c["finish_reason"] == "length";
      }
    }
    return gate.verdict() != CitationGate::Verdict::ungrounded;
  }

  // A whole (non-streamed) chat completion.
  void whole_reply() {
    const json j = json::parse(json_body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("choices") || !j["choices"].is_array() ||
        j["choices"].empty())
      return void(problem = "no choices in the reply");
    usage(j);
    const json& c = j["choices"][0];
    if (!c.contains("message") || !c["message"].is_object() || !c["message"].contains("content") ||
        !c["message"]["content"].is_string())
      return void(problem = "no message content in the reply");
    text(c["message"]["content"].get<std::string>());
    finished = true;
    truncated = c.contains("finish_reason") && c["finish_reason"] == "length";
  }

  CompletionResult result(HttpFailure failure, const std::string& detail) {
    CompletionResult r;
    r.prompt_tokens = prompt_tokens;
    r.completion_tokens = completion_tokens;
    r.cited = gate.cited();
    r.text = gate.answer();
    auto outcome = [&](LlmOutcome o, std::string why) {
      r.outcome = o;
      r.detail = std::move(why);
      return r;
    };
    if (failure == HttpFailure::timeout) return outcome(LlmOutcome::timeout, detail);
    if (failure == HttpFailure::unreachable) return outcome(LlmOutcome::unreachable, detail);
    if (failure == HttpFailure::cancelled) return outcome(LlmOutcome::overloaded, "stopping");
    if (status != 200 && status != 0) return outcome(LlmOutcome::http_error, "status " + std::to_string(status));
    if (failure == HttpFailure::broken) return outcome(LlmOutcome::bad_response, detail);
    if (gate.verdict() == CitationGate::Verdict::ungrounded)
      return outcome(LlmOutcome::ungrounded, gate.cited().empty() ? "no citation of a given article"
                                                                    : "longer than assistant.llm.max_answer_chars");
    if (!problem.empty()) return outcome(LlmOutcome::bad_response, problem);
    if (!finished) return outcome(LlmOutcome::bad_response, "the stream ended before [DONE]");
    if (truncated) return outcome(LlmOutcome::ungrounded, "cut off at the token limit");
    if (gate.verdict() == CitationGate::Verdict::pending)
      return outcome(LlmOutcome::ungrounded, "no citation of a given article");
    if (gate.answer().empty()) return outcome(LlmOutcome::bad_response, "an empty answer");
    return outcome(LlmOutcome::ok, "");
  }
};

}  // namespace

std::shared_ptr<HttpCall> start_completion(boost::asio::io_context& ioc, boost::asio::ssl::context& tls,
                                           CompletionRequest request,
                                           std::function<void(const std::string&)> on_piece,
                                           std::function<void(CompletionResult)> on_done) {
  http::request<http::string_body> req{http::verb::post, request.url.target, 11};
  req.set(http::field::host, request.url.host_header());
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, "text/event-stream, application/json");
  req.set(http::field::user_agent, "duet-server");
  if (!request.api_key.empty()) req.set(http::field::authorization, "Bearer " + request.api_key);
  req.body() = std::move(request.body);
  req.prepare_payload();

  auto reading = std::make_shared<Reading>(request, std::move(on_piece), std::move(on_done));
  HttpHandlers handlers;
  handlers.on_head = [reading](unsigned status, std::string_view content_type) {
    reading->status = status;
    reading->sse = content_type.substr(0, 17) == "text/event-stream";
  };
  handlers.on_body = [reading](std::string_view bytes) {
    Reading& r = *reading;
    if (r.status != 200) return false;  // an error body is not worth reading
    if (!r.sse) {
      if (r.json_body.size() + bytes.size() > kMaxJsonReplyBytes) return r.problem = "reply too large", false;
      r.json_body.append(bytes);
      return true;
    }
    std::vector<std::string> events;
    if (!r.parser.feed(bytes, events)) return r.problem = "an event line too long", false;
    for (const auto& e : events)
      if (!r.event(e)) return false;
    return true;
  };
  handlers.on_end = [reading](HttpFailure failure, const std::string& detail) {
    Reading& r = *reading;
    if (failure == HttpFailure::none && r.status == 200) {
      if (r.sse && !r.finished && r.problem.empty() && r.gate.verdict() != CitationGate::Verdict::ungrounded) {
        std::vector<std::string> events;
        r.parser.finish(events);
        for (const auto& e : events)
          if (!r.event(e)) break;
      } else if (!r.sse && r.problem.empty()) {
        r.whole_reply();
      }
    }
    auto done = std::move(r.on_done);
    r.on_piece = {};
    done(r.result(failure, detail));
  };
  return start_http(ioc, tls, request.url, std::move(req), request.deadline, std::move(handlers));
}

}  // namespace duet::server::llm
