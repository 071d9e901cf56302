#include "native/scenario.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "native/harness_app.hpp"
#include "native/pixel_checks.hpp"

namespace duet::native {
namespace {

using json = nlohmann::json;

constexpr TimeMs kDefaultTimeoutMs = 10000;

struct ActionSpec {
  const char* name;
  std::vector<const char*> required_strings;
};

const std::vector<ActionSpec>& specs() {
  static const std::vector<ActionSpec> all = {
      {"customer_say", {"text"}},
      {"customer_request_human", {}},
      {"customer_rate", {}},
      {"agent_sign_in", {}},
      {"agent_available", {}},
      {"agent_accept", {}},
      {"agent_say", {"text"}},
      {"agent_note", {"text"}},
      {"agent_return_to_ai", {}},
      {"agent_transfer", {}},
      {"agent_resolve", {}},
      {"drop_network", {}},
      {"delay_network", {}},
      {"duplicate_next", {}},
      {"wait_state", {"state"}},
      {"wait_connected", {}},
      {"expect_text", {"text"}},
      {"expect_no_text", {"text"}},
      {"expect_count", {"text"}},
      {"expect_drawn", {"text"}},
      {"wait_ms", {}},
      {"screenshot", {"name"}},
  };
  return all;
}

std::string side_of(const json& a, const char* fallback) {
  return a.contains("side") && a["side"].is_string() ? a["side"].get<std::string>() : fallback;
}

TimeMs timeout_of(const json& a) {
  return a.contains("timeout_ms") && a["timeout_ms"].is_number_integer() ? a["timeout_ms"].get<TimeMs>() : kDefaultTimeoutMs;
}

std::string str(const json& a, const char* key, std::string fallback = {}) {
  return a.contains(key) && a[key].is_string() ? a[key].get<std::string>() : fallback;
}

}  // namespace

const std::vector<std::string>& scenario_actions() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& s : specs()) v.emplace_back(s.name);
    return v;
  }();
  return names;
}

std::optional<Scenario> parse_scenario(const std::string& text, std::string& error) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) {
    error = "not valid JSON";
    return std::nullopt;
  }
  const json* steps = nullptr;
  Scenario sc;
  if (j.is_object()) {
    sc.name = str(j, "name");
    if (j.contains("steps")) steps = &j["steps"];
  } else if (j.is_array()) {
    steps = &j;
  }
  if (!steps || !steps->is_array()) {
    error = "expected an object with a \"steps\" array";
    return std::nullopt;
  }
  std::size_t i = 0;
  for (const auto& s : *steps) {
    ++i;
    const std::string where = "step " + std::to_string(i) + ": ";
    if (!s.is_object() || !s.contains("do") || !s["do"].is_string()) {
      error = where + "each step is an object with \"do\": \"<action>\"";
      return std::nullopt;
    }
    const std::string action = s["do"].get<std::string>();
    auto spec = std::find_if(specs().begin(), specs().end(), [&](const ActionSpec& a) { return action == a.name; });
    if (spec == specs().end()) {
      error = where + "unknown action \"" + action + "\"";
      return std::nullopt;
    }
    for (const char* key : spec->required_strings) {
      if (!s.contains(key) || !s[key].is_string() || s[key].get<std::string>().empty()) {
        error = where + action + " needs a non-empty string \"" + key + "\"";
        return std::nullopt;
      }
    }
    if (s.contains("side")) {
      const std::string side = str(s, "side");
      if (side != "customer" && side != "agent" && side != "both") {
        error = where + "\"side\" is customer, agent or both";
        return std::nullopt;
      }
    }
    if (action == "wait_state" && !state_from_string(str(s, "state"))) {
      error = where + "unknown state \"" + str(s, "state") + "\" (ai, waiting_human, with_human, offline, closed)";
      return std::nullopt;
    }
    if (action == "expect_count" && !(s.contains("count") && s["count"].is_number_integer())) {
      error = where + "expect_count needs an integer \"count\"";
      return std::nullopt;
    }
    if (action == "screenshot") {
      const std::string name = str(s, "name");
      if (name.find('/') != std::string::npos || name.find("..") != std::string::npos) {
        error = where + "a screenshot name is a plain file name";
        return std::nullopt;
      }
    }
    sc.steps.push_back({action, s, i});
  }
  if (sc.steps.empty()) {
    error = "a scenario needs at least one step";
    return std::nullopt;
  }
  return sc;
}

std::optional<Scenario> load_scenario(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path;
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto sc = parse_scenario(ss.str(), error);
  if (!sc) error = path + ": " + error;
  else if (sc->name.empty()) sc->name = path;
  return sc;
}

