#include "fake_llm_server.hpp"

#include <chrono>
#include <cstdio>
#include <stdexcept>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

namespace duet::test {
namespace {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

void add_ext(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  check(ext != nullptr, "extension");
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

X509* make_cert(EVP_PKEY* key, const char* cn, X509* issuer, EVP_PKEY* issuer_key, long serial, bool ca) {
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn), -1, -1, 0);
  X509_set_issuer_name(cert, issuer ? X509_get_subject_name(issuer) : name);
  X509* signer = issuer ? issuer : cert;
  if (ca) {
    add_ext(cert, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_ext(cert, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_ext(cert, signer, NID_basic_constraints, "critical,CA:FALSE");
    add_ext(cert, signer, NID_key_usage, "critical,digitalSignature");
    add_ext(cert, signer, NID_ext_key_usage, "serverAuth");
    add_ext(cert, signer, NID_subject_alt_name, "IP:127.0.0.1,DNS:localhost");
  }
  add_ext(cert, signer, NID_subject_key_identifier, "hash");
  check(X509_sign(cert, issuer_key, EVP_sha256()) > 0, "sign");
  return cert;
}

void write_cert(const std::string& path, X509* cert) {
  BIO* bio = BIO_new_file(path.c_str(), "w");
  check(bio && PEM_write_bio_X509(bio, cert) == 1, "write certificate");
  BIO_free(bio);
}

void write_key(const std::string& path, EVP_PKEY* key) {
  BIO* bio = BIO_new_file(path.c_str(), "w");
  check(bio && PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr) == 1, "write key");
  BIO_free(bio);
}

std::string chunk(const std::string& data) {
  char size[16];
  std::snprintf(size, sizeof size, "%zx\r\n", data.size());
  return size + data + "\r\n";
}

std::string event(const nlohmann::json& j) { return "data: " + j.dump() + "\n\n"; }

}  // namespace

TestPki::TestPki(const std::string& dir, const std::string& name) {
  EVP_PKEY* ca_key = EVP_EC_gen("P-256");
  EVP_PKEY* server_key = EVP_EC_gen("P-256");
  check(ca_key && server_key, "key generation");
  const std::string ca_cn = name + " CA";
  X509* ca = make_cert(ca_key, ca_cn.c_str(), nullptr, ca_key, 1, true);
  X509* server = make_cert(server_key, "127.0.0.1", ca, ca_key, 2, false);
  ca_file = dir + "/" + name + "-ca.pem";
  cert_file = dir + "/" + name + "-server.pem";
  key_file = dir + "/" + name + "-server.key";
  write_cert(ca_file, ca);
  write_cert(cert_file, server);
  write_key(key_file, server_key);
  X509_free(server);
  X509_free(ca);
  EVP_PKEY_free(server_key);
  EVP_PKEY_free(ca_key);
}

struct FakeLlmServer::Impl {
  net::io_context ioc;
  tcp::acceptor acceptor{ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)};
  std::unique_ptr<ssl::context> tls;
  mutable std::mutex mutex;
  std::condition_variable stop_cv;
  bool stopping = false;
  Script script;
  std::vector<std::string> bodies;
  std::vector<std::thread> connections;
  std::thread acceptor_thread;
  std::atomic<int>* requests = nullptr;

  // Sleeps up to `ms`, less when the server stops. False when it stopped.
  bool pause(int ms) {
    std::unique_lock lock(mutex);
    return !stop_cv.wait_for(lock, std::chrono::milliseconds(ms), [&] { return stopping; });
  }

