#pragma once
// Protocol v1: JSON text frames over WebSocket, each {"v":1,"type":...}. Every message of
// docs/protocol.md is one struct here; `parse` never throws and `serialize` always round-trips.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "brief.hpp"
#include "result.hpp"
#include "types.hpp"

namespace duet::proto {

constexpr int kVersion = 1;

struct Limits {
  std::size_t max_frame_bytes = 16 * 1024;  // whole frame
  std::size_t max_text_bytes = 4000;        // any `text`/`comment` field, in UTF-8 bytes
  std::size_t max_depth = 16;               // nesting of objects/arrays (v1 needs at most 5)

  // For frames from our own server: a snapshot carries a whole (size-capped) transcript and a
  // welcome or replay one page of it, so clients parse server frames with a larger frame limit
  // (texts from the server are not length-checked).
  static Limits for_server_frames() {
    Limits l;
    l.max_frame_bytes = 16 * 1024 * 1024;
    return l;
  }
};

enum class ErrorCode {
  // The codec's own (parse):
  bad_json,          // not JSON at all
  frame_too_large,   // over Limits::max_frame_bytes
  bad_utf8,          // frame is not valid UTF-8
  not_an_object,     // JSON but not an object
  bad_version,       // "v" missing or not 1
  unknown_type,      // "type" missing or not a v1 message
  missing_field,     // a required field is absent (Error::field names it)
  wrong_type,        // a field has the wrong JSON type (Error::field names it)
  text_too_long,     // over Limits::max_text_bytes
  bad_value,         // right type, impossible value (rating 9, empty client id, ...)
  // The server's:
  unexpected_type,   // a valid message on the wrong endpoint or before hello
  unauthorized,      // bad or missing agent token
  bad_site_key,
  origin_not_allowed,
  bad_resume_token,  // forged, expired or for another site; a new conversation is started instead
  not_allowed,       // illegal in the conversation's state (Error::message says why)
  no_such_conversation,
  rate_limited,
  too_many_connections,
  shutting_down,     // reconnect shortly
  internal,
  conversation_full, // the conversation reached its size limit: end it and start a new one
  count_
};
std::string_view to_string(ErrorCode c);
std::optional<ErrorCode> error_code_from_string(std::string_view s);

// ---- customer -> server ----
struct Hello {
  std::string site;           // merchant site key (required)
  std::string resume;         // resume token from a previous welcome, or empty
  Seq last_seq = 0;           // last sequence number the client has seen
  std::string locale;         // BCP 47, e.g. "sv-SE"; empty means "en"
  Context context;            // page/cart context and identity
  bool operator==(const Hello&) const = default;
};
struct Say {                   // also agent -> server, with `conversation`
  std::string cid;            // client message id, unique per sender (required, non-empty)
  std::string text;           // required, non-empty, <= max_text_bytes
  std::string conversation;   // agents only
  Seq reply_to = 0;           // customers: the AI message whose suggested reply this is (a tap)
  bool operator==(const Say&) const = default;
};
// Read receipts, both directions. Clients say how far they have received (`delivered`) and how far
// the person has seen (`seq`) the conversation; the server tells the other side (`who` read).
struct Read {
  std::string conversation;   // agents <-> server; server -> customer
  Seq seq = 0;                // read up to and including this event
  Seq delivered = 0;          // received up to (at least `seq`)
  Speaker who = Speaker::customer;  // server -> clients: whose receipt it is (customer or agent)
  bool operator==(const Read&) const = default;
};
struct RequestHuman { std::string reason; bool operator==(const RequestHuman&) const = default; };  // "button" or "typed"; free text allowed
struct Typing {                // both directions
  bool on = true;
  std::string conversation;   // agent <-> server
  Speaker who = Speaker::customer;  // server -> clients: who is typing (ai or agent)
  std::string name;           // server -> customer: the agent's name when who == agent
  Seq reply_to = 0;           // server -> customer, who == ai: the customer message this turn answers
  bool operator==(const Typing&) const = default;
};
struct Rate { int score = 0; std::string comment; bool operator==(const Rate&) const = default; };  // 1..5
struct LeaveMessage { std::string cid; std::string contact; std::string text; bool operator==(const LeaveMessage&) const = default; };
struct SetContext { Context context; bool operator==(const SetContext&) const = default; };
struct End { bool operator==(const End&) const = default; };
// Waiting for a human (or offline) and helped by the assistant meanwhile: back to the AI in one tap.
struct LeaveQueue { bool operator==(const LeaveQueue&) const = default; };
// The transcript comes in bounded pages: after a welcome (or a replay) with `more`, the customer asks
// for the events after the last one it has; the server answers with the next page. Both directions.
struct Replay {
  Seq after = 0;                 // customer -> server: send the events with seq > after
  std::string conversation;      // server -> customer
  std::vector<Event> events;     // server -> customer: the next page
  bool more = false;             // server -> customer: ask again for the rest
  bool operator==(const Replay&) const = default;
};

// ---- server -> customer ----
struct Welcome {
  std::string conversation;
  std::string resume;             // opaque signed token; store it to resume later
  State state = State::ai;
  std::vector<Event> events;      // the first page of customer-visible events with seq > hello.last_seq
  bool more = false;              // more events follow: ask for them with `replay`
  bool humans_available = false;  // an agent who fits is online and within business hours
  std::string agent_name;         // when with_human
  int queue_position = 0;         // when waiting_human
  int estimate_s = -1;
  // A follow-up of a closed conversation: that one's id and the end of its transcript (a bounded page,
  // first welcome of a session only), shown above the new one so nothing the customer saw disappears.
  std::string previous;
  std::vector<Event> earlier;
  Seq read_seq = 0, delivered_seq = 0;  // how far the support side (the agent) has read and received
  bool operator==(const Welcome&) const = default;
};
struct EventMsg { std::string conversation; Event event; bool operator==(const EventMsg&) const = default; };  // also server -> agent
// A piece of the assistant's answer while it is being generated (an LLM streaming). Not stored: the
// whole answer follows as one `event` (an AI message),
// which replaces what was streamed.
struct Stream {
  std::string conversation;
  Seq reply_to = 0;     // the customer message being answered
  std::string text;     // the next piece, to append
  bool operator==(const Stream&) const = default;
};
struct Ack { std::string cid; Seq seq = 0; std::string conversation; bool operator==(const Ack&) const = default; };  // also server -> agent
struct Error {
  ErrorCode code = ErrorCode::internal;
  std::string message;  // for people: what happened and what to do
  std::string field;    // the offending field, when there is one
  std::string cid;      // the client message id it refers to, when there is one
  bool operator==(const Error&) const = default;
};

// ---- agent -> server ----
struct AgentHello { std::string token; bool operator==(const AgentHello&) const = default; };
struct Status { bool available = true; int capacity = 3; bool operator==(const Status&) const = default; };
struct Accept { std::string conversation; bool operator==(const Accept&) const = default; };
struct Note { std::string conversation; std::string cid; std::string text; bool operator==(const Note&) const = default; };
struct ReturnToAi { std::string conversation; bool operator==(const ReturnToAi&) const = default; };
struct Transfer { std::string conversation; std::string to_agent; std::string note; bool operator==(const Transfer&) const = default; };  // to_agent empty: back to the queue
struct Resolve { std::string conversation; bool operator==(const Resolve&) const = default; };

// ---- server -> agent ----
struct AgentWelcome {
  std::string agent_id;
  std::string name;
  std::vector<std::string> languages;
  std::vector<std::string> skills;
  int capacity = 3;
  bool available = false;
  std::vector<std::string> canned;  // canned responses from config
  bool operator==(const AgentWelcome&) const = default;
};
struct QueueEntry {
  std::string conversation;
  int position = 0;
  int wait_s = 0;
  std::string language;
  std::string intent;
  EscalationReason reason = EscalationReason::none;
  std::string preview;  // the customer's last message, shortened
  bool operator==(const QueueEntry&) const = default;
};
struct Queue { std::vector<QueueEntry> entries; int agents_available = 0; bool operator==(const Queue&) const = default; };
struct Offer { std::string conversation; Brief brief; bool operator==(const Offer&) const = default; };  // a conversation offered to this agent
// The offline inbox: messages customers left while nobody could serve them, not yet taken. An agent
// takes one with `accept` (its conversation), replies, and the customer reads it when they return.
struct InboxEntry {
  std::string conversation;
  Event message;  // the offline_message event: text, contact, seq, at
  Brief brief;
  bool operator==(const InboxEntry&) const = default;
};
struct Inbox {
  std::vector<InboxEntry> entries;  // oldest first, at most a page
  int total = 0;                    // all waiting, when more than a page
  bool operator==(const Inbox&) const = default;
};
// Who is on duty, for transfers: every agent online, with languages and load. Sent after
// agent_welcome and whenever one of them comes, goes, changes availability or load.
struct AgentPresence {
  std::string agent_id;
  std::string name;
  std::vector<std::string> languages;
  bool available = false;  // taking new customers; false: away
  int assigned = 0;        // conversations they have now
  int capacity = 3;
  bool operator==(const AgentPresence&) const = default;
};
constexpr std::size_t kMaxAgentsListed = 100;  // a bigger team gets the first 100 by name, and `more`
struct Agents {
  std::vector<AgentPresence> agents;  // by name
  int more = 0;                       // online agents left out (over kMaxAgentsListed)
  bool operator==(const Agents&) const = default;
};
struct Snapshot {                // on accept (and on agent reconnect for each assigned conversation)
  std::string conversation;
  State state = State::ai;
  Brief brief;
  std::vector<Event> events;     // the whole transcript including notes
  std::string previous;          // a follow-up: the earlier conversation's id and the end of its transcript
  std::vector<Event> earlier;
  Seq read_seq = 0, delivered_seq = 0;  // how far the customer has read and received
  bool operator==(const Snapshot&) const = default;
};

using Message = std::variant<Hello, Say, RequestHuman, Typing, Rate, LeaveMessage, SetContext, End, LeaveQueue,
                             Replay, Welcome, EventMsg, Stream, Ack, Error,
                             AgentHello, Status, Accept, Note, ReturnToAi, Transfer, Resolve,
                             AgentWelcome, Queue, Offer, Snapshot, Inbox, Agents, Read>;

// The "type" string of a message: "hello", "say", "request_human", "typing", "rate",
// "leave_message", "set_context", "end", "leave_queue", "replay", "welcome", "event", "stream", "ack", "error", "agent_hello",
// "status", "accept", "note", "return_to_ai", "transfer", "resolve", "agent_welcome", "queue",
// "offer", "snapshot", "inbox", "agents", "read".
std::string_view type_name(const Message& m);

// Parses one frame. Never throws: returns the message or an Error whose code and message say
// what is wrong (and `field` which field). Checks size, UTF-8, version, type, fields, lengths.
Result<Message, Error> parse(std::string_view frame, const Limits& limits = {});

// Serialises a message as one compact JSON frame with "v":1 and "type". Never throws: invalid
// UTF-8 inside strings is replaced by U+FFFD.
std::string serialize(const Message& m);
// The same for the frames the server sends most, without building a Message first.
std::string serialize(const EventMsg& m);
std::string serialize(const Ack& m);

// What a customer may see of an event: the same event with `agent_id` blanked (customers see the
// agent's display name only). The vector form also drops internal notes.
Event customer_view(Event e);
std::vector<Event> customer_view(const std::vector<Event>& events);
// serialize() for frames to customers: applies customer_view to every event a message carries.
// The server uses it for everything it sends on /ws/customer. An `event` frame carrying an internal
// note yields "" (send nothing): notes never reach customers.
std::string serialize_for_customer(const Message& m);
std::string serialize_for_customer(const EventMsg& m);

// Convenience for building an error frame.
inline Error make_error(ErrorCode code, std::string message, std::string field = {}, std::string cid = {}) {
  return Error{code, std::move(message), std::move(field), std::move(cid)};
}

// True when `s` is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF).
bool valid_utf8(std::string_view s);
// Offset of the first byte that breaks UTF-8, or std::string_view::npos when `s` is valid.
std::size_t invalid_utf8_at(std::string_view s);

}  // namespace duet::proto