ScenarioRunner::ScenarioRunner(Scenario scenario, HarnessApp& app, std::string dir)
    : scenario_(std::move(scenario)), app_(app), dir_(std::move(dir)) {}

std::string ScenarioRunner::progress() const {
  if (status_ == Status::passed) return "scenario passed";
  if (status_ == Status::failed) return "scenario failed: " + failure_;
  if (current_ >= scenario_.steps.size()) return "scenario done";
  return "step " + std::to_string(current_ + 1) + "/" + std::to_string(scenario_.steps.size()) + ": " +
         scenario_.steps[current_].action;
}

void ScenarioRunner::frame_captured(std::vector<std::uint8_t> rgba, int width, int height, float pixel_ratio) {
  frame_ = std::move(rgba);
  frame_width_ = width;
  frame_height_ = height;
  frame_ratio_ = pixel_ratio;
  capture_wanted_ = false;
}

void ScenarioRunner::screenshot_taken(bool ok, const std::string& error) {
  screenshot_done_ = true;
  screenshot_error_ = ok ? std::string{} : error;
  screenshot_path_.reset();
}

ScenarioRunner::Status ScenarioRunner::advance(TimeMs now) {
  // Bounded: at most every step once per frame.
  for (std::size_t guard = 0; guard <= scenario_.steps.size() && status_ == Status::running; ++guard) {
    if (current_ >= scenario_.steps.size()) {
      status_ = Status::passed;
      break;
    }
    const auto& step = scenario_.steps[current_];
    if (!started_) {
      started_ = true;
      step_started_ = now;
      frames_in_step_ = 0;
      screenshot_done_ = false;
      frame_.clear();
      log_.push_back("step " + std::to_string(step.index) + ": " + step.args.dump());
    }
    ++frames_in_step_;
    Outcome o = run(step, now, step_started_);
    if (o == Outcome::waiting) break;
    if (o == Outcome::failed) {
      status_ = Status::failed;
      break;
    }
    ++current_;
    started_ = false;
  }
  app_.inspector().scenario = progress();
  return status_;
}

ScenarioRunner::Outcome ScenarioRunner::fail(const std::string& why) {
  const auto& step = scenario_.steps[current_];
  failure_ = "step " + std::to_string(step.index) + " (" + step.action + "): " + why;
  return Outcome::failed;
}

bool ScenarioRunner::screen_has(const std::string& side, const std::string& text) const {
  return screen_count(side, text, false) > 0;
}

int ScenarioRunner::screen_count(const std::string& side, const std::string& text, bool transcript_only) const {
  int n = 0;
  // Transcript lines are "msg-<seq>"/"line-<seq>", or "pending-<cid>" until acknowledged.
  auto in_transcript = [](const std::string& id) {
    return id.rfind("msg-", 0) == 0 || id.rfind("line-", 0) == 0 || id.rfind("pending-", 0) == 0;
  };
  auto count = [&](const ui::Semantics& s) {
    for (const auto& node : s.nodes()) {
      if (node.label.find(text) == std::string::npos) continue;
      if (transcript_only ? in_transcript(node.id)
                          : (node.role == ui::Role::message || node.role == ui::Role::status || node.role == ui::Role::heading))
        ++n;
    }
  };
  if (side != "agent") count(app_.widget_semantics());
  if (side != "customer") count(app_.agent_semantics());
  return n;
}

