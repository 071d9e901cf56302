#pragma once
// Precision, recall and support per category from (expected, predicted) turn outcomes, and the floor
// check the ctest applies. Pure: no I/O.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace duet::eval {

struct Outcome {
  std::string case_id;
  std::string lang;
  std::string text;
  std::string expected;        // label
  std::string got;             // label ("timeout" when the turn never ended)
  std::optional<bool> expected_offer;
  bool got_offer = false;
  std::optional<std::string> expected_state;
  std::string got_state;
  bool dialogue = false;
  int turn = 0;                // 0-based within its case

  bool correct() const;
};

struct Score {
  int support = 0;    // turns expected in this category
  int predicted = 0;  // turns predicted in this category
  int hits = 0;       // correct turns expected in this category
  std::optional<double> precision() const;  // none when nothing was predicted and nothing expected
  std::optional<double> recall() const;     // none when nothing was expected
};

// Keyed by category (see category_of). A turn is a hit only when correct() (label, offer, state).
std::map<std::string, Score> score(const std::vector<Outcome>& outcomes);

struct Floor {
  double precision = 0, recall = 0;
};
struct Floors {
  Floor fallback;                         // for categories not listed
  std::map<std::string, Floor> categories;
};
Floors parse_floors(const std::string& json_text);  // throws on malformed input

// One line per category below its floor ("answer recall 0.810 < 0.950"); empty: all met. Checked:
// every labelled category, and any other listed in floors.json (e.g. "act:none" or "timeout", which
// no label expects: their wrong predictions already count against the expected category's recall).
std::vector<std::string> floor_failures(const std::map<std::string, Score>& scores, const Floors& floors);

}  // namespace duet::eval
