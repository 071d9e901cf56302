#include "ui/widget_view.hpp"

#include <algorithm>
#include <cmath>

#include "ui/controls.hpp"
#include "ui/text_wrap.hpp"
#include "ui/widget_replies.hpp"

namespace duet::ui {
namespace {

constexpr float kPad = 16.0f;
constexpr float kHeaderHeight = 108.0f;
constexpr float kBubblePadX = 12.0f, kBubblePadY = 8.0f;

ImU32 with_alpha(ImU32 c, float a) {
  return (c & ~IM_COL32_A_MASK) | (static_cast<ImU32>(static_cast<float>((c >> IM_COL32_A_SHIFT) & 0xFF) * a) << IM_COL32_A_SHIFT);
}

bool is_requested(State s) { return s == State::waiting_human || s == State::with_human; }

const char* subtitle(const WidgetViewModel& vm, const WidgetStrings& s, std::string& buf) {
  switch (vm.state) {
    case State::ai: return s.subtitle_ai;
    case State::waiting_human: return s.subtitle_waiting;
    case State::with_human: buf = fill(s.subtitle_human, vm.agent_name.empty() ? "?" : vm.agent_name); return buf.c_str();
    case State::offline: return s.subtitle_offline;
    case State::closed: return s.subtitle_closed;
  }
  return "";
}

// Centred, muted, wrapped text: system lines, join/leave notices, confirmations.
void system_line(ViewContext& ctx, const std::string& id, const std::string& text, Role role, float width) {
  ImGui::PushFont(ctx.fonts.small);
  const ImVec2 ts = text_size(ctx, text, width);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const ImVec2 pos(origin.x + (width - ts.x) * 0.5f, origin.y + 2);
  // Centre each wrapped line by drawing with a wrap width equal to the measured block.
  draw_text(ctx, ImGui::GetWindowDrawList(), pos, ctx.theme->muted, text, ts.x + 1);
  record(ctx, role, id, text, "", pos, ImVec2(pos.x + ts.x, pos.y + ts.y), role != Role::message);
  ImGui::Dummy(ImVec2(width, ts.y + 4));
  ImGui::PopFont();
}

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

struct BubbleStyle { ImU32 fill, text; bool right; };

// What some bubbles add: the tick beside the customer's own, "Read more" on an article card.
struct BubbleExtras {
  Receipt receipt = Receipt::none;
  bool record_receipt = false;  // the customer's latest message: its tick is a status node too
  bool* read_more = nullptr;    // set when the article card's "Read more" was tapped
};

// Knowledge-base answers use "- " list items; show them as bullets.
std::string display_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool line_start = i == 0 || text[i - 1] == '\n';
    if (line_start && (text[i] == '-' || text[i] == '*') && i + 1 < text.size() && text[i + 1] == ' ') {
      out += "\xE2\x80\xA2";  // •
      continue;
    }
    out += text[i];
  }
  return out;
}

// Web addresses in a bubble's text, underlined where they are drawn and recorded as links (one node
// per line the address is on; the platform opens them in a new tab). `origin` is where the text
// starts; it was wrapped to `width`.
void links(ViewContext& ctx, const std::string& id, const std::string& text, ImVec2 origin, float width, ImU32 colour) {
  const std::vector<TextRange> found = find_links(text);
  if (found.empty()) return;
  const ImFont& font = *ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const std::vector<TextRange> lines = wrap_lines(font, size, text, width);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  for (std::size_t k = 0; k < found.size(); ++k) {
    const TextRange& link = found[k];
    const std::string url = text.substr(link.begin, link.end - link.begin);
    int piece = 0;
    for (std::size_t n = 0; n < lines.size(); ++n) {
      const TextRange on{std::max(link.begin, lines[n].begin), std::min(link.end, lines[n].end)};
      if (on.begin >= on.end) continue;
      const float x0 = origin.x + text_width(font, size, text, {lines[n].begin, on.begin});
      const float x1 = x0 + text_width(font, size, text, on);
      const float y0 = origin.y + size * static_cast<float>(n), y1 = y0 + size;
      dl->AddLine(ImVec2(x0, y1 - 1), ImVec2(x1, y1 - 1), colour, 1.0f);
      const std::string node = id + "-link-" + std::to_string(k) + (piece > 0 ? "-" + std::to_string(piece) : "");
      if (ctx.focused == node) dl->AddRect(ImVec2(x0 - 3, y0 - 2), ImVec2(x1 + 3, y1 + 2), ctx.theme->focus, 4.0f, 0, 2.0f);
      // Pieces after the first are the same link: clickable where they are drawn, one tab stop.
      record(ctx, Role::link, node, url, piece > 0 ? "continued" : "", ImVec2(x0, y0), ImVec2(x1, y1));
      ++piece;
    }
  }
}

