#pragma once
// The frames the benchmark sends, written by hand (cheap next to the server; no escapes needed).
#include <string>

namespace duet::bench {

constexpr const char* kHello = R"({"v":1,"type":"hello","site":"bench","locale":"en"})";
constexpr const char* kRequestHuman = R"({"v":1,"type":"request_human","reason":"button"})";

inline std::string say(const std::string& cid, const std::string& text, const std::string& conversation = {}) {
  std::string f = R"({"v":1,"type":"say","cid":")" + cid + R"(","text":")" + text + "\"";
  if (!conversation.empty()) f += R"(,"conversation":")" + conversation + "\"";
  return f + "}";
}
inline std::string agent_hello(const std::string& token) { return R"({"v":1,"type":"agent_hello","token":")" + token + "\"}"; }
inline std::string status(int capacity) {
  return R"({"v":1,"type":"status","available":true,"capacity":)" + std::to_string(capacity) + "}";
}
inline std::string accept(const std::string& conversation) {
  return R"({"v":1,"type":"accept","conversation":")" + conversation + "\"}";
}
inline std::string resolve(const std::string& conversation) {
  return R"({"v":1,"type":"resolve","conversation":")" + conversation + "\"}";
}

}  // namespace duet::bench
