#pragma once
// The widget's parts for suggested replies, article cards and receipts (widget_replies.cpp), drawn
// by widget_view.cpp at the cursor. They record their semantics and return what was tapped; the
// conversation changes only through the intents widget_view returns.
#include <cstddef>
#include <optional>
#include <string>

#include "model/client_session.hpp"
#include "ui/view_context.hpp"
#include "ui/widget_strings.hpp"

namespace duet::ui {

// Ids of the nodes: "reply-<seq>-<index>" (a suggested reply), "read_more-<seq>" (an article
// card's), "article" (the article opened in the widget), "article_back", "receipt" (the tick
// under the customer's latest message).
std::string reply_id(Seq message, std::size_t index);
std::string read_more_id(Seq message);

// What a reply button says: feedback as an emoji with words ("👍 Yes, thanks"), anything else its text.
std::string reply_caption(const QuickReply& reply, const WidgetStrings& s);

// The buttons under the AI message `line` (a row that wraps); returns the index tapped.
std::optional<std::size_t> draw_quick_replies(ViewContext& ctx, const ChatLine& line, const WidgetStrings& s,
                                              float width);

// An article card inside an AI bubble at `pos`: the title, the first two lines of the body and
// "Read more". `measure_only`: nothing drawn, the size returned. Returns its size; `*read_more` is
// set when "Read more" was tapped.
ImVec2 draw_article_card(ViewContext& ctx, const ChatLine& line, const WidgetStrings& s, ImVec2 pos, float width,
                         bool measure_only, bool* read_more);

// The first two wrapped lines of `text` at `width` in the current font, with "…" when cut.
std::string two_lines(const std::string& text, float width);

// The article opened from a card, over the transcript: title, the whole text, the way back.
// Returns true when the customer went back.
bool draw_article_view(ViewContext& ctx, const ArticleCard& card, const WidgetStrings& s, float width, float height);

// The tick beside a customer's message, its bottom right corner at `bottom_right` (✓ sent or
// delivered, ✓✓ read, in the brand colour once read); `record_node`: also the "receipt" status node
// (the latest message only, so a screen reader hears "Read" once).
void draw_receipt(ViewContext& ctx, Receipt r, const WidgetStrings& s, ImVec2 bottom_right, bool record_node);

}  // namespace duet::ui
