// Protocol v1 codec. parse() checks, in order: frame size, UTF-8, JSON (with a nesting limit), object,
// "v", "type", then the message's fields (presence and JSON type, text lengths, values). It never
// throws: nlohmann is driven through its SAX interface, which reports errors without exceptions
// (WebAssembly builds do not catch exceptions by default).
#include "protocol.hpp"

#include <array>
#include <utility>

#include "enum_names.hpp"
#include "flat_json.hpp"
#include "json_codec.hpp"
#include "json_dom_builder.hpp"
#include "json_out.hpp"

namespace duet::proto {
namespace {

using nlohmann::json;

constexpr auto kErrorCodes = enum_names<ErrorCode>(
    "bad_json", "frame_too_large", "bad_utf8", "not_an_object", "bad_version", "unknown_type", "missing_field",
    "wrong_type", "text_too_long", "bad_value", "unexpected_type", "unauthorized", "bad_site_key",
    "origin_not_allowed", "bad_resume_token", "not_allowed", "no_such_conversation", "rate_limited",
    "too_many_connections", "shutting_down", "internal", "conversation_full");

// Cuts a message on a UTF-8 boundary so error frames stay short and valid.
std::string shortened(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u) --cut;
  s.resize(cut);
  return s + "...";
}

// ---- one codec per message type ----

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
json events_json(const std::vector<Event>& events) {
  json out = json::array();
  for (const auto& e : events) out.push_back(to_json(e));
  return out;
}
std::vector<Event> read_events(FieldReader& r, const char* key, Need need) {
  return decode_list<Event>(r.array(key, need), r.path_of(key), r.errors(), decode_event);
}
Brief read_brief(FieldReader& r, const char* key) {
  const json* brief = r.object(key, Need::required);
  return brief ? decode_brief(*brief, r.path_of(key), r.errors()) : Brief{};
}
constexpr int kMaxCapacity = 50;
constexpr auto kAnyInt = std::numeric_limits<int>::max();
constexpr auto kAnyInt64 = std::numeric_limits<std::int64_t>::max();
constexpr auto kAnySeq = std::numeric_limits<Seq>::max();

template <class T>
struct Codec;

template <>
struct Codec<Hello> {
  static constexpr std::string_view name = "hello";
  static void write(json& j, const Hello& m) {
    j["site"] = m.site;
    put(j, "resume", m.resume);
    if (m.last_seq != 0) j["last_seq"] = m.last_seq;
    put(j, "locale", m.locale);
    if (!(m.context == Context{})) j["context"] = to_json(m.context);
  }
  static Hello read(FieldReader& r, const Limits&) {
    Hello m;
    m.site = r.text("site", Need::required);
    m.resume = r.text("resume");
    m.last_seq = r.integer("last_seq", Need::optional, 0, 0, kAnySeq);
    m.locale = r.text("locale");
    if (const json* context = r.object("context", Need::optional))
      m.context = decode_context(*context, r.path_of("context"), r.errors());
    return m;
  }
};

template <>
struct Codec<Say> {
  static constexpr std::string_view name = "say";
  static void write(json& j, const Say& m) {
    j["cid"] = m.cid;
    j["text"] = m.text;
    put(j, "conversation", m.conversation);
    if (m.reply_to != 0) j["reply_to"] = m.reply_to;
  }
  static Say read(FieldReader& r, const Limits& limits) {
    Say m;
    m.cid = r.text("cid", Need::non_empty);
    m.text = r.text("text", Need::non_empty, limits.max_text_bytes);
    m.conversation = r.text("conversation");
    m.reply_to = r.integer("reply_to", Need::optional, 0, 0, kAnySeq);
    return m;
  }
};

template <>
struct Codec<Read> {
  static constexpr std::string_view name = "read";
  static void write(json& j, const Read& m) {
    put(j, "conversation", m.conversation);
    j["seq"] = m.seq;
    if (m.delivered != 0) j["delivered"] = m.delivered;
    if (m.who != Speaker::customer) j["who"] = std::string(to_string(m.who));
  }
  static Read read(FieldReader& r, const Limits&) {
    Read m;
    m.conversation = r.text("conversation");
    m.seq = r.integer("seq", Need::required, 0, 0, kAnySeq);
    m.delivered = r.integer("delivered", Need::optional, 0, 0, kAnySeq);
    m.who = r.speaker("who", Need::optional).value_or(Speaker::customer);
    return m;
  }
};

template <>
struct Codec<RequestHuman> {
  static constexpr std::string_view name = "request_human";
  static void write(json& j, const RequestHuman& m) { put(j, "reason", m.reason); }
  static RequestHuman read(FieldReader& r, const Limits& limits) {
    return RequestHuman{r.text("reason", Need::optional, limits.max_text_bytes)};
  }
};

template <>
struct Codec<Typing> {
  static constexpr std::string_view name = "typing";
  static void write(json& j, const Typing& m) {
    j["on"] = m.on;
    put(j, "conversation", m.conversation);
    if (m.who != Speaker::customer) j["who"] = std::string(to_string(m.who));
    put(j, "name", m.name);
    if (m.reply_to != 0) j["reply_to"] = m.reply_to;
  }
  static Typing read(FieldReader& r, const Limits&) {
    Typing m;
    m.on = r.boolean("on", Need::optional, true);
    m.conversation = r.text("conversation");
    m.who = r.speaker("who", Need::optional).value_or(Speaker::customer);
    m.name = r.text("name");
    m.reply_to = r.integer("reply_to", Need::optional, 0, 0, kAnyInt64);
    return m;
  }
};

template <>
struct Codec<Rate> {
  static constexpr std::string_view name = "rate";
  static void write(json& j, const Rate& m) {
    j["score"] = m.score;
    put(j, "comment", m.comment);
  }
  static Rate read(FieldReader& r, const Limits& limits) {
    Rate m;
    m.score = r.small_integer("score", Need::required, 0, 1, 5);
    m.comment = r.text("comment", Need::optional, limits.max_text_bytes);
    return m;
  }
};

template <>
struct Codec<LeaveMessage> {
  static constexpr std::string_view name = "leave_message";
  static void write(json& j, const LeaveMessage& m) {
    j["cid"] = m.cid;
    put(j, "contact", m.contact);
    j["text"] = m.text;
  }
  static LeaveMessage read(FieldReader& r, const Limits& limits) {
    LeaveMessage m;
    m.cid = r.text("cid", Need::non_empty);
    m.contact = r.text("contact", Need::optional, limits.max_text_bytes);
    m.text = r.text("text", Need::non_empty, limits.max_text_bytes);
    return m;
  }
};

template <>
struct Codec<SetContext> {
  static constexpr std::string_view name = "set_context";
  static void write(json& j, const SetContext& m) { j["context"] = to_json(m.context); }
  static SetContext read(FieldReader& r, const Limits&) {
    const json* context = r.object("context", Need::required);
    return SetContext{context ? decode_context(*context, r.path_of("context"), r.errors()) : Context{}};
  }
};

template <>
struct Codec<End> {
  static constexpr std::string_view name = "end";
  static void write(json&, const End&) {}
  static End read(FieldReader&, const Limits&) { return {}; }
};

template <>
struct Codec<LeaveQueue> {
  static constexpr std::string_view name = "leave_queue";
  static void write(json&, const LeaveQueue&) {}
  static LeaveQueue read(FieldReader&, const Limits&) { return {}; }
};

template <>
struct Codec<Replay> {
  static constexpr std::string_view name = "replay";
  static void write(json& j, const Replay& m) {
    if (m.after != 0) j["after"] = m.after;
    put(j, "conversation", m.conversation);
    if (!m.events.empty()) j["events"] = events_json(m.events);
    if (m.more) j["more"] = true;
  }
  static Replay read(FieldReader& r, const Limits&) {
    Replay m;
    m.after = r.integer("after", Need::optional, 0, 0, kAnyInt64);
    m.conversation = r.text("conversation");
    m.events = read_events(r, "events", Need::optional);
    m.more = r.boolean("more", Need::optional, false);
    return m;
  }
};

template <>
struct Codec<Welcome> {
  static constexpr std::string_view name = "welcome";
  static void write(json& j, const Welcome& m) {
    j["conversation"] = m.conversation;
    put(j, "resume", m.resume);
    j["state"] = std::string(to_string(m.state));
    if (!m.events.empty()) j["events"] = events_json(m.events);
    if (m.more) j["more"] = true;
    j["humans_available"] = m.humans_available;
    put(j, "agent_name", m.agent_name);
    if (m.queue_position != 0) j["queue_position"] = m.queue_position;
    if (m.estimate_s != -1) j["estimate_s"] = m.estimate_s;
    put(j, "previous", m.previous);
    if (!m.earlier.empty()) j["earlier"] = events_json(m.earlier);
    if (m.read_seq != 0) j["read_seq"] = m.read_seq;
    if (m.delivered_seq != 0) j["delivered_seq"] = m.delivered_seq;
  }
  static Welcome read(FieldReader& r, const Limits&) {
    Welcome m;
    m.conversation = r.text("conversation", Need::non_empty);
    m.resume = r.text("resume");
    m.state = r.state("state", Need::required).value_or(State::ai);
    m.events = read_events(r, "events", Need::optional);
    m.more = r.boolean("more", Need::optional, false);
    m.humans_available = r.boolean("humans_available", Need::optional, false);
    m.agent_name = r.text("agent_name");
    m.queue_position = r.small_integer("queue_position", Need::optional, 0, 0, kAnyInt);
    m.estimate_s = r.small_integer("estimate_s", Need::optional, -1, -1, kAnyInt);
    m.previous = r.text("previous");
    m.earlier = read_events(r, "earlier", Need::optional);
    m.read_seq = r.integer("read_seq", Need::optional, 0, 0, kAnySeq);
    m.delivered_seq = r.integer("delivered_seq", Need::optional, 0, 0, kAnySeq);
    return m;
  }
};

template <>
struct Codec<Stream> {
  static constexpr std::string_view name = "stream";
  static void write(json& j, const Stream& m) {
    put(j, "conversation", m.conversation);
    j["reply_to"] = m.reply_to;
    j["text"] = m.text;
  }
  static Stream read(FieldReader& r, const Limits&) {
    Stream m;
    m.conversation = r.text("conversation");
    m.reply_to = r.integer("reply_to", Need::required, 0, 0, kAnyInt64);
    m.text = r.text("text", Need::required);
    return m;
  }
};

template <>
struct Codec<EventMsg> {
  static constexpr std::string_view name = "event";
  static void write(json& j, const EventMsg& m) {
    put(j, "conversation", m.conversation);
    j["event"] = to_json(m.event);
  }
  static EventMsg read(FieldReader& r, const Limits&) {
    EventMsg m;
    m.conversation = r.text("conversation");
    if (const json* event = r.object("event", Need::required))
      m.event = decode_event(*event, r.path_of("event"), r.errors());
    return m;
  }
};

template <>
struct Codec<Ack> {
  static constexpr std::string_view name = "ack";
  static void write(json& j, const Ack& m) {
    j["cid"] = m.cid;
    j["seq"] = m.seq;
    put(j, "conversation", m.conversation);
  }
  static Ack read(FieldReader& r, const Limits&) {
    Ack m;
    m.cid = r.text("cid", Need::non_empty);
    m.seq = r.integer("seq", Need::required, 0, 0, kAnySeq);
    m.conversation = r.text("conversation");
    return m;
  }
};

template <>
struct Codec<Error> {
  static constexpr std::string_view name = "error";
  static void write(json& j, const Error& m) {
    j["code"] = std::string(to_string(m.code));
    j["message"] = m.message;
    put(j, "field", m.field);
    put(j, "cid", m.cid);
  }
  static Error read(FieldReader& r, const Limits&) {
    Error m;
    m.code = r.error_code("code", Need::required).value_or(ErrorCode::internal);
    m.message = r.text("message", Need::required);
    m.field = r.text("field");
    m.cid = r.text("cid");
    return m;
  }
};

template <>
struct Codec<AgentHello> {
  static constexpr std::string_view name = "agent_hello";
  static void write(json& j, const AgentHello& m) { j["token"] = m.token; }
  static AgentHello read(FieldReader& r, const Limits&) { return AgentHello{r.text("token", Need::required)}; }
};

template <>
struct Codec<Status> {
  static constexpr std::string_view name = "status";
  static void write(json& j, const Status& m) {
    j["available"] = m.available;
    if (m.capacity != 3) j["capacity"] = m.capacity;
  }
  static Status read(FieldReader& r, const Limits&) {
    Status m;
    m.available = r.boolean("available", Need::required, true);
    m.capacity = r.small_integer("capacity", Need::optional, 3, 0, kMaxCapacity);
    return m;
  }
};

// The agent commands that name one conversation and nothing else.
template <class T, const std::string_view& Name>
struct ConversationCommand {
  static constexpr std::string_view name = Name;
  static void write(json& j, const T& m) { j["conversation"] = m.conversation; }
  static T read(FieldReader& r, const Limits&) { return T{r.text("conversation", Need::non_empty)}; }
};
constexpr std::string_view kAccept = "accept", kReturnToAi = "return_to_ai", kResolve = "resolve";
template <>
struct Codec<Accept> : ConversationCommand<Accept, kAccept> {};
template <>
struct Codec<ReturnToAi> : ConversationCommand<ReturnToAi, kReturnToAi> {};
template <>
struct Codec<Resolve> : ConversationCommand<Resolve, kResolve> {};

template <>
struct Codec<Note> {
  static constexpr std::string_view name = "note";
  static void write(json& j, const Note& m) {
    j["conversation"] = m.conversation;
    j["cid"] = m.cid;
    j["text"] = m.text;
  }
  static Note read(FieldReader& r, const Limits& limits) {
    Note m;
    m.conversation = r.text("conversation", Need::non_empty);
    m.cid = r.text("cid", Need::non_empty);
    m.text = r.text("text", Need::non_empty, limits.max_text_bytes);
    return m;
  }
};

template <>
struct Codec<Transfer> {
  static constexpr std::string_view name = "transfer";
  static void write(json& j, const Transfer& m) {
    j["conversation"] = m.conversation;
    put(j, "to_agent", m.to_agent);
    put(j, "note", m.note);
  }
  static Transfer read(FieldReader& r, const Limits& limits) {
    Transfer m;
    m.conversation = r.text("conversation", Need::non_empty);
    m.to_agent = r.text("to_agent");
    m.note = r.text("note", Need::optional, limits.max_text_bytes);
    return m;
  }
};

template <>
struct Codec<AgentWelcome> {
  static constexpr std::string_view name = "agent_welcome";
  static void write(json& j, const AgentWelcome& m) {
    j["agent_id"] = m.agent_id;
    j["name"] = m.name;
    if (!m.languages.empty()) j["languages"] = m.languages;
    if (!m.skills.empty()) j["skills"] = m.skills;
    if (m.capacity != 3) j["capacity"] = m.capacity;
    j["available"] = m.available;
    if (!m.canned.empty()) j["canned"] = m.canned;
  }
  static AgentWelcome read(FieldReader& r, const Limits&) {
    AgentWelcome m;
    m.agent_id = r.text("agent_id", Need::non_empty);
    m.name = r.text("name", Need::required);
    m.languages = r.strings("languages");
    m.skills = r.strings("skills");
    m.capacity = r.small_integer("capacity", Need::optional, 3, 0, kMaxCapacity);
    m.available = r.boolean("available", Need::optional, false);
    m.canned = r.strings("canned");
    return m;
  }
};

template <>
struct Codec<Queue> {
  static constexpr std::string_view name = "queue";
  static void write(json& j, const Queue& m) {
    j["entries"] = json::array();
    for (const auto& e : m.entries) j["entries"].push_back(to_json(e));
    if (m.agents_available != 0) j["agents_available"] = m.agents_available;
  }
  static Queue read(FieldReader& r, const Limits&) {
    Queue m;
    m.entries = decode_list<QueueEntry>(r.array("entries", Need::required), r.path_of("entries"), r.errors(),
                                        decode_queue_entry);
    m.agents_available = r.small_integer("agents_available", Need::optional, 0, 0, kAnyInt);
    return m;
  }
};

template <>
struct Codec<Offer> {
  static constexpr std::string_view name = "offer";
  static void write(json& j, const Offer& m) {
    j["conversation"] = m.conversation;
    j["brief"] = to_json(m.brief);
  }
  static Offer read(FieldReader& r, const Limits&) {
    Offer m;
    m.conversation = r.text("conversation", Need::non_empty);
    m.brief = read_brief(r, "brief");
    return m;
  }
};

template <>
struct Codec<Snapshot> {
  static constexpr std::string_view name = "snapshot";
  static void write(json& j, const Snapshot& m) {
    j["conversation"] = m.conversation;
    j["state"] = std::string(to_string(m.state));
    j["brief"] = to_json(m.brief);
    if (!m.events.empty()) j["events"] = events_json(m.events);
    put(j, "previous", m.previous);
    if (!m.earlier.empty()) j["earlier"] = events_json(m.earlier);
    if (m.read_seq != 0) j["read_seq"] = m.read_seq;
    if (m.delivered_seq != 0) j["delivered_seq"] = m.delivered_seq;
  }
  static Snapshot read(FieldReader& r, const Limits&) {
    Snapshot m;
    m.conversation = r.text("conversation", Need::non_empty);
    m.state = r.state("state", Need::required).value_or(State::ai);
    m.brief = read_brief(r, "brief");
    m.events = read_events(r, "events", Need::optional);
    m.previous = r.text("previous");
    m.earlier = read_events(r, "earlier", Need::optional);
    m.read_seq = r.integer("read_seq", Need::optional, 0, 0, kAnySeq);
    m.delivered_seq = r.integer("delivered_seq", Need::optional, 0, 0, kAnySeq);
    return m;
  }
};

template <>
struct Codec<Inbox> {
  static constexpr std::string_view name = "inbox";
  static void write(json& j, const Inbox& m) {
    j["entries"] = json::array();
    for (const auto& e : m.entries)
      j["entries"].push_back(json{{"conversation", e.conversation}, {"message", to_json(e.message)}, {"brief", to_json(e.brief)}});
    j["total"] = m.total;
  }
  static Inbox read(FieldReader& r, const Limits&) {
    Inbox m;
    m.entries = decode_list<InboxEntry>(r.array("entries", Need::required), r.path_of("entries"), r.errors(),
                                        decode_inbox_entry);
    m.total = r.small_integer("total", Need::optional, 0, 0, kAnyInt);
    return m;
  }
};

AgentPresence read_presence(const json& j, const std::string& path, DecodeErrors& errors) {
  AgentPresence a;
  if (!j.is_object()) {
    errors.add(Error{ErrorCode::wrong_type, "field \"" + path + "\" must be an object.", path, {}});
    return a;
  }
  FieldReader r(j, path, errors);
  a.agent_id = r.text("agent_id", Need::non_empty);
  a.name = r.text("name", Need::required);
  a.languages = r.strings("languages");
  a.available = r.boolean("available", Need::optional, false);
  a.assigned = r.small_integer("assigned", Need::optional, 0, 0, kAnyInt);
  a.capacity = r.small_integer("capacity", Need::optional, 3, 0, kMaxCapacity);
  return a;
}

template <>
struct Codec<Agents> {
  static constexpr std::string_view name = "agents";
  static void write(json& j, const Agents& m) {
    j["agents"] = json::array();
    for (const auto& a : m.agents) {
      json o = json::object();
      o["agent_id"] = a.agent_id;
      o["name"] = a.name;
      if (!a.languages.empty()) o["languages"] = a.languages;
      o["available"] = a.available;
      if (a.assigned != 0) o["assigned"] = a.assigned;
      if (a.capacity != 3) o["capacity"] = a.capacity;
      j["agents"].push_back(std::move(o));
    }
    if (m.more != 0) j["more"] = m.more;
  }
  static Agents read(FieldReader& r, const Limits&) {
    Agents m;
    m.agents = decode_list<AgentPresence>(r.array("agents", Need::required), r.path_of("agents"), r.errors(),
                                          read_presence);
    m.more = r.small_integer("more", Need::optional, 0, 0, kAnyInt);
    return m;
  }
};

// ---- dispatch over the Message variant ----

template <std::size_t I = 0>
std::optional<Message> read_named(std::string_view type, FieldReader& r, const Limits& limits) {
  if constexpr (I == std::variant_size_v<Message>) {
    return std::nullopt;
  } else {
    using T = std::variant_alternative_t<I, Message>;
    if (Codec<T>::name == type) return Message{std::in_place_index<I>, Codec<T>::read(r, limits)};
    return read_named<I + 1>(type, r, limits);
  }
}

template <std::size_t... I>
std::string join_type_names(std::index_sequence<I...>) {
  std::string out;
  ((out += (I == 0 ? "" : ", "), out += Codec<std::variant_alternative_t<I, Message>>::name), ...);
  return out;
}
const std::string& all_type_names() {
  static const std::string names = join_type_names(std::make_index_sequence<std::variant_size_v<Message>>{});
  return names;
}

std::string describe_root(const json& j) {
  switch (j.type()) {
    case json::value_t::array: return "a JSON array";
    case json::value_t::string: return "a JSON string";
    case json::value_t::boolean: return "a JSON boolean";
    case json::value_t::null: return "JSON null";
    default: return "a JSON number";
  }
}

// The client message id of a rejected frame, so the client can tell which message failed.
std::string cid_of(const json& root) {
  auto it = root.find("cid");
  if (it == root.end() || !it->is_string()) return {};
  const auto& cid = it->get_ref<const std::string&>();
  return cid.size() <= 256 ? cid : std::string();
}

constexpr std::string_view kExample = R"( Send one JSON object per frame, e.g. {"v":1,"type":"say","cid":"c1","text":"Hi"}.)";

// The frames clients send most (say, typing), read without a DOM when they are plainly well formed.
// Anything else, including every frame with a problem, goes to the full parser: same messages, and
// its errors. The codec's tests check both paths agree.
std::optional<Message> parse_flat(std::string_view frame, const Limits& limits) {
  flat_json::Object o;
  if (!flat_json::read(frame, o)) return std::nullopt;
  using flat_json::Member;
  const Member* v = o.find("v");
  const Member* type = o.find("type");
  if (!v || v->kind != Member::integer || v->number != kVersion || !type || type->kind != Member::string)
    return std::nullopt;
  int known = 2;
  auto take = [&](std::string_view key, Member::Kind kind, const Member*& out) {
    out = o.find(key);
    if (!out) return true;
    ++known;
    return out->kind == kind;
  };
  const Member* conversation = nullptr;
  if (!take("conversation", Member::string, conversation)) return std::nullopt;
  if (type->text == "say") {
    const Member *cid = nullptr, *text = nullptr;
    if (!take("cid", Member::string, cid) || !take("text", Member::string, text) || known != o.size) return std::nullopt;
    if (!cid || cid->text.empty() || !text || text->text.empty() || text->text.size() > limits.max_text_bytes)
      return std::nullopt;
    return Say{cid->text, text->text, conversation ? conversation->text : std::string()};
  }
  if (type->text == "typing") {
    const Member* on = nullptr;
    if (!take("on", Member::boolean, on) || known != o.size) return std::nullopt;
    Typing t;
    t.on = on ? on->flag : true;
    if (conversation) t.conversation = conversation->text;
    return t;
  }
  return std::nullopt;
}

Result<Message, Error> parse_frame(std::string_view frame, const Limits& limits) {
  if (frame.size() > limits.max_frame_bytes)
    return make_error(ErrorCode::frame_too_large,
                      "The frame is " + std::to_string(frame.size()) + " bytes; the limit is " +
                          std::to_string(limits.max_frame_bytes) + ". Send one message per frame and keep texts under " +
                          std::to_string(limits.max_text_bytes) + " bytes.");
  if (frame.empty()) return make_error(ErrorCode::bad_json, "The frame is empty." + std::string(kExample));
  if (const auto at = invalid_utf8_at(frame); at != std::string_view::npos)
    return make_error(ErrorCode::bad_utf8, "The frame is not valid UTF-8 (byte " + std::to_string(at) +
                                               " starts an invalid sequence). Send text frames encoded as UTF-8.");
  if (auto quick = parse_flat(frame, limits)) return std::move(*quick);

  DomBuilder builder(limits.max_depth);
  if (!json::sax_parse(frame.data(), frame.data() + frame.size(), &builder)) {
    if (builder.too_deep())
      return make_error(ErrorCode::bad_json, "The frame nests objects and arrays deeper than " +
                                                 std::to_string(limits.max_depth) +
                                                 " levels; no v1 message needs more than 5.");
    std::string detail = builder.syntax_error();
    if (const auto bracket = detail.find("] "); bracket != std::string::npos) detail.erase(0, bracket + 2);
    return make_error(ErrorCode::bad_json, "The frame is not valid JSON (" + shortened(detail, 200) + ")." +
                                               std::string(kExample));
  }
  const json& root = builder.root();
  if (!root.is_object())
    return make_error(ErrorCode::not_an_object, "The frame is " + describe_root(root) + ", not a JSON object." +
                                                    std::string(kExample));

  const auto v = root.find("v");
  if (v == root.end() || v->is_null())
    return make_error(ErrorCode::bad_version, R"(The frame has no "v" field; every frame must carry "v":1.)", "v");
  if (!v->is_number_integer() || *v != 1)
    return make_error(ErrorCode::bad_version,
                      R"(This server speaks protocol version 1 but the frame says "v":)" + shortened(v->dump(), 40) +
                          R"(. Send "v":1, or update the client.)",
                      "v");

  const auto type = root.find("type");
  if (type == root.end() || type->is_null())
    return make_error(ErrorCode::unknown_type,
                      R"(The frame has no "type" field; it must name the message, one of: )" + all_type_names() + ".",
                      "type");
  if (!type->is_string())
    return make_error(ErrorCode::unknown_type,
                      R"(Field "type" must be a string naming the message, one of: )" + all_type_names() + ".", "type");
  const auto& name = type->get_ref<const std::string&>();

  DecodeErrors errors;
  FieldReader reader(root, "", errors);
  auto message = read_named(name, reader, limits);
  if (!message)
    return make_error(ErrorCode::unknown_type, "Field \"type\" names an unknown message, \"" + shortened(name, 40) +
                                                   "\". Protocol v1 has: " + all_type_names() + ".",
                      "type");
  if (auto error = errors.first()) {
    error->message = "Bad \"" + name + "\" message: " + error->message;
    error->cid = cid_of(root);
    return *error;
  }
  return std::move(*message);
}

}  // namespace

