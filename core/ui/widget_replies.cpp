#include "ui/widget_replies.hpp"

#include <algorithm>

#include "ui/controls.hpp"
#include "ui/text_wrap.hpp"

namespace duet::ui {
namespace {

constexpr float kReplyHeight = 34.0f, kReplyGap = 8.0f, kReplyPadX = 14.0f;
constexpr const char* kThumbUp = "\xF0\x9F\x91\x8D";
constexpr const char* kThumbDown = "\xF0\x9F\x91\x8E";
constexpr const char* kTick = "\xE2\x9C\x93";  // ✓ (the UI font has it)

// A button whose caption may need the platform's text (emoji): drawn over an empty button.
bool caption_button(ViewContext& ctx, const std::string& id, const std::string& caption, ImVec2 size) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool tapped = button(ctx, id.c_str(), "", size, ButtonStyle::secondary, {}, caption.c_str());
  const ImVec2 ts = text_size(ctx, caption, 0);
  draw_text(ctx, ImGui::GetWindowDrawList(), ImVec2(pos.x + (size.x - ts.x) * 0.5f, pos.y + (size.y - ts.y) * 0.5f),
            ctx.theme->text, caption, 0);
  return tapped;
}

}  // namespace

std::string reply_id(Seq message, std::size_t index) {
  return "reply-" + std::to_string(message) + "-" + std::to_string(index);
}

std::string read_more_id(Seq message) { return "read_more-" + std::to_string(message); }

std::string reply_caption(const QuickReply& reply, const WidgetStrings& s) {
  if (reply.action == ReplyAction::helpful) return std::string(kThumbUp) + " " + s.feedback_yes;
  if (reply.action == ReplyAction::not_helpful) return std::string(kThumbDown) + " " + s.feedback_no;
  return reply.text;
}

std::optional<std::size_t> draw_quick_replies(ViewContext& ctx, const ChatLine& line, const WidgetStrings& s,
                                              float width) {
  std::optional<std::size_t> tapped;
  const bool asks_feedback = std::any_of(line.replies.begin(), line.replies.end(), [](const QuickReply& r) {
    return r.action == ReplyAction::helpful || r.action == ReplyAction::not_helpful;
  });
  ImGui::PushFont(ctx.fonts.small);
  if (asks_feedback) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddText(ImVec2(p.x + 4, p.y), ctx.theme->muted, s.feedback_question);
    ImGui::Dummy(ImVec2(width, ImGui::GetFontSize() + 4));
  }
  ImGui::PopFont();
  ImGui::PushFont(ctx.fonts.body);
  const float x0 = ImGui::GetCursorScreenPos().x;
  float next_x = x0;  // where the next button starts on this row
  for (std::size_t i = 0; i < line.replies.size(); ++i) {
    const std::string caption = reply_caption(line.replies[i], s);
    const float w = std::min(width, text_size(ctx, caption, 0).x + 2 * kReplyPadX);
    if (i > 0) {
      if (next_x + w <= x0 + width) ImGui::SameLine(0, kReplyGap);
      else ImGui::Dummy(ImVec2(0, 2));  // a new row
    }
    if (caption_button(ctx, reply_id(line.seq, i), caption, ImVec2(w, kReplyHeight))) tapped = i;
    next_x = ImGui::GetItemRectMax().x + kReplyGap;
  }
  ImGui::PopFont();
  return tapped;
}

std::string two_lines(const std::string& text, float width) {
  const ImFont& font = *ImGui::GetFont();
  const float size = ImGui::GetFontSize();
  const std::vector<TextRange> lines = wrap_lines(font, size, text, width);
  if (lines.size() <= 2) return text;
  std::string out = text.substr(lines[0].begin, lines[1].end - lines[0].begin);
  // Room for the ellipsis on the second line: drop words until it fits.
  const float ellipsis = ImGui::CalcTextSize("\xE2\x80\xA6").x;
  while (!out.empty() && text_width(font, size, out, {lines[1].begin - lines[0].begin, out.size()}) + ellipsis > width) {
    const auto space = out.find_last_of(' ');
    if (space == std::string::npos || space <= lines[1].begin - lines[0].begin) break;
    out.resize(space);
  }
  return out + "\xE2\x80\xA6";
}

