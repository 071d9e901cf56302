// Transfer: pick the next agent from who is on duty (name, languages, load, available or away),
// or send the customer back to the queue, with a note for whoever takes over.
#include <algorithm>

#include "ui/agent_format.hpp"
#include "ui/agent_parts.hpp"

namespace duet::ui::agent {
namespace {

std::string presence_text(const proto::AgentPresence& a) {
  std::string langs;
  for (const auto& l : a.languages) langs += (langs.empty() ? "" : ", ") + l;
  return a.name + " - " + (langs.empty() ? "no languages set" : langs) + " - " + std::to_string(a.assigned) + "/" +
         std::to_string(a.capacity) + " conversations - " + (a.available ? "available" : "away");
}

}  // namespace

void draw_transfer(Ctx& c, const AgentConversation& conv) {
  std::vector<const proto::AgentPresence*> others;
  for (const auto& a : c.vm.team)
    if (a.agent_id != c.vm.agent_id) others.push_back(&a);
  // A choice that went offline is no choice: back to the queue.
  if (!c.ui.transfer_to.empty() &&
      std::none_of(others.begin(), others.end(), [&](const auto* a) { return a->agent_id == c.ui.transfer_to; }))
    c.ui.transfer_to.clear();

  ImGui::Spacing();
  label(c, "TRANSFER TO", c.theme.muted, small_font(c), "transfer_heading", Role::heading);
  // The choices flow in rows (the panel stays short, the composer below stays on screen).
  const float right = ImGui::GetWindowContentRegionMax().x;
  bool first = true;
  auto choice = [&](const std::string& id, const std::string& value, const std::string& text) {
    const bool selected = c.ui.transfer_to == value;
    const float bw = button_width(text.c_str(), 14);
    if (!first && ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 8 + bw <= right) ImGui::SameLine(0, 8);
    first = false;
    if (action(c, id, text.c_str(), selected ? ButtonStyle::primary : ButtonStyle::secondary, 0,
               selected ? "selected" : "", "Transfer to " + text))
      c.ui.transfer_to = value;
  };
  for (const auto* a : others) choice("transfer-to-" + a->agent_id, a->agent_id, presence_text(*a));
  if (others.empty()) {
    label(c, "No other agent is online.", c.theme.muted, nullptr, "transfer_nobody");
    first = true;
  }
  choice(agent_ids::transfer_queue, "", "the queue (the next agent who fits)");
  if (c.vm.team_more > 0)
    label(c, "and " + std::to_string(c.vm.team_more) + " more online", c.theme.muted, nullptr, "transfer_more");

  const float fh = ImGui::GetFrameHeight() + 4;
  const float confirm = button_width("Transfer now", 14);
  text_field(c.vc, agent_ids::transfer_note, "Note for the next agent", c.ui.transfer_note,
             ImVec2(std::max(120.0f, std::min(520.0f, ImGui::GetContentRegionAvail().x) - confirm - 8), fh), false);
  ImGui::SameLine();
  if (action(c, agent_ids::transfer_confirm, "Transfer now", ButtonStyle::primary, 0, "", "", fh)) {
    AgentIntent i;
    i.kind = AgentIntent::Kind::transfer;
    i.conversation = conv.id;
    i.text = c.ui.transfer_to;
    i.text2 = c.ui.transfer_note.text;
    c.out.push_back(i);
    c.ui.show_transfer = false;
    c.ui.transfer_to.clear();
    c.ui.transfer_note.set("");
  }
  ImGui::Spacing();
}

}  // namespace duet::ui::agent
