#pragma once
// Read receipts on the clients' side: how far this side has told the other it received and read a
// conversation, and when it may tell again. Receipts are marks, not events: a client sends one
// `read` frame when a mark moved, at most once a second (frames count against the message rate).
#include <optional>

#include "types.hpp"

namespace duet {

inline constexpr TimeMs kReadReportInterval = 1000;

class ReadReporter {
 public:
  // When a `read` frame with these marks is due: nullopt when neither moved past what was sent.
  std::optional<TimeMs> due(Seq read, Seq delivered) const {
    if (read <= sent_read_ && delivered <= sent_delivered_) return std::nullopt;
    return sent_at_ ? *sent_at_ + kReadReportInterval : 0;
  }
  void sent(Seq read, Seq delivered, TimeMs now) {
    sent_read_ = read, sent_delivered_ = delivered, sent_at_ = now;
  }
  // A new conversation: its seqs start again (the throttle stays).
  void restart() { sent_read_ = sent_delivered_ = 0; }

 private:
  Seq sent_read_ = 0, sent_delivered_ = 0;
  std::optional<TimeMs> sent_at_;
};

// The earlier of two wake-up times.
inline std::optional<TimeMs> earliest(std::optional<TimeMs> a, std::optional<TimeMs> b) {
  if (!a) return b;
  if (!b) return a;
  return *a < *b ? a : b;
}

}  // namespace duet
