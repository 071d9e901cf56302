#pragma once
// A token bucket: `rate` tokens per second, at most `burst` saved up. Time is passed in (seconds on
// a monotonic clock), so it is tested without sleeping.
#include <algorithm>

namespace duet::server {

class TokenBucket {
 public:
  TokenBucket(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  bool take(double now_s) {
    if (last_ >= 0) tokens_ = std::min(burst_, tokens_ + (now_s - last_) * rate_);
    last_ = now_s;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }
  // Tokens spent elsewhere (another node of a cluster, for the same client): taken without asking.
  void charge(double n, double now_s) {
    if (last_ >= 0) tokens_ = std::min(burst_, tokens_ + (now_s - last_) * rate_);
    last_ = now_s;
    tokens_ = std::max(0.0, tokens_ - n);
  }

 private:
  double rate_, burst_, tokens_;
  double last_ = -1;
};

}  // namespace duet::server