ImVec2 draw_article_card(ViewContext& ctx, const ChatLine& line, const WidgetStrings& s, ImVec2 pos, float width,
                         bool measure_only, bool* read_more) {
  const Theme& t = *ctx.theme;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  float y = pos.y, w = 0;
  ImGui::PushFont(ctx.fonts.title);
  const ImVec2 title = text_size(ctx, line.card.title, width);
  if (!measure_only) draw_text(ctx, dl, pos, t.ai_text, line.card.title, width + 1);
  ImGui::PopFont();
  y += title.y + 4;
  w = std::max(w, title.x);
  ImGui::PushFont(ctx.fonts.body);
  const std::string excerpt = two_lines(line.card.body, width);
  const ImVec2 body = text_size(ctx, excerpt, width);
  if (!measure_only) draw_text(ctx, dl, ImVec2(pos.x, y), t.ai_text, excerpt, width + 1);
  ImGui::PopFont();
  y += body.y + 6;
  w = std::max(w, body.x);
  ImGui::PushFont(ctx.fonts.small);
  const ImVec2 more = ImGui::CalcTextSize(s.read_more);
  if (!measure_only) {
    const ImVec2 back = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(ImVec2(pos.x - 4, y - 3));
    const std::string label = std::string(s.read_more) + ": " + line.card.title;
    if (button(ctx, read_more_id(line.seq).c_str(), "", ImVec2(more.x + 8, more.y + 6), ButtonStyle::quiet, {}, label.c_str()) &&
        read_more)
      *read_more = true;
    dl->AddText(ImVec2(pos.x, y), t.brand, s.read_more);
    dl->AddLine(ImVec2(pos.x, y + more.y), ImVec2(pos.x + more.x, y + more.y), t.brand, 1.0f);
    ImGui::SetCursorScreenPos(back);
  }
  ImGui::PopFont();
  y += more.y + 2;
  w = std::max(w, more.x);
  return ImVec2(w, y - pos.y);
}

bool draw_article_view(ViewContext& ctx, const ArticleCard& card, const WidgetStrings& s, float width, float height) {
  const Theme& t = *ctx.theme;
  constexpr float pad = 16.0f;
  const float inner = width - 2 * pad;
  ImGui::BeginChild("##article", ImVec2(width, height), false);
  ImGui::SetCursorPos(ImVec2(pad, 12));
  ImGui::BeginGroup();
  ImGui::PushFont(ctx.fonts.body);
  const bool back = button(ctx, "article_back", s.back_to_chat, ImVec2(std::min(inner, button_width(s.back_to_chat)), 34),
                           ButtonStyle::secondary);
  ImGui::PopFont();
  ImGui::Dummy(ImVec2(inner, 6));
  const ImVec2 top = ImGui::GetCursorScreenPos();
  ImGui::PushFont(ctx.fonts.title);
  const ImVec2 ts = text_size(ctx, card.title, inner);
  draw_text(ctx, ImGui::GetWindowDrawList(), top, t.text, card.title, inner + 1);
  ImGui::Dummy(ImVec2(inner, ts.y + 8));
  ImGui::PopFont();
  ImGui::PushFont(ctx.fonts.body);
  const ImVec2 bp = ImGui::GetCursorScreenPos();
  const ImVec2 bs = text_size(ctx, card.body, inner);
  draw_text(ctx, ImGui::GetWindowDrawList(), bp, t.text, card.body, inner + 1);
  ImGui::Dummy(ImVec2(inner, bs.y + 12));
  ImGui::PopFont();
  // One node for the whole article: a screen reader reads it where it opened.
  record(ctx, Role::dialog, "article", card.title + ". " + card.body, "", top, ImVec2(top.x + inner, bp.y + bs.y), false);
  ImGui::EndGroup();
  ImGui::EndChild();
  return back;
}

void draw_receipt(ViewContext& ctx, Receipt r, const WidgetStrings& s, ImVec2 bottom_right, bool record_node) {
  if (r == Receipt::none) return;
  const Theme& t = *ctx.theme;
  const std::string ticks = r == Receipt::read ? std::string(kTick) + kTick : std::string(kTick);
  const char* word = r == Receipt::read ? s.receipt_read : r == Receipt::delivered ? s.receipt_delivered : s.receipt_sent;
  ImGui::PushFont(ctx.fonts.small);
  const ImVec2 ts = ImGui::CalcTextSize(ticks.c_str());
  const ImVec2 at(bottom_right.x - ts.x, bottom_right.y - ts.y);
  ImGui::GetWindowDrawList()->AddText(at, r == Receipt::read ? t.brand : t.muted, ticks.c_str());
  if (record_node) record(ctx, Role::status, "receipt", word, r == Receipt::read ? "read" : "", at, bottom_right, false);
  ImGui::PopFont();
}

}  // namespace duet::ui
