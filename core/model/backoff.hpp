#pragma once
// Reconnect delay shared by the customer and agent sessions: exponential from `min_ms`, capped at
// `max_ms`, with "equal jitter" (uniform in [delay/2, delay]) so a server restart is not met by every
// client at the same instant.
#include <algorithm>
#include <random>

#include "types.hpp"

namespace duet {

inline TimeMs reconnect_delay(TimeMs min_ms, TimeMs max_ms, int attempts, std::mt19937_64& rng) {
  TimeMs delay = min_ms;
  for (int i = 0; i < attempts && delay < max_ms; ++i) delay *= 2;
  delay = std::min(delay, max_ms);
  return std::uniform_int_distribution<TimeMs>(delay / 2, delay)(rng);
}

}  // namespace duet
