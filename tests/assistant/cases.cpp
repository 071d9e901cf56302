#include "cases.hpp"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "model/types.hpp"

namespace duet::eval {
namespace {

using nlohmann::json;

// answer:<anything>, queue:<an EscalationReason>, act:<a DialogueAct other than none/sensitive>.
bool known_label(const std::string& label) {
  if (label.rfind("answer:", 0) == 0) return label.size() > 7;
  if (label.rfind("queue:", 0) == 0) {
    auto r = escalation_reason_from_string(label.substr(6));
    return r && *r != EscalationReason::none;
  }
  if (label.rfind("act:", 0) == 0) {
    auto a = dialogue_act_from_string(label.substr(4));
    return a && *a != DialogueAct::none && *a != DialogueAct::sensitive;
  }
  return false;
}

TurnCase turn_from(const json& j, const std::string& where) {
  TurnCase t;
  t.text = j.at("text").get<std::string>();
  t.expect = j.at("expect").get<std::string>();
  if (!known_label(t.expect)) throw std::runtime_error(where + ": unknown label " + t.expect);
  if (j.contains("offer")) t.offer = j.at("offer").get<bool>();
  if (j.contains("state")) t.state = j.at("state").get<std::string>();
  return t;
}

template <class F>
std::vector<Case> load_lines(const std::string& path, F&& make) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::vector<Case> out;
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const std::string where = path + ":" + std::to_string(n);
    try {
      const json j = json::parse(line);
      Case c;
      c.id = j.at("id").get<std::string>();
      c.lang = j.at("lang").get<std::string>();
      if (j.contains("context")) c.context_json = j.at("context").dump();
      make(j, c, where);
      out.push_back(std::move(c));
    } catch (const json::exception& e) {
      throw std::runtime_error(where + ": " + e.what());
    }
  }
  return out;
}

}  // namespace

std::vector<Case> load_messages(const std::string& path) {
  return load_lines(path, [](const json& j, Case& c, const std::string& where) { c.turns.push_back(turn_from(j, where)); });
}

std::vector<Case> load_dialogues(const std::string& path) {
  return load_lines(path, [](const json& j, Case& c, const std::string& where) {
    c.dialogue = true;
    for (const json& t : j.at("turns")) c.turns.push_back(turn_from(t, where));
    if (c.turns.empty()) throw std::runtime_error(where + ": a dialogue needs turns");
  });
}

std::vector<std::string> unknown_articles(const std::vector<Case>& cases, const std::string& kb_dir) {
  std::vector<std::string> out;
  for (const Case& c : cases)
    for (const TurnCase& t : c.turns)
      if (category_of(t.expect) == "answer" &&
          !std::filesystem::exists(kb_dir + "/" + c.lang + "/" + t.expect.substr(7) + ".md"))
        out.push_back(c.id + ": " + t.expect);
  return out;
}

std::string category_of(const std::string& label) {
  if (label.rfind("answer:", 0) == 0) return "answer";
  return label;
}

}  // namespace duet::eval