void bubble(ViewContext& ctx, const ChatLine& line, const std::string& id, const std::string& spoken,
            const char* caption, BubbleStyle style, float width, const WidgetStrings& s, BubbleExtras extras = {}) {
  const Theme& t = *ctx.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  float y = origin.y;
  if (caption) {
    ImGui::PushFont(ctx.fonts.small);
    const ImVec2 cs = ImGui::CalcTextSize(caption);
    float x = style.right ? origin.x + width - cs.x : origin.x + 4;
    if (line.speaker == Speaker::ai) {  // an "AI" badge makes the label unmissable
      const ImVec2 bs = ImGui::CalcTextSize(s.ai_badge);
      const ImVec2 bmin(x, y), bmax(x + bs.x + 10, y + cs.y + 2);
      dl->AddRectFilled(bmin, bmax, t.brand, 6.0f);
      dl->AddText(ImVec2(x + 5, y + 1), t.on_brand, s.ai_badge);
      x = bmax.x + 6;
    }
    dl->AddText(ImVec2(x, y + 1), t.muted, caption);
    y += cs.y + 5;
    ImGui::PopFont();
  }
  const float max_text = std::max(60.0f, width * 0.82f - 2 * kBubblePadX);
  // An answer from an article is its card: the title, two lines and "Read more" (the whole text
  // stays the node's label, for screen readers and the live region). An earlier conversation's
  // lines (read only, nothing to open) show the whole text instead.
  const bool as_card = line.speaker == Speaker::ai && !line.card.empty() && !line.streaming && extras.read_more;
  const std::string shown = as_card ? std::string() : display_text(line.text);
  bool rtl = false;
  const ImVec2 ts = as_card ? draw_article_card(ctx, line, s, ImVec2(0, 0), max_text, true, nullptr)
                            : text_size(ctx, shown, max_text, &rtl);
  const ImVec2 size(ts.x + 2 * kBubblePadX, ts.y + 2 * kBubblePadY);
  const float x = style.right ? origin.x + width - size.x : origin.x;
  const ImVec2 bmin(x, y), bmax(x + size.x, y + size.y);
  const float alpha = line.pending ? 0.55f : 1.0f;
  dl->AddRectFilled(bmin, bmax, with_alpha(style.fill, alpha), t.radius,
                    style.right ? ImDrawFlags_RoundCornersAll & ~ImDrawFlags_RoundCornersBottomRight
                                : ImDrawFlags_RoundCornersAll & ~ImDrawFlags_RoundCornersBottomLeft);
  if (line.speaker == Speaker::agent) dl->AddRect(bmin, bmax, with_alpha(t.brand, 0.35f), t.radius,
                                                  ImDrawFlags_RoundCornersAll & ~ImDrawFlags_RoundCornersBottomLeft);
  if (as_card)
    draw_article_card(ctx, line, s, ImVec2(x + kBubblePadX, y + kBubblePadY), max_text, false, extras.read_more);
  else
    draw_text(ctx, dl, ImVec2(x + kBubblePadX, y + kBubblePadY), with_alpha(style.text, line.pending ? 0.8f : 1.0f),
              shown, max_text + 1);
  // Beside the bubble, at its foot: where the eye ends reading it.
  if (extras.receipt != Receipt::none) draw_receipt(ctx, extras.receipt, s, ImVec2(bmin.x - 6, bmax.y), extras.record_receipt);
  // "own": the customer's own words (the live region does not read them back); "pending": not yet
  // acknowledged by the server.
  std::string state = style.right ? "own" : "";
  if (line.pending) state += state.empty() ? "pending" : " pending";
  if (line.streaming) state += state.empty() ? "busy" : " busy";
  if (rtl) state += state.empty() ? "rtl" : " rtl";  // the DOM text over it reads right to left too
  // The label is the speaker and the text as shown (bullets and all), so `text` ends it exactly.
  const bool ends_with_text = spoken.size() >= line.text.size() &&
                              spoken.compare(spoken.size() - line.text.size(), line.text.size(), line.text) == 0;
  std::string label = ends_with_text && !as_card ? spoken.substr(0, spoken.size() - line.text.size()) + shown : spoken;
  record(ctx, Role::message, id, std::move(label), std::move(state), bmin, bmax, false, shown);
  if (!line.streaming && !as_card) links(ctx, id, shown, ImVec2(x + kBubblePadX, y + kBubblePadY), max_text, style.text);
  y = bmax.y;
  if (line.pending) {  // never hidden: the customer sees it is kept and will go out
    ImGui::PushFont(ctx.fonts.small);
    const ImVec2 ps = ImGui::CalcTextSize(s.pending);
    dl->AddText(ImVec2(style.right ? origin.x + width - ps.x : origin.x, y + 3), t.muted, s.pending);
    y += ps.y + 3;
    ImGui::PopFont();
  }
  ImGui::Dummy(ImVec2(width, y - origin.y));
}

// Three small dots pulsing under an answer that is still growing: a quiet "typing" feel.
void streaming_dots(ViewContext& ctx, float width) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  for (int i = 0; i < 3; ++i) {
    const float phase = static_cast<float>(ctx.time_s) * 5.0f - static_cast<float>(i) * 0.7f;
    const float a = 0.3f + 0.7f * (0.5f + 0.5f * std::sin(phase));
    dl->AddCircleFilled(ImVec2(p.x + 10 + static_cast<float>(i) * 9, p.y + 8), 2.5f, with_alpha(ctx.theme->muted, a));
  }
  ctx.animating = true;
  ImGui::Dummy(ImVec2(width, 14));
}