std::string_view to_string(ErrorCode c) { return kErrorCodes(c); }

std::optional<ErrorCode> error_code_from_string(std::string_view s) { return kErrorCodes.parse(s); }

std::string_view type_name(const Message& m) {
  return std::visit([](const auto& msg) { return Codec<std::decay_t<decltype(msg)>>::name; }, m);
}

Result<Message, Error> parse(std::string_view frame, const Limits& limits) {
  try {
    return parse_frame(frame, limits);
  } catch (const std::exception& e) {  // only allocation failure is left; keep the promise anyway
    return make_error(ErrorCode::internal, std::string("The frame could not be read: ") + e.what());
  }
}

std::string serialize(const Message& m) {
  if (const auto* event = std::get_if<EventMsg>(&m)) return serialize(*event);
  if (const auto* ack = std::get_if<Ack>(&m)) return serialize(*ack);
  return std::visit(
      [](const auto& msg) {
        using T = std::decay_t<decltype(msg)>;
        json body = json::object();
        Codec<T>::write(body, msg);
        // "v" and "type" first, so frames read well in logs and browser dev tools.
        std::string out = R"({"v":1,"type":")";
        out += Codec<T>::name;
        out += '"';
        const std::string fields = body.dump(-1, ' ', false, json::error_handler_t::replace);
        if (fields.size() > 2) {
          out += ',';
          out.append(fields, 1, std::string::npos);
        } else {
          out += '}';
        }
        return out;
      },
      m);
}

// Events and acks are most of what the server sends: written directly, without a DOM. The codec's
// tests check they read back exactly like the generic form.
namespace {

std::string event_frame(const EventMsg& m, bool customer_view) {
  std::string out;
  out.reserve(128 + m.conversation.size() + m.event.text.size());
  out += R"({"v":1,"type":"event")";
  if (!m.conversation.empty()) {
    out += R"(,"conversation":)";
    json_out::string(out, m.conversation);
  }
  out += R"(,"event":)";
  write_event(out, m.event, customer_view);
  out += '}';
  return out;
}

}  // namespace

std::string serialize(const EventMsg& m) { return event_frame(m, false); }

std::string serialize(const Ack& m) {
  std::string out;
  out.reserve(64 + m.cid.size() + m.conversation.size());
  json_out::Object o(out);
  o.num("v", kVersion).str("type", "ack").str("cid", m.cid).num("seq", m.seq).str_if("conversation", m.conversation);
  o.close();
  return out;
}

std::string serialize_for_customer(const EventMsg& m) {
  return m.event.visible_to_customer() ? event_frame(m, true) : std::string();
}

}  // namespace duet::proto