std::string ScenarioRunner::check_drawn(const json& a) const {
  const std::string text = str(a, "text"), side = side_of(a, "both");
  auto in_transcript = [](const std::string& id) {
    return id.rfind("msg-", 0) == 0 || id.rfind("line-", 0) == 0 || id.rfind("pending-", 0) == 0;
  };
  std::string problems;
  int checked = 0;
  for (const bool agent : {false, true}) {
    if ((agent && side == "customer") || (!agent && side == "agent")) continue;
    for (const auto& node : (agent ? app_.agent_semantics() : app_.widget_semantics()).nodes()) {
      if (!in_transcript(node.id) || node.label.find(text) == std::string::npos) continue;
      // Inside the bubble: clear of its rounded corners and border.
      constexpr float kInset = 6;
      PixelRegion reg{&frame_, frame_width_, frame_height_,
                      static_cast<int>(std::lround((node.rect.x + kInset) * frame_ratio_)),
                      static_cast<int>(std::lround((node.rect.y + kInset) * frame_ratio_)),
                      static_cast<int>(std::lround((node.rect.w - 2 * kInset) * frame_ratio_)),
                      static_cast<int>(std::lround((node.rect.h - 2 * kInset) * frame_ratio_))};
      InkReport r = inspect_ink(reg);
      if (agent && r.lines.size() > 1) {  // the console's cards have a speaker line above the text
        const int cut = r.lines.front().bottom + 2;
        reg.y += cut;
        reg.h -= cut;
        r = inspect_ink(reg);
      }
      const std::string where = (agent ? "agent " : "customer ") + node.id + " \"" + text + "\": ";
      std::string bad;
      if (r.ink < 15) bad += "no ink; ";
      // ImGui's font draws each character it lacks as the same "?": several shapes, all alike.
      if (a.value("glyphs", false) && r.shapes >= 2 && r.distinct_shapes < 2) bad += "every glyph the same shape (fallback boxes?); ";
      if (a.value("colour", false) && r.colour < 20) bad += "no colour pixels (emoji drawn in one colour?); ";
      if (a.value("rtl", false)) {
        const auto& ls = r.lines;
        if (ls.size() < 2) bad += "expected a wrapped paragraph; ";
        else if (std::abs(ls.back().right - ls.front().right) > 3 || ls.back().left < ls.front().left + 10)
          bad += "right-to-left lines not aligned right; ";
      }
      ++checked;
      if (!bad.empty()) problems += where + bad + describe(r) + "\n";
    }
  }
  if (checked == 0) return "no transcript line shows \"" + text + "\"";
  return problems;
}

