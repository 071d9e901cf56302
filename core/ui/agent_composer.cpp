// The reply composer: reply or internal note (visibly different: amber box and a label that says
// only agents see it), canned responses with a search box, Enter sends, Ctrl+Enter a new line.
#include <algorithm>

#include "ui/agent_format.hpp"
#include "ui/agent_parts.hpp"

namespace duet::ui::agent {
namespace {

void draw_canned(Ctx& c) {
  const float w = ImGui::GetContentRegionAvail().x;
  text_field(c.vc, agent_ids::canned_filter, "Search canned responses", c.ui.canned_filter,
             ImVec2(w, ImGui::GetFrameHeight() + 4), false);
  ImGui::BeginChild("##canned_list", ImVec2(0, 118), false);
  int shown = 0;
  for (std::size_t i = 0; i < c.vm.canned.size(); ++i) {
    const std::string& text = c.vm.canned[i];
    if (!matches(text, c.ui.canned_filter.text)) continue;
    const std::string id = "canned-" + std::to_string(i);
    if (action(c, id, text.c_str(), ButtonStyle::quiet, 0, "", "Use canned response: " + text)) {
      c.ui.composer.set(text);
      c.ui.show_canned = false;
      c.ui.canned_filter.set("");
    }
    ++shown;
  }
  if (shown == 0)
    label(c, c.vm.canned.empty() ? "No canned responses configured." : "No match.", c.theme.muted, nullptr, "canned_none");
  ImGui::EndChild();
}

}  // namespace

void draw_composer(Ctx& c, const AgentConversation& conv) {
  const bool note = c.ui.note_mode;
  const CardStyle ns = note_style(c.theme);
  if (toggle(c, agent_ids::mode_note, "Internal note", note, "Write an internal note (not sent to the customer)"))
    c.ui.note_mode = !note;
  ImGui::SameLine(0, 12);
  if (action(c, agent_ids::canned, c.ui.show_canned ? "Hide canned" : "Canned responses", ButtonStyle::secondary, 0,
             c.ui.show_canned ? "expanded" : "", "Canned responses"))
    c.ui.show_canned = !c.ui.show_canned;
  if (note) {
    ImGui::SameLine(0, 12);
    ImGui::AlignTextToFramePadding();
    label(c, "Only agents see notes", ns.header);
  }
  if (c.ui.show_canned) draw_canned(c);

  // A note is written in an amber box so nobody mistakes it for a reply.
  Theme look = c.theme;
  if (note) {
    look.surface = ns.bg;
    look.border = ns.accent;
    look.focus = ns.accent;
    look.muted = ns.header;
  }
  const Theme* saved = c.vc.theme;
  c.vc.theme = &look;
  const float send_w = 110.0f, h = 72.0f;
  if (note) ImGui::PushStyleColor(ImGuiCol_Text, col(ns.fg));
  // The hint names the customer: the box says whom the words go to.
  const std::string hint = note ? "Internal note on " + conv.title() + " (not sent to the customer)"
                           : conv.joining ? "Reply to " + conv.title() + " (sent once you have joined)"
                                          : "Reply to " + conv.title();
  bool enter = text_field(c.vc, agent_ids::composer, hint.c_str(), c.ui.composer,
                          ImVec2(ImGui::GetContentRegionAvail().x - send_w - 8, h), true,
                          agent_ids::send);  // web: Enter sends, Shift+Enter is a new line
  if (note) ImGui::PopStyleColor();
  if (note) ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), ns.accent, 12.0f, 0, 2.0f);
  c.vc.theme = saved;

  const bool has_text = c.ui.composer.text.find_first_not_of(" \t\r\n") != std::string::npos;
  if (!note && has_text != c.ui.typing_sent) {  // the customer sees "<name> is typing" for replies only
    AgentIntent t;
    t.kind = AgentIntent::Kind::typing;
    t.conversation = conv.id;
    t.flag = has_text;
    c.out.push_back(t);
    c.ui.typing_sent = has_text;
  }
  ImGui::SameLine();
  bool click = action(c, agent_ids::send, note ? "Add note" : "Send", note ? ButtonStyle::secondary : ButtonStyle::primary,
                      send_w, has_text ? "" : "disabled", note ? "Add internal note" : "Send reply", h);
  if ((enter || click) && has_text) {
    c.emit(note ? AgentIntent::Kind::note : AgentIntent::Kind::say, conv.id, c.ui.composer.text);
    c.ui.composer.set("");
    if (c.ui.typing_sent) {
      AgentIntent t;
      t.kind = AgentIntent::Kind::typing;
      t.conversation = conv.id;
      t.flag = false;
      c.out.push_back(t);
      c.ui.typing_sent = false;
    }
  }
}

}  // namespace duet::ui::agent
