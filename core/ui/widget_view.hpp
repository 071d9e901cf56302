#pragma once
// The customer widget's open panel as a function of the WidgetViewModel: header with "Talk to a
// human" on every screen, transcript (with an answer growing as it streams), queue card with "leave
// the queue", the offer card (yes / no thanks), typing, composer (also while waiting: the assistant
// keeps helping), offline card and form, rating, reconnecting banner, a refused message
// back in the composer with the reason above it. It returns what the customer asked for (intents) and records semantics; it
// never touches the network or storage.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "model/client_session.hpp"
#include "ui/view_context.hpp"
#include "ui/widget_strings.hpp"

namespace duet::ui {

struct WidgetIntents {
  std::optional<std::string> say;
  bool request_human = false;
  bool leave_queue = false;           // "I'm all set": back to the assistant
  int rate = 0;                       // 1..5 when a star was tapped (1 or 2: once the comment box is sent)
  std::string rate_comment;           // with a low rating: what went wrong, in the customer's words
  struct Message { std::string contact, text; };
  std::optional<Message> leave_message;
  bool close = false;                 // minimise the panel
  std::optional<bool> typing;         // the composer went from empty to not, or back
  const char* focus = nullptr;        // a field that just appeared and should take keyboard focus
  // A suggested reply tapped: CustomerSession::tap_reply(message, index).
  struct ReplyTap { Seq message = 0; std::size_t index = 0; };
  std::optional<ReplyTap> tap_reply;
  bool any() const {
    return say || request_human || leave_queue || rate || leave_message || close || typing || focus || tap_reply;
  }
};

// What the view remembers between frames (not part of the conversation).
struct WidgetUi {
  const WidgetStrings* strings = nullptr;  // from widget_strings(locale); English when null
  TextField composer, contact, offline_text, rate_comment;
  int low_rating = 0;                 // 1 or 2 stars tapped: the comment box is open, the rating not sent yet
  bool follow = true;                 // keep the transcript scrolled to the newest line
  Seq landed_unread = 0;              // the vm.unread_from the transcript last opened at
  int landing = 0;                    // frames left to hold the "new messages" marker at the top (layout settles)
  bool typing = false;                // what we last reported
  bool ever_online = false;           // the banner shows "reconnecting" only after a first connect
  bool offline_form = false;          // offline: the leave-a-message form replaces the composer
  std::uint64_t refused_seen = 0;     // the last refusal (vm.refused.count) whose text was given back
  bool refused_notice = false;        // say why it came back, until the customer sends or asks for a human
  // A message handed to the session: its box keeps the text until the session counts it as taken
  // (vm.taken); if it is not taken (vm.not_taken), the text stays and the notice says why.
  struct Sending { bool offline = false; std::string text; std::uint64_t taken = 0, not_taken = 0; };
  std::optional<Sending> sending;
  std::optional<WidgetViewModel::NotTaken> not_taken;  // the latest refusal, while it still applies
  Seq article = 0;                    // the AI message whose article card was opened (0: the transcript)
};

// Ids of the nodes tests and the DOM mirror rely on.
namespace ids {
inline constexpr const char* talk_to_human = "talk_to_human";
inline constexpr const char* close = "close";
inline constexpr const char* composer = "composer";
inline constexpr const char* send = "send";
inline constexpr const char* queue = "queue";
inline constexpr const char* typing = "typing";
inline constexpr const char* offer_human = "offer_human";
inline constexpr const char* offer_decline = "offer_decline";
inline constexpr const char* leave_queue = "leave_queue";
inline constexpr const char* open_offline_form = "open_offline_form";
inline constexpr const char* back_to_chat = "back_to_chat";
inline constexpr const char* reconnecting = "reconnecting";
inline constexpr const char* contact = "contact";
inline constexpr const char* offline_text = "offline_text";
inline constexpr const char* leave_message = "leave_message";
inline constexpr const char* greeting = "greeting";
inline constexpr const char* title = "title";
inline constexpr const char* send_error = "send_error";  // why a message came back to the composer
inline constexpr const char* new_messages = "new_messages";  // the marker above the first unread message
inline constexpr const char* rate_comment = "rate_comment";  // what went wrong, after 1 or 2 stars
inline constexpr const char* rate_send = "rate_send";
}  // namespace ids

// Draws the panel over the whole main viewport.
WidgetIntents draw_widget(const WidgetViewModel& vm, WidgetUi& ui, ViewContext& ctx);

// What a screen reader says for one line ("AI assistant: ...", "Anna, human agent: ..."); empty for
// lines the transcript does not show.
std::string spoken_line(const ChatLine& line, const WidgetStrings& s);
// The semantics id of a line: "msg-<seq>", "pending-<cid>" until acknowledged, "stream-<reply_to>"
// for an answer being streamed (never announced: its final message is, once).
std::string line_id(const ChatLine& line, std::size_t index);

}  // namespace duet::ui
