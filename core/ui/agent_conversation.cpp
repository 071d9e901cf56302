// The open conversation: header with the hand-back actions, the brief ABOVE the transcript (the
// agent reads the customer's story before saying hello), the transcript with speakers labelled and
// internal notes in amber, and the composer.
#include <algorithm>
#include <cstring>

#include "ui/agent_format.hpp"
#include "ui/agent_parts.hpp"

namespace duet::ui::agent {
namespace {

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
  return s;
}

std::string facts_text(const Brief& b) {
  std::vector<std::string> parts;
  for (const auto& f : b.facts) parts.push_back(f.kind + ": " + f.value);
  return join(parts, "   ");
}

std::string context_text(const Context& x) {
  std::vector<std::string> parts;
  // Whether the merchant signed who this is: an agent must not act on an identity the page made up.
  if (!x.customer_name.empty() || !x.customer_email.empty() || !x.customer_id.empty())
    parts.push_back("Customer: " + (x.customer_name.empty() ? x.customer_id : x.customer_name) + (x.customer_email.empty() ? "" : " <" + x.customer_email + ">") +
                    (x.identity_verified ? " - verified" : " - not verified"));
  if (!x.page.empty()) parts.push_back("Page: " + x.page);
  if (!x.checkout_step.empty()) parts.push_back("Step: " + x.checkout_step);
  if (!x.payment_error.empty()) parts.push_back("Payment error: " + x.payment_error);
  if (!x.order_id.empty()) parts.push_back("Order: " + x.order_id);
  if (!x.cart.empty()) {
    std::vector<std::string> items;
    for (const auto& i : x.cart) items.push_back(std::to_string(i.quantity) + "x " + i.name + " (" + money(i.price, x.currency) + ")");
    parts.push_back("Cart: " + join(items, ", ") + " - total " + money(x.cart_total, x.currency));
  }
  return join(parts, "\n");
}

std::string status_of(const AgentConversation& conv) {
  if (conv.joining) return "Joining...";
  if (!conv.join_error.empty()) return "Not joined: " + conv.join_error;
  return state_label(conv.state);
}

void draw_header(Ctx& c, const AgentConversation& conv) {
  ImGui::AlignTextToFramePadding();
  label(c, conv.title(), c.theme.text, title_font(c));
  record_item(c, Role::heading, "conversation_title", conv.title() + ", " + status_of(conv));
  ImGui::SameLine();
  ImGui::AlignTextToFramePadding();
  label(c, status_of(conv), conv.join_error.empty() ? c.theme.muted : c.theme.banner_text, nullptr, "conversation_state");
  if (conv.joining) return;  // nothing to hand on before the server has given it to us

  const float buttons = conv.assigned ? button_width("Return to AI", 14) + button_width("Transfer...", 14) +
                                            button_width("Resolve", 14) + 24
                                      : button_width("Close tab", 14) + 8;
  const float after_state = ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + 12;
  // Narrow panes: the actions go on their own line rather than over the title.
  if (after_state + buttons <= ImGui::GetWindowContentRegionMax().x)
    ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - buttons);
  if (conv.assigned) {
    if (action(c, agent_ids::return_to_ai, "Return to AI", ButtonStyle::secondary))
      c.emit(AgentIntent::Kind::return_to_ai, conv.id);
    ImGui::SameLine();
    if (action(c, agent_ids::transfer, "Transfer...", ButtonStyle::secondary, 0, c.ui.show_transfer ? "expanded" : "", "Transfer"))
      c.ui.show_transfer = !c.ui.show_transfer;
    ImGui::SameLine();
    if (action(c, agent_ids::resolve, "Resolve", ButtonStyle::primary)) c.emit(AgentIntent::Kind::resolve, conv.id);
  } else {
    if (action(c, agent_ids::close_tab, "Close tab", ButtonStyle::secondary)) c.emit(AgentIntent::Kind::close_tab, conv.id);
  }
  if (conv.assigned && c.ui.show_transfer) draw_transfer(c, conv);
}