void typing_indicator(ViewContext& ctx, const std::string& text, float width) {
  const Theme& t = *ctx.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 bmax(p.x + 56, p.y + 30);
  dl->AddRectFilled(p, bmax, t.ai_bubble, t.radius, ImDrawFlags_RoundCornersAll & ~ImDrawFlags_RoundCornersBottomLeft);
  for (int i = 0; i < 3; ++i) {
    const float phase = static_cast<float>(ctx.time_s) * 5.0f - static_cast<float>(i) * 0.7f;
    const float a = 0.35f + 0.65f * (0.5f + 0.5f * std::sin(phase));
    dl->AddCircleFilled(ImVec2(p.x + 16 + static_cast<float>(i) * 12, p.y + 15), 3.5f, with_alpha(t.muted, a));
  }
  ctx.animating = true;
  ImGui::PushFont(ctx.fonts.small);
  dl->AddText(ImVec2(bmax.x + 8, p.y + 8), t.muted, text.c_str());
  ImGui::PopFont();
  record(ctx, Role::status, ids::typing, text, "", p, ImVec2(p.x + width, bmax.y));
  ImGui::Dummy(ImVec2(width, 30));
}

// A card with a border; `body` draws inside it and returns the height it used.
template <class Body>
void card(ViewContext& ctx, float width, Body body) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 p = ImGui::GetCursorScreenPos();
  dl->ChannelsSplit(2);
  dl->ChannelsSetCurrent(1);
  ImGui::SetCursorScreenPos(ImVec2(p.x + 14, p.y + 12));
  ImGui::BeginGroup();
  body(width - 28);
  ImGui::EndGroup();
  const float h = ImGui::GetItemRectMax().y - p.y + 12;
  dl->ChannelsSetCurrent(0);
  dl->AddRectFilled(p, ImVec2(p.x + width, p.y + h), ctx.theme->surface, 12.0f);
  dl->AddRect(p, ImVec2(p.x + width, p.y + h), ctx.theme->border, 12.0f);
  dl->ChannelsMerge();
  ImGui::SetCursorScreenPos(p);
  ImGui::Dummy(ImVec2(width, h));
}

void wrapped(ViewContext& ctx, ImFont* font, ImU32 colour, const std::string& text, float width) {
  ImGui::PushFont(font);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 ts = text_size(text.c_str(), width);
  draw_text(ImGui::GetWindowDrawList(), p, colour, text.c_str(), width + 1);
  ImGui::Dummy(ImVec2(std::max(ts.x, 1.0f), ts.y));
  ImGui::PopFont();
  (void)ctx;
}

std::string queue_text(const WidgetViewModel& vm, const WidgetStrings& s, std::string* detail) {
  std::string head = vm.queue_position <= 0 ? s.queue_no_estimate
                     : vm.queue_position == 1 ? s.queue_next
                                              : fill(s.queue_position, {}, vm.queue_position);
  if (vm.queue_position > 0) {
    *detail = vm.estimate_s < 0 ? s.queue_no_estimate
              : vm.estimate_s < 60 ? s.queue_estimate_short
                                   : fill(s.queue_estimate, {}, (vm.estimate_s + 59) / 60);
  }
  return head;
}

void draw_close_icon(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour) {
  const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  const float r = 6.0f;
  dl->AddLine(ImVec2(c.x - r, c.y - r), ImVec2(c.x + r, c.y + r), colour, 2.0f);
  dl->AddLine(ImVec2(c.x - r, c.y + r), ImVec2(c.x + r, c.y - r), colour, 2.0f);
}

void draw_send_icon(ImDrawList* dl, ImVec2 min, ImVec2 max, ImU32 colour) {
  const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  dl->AddTriangleFilled(ImVec2(c.x - 7, c.y - 8), ImVec2(c.x + 9, c.y), ImVec2(c.x - 7, c.y + 8), colour);
}

// Back to the assistant while waiting (or offline, where no queue is left: `label` says so).
void leave_queue_button(ViewContext& ctx, const char* label, WidgetIntents& out, float width) {
  ImGui::PushFont(ctx.fonts.body);
  if (button(ctx, ids::leave_queue, label, ImVec2(std::min(width, button_width(label)), 36), ButtonStyle::secondary))
    out.leave_queue = true;
  ImGui::PopFont();
}

float header(const WidgetViewModel& vm, ViewContext& ctx, const WidgetStrings& s, WidgetIntents& out, float width) {
  const Theme& t = *ctx.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetWindowPos();
  dl->AddRectFilled(o, ImVec2(o.x + width, o.y + kHeaderHeight), t.brand);
  std::string sub_buf;
  const char* sub = subtitle(vm, s, sub_buf);
  ImGui::PushFont(ctx.fonts.title);
  const ImVec2 title_pos(o.x + kPad, o.y + 14);
  dl->AddText(title_pos, t.on_brand, s.title);
  const ImVec2 title_size = ImGui::CalcTextSize(s.title);
  ImGui::PopFont();
  ImGui::PushFont(ctx.fonts.small);
  dl->AddText(ImVec2(o.x + kPad, o.y + 39), with_alpha(t.on_brand, 0.88f), sub);
  ImGui::PopFont();
  record(ctx, Role::heading, ids::title, std::string(s.title) + ". " + sub, "", title_pos,
         ImVec2(title_pos.x + title_size.x, title_pos.y + title_size.y));

  // Close (minimise): a quiet square in the corner.
  ImGui::SetCursorScreenPos(ImVec2(o.x + width - kPad - 34, o.y + 10));
  if (button(ctx, ids::close, "", ImVec2(34, 34), ButtonStyle::quiet_on_brand, {}, s.close)) out.close = true;
  draw_close_icon(dl, ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), t.on_brand);

  // Talk to a human: on every screen. Idempotent, so it stays tappable after a request.
  const bool requested = is_requested(vm.state);
  std::string text = s.talk_to_human;
  if (requested) text = std::string("\xE2\x9C\x93 ") + (vm.state == State::with_human ? fill(s.human_label, vm.agent_name) : s.human_requested);
  ImGui::SetCursorScreenPos(ImVec2(o.x + kPad, o.y + 62));
  ImGui::PushFont(ctx.fonts.body);
  const float bw = std::min(button_width(text.c_str(), 16), width - 2 * kPad);
  if (button(ctx, ids::talk_to_human, text.c_str(), ImVec2(bw, 34), ButtonStyle::on_brand,
             requested ? "pressed" : "", s.talk_to_human))
    out.request_human = true;
  ImGui::PopFont();
  return kHeaderHeight;
}

