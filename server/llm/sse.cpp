#include "server/llm/sse.hpp"

namespace duet::server::llm {

bool SseParser::feed(std::string_view bytes, std::vector<std::string>& events) {
  for (char c : bytes) {
    if (after_cr_) {
      after_cr_ = false;
      if (c == '\n') continue;
    }
    if (c == '\r' || c == '\n') {
      after_cr_ = c == '\r';
      line(partial_, events);
      partial_.clear();
      continue;
    }
    partial_ += c;
    if (partial_.size() > max_line_) return false;
  }
  return true;
}

void SseParser::finish(std::vector<std::string>& events) {
  if (!partial_.empty()) line(partial_, events), partial_.clear();
  line("", events);
}

void SseParser::line(std::string_view l, std::vector<std::string>& events) {
  if (l.empty()) {  // a blank line dispatches the event
    if (has_data_) events.push_back(std::move(data_));
    data_.clear();
    has_data_ = false;
    return;
  }
  if (l.front() == ':') return;  // comment (keep-alive)
  const auto colon = l.find(':');
  const std::string_view field = l.substr(0, colon);
  std::string_view value = colon == std::string_view::npos ? std::string_view() : l.substr(colon + 1);
  if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (field != "data") return;
  if (has_data_) data_ += '\n';
  data_ += value;
  has_data_ = true;
}

}  // namespace duet::server::llm