void draw_brief(Ctx& c, const AgentConversation& conv, float width) {
  const Brief& b = conv.brief;
  CardStyle s;
  s.bg = c.theme.surface;
  s.fg = c.theme.text;
  s.header = c.theme.muted;
  s.border = c.theme.border;
  label(c, "BRIEF", c.theme.muted, small_font(c));
  record_item(c, Role::heading, agent_ids::brief, "Brief");
  std::string header = "Intent: " + (b.intent.empty() ? "other" : b.intent) + "   Sentiment: " +
                       (b.sentiment.empty() ? "neutral" : b.sentiment) + "   Reason: " + reason_label(b.reason) +
                       "   Language: " + (b.language.empty() ? "en" : b.language);
  // One line per point of the summary (the need, what the AI tried, why, while waiting, what is open).
  std::string body = !b.summary_lines.empty() ? join(b.summary_lines, "\n")
                     : b.summary.empty()      ? "No summary: the customer has not said much yet."
                                              : b.summary;
  if (!b.previous.empty()) body += "\nFollow-up of an earlier conversation (its transcript is above this one's).";
  auto [mn, mx] = text_card(c, header, body, width, s);
  record_rect(c, Role::message, "brief-summary", "Summary: " + body + ". " + header, mn, mx);
  std::string facts = facts_text(b);
  std::string answered = join(b.ai_answered, "; ");
  std::string context = context_text(b.context);
  std::string feedback;
  if (b.answers_helpful + b.answers_not_helpful > 0)
    feedback = "Answer feedback: " + std::to_string(b.answers_helpful) + " helpful, " +
               std::to_string(b.answers_not_helpful) + " not helpful";
  if (!facts.empty() || !answered.empty() || !context.empty() || !feedback.empty()) {
    std::string details;
    if (!facts.empty()) details += "Key facts: " + facts;
    if (!answered.empty()) details += (details.empty() ? "" : "\n") + std::string("AI already answered: ") + answered;
    if (!feedback.empty()) details += (details.empty() ? "" : "\n") + feedback;
    if (!context.empty()) details += (details.empty() ? "" : "\n") + context;
    auto [dmn, dmx] = text_card(c, "", details, width, s);
    if (!facts.empty()) record_rect(c, Role::message, "brief-facts", "Key facts: " + facts, dmn, dmx);
    if (!answered.empty()) record_rect(c, Role::message, "brief-ai-answered", "AI already answered: " + answered, dmn, dmx);
    if (!context.empty()) record_rect(c, Role::message, "brief-context", context, dmn, dmx);
    if (!feedback.empty()) record_rect(c, Role::message, "brief-feedback", feedback, dmn, dmx);
  }
}

void draw_line(Ctx& c, const AgentLine& l, float width, const std::string& prefix = {}) {
  std::string id = prefix + (l.seq ? "line-" + std::to_string(l.seq) : "pending-" + l.cid);
  std::string state = l.is_note() ? "note" : "";
  if (l.pending) state += state.empty() ? "pending" : " pending";
  if (l.failed) state += state.empty() ? "failed" : " failed";
  std::string spoken = line_label(l, c.vm.name);
  if (l.kind != EventKind::message && l.kind != EventKind::note && l.kind != EventKind::offline_message &&
      l.kind != EventKind::rating) {
    // System lines: one muted centred line.
    ImVec2 ts = ImGui::CalcTextSize(spoken.c_str());
    ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, (width - ts.x) * 0.5f));
    label(c, spoken, c.theme.muted);
    record_item(c, Role::status, id, spoken, state);
    return;
  }
  CardStyle s;
  s.header = c.theme.muted;
  float w = width * 0.78f;
  bool right = false;
  std::string header = speaker_label(l);
  if (l.is_note()) {
    s = note_style(c.theme);
    w = width;
    header = "INTERNAL NOTE - not sent to the customer" + (l.author.empty() ? std::string{} : " - " + l.author);
  } else if (l.speaker == Speaker::customer || l.kind == EventKind::offline_message || l.kind == EventKind::rating) {
    s.bg = c.theme.surface;
    s.fg = c.theme.text;
    s.border = c.theme.border;
  } else if (l.speaker == Speaker::ai) {
    s.bg = c.theme.ai_bubble;
    s.fg = c.theme.ai_text;
    header = "AI assistant (AI)";
  } else {
    s.bg = c.theme.human_bubble;
    s.fg = c.theme.human_text;
    right = true;
  }
  if (l.pending) header += "  - sending...";
  if (l.failed) header += "  - not sent: " + l.error;
  std::string body = l.kind == EventKind::message || l.kind == EventKind::note ? l.text : spoken;
  float x0 = ImGui::GetCursorPosX();
  if (right) ImGui::SetCursorPosX(x0 + width - w);
  auto [mn, mx] = text_card(c, header, body, w, s);
  if (l.pending || l.failed) {
    // Greyed until the server has stored it.
    ImGui::GetWindowDrawList()->AddRectFilled(mn, mx, c.theme.dark ? IM_COL32(0, 0, 0, 70) : IM_COL32(255, 255, 255, 90), 10.0f);
  }
  record_rect(c, Role::message, id, spoken, mn, mx, state);
  // What the customer's tap said of this answer, under it (the brief counts them all).
  if (l.answer_feedback != Feedback::none) {
    const std::string said = l.answer_feedback == Feedback::helpful ? "Customer: this helped" : "Customer: this did not help";
    const std::string node = "feedback-" + std::to_string(l.seq);
    label(c, said, l.answer_feedback == Feedback::helpful ? c.theme.muted : c.theme.banner_text, small_font(c), node.c_str());
  }
}

// "Seen" under the agent's message the customer has read up to, right-aligned like the message.
void draw_seen(Ctx& c, float width) {
  ImGui::PushFont(small_font(c));
  const float w = ImGui::CalcTextSize("Seen").x;
  ImGui::PopFont();
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + std::max(0.0f, width - w));
  label(c, "Seen", c.theme.muted, small_font(c), agent_ids::seen);
}