// A message the server refused comes back where it was written (before anything typed since) and
// that box takes the focus: nothing the customer wrote is lost, and it can be sent again or changed.
void take_back_refused(const WidgetViewModel& vm, WidgetUi& ui, WidgetIntents& out) {
  if (vm.refused.count == ui.refused_seen) return;
  ui.refused_seen = vm.refused.count;
  ui.refused_notice = true;
  const auto before = [](const std::string& back, const std::string& now) { return now.empty() ? back : back + "\n" + now; };
  if (vm.refused.contact.empty()) {
    ui.composer.set(before(vm.refused.text, ui.composer.text));
    out.focus = ids::composer;
  } else {
    if (ui.contact.text.empty()) ui.contact.set(vm.refused.contact);
    ui.offline_text.set(before(vm.refused.text, ui.offline_text.text));
    ui.offline_form = true;
    out.focus = ids::offline_text;
  }
}

// Why the message came back, in words for the customer (the server's message is for developers).
const char* refused_reason(const WidgetViewModel& vm, const WidgetUi& ui, const WidgetStrings& s) {
  if (!ui.refused_notice || !vm.last_error || vm.last_error->code != vm.refused.code) return nullptr;
  return vm.refused.code == proto::ErrorCode::conversation_full ? s.conversation_full : s.message_refused;
}

float notice_height(ViewContext& ctx, const char* text, float width) {
  ImGui::PushFont(ctx.fonts.small);
  const float h = text_size(text, width - 2 * kPad).y + 16;
  ImGui::PopFont();
  return h;
}

// The reason in a strip right above the box the text went back to, where the customer looks.
void notice(ViewContext& ctx, const char* text, float y, float h, float width) {
  const Theme& t = *ctx.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetWindowPos();
  ImGui::PushFont(ctx.fonts.small);
  dl->AddRectFilled(ImVec2(o.x, o.y + y), ImVec2(o.x + width, o.y + y + h), t.banner);
  draw_text(dl, ImVec2(o.x + kPad, o.y + y + 8), t.banner_text, text, width - 2 * kPad + 1);
  record(ctx, Role::status, ids::send_error, text, "", ImVec2(o.x, o.y + y), ImVec2(o.x + width, o.y + y + h));
  ImGui::PopFont();
}

float banner(ViewContext& ctx, const WidgetStrings& s, float y, float width) {
  const Theme& t = *ctx.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetWindowPos();
  ImGui::PushFont(ctx.fonts.small);
  const std::string text = std::string(s.reconnecting) + " " + s.reconnecting_detail;
  const ImVec2 ts = text_size(text.c_str(), width - 2 * kPad);
  const float h = ts.y + 16;
  dl->AddRectFilled(ImVec2(o.x, o.y + y), ImVec2(o.x + width, o.y + y + h), t.banner);
  draw_text(dl, ImVec2(o.x + kPad, o.y + y + 8), t.banner_text, text.c_str(), width - 2 * kPad + 1);
  record(ctx, Role::status, ids::reconnecting, text, "", ImVec2(o.x, o.y + y), ImVec2(o.x + width, o.y + y + h));
  ImGui::PopFont();
  return y + h;
}

// A thin rule with "New messages" in it, above the first message that came while the panel was closed.
void new_messages_marker(ViewContext& ctx, const WidgetStrings& s, float width) {
  const Theme& t = *ctx.theme;
  ImGui::PushFont(ctx.fonts.small);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 ts = ImGui::CalcTextSize(s.new_messages);
  const float mid = p.y + ts.y * 0.5f + 2, text_x = p.x + (width - ts.x) * 0.5f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddLine(ImVec2(p.x, mid), ImVec2(text_x - 8, mid), t.brand, 1.5f);
  dl->AddLine(ImVec2(text_x + ts.x + 8, mid), ImVec2(p.x + width, mid), t.brand, 1.5f);
  dl->AddText(ImVec2(text_x, p.y + 2), t.brand, s.new_messages);
  // A status, not a transcript line: announced once when the panel opens on it, and the transcript
  // stays the conversation (what a reload shows again).
  record(ctx, Role::status, ids::new_messages, s.new_messages, "", p, ImVec2(p.x + width, p.y + ts.y + 4));
  ImGui::Dummy(ImVec2(width, ts.y + 4));
  ImGui::PopFont();
}

