#pragma once
// What a view drew, for people who do not see the canvas: each view records one node per
// meaningful element. The web layer mirrors the list into a hidden DOM (live region, real buttons);
// tests assert on it headless.
#include <string>
#include <vector>

namespace duet::ui {

enum class Role { button, text_input, message, status, heading, list, dialog, link, checkbox };

struct Rect { float x = 0, y = 0, w = 0, h = 0; };

struct SemanticNode {
  Role role = Role::button;
  std::string id;      // stable across frames: "talk_to_human", "send", "msg-42", "rate-5", ...
  std::string label;   // what a screen reader says: "Talk to a human", "AI assistant: Hello"
  std::string state;   // "pressed", "disabled", "pending", "focused", ... (free-form, may be empty)
  Rect rect;           // in logical pixels, for focus rings and pointer mapping
  std::string text;    // the text as drawn, when the label adds to it (a message without its speaker):
                       // the web layer lays it over the canvas so it can be selected and copied
};

class Semantics {
 public:
  void clear() { nodes_.clear(); }
  void add(SemanticNode n) { nodes_.push_back(std::move(n)); }
  const std::vector<SemanticNode>& nodes() const { return nodes_; }
  const SemanticNode* find(const std::string& id) const {
    for (const auto& n : nodes_) if (n.id == id) return &n;
    return nullptr;
  }

 private:
  std::vector<SemanticNode> nodes_;
};

}  // namespace duet::ui
