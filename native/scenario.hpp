#pragma once
// Scripted runs of the harness: a JSON file of steps (customer says, taps Talk to a human, the agent
// accepts, says, drops the network, waits for a state, expects text on a screen, takes a
// screenshot), run one step per frame against a real server. See docs/harness.md for the format.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/types.hpp"

namespace duet::native {

class HarnessApp;

struct ScenarioStep {
  std::string action;
  nlohmann::json args;  // the step object itself
  std::size_t index = 0;
};

struct Scenario {
  std::string name;
  std::vector<ScenarioStep> steps;
};

// The actions a scenario may use (for --help and validation).
const std::vector<std::string>& scenario_actions();

// Parses and validates a scenario; on failure returns nullopt with `error` saying which step and why.
std::optional<Scenario> parse_scenario(const std::string& json_text, std::string& error);
std::optional<Scenario> load_scenario(const std::string& path, std::string& error);

class ScenarioRunner {
 public:
  enum class Status { running, passed, failed };

  ScenarioRunner(Scenario scenario, HarnessApp& app, std::string screenshot_dir);

  // Advances after each drawn frame (the semantics of that frame are what expect_* look at).
  Status advance(TimeMs now);
  // A screenshot the main loop should take of the frame it just rendered (file path), if any.
  std::optional<std::string> screenshot_wanted() const { return screenshot_path_; }
  void screenshot_taken(bool ok, const std::string& error);
  // expect_drawn looks at the pixels: the main loop hands over the frame it just rendered (RGBA,
  // top row first) with its device pixels per logical pixel.
  bool capture_wanted() const { return capture_wanted_; }
  void frame_captured(std::vector<std::uint8_t> rgba, int width, int height, float pixel_ratio);

  const std::string& failure() const { return failure_; }
  std::string progress() const;  // "step 3/12: agent_accept"
  const std::vector<std::string>& log() const { return log_; }

 private:
  enum class Outcome { done, waiting, failed };
  Outcome run(const ScenarioStep& s, TimeMs now, TimeMs started);
  Outcome fail(const std::string& why);
  bool screen_has(const std::string& side, const std::string& text) const;
  // Nodes showing `text`; transcript_only counts transcript lines only (expect_count: no duplicates).
  int screen_count(const std::string& side, const std::string& text, bool transcript_only) const;
  // The pixel checks of expect_drawn on every transcript line showing the text; empty when all pass.
  std::string check_drawn(const nlohmann::json& args) const;

  Scenario scenario_;
  HarnessApp& app_;
  std::string dir_;
  std::size_t current_ = 0;
  TimeMs step_started_ = 0;
  int frames_in_step_ = 0;
  bool started_ = false;
  Status status_ = Status::running;
  std::string failure_;
  std::vector<std::string> log_;
  std::optional<std::string> screenshot_path_;
  bool screenshot_done_ = false;
  std::string screenshot_error_;
  bool capture_wanted_ = false;
  std::vector<std::uint8_t> frame_;
  int frame_width_ = 0, frame_height_ = 0;
  float frame_ratio_ = 1;
};

}  // namespace duet::native
