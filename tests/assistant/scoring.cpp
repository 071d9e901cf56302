#include "scoring.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "cases.hpp"

namespace duet::eval {

bool Outcome::correct() const {
  if (got != expected) return false;
  if (expected_offer && *expected_offer != got_offer) return false;
  if (expected_state && *expected_state != got_state) return false;
  return true;
}

std::optional<double> Score::precision() const {
  if (predicted == 0) return support == 0 ? std::nullopt : std::optional<double>(0.0);
  return static_cast<double>(hits) / predicted;
}

std::optional<double> Score::recall() const {
  if (support == 0) return std::nullopt;
  return static_cast<double>(hits) / support;
}

std::map<std::string, Score> score(const std::vector<Outcome>& outcomes) {
  std::map<std::string, Score> s;
  for (const Outcome& o : outcomes) {
    Score& e = s[category_of(o.expected)];
    ++e.support;
    if (o.correct()) ++e.hits;
    ++s[category_of(o.got)].predicted;
  }
  return s;
}

Floors parse_floors(const std::string& json_text) {
  const auto j = nlohmann::json::parse(json_text);
  auto floor_of = [](const nlohmann::json& f, Floor base) {
    if (f.contains("precision")) base.precision = f.at("precision").get<double>();
    if (f.contains("recall")) base.recall = f.at("recall").get<double>();
    return base;
  };
  Floors out;
  if (j.contains("default")) out.fallback = floor_of(j.at("default"), {});
  if (j.contains("categories"))
    for (const auto& [name, f] : j.at("categories").items()) out.categories[name] = floor_of(f, out.fallback);
  return out;
}

std::vector<std::string> floor_failures(const std::map<std::string, Score>& scores, const Floors& floors) {
  std::vector<std::string> out;
  auto below = [&](const std::string& cat, const char* what, std::optional<double> v, double floor) {
    if (!v || *v >= floor) return;
    char line[200];
    std::snprintf(line, sizeof line, "%s %s %.3f < %.3f", cat.c_str(), what, *v, floor);
    out.emplace_back(line);
  };
  for (const auto& [cat, s] : scores) {
    auto it = floors.categories.find(cat);
    if (s.support == 0 && it == floors.categories.end()) continue;  // only ever predicted (act:none, timeout)
    const Floor f = it == floors.categories.end() ? floors.fallback : it->second;
    below(cat, "precision", s.precision(), f.precision);
    below(cat, "recall", s.recall(), f.recall);
  }
  return out;
}

}  // namespace duet::eval
