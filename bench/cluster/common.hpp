#pragma once
// What the cluster benchmark's phases share: the clock, percentiles and number formatting for the report.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "bench/server/client.hpp"  // run_until, run_for
#include "server/net/beast.hpp"

namespace duet::bench {

using namespace duet::server;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;


inline double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

// The q-quantile (nearest rank) of `v`, sorted in place; 0 when empty.
inline double pct(std::vector<double>& v, double q) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))];
}

inline std::string fmt(double v, int decimals = 0) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  const auto dot = s.find('.');
  const auto int_end = dot == std::string::npos ? s.size() : dot;
  for (int i = static_cast<int>(int_end) - 3; i > (s[0] == '-' ? 1 : 0); i -= 3) s.insert(static_cast<std::size_t>(i), ",");
  return s;
}

// Milliseconds, with the precision that matters at that size.
inline std::string ms(double v) { return v >= 100 ? fmt(v, 0) + " ms" : v >= 10 ? fmt(v, 1) + " ms" : fmt(v, 2) + " ms"; }

}  // namespace duet::bench
