#pragma once
// A scripted OpenAI-compatible /v1/chat/completions endpoint on 127.0.0.1, plain HTTP or HTTPS, for
// the LLM tests: it records every request body and answers each as the script says (streamed SSE
// chunks, a delay, an error status, a hang, garbage). Also a throwaway PKI made at test time with the
// OpenSSL C API: a CA and a server certificate for 127.0.0.1 and localhost. Every wait is bounded.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace duet::test {

struct FakeReply {
  int status = 200;
  std::vector<std::string> deltas;     // streamed as chat.completion.chunk events, then usage and [DONE]
  std::string body;                    // when there are no deltas: sent as is
  std::string content_type = "text/event-stream";
  int delay_ms = 0;                    // before the status line
  int chunk_delay_ms = 0;              // between streamed events
  bool hang = false;                   // read the request, never answer
  bool usage = true;                   // a final usage chunk (stream_options.include_usage)
  bool done = true;                    // end the stream with data: [DONE]

  static FakeReply stream(std::vector<std::string> deltas) {
    FakeReply r;
    r.deltas = std::move(deltas);
    return r;
  }
  static FakeReply error(int status) {
    FakeReply r;
    r.status = status;
    r.content_type = "application/json";
    r.body = R"({"error":{"message":"boom"}})";
    return r;
  }
  static FakeReply hanging() {
    FakeReply r;
    r.hang = true;
    return r;
  }
  static FakeReply garbage() {
    FakeReply r;
    r.body = "data: {not json at all\n\n";
    return r;
  }
};

// A CA and a server certificate (SAN IP:127.0.0.1, DNS:localhost) signed by it, written as PEM files.
struct TestPki {
  explicit TestPki(const std::string& dir, const std::string& name = "duet-test");
  std::string ca_file, cert_file, key_file;
};

class FakeLlmServer {
 public:
  using Script = std::function<FakeReply(const std::string& request_body)>;
  // Plain HTTP when `pki` is null, else HTTPS with pki's server certificate.
  explicit FakeLlmServer(Script script, const TestPki* pki = nullptr);
  ~FakeLlmServer();
  FakeLlmServer(const FakeLlmServer&) = delete;
  FakeLlmServer& operator=(const FakeLlmServer&) = delete;

  std::string url() const;  // http(s)://127.0.0.1:PORT/v1/chat/completions
  int requests() const { return requests_; }
  std::vector<std::string> bodies() const;
  void set_script(Script s);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
  std::atomic<int> requests_{0};
};

// The usual streamed reply: "[id] " first, then the answer in a few pieces.
FakeReply cited_stream(const std::string& article_id, std::vector<std::string> pieces);

}  // namespace duet::test
