// The console's left column: who is waiting (offers to this agent first, then the live queue,
// each customer once), messages left offline, and the agent's conversations as tabs with unread counts.
#include <algorithm>

#include "ui/agent_format.hpp"
#include "ui/agent_parts.hpp"

namespace duet::ui::agent {
namespace {

void section(Ctx& c, const std::string& id, const std::string& title) {
  ImGui::Spacing();
  label(c, title, c.theme.muted, small_font(c), id.c_str(), Role::heading);
}

std::string language_name(const std::string& l) { return l.empty() ? "??" : l; }

// An offered customer: who, the brief, their place in the queue, and Accept.
void draw_offered(Ctx& c, const AgentWaiting& w, float width, const std::string& place) {
  const AgentOffer& o = *w.offer;
  CardStyle s;
  s.bg = c.theme.human_bubble;
  s.fg = c.theme.text;
  s.header = c.theme.muted;
  s.border = c.theme.brand;
  std::string header = language_name(o.brief.language) + " - " + (o.brief.intent.empty() ? "other" : o.brief.intent) +
                       " - " + reason_label(o.brief.reason);
  std::string body = o.brief.summary.empty() ? "(no summary yet)" : o.brief.summary;
  // Who it is comes first: the agent accepts a person, and then replies to that person.
  auto [mn, mx] = text_card(c, (place.empty() ? "" : place + "  ") + o.title() + " - " + header, body, width, s);
  record_rect(c, Role::message, "offer-" + o.conversation,
              "Offer from " + o.title() + ": " + header + ". " + body + (place.empty() ? "" : " Queue " + place + "."), mn, mx);
  const bool joining = o.accepting || (c.vm.find(o.conversation) && c.vm.find(o.conversation)->joining);
  if (action(c, "accept-" + o.conversation, joining ? "Accepting..." : "Accept", ButtonStyle::primary, width,
             joining ? "disabled" : "", "Accept offer from " + o.title() + ": " + header))
    c.emit(AgentIntent::Kind::accept, o.conversation);
}

// A customer in the queue, not offered to this agent: the wait, what they said, and Take.
void draw_queued(Ctx& c, const AgentQueueItem& q, float width, const std::string& place) {
  const auto& e = q.entry;
  CardStyle s;
  s.bg = c.theme.surface;
  s.fg = c.theme.text;
  s.header = c.theme.muted;
  std::string wait = format_wait(q.wait_s(c.now));
  std::string header = place + "  " + language_name(e.language) + " - " + (e.intent.empty() ? "other" : e.intent) +
                       " - " + reason_label(e.reason) + " - waiting " + wait;
  std::string body = e.preview.empty() ? "(no message yet)" : "\"" + e.preview + "\"";
  auto [mn, mx] = text_card(c, header, body, width, s);
  // The place is read out too: it is what the customer is told ("You're number 3 in the queue").
  record_rect(c, Role::message, "queue-" + e.conversation, "Waiting " + wait + ": " + language_name(e.language) + ", " +
              e.intent + ", " + reason_label(e.reason) + ". " + e.preview + " Queue " + place + ".", mn, mx);
  const auto* mine = c.vm.find(e.conversation);
  const bool joining = mine && mine->joining;
  if (action(c, "take-" + e.conversation, joining ? "Taking..." : "Take", ButtonStyle::secondary, 0,
             joining ? "disabled" : "", "Accept customer waiting " + wait))
    c.emit(AgentIntent::Kind::accept, e.conversation);
}

// Everyone waiting, once each: an offered customer is one entry with Accept and their queue position.
void draw_waiting(Ctx& c, float width) {
  const auto waiting = waiting_list(c.vm);
  std::string title = "WAITING (" + std::to_string(waiting.size()) + ") - " + std::to_string(c.vm.agents_available) +
                      " agent" + (c.vm.agents_available == 1 ? "" : "s") + " available";
  section(c, "queue", title);
  if (waiting.empty()) {
    label(c, "Nobody is waiting.", c.theme.muted, nullptr, "queue_empty");
    return;
  }
  for (const auto& w : waiting) {
    ImGui::PushID(w.conversation.c_str());
    const std::string place = w.queued ? "#" + std::to_string(w.queued->entry.position) : std::string{};
    if (w.offer)
      draw_offered(c, w, width, place);
    else
      draw_queued(c, *w.queued, width, place);
    ImGui::Spacing();
    ImGui::PopID();
  }
}

// Messages customers left while nobody could serve them: the text, the contact and the brief, and
// Take, which makes it the agent's conversation (the reply reaches the customer when they return).
void draw_inbox(Ctx& c, float width) {
  if (c.vm.inbox.empty()) return;
  section(c, "inbox", "OFFLINE MESSAGES (" + std::to_string(c.vm.inbox_total) + ")");
  CardStyle s;
  s.bg = c.theme.surface;
  s.fg = c.theme.text;
  s.header = c.theme.muted;
  for (const auto& e : c.vm.inbox) {
    ImGui::PushID(e.conversation.c_str());
    const std::string intent = e.brief.intent.empty() ? "other" : e.brief.intent;
    std::string header = language_name(e.brief.language) + " - " + intent + " - " + e.message.contact;
    std::string body = "\"" + e.message.text + "\"";
    if (!e.brief.summary.empty()) body += "\n" + e.brief.summary;
    auto [mn, mx] = text_card(c, header, body, width, s);
    record_rect(c, Role::message, "inbox-" + e.conversation,
                "Offline message from " + e.message.contact + ": " + e.message.text, mn, mx);
    if (action(c, "take-inbox-" + e.conversation, "Take", ButtonStyle::secondary, 0, "",
               "Take the offline message from " + e.message.contact))
      c.emit(AgentIntent::Kind::accept, e.conversation);
    ImGui::Spacing();
    ImGui::PopID();
  }
}

void draw_tabs(Ctx& c, float width) {
  section(c, "conversations", "YOUR CONVERSATIONS");
  if (c.vm.conversations.empty()) {
    label(c, "Accept an offer or take a customer.", c.theme.muted);
    return;
  }
  for (const auto& conv : c.vm.conversations) {
    ImGui::PushID(conv.id.c_str());
    const bool active = conv.id == c.vm.active;
    std::string title = conv.title();
    std::string sub = conv.joining                ? "Joining..."
                      : !conv.join_error.empty()  ? "Not joined"
                      : conv.assigned             ? (conv.customer_typing ? "typing..." : conv.brief.intent)
                                                  : state_label(conv.state);
    ImVec2 p = ImGui::GetCursorScreenPos();
    const float h = ImGui::GetTextLineHeight() * 2 + 14;
    const std::string id = "tab-" + conv.id;
    bool clicked = ImGui::InvisibleButton(id.c_str(), ImVec2(width, h)) || c.vc.activated == id;
    if (clicked) c.emit(AgentIntent::Kind::select, conv.id);
    if (ImGui::IsItemHovered()) ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    std::string sem_label = title + ", " + state_label(conv.state) +
                            (conv.unread ? ", " + std::to_string(conv.unread) + " unread" : std::string{});
    record_item(c, Role::button, id, sem_label, active ? "selected" : "");
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // The conversation on screen stands out (tinted, with a bar), so whom a reply goes to is never a guess.
    if (active) dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), c.theme.human_bubble, 8.0f);
    else if (ImGui::IsItemHovered()) dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), c.theme.surface, 8.0f);
    if (active) dl->AddRectFilled(p, ImVec2(p.x + 4, p.y + h), c.theme.brand, 8.0f, ImDrawFlags_RoundCornersLeft);
    if (c.vc.focused == id) dl->AddRect(p, ImVec2(p.x + width, p.y + h), c.theme.focus, 8.0f, 0, 2.0f);
    dl->AddText(ImVec2(p.x + 10, p.y + 5), conv.assigned ? c.theme.text : c.theme.muted, title.c_str());
    dl->AddText(small_font(c), small_size(c),
                ImVec2(p.x + 10, p.y + 8 + ImGui::GetTextLineHeight()), c.theme.muted, sub.c_str());
    if (conv.unread > 0) {
      std::string n = std::to_string(conv.unread);
      ImVec2 ts = ImGui::CalcTextSize(n.c_str());
      float r = std::max(ts.x, ts.y) * 0.5f + 4;
      ImVec2 center(p.x + width - r - 8, p.y + h * 0.5f);
      dl->AddCircleFilled(center, r, c.theme.brand);
      dl->AddText(ImVec2(center.x - ts.x * 0.5f, center.y - ts.y * 0.5f), c.theme.on_brand, n.c_str());
    }
    ImGui::PopID();
  }
}

}  // namespace

void draw_sidebar(Ctx& c) {
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  const float w = std::clamp(avail.x * 0.32f, 200.0f, 380.0f);
  ImGui::PushStyleColor(ImGuiCol_ChildBg, col(c.theme.background));
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(12, 8));
  ImGui::BeginChild("##sidebar", ImVec2(w, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  const float inner = ImGui::GetContentRegionAvail().x;
  draw_waiting(c, inner);
  draw_inbox(c, inner);
  draw_tabs(c, inner);
  ImGui::EndChild();
  ImGui::PopStyleVar();
  ImGui::PopStyleColor();
  // A thin divider between the columns.
  ImVec2 mn = ImGui::GetItemRectMin(), mx = ImGui::GetItemRectMax();
  ImGui::GetWindowDrawList()->AddLine(ImVec2(mx.x - 1, mn.y), ImVec2(mx.x - 1, mx.y), c.theme.border);
}

}  // namespace duet::ui::agent
