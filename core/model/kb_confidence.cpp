// confidence (kb_confidence.hpp).
//
// Two readings of the evidence, and the surer one counts:
// - BM25: coverage (how much of the message the article explains) dominates, raised by a strong
//   title/question match and a clear lead. A short, plain question that the article explains wholly.
// - Paraphrase: the message contains (nearly) all of one of the article's own ways of asking, a title or
//   question of two or more words. This is what survives a long, chatty message ("Hi there! ... how long
//   a refund usually takes ... Thanks so much!"), where coverage is low because of the chat around it.
//   It starts only past kParaphraseFloor, the most a one-word tag or question can give (kb_index.cpp),
//   so a single shared word never makes a question confident by this reading.
//
// Calibration, on the development set in tests/model/test_assistant.cpp (113 in-scope messages in
// en/sv/de written from issue 10's complaints and our own phrasings, none of them an article's own
// wording; 49 out-of-scope ones, 6 of them near the domain; `duet_model_tests "[.dev]"` prints it):
// - the right article is ranked first for 106 of 113; 98 of those are at or above the default
//   threshold of 0.35 (answered), 8 below it (an honest "not sure" with a human offered);
// - of the 7 ranked wrong, 3 are answered wrongly (e.g. "what is your phone number" -> change-email),
//   4 stay below the threshold;
// - out of scope, 46 of 49 stay below 0.35; the 43 far from the domain (crypto, stock tips, weather,
//   "can I pay with bitcoin", "what is your CEO's name") all but one stay at or below 0.31. What gets
//   through is one KB word next to a word the KB does not know: "what's your favourite colour"
//   (0.41, exchange-item), "interest rate on a mortgage" (0.64, fees), "recommend a good credit card"
//   (0.56). Lexical retrieval cannot tell those from "jag vill returnera en tröja" (return-items, 0.37):
//   an unknown word counts as 0.75 of a rare one against the coverage (1.0 loses product names such as
//   "tröja", "Jacke"; 0.5 let "how old is the universe" through).
// Wrong-but-confident is kept rarer than an honest "not sure": a miss costs the customer one tap to a
// human, an invented answer costs trust.
#include "kb_confidence.hpp"

#include <algorithm>
#include <cmath>

namespace duet::kb {
namespace {

constexpr double kParaphraseFloor = 0.6;

}  // namespace

double confidence(const MatchEvidence& e) {
  const double coverage = std::clamp(e.coverage, 0.0, 1.0);
  const double strength = std::clamp(e.strength, 0.0, 1.0);
  const double margin = std::clamp(e.margin, 0.0, 1.0);
  const double paraphrase = std::clamp(e.paraphrase, 0.0, 1.0);
  // Missing information costs more than linearly; a strong title/question match and a clear lead over
  // the runner-up raise the value, a body-only mention and a tie lower it.
  const double quality = 0.5 + 0.3 * strength + 0.2 * margin;
  const double by_coverage = std::pow(coverage, 1.5) * quality;
  // A paraphrase contained whole gives up to 0.8, less the more of the message is left unexplained.
  const double contained = std::max(0.0, (paraphrase - kParaphraseFloor) / (1 - kParaphraseFloor));
  const double by_paraphrase = contained * (0.4 + 0.4 * coverage) * (0.85 + 0.15 * margin);
  return std::clamp(std::max(by_coverage, by_paraphrase), 0.0, 1.0);
}

}  // namespace duet::kb
