#pragma once
// Server-sent events (text/event-stream), as a `"stream": true` chat completion sends them: bytes go
// in as they arrive (split anywhere, even inside a line or a CRLF), whole events come out. Only the
// `data` field matters here; its lines are joined with '\n'. Comments and other fields are skipped.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace duet::server::llm {

class SseParser {
 public:
  explicit SseParser(std::size_t max_line_bytes = 1 << 20) : max_line_(max_line_bytes) {}
  // Appends the data of every event completed by `bytes` to `events`. False when a line grew past
  // the bound (a stream that is not SSE, or hostile): stop reading.
  bool feed(std::string_view bytes, std::vector<std::string>& events);
  // At the end of the stream: an event not closed by a blank line still counts.
  void finish(std::vector<std::string>& events);

 private:
  void line(std::string_view l, std::vector<std::string>& events);
  std::size_t max_line_;
  std::string partial_;
  std::string data_;
  bool has_data_ = false;
  bool after_cr_ = false;  // the last byte was '\r': a following '\n' belongs to it
};

}  // namespace duet::server::llm
