#pragma once
// Every string the customer widget shows, in English, Swedish and German, chosen from the page's
// locale. Templates use {name}, {n} and {min}, filled by `fill`.
#include <string>
#include <string_view>

namespace duet::ui {

struct WidgetStrings {
  const char* language;          // "en", "sv", "de"
  const char* title;             // panel header
  const char* subtitle_ai;       // under the title while the AI answers
  const char* subtitle_waiting;
  const char* subtitle_human;    // {name}
  const char* subtitle_offline;
  const char* subtitle_closed;
  const char* talk_to_human;
  const char* human_requested;   // the button's state once asked (still tappable: idempotent)
  const char* close;             // minimise the panel
  const char* greeting;          // shown before the first message
  const char* you;               // speaker prefix for the customer's own messages (screen readers)
  const char* ai_label;          // "AI assistant"
  const char* ai_badge;          // "AI"
  const char* human_label;       // {name} (human)
  const char* human_speaker;     // {name}, human agent (screen readers)
  const char* joined;            // {name} (human) joined
  const char* left;              // {name} left the chat
  const char* ai_resumed;
  const char* waiting_line;      // state line: queued for a human
  const char* offline_line;
  const char* closed_line;
  const char* queue_position;    // {n}
  const char* queue_next;        // position 1
  const char* queue_estimate;    // {min}
  const char* queue_estimate_short;  // under a minute
  const char* queue_no_estimate;
  const char* offer_accept;
  const char* composer_hint;
  const char* send;
  const char* pending;           // a message not yet delivered
  const char* ai_typing;
  const char* agent_typing;      // {name}
  const char* reconnecting;
  const char* reconnecting_detail;
  const char* offline_title;
  const char* offline_body;
  const char* contact_hint;
  const char* offline_message_hint;
  const char* leave_message;
  const char* message_left;
  const char* message_left_line; // transcript line for an offline message
  const char* rate_prompt;
  const char* rate_star;         // {n}: "Rate {n} of 5"
  const char* rated;             // {n}
  const char* thanks;
  const char* conversation;      // the transcript, for screen readers
  const char* offer_decline;     // "No thanks": sent as the customer's answer to the offer
  const char* leave_queue;       // back to the assistant while waiting
  const char* waiting_hint;      // the assistant keeps helping while the customer waits
  const char* back_to_chat;      // closes the offline form, back to the composer
  const char* conversation_full; // a message refused because the chat reached its size limit (it is back in the box)
  const char* message_refused;   // any other message the server refused for its content (back in the box)
  const char* text_too_long;     // {n} characters against the limit {max}: what to do (the text stays)
  const char* contact_needed;    // the offline form without an email or phone
  const char* write_first;       // a message with nothing in it
  const char* digit_group;       // between groups of three digits: "4,000", "4 000", "4.000"
  const char* new_messages;      // the marker above the first message that arrived while the panel was closed
  const char* greeting_payment_declined;  // the greeting when the page says the card was just declined
  const char* greeting_payment_failed;    // ... when it says the payment failed otherwise
  const char* rate_comment_prompt;  // after 1 or 2 stars
  const char* rate_comment_hint;
  const char* rate_send;
  const char* earlier_conversation;  // above the transcript a follow-up continues
  const char* follow_up_started;     // between it and the new conversation
  const char* offline_back_to_ai;    // the offline card's way back (leave_queue), not being in a queue
  const char* feedback_question;     // above 👍 / 👎 under an answer
  const char* feedback_yes;          // beside 👍: the answer helped
  const char* feedback_no;           // beside 👎
  const char* read_more;             // an article card: opens the whole article in the widget
  const char* receipt_sent;          // the customer's latest message: stored
  const char* receipt_delivered;     // ... the support side has it
  const char* receipt_read;          // ... the support side has read it
};

// English unless the locale's language is Swedish or German ("sv-SE" -> Swedish).
const WidgetStrings& widget_strings(std::string_view locale);

// Replaces {name}, {n} and {min} in a template.
std::string fill(const char* tmpl, std::string_view name = {}, int n = 0);

// text_too_long with both numbers written the way the language groups digits.
std::string too_long_notice(const WidgetStrings& s, std::size_t chars, std::size_t max_chars);

}  // namespace duet::ui