// The lines of one conversation, in order: bubbles (one caption per run of one speaker), system
// lines, and the "new messages" marker above `unread_from`. `prefix` keeps the ids of an earlier
// conversation's lines apart from the current one's.
// `vm` is null for an earlier conversation's lines (read only: no buttons, no ticks).
void draw_lines(const std::vector<ChatLine>& lines, const std::string& prefix, Seq unread_from, bool ai_typing,
                WidgetUi& ui, ViewContext& ctx, const WidgetStrings& s, float inner, const WidgetViewModel* vm,
                WidgetIntents& out) {
  const Theme& t = *ctx.theme;
  const ChatLine* previous = nullptr;
  // The customer's latest acknowledged message: its tick is also a status node.
  Seq latest_own = 0;
  if (vm)
    for (const ChatLine& l : lines)
      if (receipt_of(l, *vm) != Receipt::none) latest_own = l.seq;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const ChatLine& line = lines[i];
    const std::string spoken = spoken_line(line, s);
    if (spoken.empty()) continue;
    const std::string id = prefix + line_id(line, i);
    const bool is_bubble = line.kind == EventKind::message && line.speaker != Speaker::system;
    const bool same_speaker = previous && previous->kind == EventKind::message && is_bubble &&
                              previous->speaker == line.speaker && previous->author == line.author;
    const bool first_unread = unread_from > 0 && line.seq == unread_from;
    if (previous) ImGui::Dummy(ImVec2(inner, same_speaker && !first_unread ? 0.0f : 8.0f));
    if (first_unread) {
      new_messages_marker(ctx, s, inner);
      if (ui.landing > 0) ImGui::SetScrollHereY(0.0f);  // the marker (the previous item) at the top
    }
    ImGui::PushFont(ctx.fonts.body);
    if (is_bubble) {
      std::string caption;
      BubbleStyle style{t.customer_bubble, t.customer_text, true};
      if (line.speaker == Speaker::ai) { caption = s.ai_label; style = {t.ai_bubble, t.ai_text, false}; }
      if (line.speaker == Speaker::agent) { caption = fill(s.human_label, line.author); style = {t.human_bubble, t.human_text, false}; }
      BubbleExtras extras;
      bool read_more = false;
      if (vm) extras = {receipt_of(line, *vm), line.seq == latest_own, &read_more};
      bubble(ctx, line, id, spoken, (same_speaker && !first_unread) || caption.empty() ? nullptr : caption.c_str(), style,
             inner, s, extras);
      if (read_more) ui.article = line.seq, out.focus = "article_back";  // keyboard users land in it
      if (line.streaming && ai_typing) streaming_dots(ctx, inner);
      if (vm && line.seq > 0 && line.seq == vm->replies_for) {
        ImGui::Dummy(ImVec2(inner, 2));
        if (const auto tapped = draw_quick_replies(ctx, line, s, inner)) {
          out.tap_reply = WidgetIntents::ReplyTap{line.seq, *tapped};
          ui.follow = true;
        }
      }
    } else if (line.kind == EventKind::offline_message) {
      bubble(ctx, line, id, spoken, s.message_left_line, {t.customer_bubble, t.customer_text, true}, inner, s);
    } else {
      const std::string shown = line.kind == EventKind::message ? line.text : spoken;
      system_line(ctx, id, shown, Role::message, inner);
    }
    ImGui::PopFont();
    previous = &line;
  }
}