  template <class Stream>
  void serve(Stream& stream) {
    boost::beast::error_code ec;
    boost::beast::flat_buffer buffer;
    http::request<http::string_body> req;
    http::read(stream, buffer, req, ec);
    if (ec) return;
    Script s;
    {
      std::lock_guard lock(mutex);
      bodies.push_back(req.body());
      s = script;
    }
    ++*requests;
    const FakeReply reply = s(req.body());
    if (reply.hang) {
      pause(30000);
      return;
    }
    if (reply.delay_ms > 0 && !pause(reply.delay_ms)) return;
    std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " Scripted\r\nContent-Type: " +
                       reply.content_type + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    net::write(stream, net::buffer(head), ec);
    std::vector<std::string> events;
    if (reply.deltas.empty()) {
      events.push_back(reply.body);
    } else {
      events.push_back(event({{"id", "c1"}, {"object", "chat.completion.chunk"},
                              {"choices", {{{"index", 0}, {"delta", {{"role", "assistant"}}}}}}}));
      for (const auto& d : reply.deltas)
        events.push_back(event({{"id", "c1"}, {"object", "chat.completion.chunk"},
                                {"choices", {{{"index", 0}, {"delta", {{"content", d}}}, {"finish_reason", nullptr}}}}}));
      events.push_back(event({{"id", "c1"}, {"object", "chat.completion.chunk"},
                              {"choices", {{{"index", 0}, {"delta", nlohmann::json::object()}, {"finish_reason", "stop"}}}}}));
      if (reply.usage)
        events.push_back(event({{"id", "c1"}, {"object", "chat.completion.chunk"}, {"choices", nlohmann::json::array()},
                                {"usage", {{"prompt_tokens", 120}, {"completion_tokens", 15}, {"total_tokens", 135}}}}));
      if (reply.done) events.push_back("data: [DONE]\n\n");
    }
    for (const auto& e : events) {
      if (reply.chunk_delay_ms > 0 && !pause(reply.chunk_delay_ms)) return;
      net::write(stream, net::buffer(chunk(e)), ec);
      if (ec) return;
    }
    net::write(stream, net::buffer(std::string("0\r\n\r\n")), ec);
  }

  void handle(tcp::socket socket) {
    if (!tls) {
      serve(socket);
      boost::beast::error_code ec;
      socket.shutdown(tcp::socket::shutdown_both, ec);
      return;
    }
    ssl::stream<tcp::socket> stream(std::move(socket), *tls);
    boost::beast::error_code ec;
    stream.handshake(ssl::stream_base::server, ec);
    if (ec) return;  // e.g. the client did not trust our certificate
    serve(stream);
    stream.shutdown(ec);
  }

  void accept_loop() {
    for (;;) {
      boost::beast::error_code ec;
      tcp::socket socket(ioc);
      acceptor.accept(socket, ec);
      {
        std::lock_guard lock(mutex);
        if (stopping || ec) return;
        connections.emplace_back([this, s = std::move(socket)]() mutable { handle(std::move(s)); });
      }
    }
  }
};

FakeLlmServer::FakeLlmServer(Script script, const TestPki* pki) : impl_(std::make_unique<Impl>()) {
  impl_->script = std::move(script);
  impl_->requests = &requests_;
  if (pki) {
    impl_->tls = std::make_unique<ssl::context>(ssl::context::tls_server);
    impl_->tls->use_certificate_chain_file(pki->cert_file);
    impl_->tls->use_private_key_file(pki->key_file, ssl::context::pem);
  }
  impl_->acceptor_thread = std::thread([this] { impl_->accept_loop(); });
}

FakeLlmServer::~FakeLlmServer() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->stop_cv.notify_all();
  // A blocking accept is not woken by close() from another thread: connect once to wake it.
  boost::beast::error_code ec;
  net::io_context ioc;
  tcp::socket wake(ioc);
  wake.connect(impl_->acceptor.local_endpoint(), ec);
  impl_->acceptor_thread.join();
  for (auto& t : impl_->connections) t.join();
}

std::string FakeLlmServer::url() const {
  return std::string(impl_->tls ? "https" : "http") + "://127.0.0.1:" +
         std::to_string(impl_->acceptor.local_endpoint().port()) + "/v1/chat/completions";
}

std::vector<std::string> FakeLlmServer::bodies() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->bodies;
}

void FakeLlmServer::set_script(Script s) {
  std::lock_guard lock(impl_->mutex);
  impl_->script = std::move(s);
}

FakeReply cited_stream(const std::string& article_id, std::vector<std::string> pieces) {
  pieces.insert(pieces.begin(), "[" + article_id + "] ");
  return FakeReply::stream(std::move(pieces));
}

}  // namespace duet::test