void draw_transcript(Ctx& c, const AgentConversation& conv, float height) {
  label(c, "TRANSCRIPT", c.theme.muted, small_font(c));
  record_item(c, Role::heading, agent_ids::transcript, "Transcript");
  ImGui::BeginChild("##transcript", ImVec2(0, height), false);
  // The visible area: the DOM mirror clips the lines' copyable text to it (as in the widget).
  const ImVec2 wp = ImGui::GetWindowPos(), ws = ImGui::GetWindowSize();
  record_rect(c, Role::list, "transcript_list", "Transcript with " + conv.title(), wp, ImVec2(wp.x + ws.x, wp.y + ws.y));
  // Read at the bottom: stay there while lines come in or rewrap (a scrollbar appearing narrows them).
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2.0f;
  const float width = ImGui::GetContentRegionAvail().x - 8;
  // A follow-up: the conversation it continues first, so the agent reads the whole story in one place.
  if (!conv.earlier.empty()) {
    label(c, "EARLIER CONVERSATION (closed)", c.theme.muted, small_font(c), "earlier_heading", Role::heading);
    for (const auto& l : conv.earlier) draw_line(c, l, width, "earlier-");
    label(c, "THIS CONVERSATION", c.theme.muted, small_font(c), "current_heading", Role::heading);
  }
  const Seq seen = seen_by_customer(conv);
  for (const auto& l : conv.lines) {
    draw_line(c, l, width);
    if (seen > 0 && l.seq == seen) draw_seen(c, width);
  }
  if (conv.customer_typing) {
    label(c, "Customer is typing...", c.theme.muted, nullptr, "customer_typing");
  }
  if (c.ui.seen_lines != conv.lines.size() || at_bottom) {
    c.ui.seen_lines = conv.lines.size();
    ImGui::SetScrollHereY(1.0f);
  }
  ImGui::EndChild();
}

}  // namespace

// The conversation to show: one the agent accepted or picked in the sidebar this very frame (the
// model opens it once the intent is applied; showing it now leaves no frame in which the composer
// still belongs to the previous customer), else the model's active one.
std::string shown_id(const Ctx& c) {
  for (const auto& i : c.out)
    if (i.kind == AgentIntent::Kind::accept || i.kind == AgentIntent::Kind::select) return i.conversation;
  return c.vm.active;
}

// The composer's text belongs to the conversation on screen: switching puts it away with its
// conversation and brings back the new one's, so a draft never travels to another customer.
void show_drafts_of(Ctx& c, const std::string& id) {
  if (c.ui.draft_for == id) return;
  if (c.ui.typing_sent && !c.ui.draft_for.empty()) {  // the previous customer stops seeing "typing"
    AgentIntent t;
    t.kind = AgentIntent::Kind::typing;
    t.conversation = c.ui.draft_for;
    t.flag = false;
    c.out.push_back(t);
  }
  c.ui.typing_sent = false;
  if (!c.ui.draft_for.empty()) {  // the first conversation shown keeps what is already typed
    c.ui.drafts[c.ui.draft_for] = c.ui.composer.text;
    auto it = c.ui.drafts.find(id);
    c.ui.composer.set(it == c.ui.drafts.end() ? std::string{} : it->second);
    if (it != c.ui.drafts.end()) c.ui.drafts.erase(it);
  }
  c.ui.draft_for = id;
  c.ui.seen_lines = 0;
  c.ui.show_transfer = false;
}

void draw_conversation(Ctx& c) {
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(16, 10));
  ImGui::BeginChild("##conversation", ImVec2(0, 0), false, ImGuiWindowFlags_AlwaysUseWindowPadding);
  const std::string id = shown_id(c);
  const AgentConversation* conv = c.vm.find(id);
  AgentConversation opening;  // accepted this frame, not in the model until the intent is applied
  if (!conv && !id.empty() && id != c.vm.active) {
    opening.id = id;
    opening.state = State::waiting_human;
    opening.assigned = false;
    opening.joining = true;
    for (const auto& o : c.vm.offers)
      if (o.conversation == id) opening.brief = o.brief;
    conv = &opening;
  }
  if (!conv) {
    std::string msg = c.vm.available ? "You are available. New customers appear on the left."
                                     : "You are away. Tick Available to receive customers.";
    label(c, msg, c.theme.muted, nullptr, "no_conversation");
  } else {
    show_drafts_of(c, conv->id);
    const bool writable = conv->assigned || conv->joining;
    ImGui::PushID(conv->id.c_str());
    draw_header(c, *conv);
    const float width = ImGui::GetContentRegionAvail().x;
    draw_brief(c, *conv, width);
    ImGui::Spacing();
    const float composer_h = (writable ? 150.0f : 0.0f) + (c.ui.show_canned ? 170.0f : 0.0f);
    const float transcript_h = std::max(120.0f, ImGui::GetContentRegionAvail().y - composer_h - ImGui::GetTextLineHeightWithSpacing());
    draw_transcript(c, *conv, transcript_h);
    if (writable) draw_composer(c, *conv);
    ImGui::PopID();
  }
  ImGui::EndChild();
  ImGui::PopStyleVar();
}

}  // namespace duet::ui::agent