void transcript(const WidgetViewModel& vm, WidgetUi& ui, ViewContext& ctx, const WidgetStrings& s,
                WidgetIntents& out, float width) {
  const Theme& t = *ctx.theme;
  const bool at_bottom = ImGui::GetScrollY() >= ImGui::GetScrollMaxY() - 2.0f;
  const float inner = width - 2 * kPad;
  // Opened with unread messages: land on the first of them, for a few frames while the layout settles.
  if (vm.unread_from != ui.landed_unread) {
    ui.landed_unread = vm.unread_from;
    ui.landing = vm.unread_from > 0 ? 3 : 0;
  }
  if (ui.follow) ui.landing = 0;  // the customer just wrote: the newest line wins
  // The visible part of the transcript; its lines keep their whole rectangles.
  record(ctx, Role::list, "transcript", s.conversation, "", ImGui::GetWindowPos(),
         ImVec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x, ImGui::GetWindowPos().y + ImGui::GetWindowSize().y));
  ImGui::SetCursorPos(ImVec2(kPad, 14));
  ImGui::BeginGroup();
  if (vm.lines.empty() && vm.state == State::ai) {
    ChatLine hello;
    hello.speaker = Speaker::ai;
    hello.text = vm.greeting == Greeting::payment_declined ? s.greeting_payment_declined
                 : vm.greeting == Greeting::payment_failed ? s.greeting_payment_failed
                                                           : s.greeting;
    ImGui::PushFont(ctx.fonts.body);
    bubble(ctx, hello, ids::greeting, std::string(s.ai_label) + ": " + hello.text, s.ai_label,
           {t.ai_bubble, t.ai_text, false}, inner, s);
    ImGui::PopFont();
    ImGui::Dummy(ImVec2(inner, 6));
  }
  // A follow-up: the conversation it continues stays above, read only, then where the new one begins.
  if (!vm.earlier.empty()) {
    system_line(ctx, "earlier", s.earlier_conversation, Role::heading, inner);
    ImGui::Dummy(ImVec2(inner, 6));
    draw_lines(vm.earlier, "earlier-", 0, false, ui, ctx, s, inner, nullptr, out);
    ImGui::Dummy(ImVec2(inner, 8));
    system_line(ctx, "follow_up", s.follow_up_started, Role::message, inner);
    ImGui::Dummy(ImVec2(inner, 6));
  }
  draw_lines(vm.lines, "", vm.unread_from, vm.ai_typing, ui, ctx, s, inner, &vm, out);
  ImGui::Dummy(ImVec2(inner, 4));

  // What is happening now, after the last line so it is in view.
  if (vm.state == State::waiting_human) {
    std::string detail;
    const std::string head = queue_text(vm, s, &detail);
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImVec2 status_max = p;
    card(ctx, inner, [&](float w) {
      wrapped(ctx, ctx.fonts.body, t.text, head, w);
      if (!detail.empty()) wrapped(ctx, ctx.fonts.small, t.muted, detail, w);
      status_max = ImVec2(p.x + inner, ImGui::GetItemRectMax().y);
      wrapped(ctx, ctx.fonts.small, t.muted, s.waiting_hint, w);
      ImGui::Dummy(ImVec2(w, 4));
      leave_queue_button(ctx, s.leave_queue, out, w);
    });
    // The status is the place in the queue only, so it is announced when the place changes.
    record(ctx, Role::status, ids::queue, detail.empty() ? head : head + ". " + detail, "", p, status_max);
  }
  if (vm.state == State::offline) {
    card(ctx, inner, [&](float w) {
      // While the form is open it says all this itself, and the composer is not there to "just write".
      if (!vm.message_left && !ui.offline_form) wrapped(ctx, ctx.fonts.body, t.text, s.offline_body, w);
      if (!ui.offline_form) {
        wrapped(ctx, ctx.fonts.small, t.muted, s.waiting_hint, w);
        ImGui::Dummy(ImVec2(w, 4));
      }
      ImGui::PushFont(ctx.fonts.body);
      if (!vm.message_left && !ui.offline_form &&
          button(ctx, ids::open_offline_form, s.offline_title, ImVec2(std::min(w, button_width(s.offline_title)), 36),
                 ButtonStyle::primary)) {
        ui.offline_form = true;
        out.focus = ids::contact;
      }
      ImGui::PopFont();
      leave_queue_button(ctx, s.offline_back_to_ai, out, w);
    });
  }
  if (vm.offer_human && vm.state == State::ai) {
    // One-tap answers right under the AI message that asked (its words are the question, so the
    // buttons do not repeat it).
    ImGui::PushFont(ctx.fonts.body);
    const float yes_w = std::min(inner, button_width(s.offer_accept)), no_w = std::min(inner, button_width(s.offer_decline));
    if (button(ctx, ids::offer_human, s.offer_accept, ImVec2(yes_w, 36), ButtonStyle::primary)) out.request_human = true;
    if (yes_w + 8 + no_w <= inner) ImGui::SameLine(0, 8);
    // "No" goes to the assistant as the customer's own words: it answers them (and says what it can do).
    if (button(ctx, ids::offer_decline, s.offer_decline, ImVec2(no_w, 36), ButtonStyle::secondary)) {
      out.say = s.offer_decline;
      ui.follow = true;
    }
    ImGui::PopFont();
  }
  const bool streaming = !vm.lines.empty() && vm.lines.back().streaming;
  if (vm.agent_typing || (vm.ai_typing && !streaming)) {
    ImGui::Dummy(ImVec2(inner, 2));
    typing_indicator(ctx, vm.agent_typing ? fill(s.agent_typing, vm.agent_name) : std::string(s.ai_typing), inner);
  }
  if (vm.state == State::closed) {
    if (!vm.rated) {
      card(ctx, inner, [&](float w) {
        wrapped(ctx, ctx.fonts.body, t.text, s.rate_prompt, w);
        const ImVec2 row = ImGui::GetCursorScreenPos();
        const ImVec2 mouse = ImGui::GetIO().MousePos;
        int hover = 0;
        for (int n = 1; n <= 5; ++n) {
          const float x = row.x + static_cast<float>(n - 1) * 44;
          if (mouse.x >= x && mouse.x < x + 40 && mouse.y >= row.y && mouse.y < row.y + 40) hover = n;
        }
        const int lit = std::max(hover, ui.low_rating);
        for (int n = 1; n <= 5; ++n) {
          ImGui::SetCursorScreenPos(ImVec2(row.x + static_cast<float>(n - 1) * 44, row.y));
          const std::string id = "rate-" + std::to_string(n);
          if (button(ctx, id.c_str(), "", ImVec2(40, 40), ButtonStyle::quiet, n == ui.low_rating ? "pressed" : "",
                     fill(s.rate_star, {}, n).c_str())) {
            // A low rating asks what went wrong before it is sent; a good one goes at once.
            if (n <= 2) {
              ui.low_rating = n;
              out.focus = ids::rate_comment;
            } else {
              out.rate = n;
            }
          }
          const ImVec2 c((ImGui::GetItemRectMin().x + ImGui::GetItemRectMax().x) * 0.5f,
                         (ImGui::GetItemRectMin().y + ImGui::GetItemRectMax().y) * 0.5f);
          draw_star(ImGui::GetWindowDrawList(), c, 15, n <= lit ? t.brand : t.muted, n <= lit);
        }
        if (ui.low_rating > 0) {
          ImGui::Dummy(ImVec2(w, 4));
          wrapped(ctx, ctx.fonts.small, t.muted, s.rate_comment_prompt, w);
          ImGui::Dummy(ImVec2(w, 4));
          ImGui::PushFont(ctx.fonts.body);
          text_field(ctx, ids::rate_comment, s.rate_comment_hint, ui.rate_comment, ImVec2(w, 64), true);
          ImGui::Dummy(ImVec2(w, 4));
          if (button(ctx, ids::rate_send, s.rate_send, ImVec2(std::min(w, button_width(s.rate_send)), 36), ButtonStyle::primary)) {
            out.rate = ui.low_rating;
            out.rate_comment = trimmed(ui.rate_comment.text);
          }
          ImGui::PopFont();
        }
      });
    } else {
      system_line(ctx, "thanks", s.thanks, Role::status, inner);
    }
  }
  if (vm.state == State::offline && vm.message_left) system_line(ctx, "message_left", s.message_left, Role::status, inner);
  ImGui::Dummy(ImVec2(inner, 10));
  ImGui::EndGroup();
  if (ui.landing > 0) --ui.landing;
  else if (at_bottom || ui.follow) ImGui::SetScrollHereY(1.0f);
  ui.follow = false;
}