ScenarioRunner::Outcome ScenarioRunner::run(const ScenarioStep& s, TimeMs now, TimeMs started) {
  const json& a = s.args;
  const std::string& act = s.action;
  const TimeMs waited = now - started;
  const bool timed_out = waited > timeout_of(a);
  auto& customer = app_.customer();
  auto& agent = app_.agent();
  const auto& av = agent.view();
  const std::string active = av.active;

  if (act == "customer_say") {
    if (!customer.say(str(a, "text"), now)) return fail("the widget refused the text");
    return Outcome::done;
  }
  if (act == "customer_request_human") {
    customer.request_human(now);
    return Outcome::done;
  }
  if (act == "customer_rate") {
    customer.rate(a.value("score", 5), str(a, "comment"));
    return Outcome::done;
  }
  if (act == "agent_sign_in") {
    if (av.sign_in == SignIn::signed_in) return Outcome::done;
    if (frames_in_step_ == 1 && a.contains("token")) agent.sign_in(str(a, "token"), now);
    if (av.sign_in == SignIn::rejected) return fail("the token was rejected");
    return timed_out ? fail("not signed in after " + std::to_string(waited) + " ms") : Outcome::waiting;
  }
  if (act == "agent_available") {
    if (av.sign_in != SignIn::signed_in) return timed_out ? fail("the agent is not signed in") : Outcome::waiting;
    agent.set_status(a.value("available", true), a.value("capacity", av.capacity));
    return Outcome::done;
  }
  if (act == "agent_accept") {
    // The conversation is ours once its snapshot arrived; accept the first offer or queue entry.
    const std::string want = str(a, "conversation", customer.view().conversation);
    if (const auto* c = av.find(want); c && c->assigned) return Outcome::done;
    if (frames_in_step_ % 30 == 1) {  // ask again now and then: an offer may have gone to the queue
      bool asked = false;
      for (const auto& o : av.offers)
        if (want.empty() || o.conversation == want) {
          agent.accept(o.conversation);
          asked = true;
          break;
        }
      if (!asked)
        for (const auto& q : av.queue)
          if (want.empty() || q.entry.conversation == want) {
            agent.accept(q.entry.conversation);
            break;
          }
    }
    if (want.empty() && av.assigned_count > 0) return Outcome::done;
    return timed_out ? fail("no offer or queue entry to accept for conversation '" + want + "'") : Outcome::waiting;
  }
  if (act == "agent_say" || act == "agent_note" || act == "agent_return_to_ai" || act == "agent_transfer" ||
      act == "agent_resolve") {
    const auto* c = av.find(active);
    if (!c || !c->assigned) return timed_out ? fail("the agent has no open conversation") : Outcome::waiting;
    if (act == "agent_say") agent.say(active, str(a, "text"), now);
    else if (act == "agent_note") agent.note(active, str(a, "text"), now);
    else if (act == "agent_return_to_ai") agent.return_to_ai(active);
    else if (act == "agent_transfer") agent.transfer(active, str(a, "to"), str(a, "note"));
    else agent.resolve(active);
    return Outcome::done;
  }
  if (act == "drop_network") {
    const std::string side = side_of(a, "both");
    if (side != "agent") app_.customer_net().drop();
    if (side != "customer") app_.agent_net().drop();
    return Outcome::done;
  }
  if (act == "delay_network") {
    const int ms = a.value("ms", 0);
    const std::string side = side_of(a, "both");
    if (side != "agent") app_.customer_net().set_delay(ms);
    if (side != "customer") app_.agent_net().set_delay(ms);
    return Outcome::done;
  }
  if (act == "duplicate_next") {
    const std::string side = side_of(a, "customer");
    if (side != "agent") app_.customer_net().duplicate_next();
    if (side != "customer") app_.agent_net().duplicate_next();
    return Outcome::done;
  }
  if (act == "wait_state") {
    const State want = *state_from_string(str(a, "state"));
    if (customer.view().state == want && !customer.view().conversation.empty()) return Outcome::done;
    return timed_out ? fail("state is " + std::string(to_string(customer.view().state)) + ", not " + str(a, "state") +
                            " after " + std::to_string(waited) + " ms")
                     : Outcome::waiting;
  }
  if (act == "wait_connected") {
    const std::string side = side_of(a, "both");
    bool ok = true;
    if (side != "agent") ok = ok && customer.view().connection == Connection::online && !customer.view().conversation.empty();
    if (side != "customer") ok = ok && av.connection == Connection::online && av.sign_in == SignIn::signed_in;
    if (ok) return Outcome::done;
    return timed_out ? fail(side + " not connected after " + std::to_string(waited) + " ms") : Outcome::waiting;
  }
  if (act == "expect_text") {
    const std::string side = side_of(a, "customer");
    if (screen_has(side, str(a, "text"))) return Outcome::done;
    return timed_out ? fail("\"" + str(a, "text") + "\" not on the " + side + " screen after " + std::to_string(waited) + " ms")
                     : Outcome::waiting;
  }
  if (act == "expect_no_text") {
    const std::string side = side_of(a, "customer");
    if (screen_has(side, str(a, "text"))) return fail("\"" + str(a, "text") + "\" is on the " + side + " screen");
    // Keep looking for a while when asked to (something might still arrive).
    return waited >= a.value("for_ms", 0) ? Outcome::done : Outcome::waiting;
  }
  if (act == "expect_count") {
    const std::string side = side_of(a, "customer");
    const int want = a["count"].get<int>();
    const int have = screen_count(side, str(a, "text"), true);
    // Wait until the count is right, then hold it for `for_ms` (default 1 s) so late duplicates show.
    const TimeMs hold = a.value("for_ms", 1000);
    if (have == want && waited >= hold) return Outcome::done;
    if (have > want) {
      std::string where;
      for (const auto* sem : {&app_.widget_semantics(), &app_.agent_semantics()})
        for (const auto& node : sem->nodes())
          if (node.label.find(str(a, "text")) != std::string::npos) where += " [" + node.id + ": " + node.label + "]";
      return fail("\"" + str(a, "text") + "\" shown " + std::to_string(have) + " times on the " + side +
                  " screen, expected " + std::to_string(want) + ":" + where);
    }
    return timed_out ? fail("\"" + str(a, "text") + "\" shown " + std::to_string(have) + " times, expected " + std::to_string(want))
                     : Outcome::waiting;
  }
  if (act == "expect_drawn") {
    const std::string side = side_of(a, "both");
    const int want = side == "both" ? 2 : 1;
    if (screen_count(side, str(a, "text"), true) < want)
      return timed_out ? fail("\"" + str(a, "text") + "\" not in the " + side + " transcript after " + std::to_string(waited) + " ms")
                       : Outcome::waiting;
    // Let ImGui settle (scroll to the newest line), then look at one frame's pixels.
    if (frames_in_step_ < 6) return Outcome::waiting;
    if (frame_.empty()) {
      capture_wanted_ = true;
      return Outcome::waiting;
    }
    const std::string why = check_drawn(a);
    frame_.clear();
    if (why.empty()) return Outcome::done;
    return timed_out ? fail(why) : Outcome::waiting;  // a frame mid-scroll may cut a line: look again
  }
  if (act == "wait_ms") return waited >= a.value("ms", 0) ? Outcome::done : Outcome::waiting;
  if (act == "screenshot") {
    if (dir_.empty()) return Outcome::done;  // no --screenshots: nothing to write
    if (screenshot_done_) {
      if (!screenshot_error_.empty()) return fail(screenshot_error_);
      return Outcome::done;
    }
    // Let ImGui settle a few frames (scroll targets, layout) before capturing.
    if (frames_in_step_ >= 4 && !screenshot_path_) screenshot_path_ = dir_ + "/" + str(a, "name") + ".png";
    return Outcome::waiting;
  }
  return fail("not implemented");
}

}  // namespace duet::native
