// The optional OpenAI-compatible endpoint: it words grounded answers; failures and timeouts fall back
// to the knowledge base; an unsure KB never asks it (nothing gets invented).
#include <atomic>
#include <future>
#include <thread>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>

#include "hub_fixture.hpp"
#include "server/llm_answers.hpp"

using namespace duet;
using namespace duet::test;
namespace http = boost::beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

// Answers every request with `status` and `body` (or never answers, when `silent`), on 127.0.0.1.
class FakeEndpoint {
 public:
  FakeEndpoint(int status, std::string body, bool silent = false)
      : acceptor_(ioc_, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)),
        status_(status),
        body_(std::move(body)),
        silent_(silent) {
    thread_ = std::thread([this] { serve(); });
  }
  ~FakeEndpoint() {
    // A blocking accept is not woken by close() from another thread: connect once to wake it.
    stopping_ = true;
    boost::system::error_code ec;
    net::io_context ioc;
    tcp::socket wake(ioc);
    wake.connect(acceptor_.local_endpoint(), ec);
    thread_.join();
    for (auto& s : held_) s.close(ec);
  }
  std::string url() const {
    return "http://127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port()) + "/v1/chat/completions";
  }
  int requests() const { return requests_; }
  std::string last_request() {
    std::lock_guard lock(mutex_);
    return last_;
  }

 private:
  void serve() {
    for (;;) {
      boost::system::error_code ec;
      tcp::socket socket(ioc_);
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      boost::beast::flat_buffer buffer;
      http::request<http::string_body> req;
      http::read(socket, buffer, req, ec);
      if (ec) continue;
      ++requests_;
      {
        std::lock_guard lock(mutex_);
        last_ = req.body();
      }
      if (silent_) {
        held_.push_back(std::move(socket));  // never answers
        continue;
      }
      http::response<http::string_body> res{static_cast<http::status>(status_), 11};
      res.set(http::field::content_type, "application/json");
      res.body() = body_;
      res.prepare_payload();
      http::write(socket, res, ec);
    }
  }
  net::io_context ioc_;
  tcp::acceptor acceptor_;
  int status_;
  std::string body_;
  bool silent_;
  std::atomic<int> requests_{0};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::string last_;
  std::vector<tcp::socket> held_;
  std::thread thread_;
};

Answer ask(server::AnswerService& s, const std::string& text) {
  std::promise<Answer> p;
  auto f = p.get_future();
  s.ask(Question{text, "en", {}}, {}, [&](Answer a) { p.set_value(std::move(a)); });
  REQUIRE(f.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  return f.get();
}

const char* kReply = R"({"choices":[{"message":{"role":"assistant","content":"Refunds reach you within a few days."}}]})";

}  // namespace

TEST_CASE("llm: a grounded answer is worded by the endpoint", "[llm]") {
  auto kb = kb_answers();
  FakeEndpoint endpoint(200, kReply);
  server::LlmConfig cfg{endpoint.url(), "test-model", 3000, ""};
  server::LlmAnswers llm(*kb, cfg);
  const Answer plain = kb->answer(Question{"How long does a refund take?", "en", {}});
  const Answer a = ask(llm, "How long does a refund take?");
  CHECK(a.text == "Refunds reach you within a few days.");
  CHECK(a.article_id == plain.article_id);  // the KB still decides what the answer is based on
  CHECK(a.confidence == plain.confidence);
  CHECK(endpoint.last_request().find("\"model\":\"test-model\"") != std::string::npos);
  CHECK(endpoint.last_request().find(plain.title) != std::string::npos);
}

TEST_CASE("llm: errors, a dead endpoint and timeouts fall back to the KB", "[llm]") {
  auto kb = kb_answers();
  const Answer plain = kb->answer(Question{"How long does a refund take?", "en", {}});
  SECTION("HTTP 500") {
    FakeEndpoint endpoint(500, R"({"error":"boom"})");
    server::LlmAnswers llm(*kb, {endpoint.url(), "m", 3000, ""});
    CHECK(ask(llm, "How long does a refund take?").text == plain.text);
  }
  SECTION("no choices in the reply") {
    FakeEndpoint endpoint(200, R"({"choices":[]})");
    server::LlmAnswers llm(*kb, {endpoint.url(), "m", 3000, ""});
    CHECK(ask(llm, "How long does a refund take?").text == plain.text);
  }
  SECTION("nothing listening") {
    std::string url;
    {
      FakeEndpoint gone(200, kReply);
      url = gone.url();
    }
    server::LlmAnswers llm(*kb, {url, "m", 3000, ""});
    CHECK(ask(llm, "How long does a refund take?").text == plain.text);
  }
  SECTION("a timeout") {
    FakeEndpoint endpoint(200, kReply, /*silent=*/true);
    server::LlmAnswers llm(*kb, {endpoint.url(), "m", 300, ""});
    CHECK(ask(llm, "How long does a refund take?").text == plain.text);
  }
}

TEST_CASE("llm: an unsure KB answer never reaches the endpoint", "[llm]") {
  auto kb = kb_answers();
  FakeEndpoint endpoint(200, kReply);
  server::LlmAnswers llm(*kb, {endpoint.url(), "m", 3000, ""});
  const Answer a = ask(llm, "zxqv blorp wibble");
  CHECK(a.unsure);
  CHECK(endpoint.requests() == 0);
}