float offline_form_height() { return 262.0f; }

// The text goes to the session; the box keeps it until the session has taken it (settle_sending).
void hand_over(const WidgetViewModel& vm, WidgetUi& ui, bool offline, std::string text) {
  ui.sending = WidgetUi::Sending{offline, std::move(text), vm.taken, vm.not_taken.count};
}

void offline_form(const WidgetViewModel& vm, WidgetUi& ui, ViewContext& ctx, const WidgetStrings& s,
                  WidgetIntents& out, float width) {
  const Theme& t = *ctx.theme;
  const float inner = width - 2 * kPad;
  ImGui::SetCursorPosX(kPad);
  ImGui::BeginGroup();
  ImGui::Dummy(ImVec2(inner, 4));
  wrapped(ctx, ctx.fonts.title, t.text, s.offline_title, inner);
  wrapped(ctx, ctx.fonts.small, t.muted, s.offline_body, inner);
  ImGui::PushFont(ctx.fonts.body);
  text_field(ctx, ids::contact, s.contact_hint, ui.contact, ImVec2(inner, 40), false);
  text_field(ctx, ids::offline_text, s.offline_message_hint, ui.offline_text, ImVec2(inner, 64), true);
  const float back_w = std::min(inner * 0.45f, button_width(s.back_to_chat));
  // Never disabled: a press with something missing is answered with what is missing.
  if (button(ctx, ids::leave_message, s.leave_message, ImVec2(inner - back_w - 8, 40), ButtonStyle::primary)) {
    out.leave_message = WidgetIntents::Message{trimmed(ui.contact.text), trimmed(ui.offline_text.text)};
    hand_over(vm, ui, true, out.leave_message->text);
  }
  ImGui::SameLine(0, 8);
  if (button(ctx, ids::back_to_chat, s.back_to_chat, ImVec2(back_w, 40), ButtonStyle::secondary)) {
    ui.offline_form = false;
    out.focus = ids::composer;
  }
  ImGui::PopFont();
  ImGui::EndGroup();
}

void composer(const WidgetViewModel& vm, WidgetUi& ui, ViewContext& ctx, const WidgetStrings& s,
              WidgetIntents& out, float width) {
  const Theme& t = *ctx.theme;
  const float inner = width - 2 * kPad;
  ImGui::SetCursorPosX(kPad);
  ImGui::PushFont(ctx.fonts.body);
  const bool entered = text_field(ctx, ids::composer, s.composer_hint, ui.composer, ImVec2(inner - 52, 48), true, ids::send);
  ImGui::SameLine(0, 8);
  const std::string text = trimmed(ui.composer.text);
  const bool send = button(ctx, ids::send, "", ImVec2(44, 44), ButtonStyle::primary, text.empty() ? "disabled" : "", s.send);
  draw_send_icon(ImGui::GetWindowDrawList(), ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), t.on_brand);
  ImGui::PopFont();
  if ((send || entered) && !text.empty()) {
    out.say = text;
    hand_over(vm, ui, false, text);
    ui.follow = true;
  }
  const bool typing = !ui.composer.text.empty();
  if (typing != ui.typing) {
    ui.typing = typing;
    out.typing = typing;
  }
}

// What became of the message handed over last frame: taken into the outbox (its box lets go of it,
// keeping anything typed since), or not taken (the text stays, and the notice says why).
void settle_sending(const WidgetViewModel& vm, WidgetUi& ui, WidgetIntents& out) {
  if (!ui.sending) return;
  const WidgetUi::Sending& sent = *ui.sending;
  TextField& box = sent.offline ? ui.offline_text : ui.composer;
  if (vm.taken != sent.taken) {
    const std::size_t at = box.text.find(sent.text);
    if (at != std::string::npos) box.set(trimmed(box.text.substr(0, at) + box.text.substr(at + sent.text.size())));
    ui.not_taken.reset();
    ui.sending.reset();
  } else if (vm.not_taken.count != sent.not_taken) {
    ui.not_taken = vm.not_taken;
    out.focus = vm.not_taken.field == "contact" ? ids::contact : sent.offline ? ids::offline_text : ids::composer;
    ui.sending.reset();
  }
}

