#pragma once
// The agent console: sign in, availability and capacity, offers and the live queue, tabs of
// conversations with unread counts, and the open conversation (brief above the transcript, reply
// composer with canned responses and internal notes, return to AI, transfer, resolve).
// A function of the AgentViewModel: it returns intents and records semantics; it owns no network.
// Drawn with the same controls as the widget, so the web platform mirrors it into the DOM.
#include <map>
#include <string>

#include <imgui.h>

#include "model/agent_session.hpp"
#include "ui/agent_intents.hpp"
#include "ui/view_context.hpp"

namespace duet::ui {

// What the console remembers between frames that is not the model's: text being typed.
struct AgentUiState {
  TextField token{{}, 0, true};
  TextField composer;
  bool note_mode = false;           // the composer writes an internal note instead of a reply
  bool show_canned = false;
  TextField canned_filter;
  bool show_transfer = false;
  std::string transfer_to;          // the agent picked from the list; empty: back to the queue
  TextField transfer_note;
  std::string draft_for;            // the conversation `composer` belongs to
  std::map<std::string, std::string> drafts;  // drafts of the other tabs
  bool typing_sent = false;
  std::size_t seen_lines = 0;       // autoscroll when the open transcript grows
};

// Ids of the semantics nodes the DOM mirror, the harness scenarios and the tests rely on.
namespace agent_ids {
inline constexpr const char* token = "agent_token";
inline constexpr const char* sign_in = "agent_sign_in";
inline constexpr const char* availability = "availability";
inline constexpr const char* brief = "brief";
inline constexpr const char* transcript = "transcript";
inline constexpr const char* seen = "seen";  // under the agent's message the customer has read up to
inline constexpr const char* composer = "agent_composer";
inline constexpr const char* send = "agent_send";
inline constexpr const char* mode_reply = "mode_reply";
inline constexpr const char* mode_note = "mode_note";
inline constexpr const char* canned = "canned";
inline constexpr const char* canned_filter = "canned_filter";
inline constexpr const char* return_to_ai = "return_to_ai";
inline constexpr const char* transfer = "transfer";
inline constexpr const char* transfer_queue = "transfer-to-queue";
inline constexpr const char* transfer_note = "transfer_note";
inline constexpr const char* transfer_confirm = "transfer_confirm";
inline constexpr const char* resolve = "resolve";
inline constexpr const char* close_tab = "close_tab";
// Per conversation: "offer-<id>", "accept-<id>", "queue-<id>", "take-<id>", "tab-<id>"; per agent on
// duty: "transfer-to-<agent id>";
// per line: "line-<seq>" or "pending-<cid>"; canned responses: "canned-<index>".
}  // namespace agent_ids

struct AgentConsoleArea {
  ImVec2 pos{0, 0};
  ImVec2 size{1024, 720};
};

// Draws the console into `area` as one borderless ImGui window. Call between NewFrame and Render.
AgentIntents draw_agent_console(const AgentViewModel& vm, AgentUiState& ui, ViewContext& ctx, TimeMs now,
                                AgentConsoleArea area = {});

}  // namespace duet::ui