// Why what the customer wrote is not going out, and what to do, for as long as it applies: a text
// over the limit (live, while they trim it), a missing contact or text, a refusal by the server.
std::string send_problem(const WidgetViewModel& vm, const WidgetUi& ui, const WidgetStrings& s, bool form) {
  const std::string text = trimmed(form ? ui.offline_text.text : ui.composer.text);
  if (const TextFit fit = text_fit(text, vm.max_text_bytes); !fit.fits()) return too_long_notice(s, fit.chars, fit.max_chars);
  if (ui.not_taken) {
    if (ui.not_taken->field == "contact") {
      if (form && trimmed(ui.contact.text).empty()) return s.contact_needed;
    } else if (ui.not_taken->code == proto::ErrorCode::bad_value) {
      if (text.empty()) return s.write_first;
    } else if (ui.not_taken->code == proto::ErrorCode::bad_utf8) {
      return s.message_refused;
    }
  }
  if (const char* reason = refused_reason(vm, ui, s)) return reason;
  return {};
}

}  // namespace

std::string line_id(const ChatLine& line, std::size_t index) {
  if (line.seq > 0) return "msg-" + std::to_string(line.seq);
  if (line.streaming) return "stream-" + std::to_string(line.reply_to);
  if (!line.cid.empty()) return "pending-" + line.cid;
  return "line-" + std::to_string(index);
}

std::string spoken_line(const ChatLine& line, const WidgetStrings& s) {
  switch (line.kind) {
    case EventKind::message:
      switch (line.speaker) {
        case Speaker::customer: return std::string(s.you) + ": " + line.text;
        case Speaker::ai: return std::string(s.ai_label) + ": " + line.text;
        case Speaker::agent: return fill(s.human_speaker, line.author) + ": " + line.text;
        case Speaker::system: return line.text;
      }
      return line.text;
    case EventKind::agent_joined: return fill(s.joined, line.author);
    case EventKind::agent_left: return fill(s.left, line.author);
    case EventKind::ai_resumed: return s.ai_resumed;
    case EventKind::offline_message: return std::string(s.message_left_line) + ": " + line.text;
    case EventKind::rating: return fill(s.rated, {}, line.score) + (line.text.empty() ? "" : ": " + line.text);
    case EventKind::state:
      if (line.state == State::waiting_human) return s.waiting_line;
      if (line.state == State::offline) return s.offline_line;
      if (line.state == State::closed) return s.closed_line;
      if (line.state == State::ai) return s.ai_resumed;  // left the queue, or a human handed back
      return {};
    case EventKind::queue:
    case EventKind::offer_human:
    case EventKind::note: return {};
  }
  return {};
}

WidgetIntents draw_widget(const WidgetViewModel& vm, WidgetUi& ui, ViewContext& ctx) {
  const WidgetStrings& s = ui.strings ? *ui.strings : widget_strings("en");
  WidgetIntents out;
  if (vm.connection == Connection::online) ui.ever_online = true;
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(vp->Pos);
  ImGui::SetNextWindowSize(vp->Size);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
  ImGui::Begin("##duet_widget", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  const float width = vp->Size.x, height = vp->Size.y;
  float y = header(vm, ctx, s, out, width);
  const bool reconnecting = vm.connection == Connection::reconnecting ||
                            (ui.ever_online && vm.connection != Connection::online);
  if (reconnecting) y = banner(ctx, s, y, width);

  settle_sending(vm, ui, out);
  take_back_refused(vm, ui, out);
  if (vm.state != State::offline || vm.message_left) ui.offline_form = false;
  if (vm.state != State::closed || vm.rated) ui.low_rating = 0;
  const bool form = ui.offline_form;
  // The composer stays while waiting (and offline): the assistant keeps answering meanwhile.
  const bool can_compose = vm.state != State::closed;
  const std::string problem = form || can_compose ? send_problem(vm, ui, s, form) : std::string();
  const char* reason = problem.empty() ? nullptr : problem.c_str();
  const float reason_h = reason ? notice_height(ctx, reason, width) : 0.0f;
  const float bottom = (form ? offline_form_height() : can_compose ? 68.0f : 0.0f) + reason_h;
  ImGui::SetCursorPos(ImVec2(0, y));
  // An article opened from its card takes the transcript's place until the customer goes back.
  const ChatLine* article = nullptr;
  for (const ChatLine& l : vm.lines)
    if (ui.article != 0 && l.seq == ui.article && !l.card.empty()) article = &l;
  if (!article) ui.article = 0;
  const float middle = std::max(40.0f, height - y - bottom);
  if (article) {
    ArticleCard shown = article->card;
    shown.body = display_text(shown.body);  // its "- " items as bullets, as in a bubble
    if (draw_article_view(ctx, shown, s, width, middle)) {
      ui.article = 0;
      ui.follow = true;
    }
  } else {
    ImGui::BeginChild("##transcript", ImVec2(width, middle), false);
    transcript(vm, ui, ctx, s, out, width);
    ImGui::EndChild();
  }

  if (reason) notice(ctx, reason, height - bottom, reason_h, width);
  ImGui::SetCursorPos(ImVec2(0, height - bottom + reason_h + 10));
  if (form) offline_form(vm, ui, ctx, s, out, width);
  else if (can_compose) composer(vm, ui, ctx, s, out, width);
  if (out.say || out.leave_message || out.request_human || out.tap_reply) ui.refused_notice = false;
  if (bottom > 0)
    ImGui::GetWindowDrawList()->AddLine(ImVec2(vp->Pos.x, vp->Pos.y + height - bottom),
                                        ImVec2(vp->Pos.x + width, vp->Pos.y + height - bottom), ctx.theme->border);
  ImGui::End();
  ImGui::PopStyleVar();
  return out;
}

}  // namespace duet::ui
