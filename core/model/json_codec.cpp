#include "json_codec.hpp"

#include <cmath>
#include <utility>

#include "json_out.hpp"

namespace duet {
namespace {

// Which optional Event fields each kind carries (see the table in json_codec.hpp).
enum EventField : unsigned {
  kSpeaker = 1u << 0, kAuthor = 1u << 1, kText = 1u << 2, kCid = 1u << 3, kAgentId = 1u << 4,
  kArticle = 1u << 5, kState = 1u << 6, kReason = 1u << 7, kQueue = 1u << 8, kContact = 1u << 9,
  kScore = 1u << 10, kAct = 1u << 11, kReplyTo = 1u << 12, kReplies = 1u << 13, kCard = 1u << 14,
  kFeedback = 1u << 15,
};

unsigned fields_of(EventKind kind) {
  switch (kind) {
    case EventKind::message:
      return kSpeaker | kAuthor | kText | kCid | kAgentId | kArticle | kAct | kReplyTo | kReplies | kCard | kFeedback;
    case EventKind::note: return kSpeaker | kAuthor | kText | kCid | kAgentId;
    case EventKind::state: return kState | kReason;
    case EventKind::queue: return kQueue;
    case EventKind::agent_joined:
    case EventKind::agent_left:
    case EventKind::ai_resumed: return kSpeaker | kAuthor | kAgentId;
    case EventKind::offer_human: return kSpeaker | kReason | kText;
    case EventKind::offline_message: return kSpeaker | kText | kCid | kContact;
    case EventKind::rating: return kSpeaker | kScore | kText;
  }
  return 0;
}

// Resets what a kind does not carry, so a decoded event equals what serialising it again produces.
Event keep_meaningful_fields(Event e) {
  const unsigned f = fields_of(e.kind);
  Event blank;
  if (!(f & kSpeaker)) e.speaker = blank.speaker;
  if (!(f & kAuthor)) e.author = blank.author;
  if (!(f & kText)) e.text = blank.text;
  if (!(f & kCid)) e.client_id = blank.client_id;
  if (!(f & kAgentId)) e.agent_id = blank.agent_id;
  if (!(f & kArticle)) e.article_id = blank.article_id, e.confidence = blank.confidence;
  if (!(f & kState)) e.state = blank.state;
  if (!(f & kReason)) e.reason = blank.reason;
  if (!(f & kQueue)) e.position = blank.position, e.estimate_s = blank.estimate_s;
  if (!(f & kContact)) e.contact = blank.contact;
  if (!(f & kScore)) e.score = blank.score;
  if (!(f & kAct)) e.act = blank.act;
  if (!(f & kReplyTo)) e.reply_to = blank.reply_to;
  if (!(f & kReplies)) e.replies = blank.replies;
  if (!(f & kCard)) e.card = blank.card;
  if (!(f & kFeedback)) e.feedback = blank.feedback;
  return e;
}

}  // namespace

namespace proto {
namespace {

using nlohmann::json;

// Quotes a value from the frame for an error message: short, and cut on a UTF-8 boundary.
std::string shown(std::string_view s) {
  constexpr std::size_t kMax = 40;
  if (s.size() <= kMax) return "\"" + std::string(s) + "\"";
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0u) == 0x80u) --cut;
  return "\"" + std::string(s.substr(0, cut)) + "...\"";
}

std::string describe(const json& value) {
  switch (value.type()) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "the string " + shown(value.get_ref<const std::string&>());
    case json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case json::value_t::null: return "null";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "the number " + value.dump();
    default: return "an unsupported value";
  }
}

// "ai, waiting_human, ..." for any enum whose to_string answers "unknown" past its last value.
template <class E>
std::string known_names() {
  std::string out;
  for (int i = 0; i < 64; ++i) {
    const std::string_view name = to_string(static_cast<E>(i));
    if (name == "unknown") break;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

// The valid names when they make a short sentence; a long list (error codes) points to the docs.
template <class E>
std::string valid_names() {
  const std::string names = known_names<E>();
  if (names.size() > 200) return "; docs/protocol.md lists the valid ones.";
  return "; it must be one of: " + names + ".";
}

template <class E>
std::optional<E> checked_enum(FieldReader& reader, std::optional<std::string> name, std::string_view key,
                              std::optional<E> (*from_string)(std::string_view)) {
  if (!name) return std::nullopt;
  auto value = from_string(*name);
  if (!value)
    reader.errors().add(Error{ErrorCode::bad_value,
                              "field \"" + reader.path_of(key) + "\" has the unknown value " + shown(*name) +
                                  valid_names<E>(),
                              reader.path_of(key), {}});
  return value;
}

bool is_absent(const json* value) { return value == nullptr || value->is_null(); }

}  // namespace

// ---- DecodeErrors ----

void DecodeErrors::add(Error e) {
  auto& slot = (e.code == ErrorCode::missing_field || e.code == ErrorCode::wrong_type) ? shape_
               : e.code == ErrorCode::text_too_long                                    ? length_
                                                                                        : value_;
  if (!slot) slot = std::move(e);
}

std::optional<Error> DecodeErrors::first() const {
  if (shape_) return shape_;
  if (length_) return length_;
  return value_;
}

// ---- FieldReader ----

FieldReader::FieldReader(const json& object, std::string path, DecodeErrors& errors)
    : object_(object), path_(std::move(path)), errors_(errors) {}

std::string FieldReader::path_of(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

// The field's value, or nullptr when absent or null (null counts as absent, as JavaScript clients
// often send it for "not set"). Records missing_field when the field is required.
const json* FieldReader::find(std::string_view key, Need need, std::string_view expected) {
  const json* value = nullptr;
  if (object_.is_object()) {
    auto it = object_.find(std::string(key));
    if (it != object_.end()) value = &*it;
  }
  if (!is_absent(value)) return value;
  if (need != Need::optional)
    errors_.add(Error{ErrorCode::missing_field,
                      "field \"" + path_of(key) + "\" is missing; it must be " + std::string(expected) + ".",
                      path_of(key), {}});
  return nullptr;
}

void FieldReader::wrong_type(std::string_view key, const json& value, std::string_view expected) {
  errors_.add(Error{ErrorCode::wrong_type,
                    "field \"" + path_of(key) + "\" must be " + std::string(expected) + ", not " + describe(value) + ".",
                    path_of(key), {}});
}

void FieldReader::bad_value(std::string_view key, std::string message) {
  errors_.add(Error{ErrorCode::bad_value, "field \"" + path_of(key) + "\" " + std::move(message), path_of(key), {}});
}

std::string FieldReader::text(std::string_view key, Need need, std::size_t max_bytes) {
  const std::string_view expected = need == Need::non_empty ? "a non-empty string" : "a string";
  const json* value = find(key, need, expected);
  if (!value) return {};
  if (!value->is_string()) {
    wrong_type(key, *value, expected);
    return {};
  }
  const auto& s = value->get_ref<const std::string&>();
  if (s.size() > max_bytes)
    errors_.add(Error{ErrorCode::text_too_long,
                      "field \"" + path_of(key) + "\" is " + std::to_string(s.size()) +
                          " bytes of UTF-8; the limit is " + std::to_string(max_bytes) +
                          ". Shorten it or send it as several messages.",
                      path_of(key), {}});
  if (need == Need::non_empty && s.empty()) bad_value(key, "must not be empty.");
  return s;
}

std::int64_t FieldReader::integer(std::string_view key, Need need, std::int64_t fallback, std::int64_t min,
                                  std::int64_t max) {
  const json* value = find(key, need, "a whole number");
  if (!value) return fallback;
  if (!value->is_number_integer()) {
    wrong_type(key, *value, "a whole number");
    return fallback;
  }
  bool in_range = false;
  std::int64_t n = fallback;
  if (value->is_number_unsigned()) {
    const auto u = value->get<std::uint64_t>();
    in_range = max >= 0 && u <= static_cast<std::uint64_t>(max) && static_cast<std::int64_t>(u) >= min;
    if (in_range) n = static_cast<std::int64_t>(u);
  } else {
    n = value->get<std::int64_t>();
    in_range = n >= min && n <= max;
  }
  if (in_range) return n;
  const std::string range = max == std::numeric_limits<std::int64_t>::max()
                                ? "must be " + std::to_string(min) + " or more"
                                : "must be between " + std::to_string(min) + " and " + std::to_string(max);
  bad_value(key, range + "; got " + value->dump() + ".");
  return fallback;
}

int FieldReader::small_integer(std::string_view key, Need need, int fallback, int min, int max) {
  // int fields whose upper bound is "any int": report it as "or more" rather than 2147483647.
  const std::int64_t upper = max == std::numeric_limits<int>::max() ? std::numeric_limits<std::int64_t>::max() : max;
  const std::int64_t n = integer(key, need, fallback, min, upper);
  if (n > max) {
    bad_value(key, "is too large (at most " + std::to_string(max) + ").");
    return fallback;
  }
  return static_cast<int>(n);
}

double FieldReader::number(std::string_view key, Need need, double fallback, double min, double max) {
  const json* value = find(key, need, "a number");
  if (!value) return fallback;
  if (!value->is_number()) {
    wrong_type(key, *value, "a number");
    return fallback;
  }
  const double d = value->get<double>();
  if (!std::isfinite(d) || d < min || d > max) {
    bad_value(key, "must be between " + json(min).dump() + " and " + json(max).dump() + "; got " + value->dump() + ".");
    return fallback;
  }
  return d;
}

bool FieldReader::boolean(std::string_view key, Need need, bool fallback) {
  const json* value = find(key, need, "true or false");
  if (!value) return fallback;
  if (!value->is_boolean()) {
    wrong_type(key, *value, "true or false");
    return fallback;
  }
  return value->get<bool>();
}

std::vector<std::string> FieldReader::strings(std::string_view key, Need need) {
  const json* list = array(key, need);
  std::vector<std::string> out;
  if (!list) return out;
  for (std::size_t i = 0; i < list->size(); ++i) {
    const json& item = (*list)[i];
    if (!item.is_string()) {
      wrong_type(std::string(key) + "[" + std::to_string(i) + "]", item, "a string");
      continue;
    }
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::optional<std::string> FieldReader::enum_string(std::string_view key, Need need) {
  const json* value = find(key, need, "a string");
  if (!value) return std::nullopt;
  if (!value->is_string()) {
    wrong_type(key, *value, "a string");
    return std::nullopt;
  }
  return value->get<std::string>();
}

std::optional<Speaker> FieldReader::speaker(std::string_view key, Need need) {
  return checked_enum<Speaker>(*this, enum_string(key, need), key, speaker_from_string);
}
std::optional<State> FieldReader::state(std::string_view key, Need need) {
  return checked_enum<State>(*this, enum_string(key, need), key, state_from_string);
}
std::optional<EventKind> FieldReader::event_kind(std::string_view key, Need need) {
  return checked_enum<EventKind>(*this, enum_string(key, need), key, event_kind_from_string);
}
std::optional<DialogueAct> FieldReader::act(std::string_view key, Need need) {
  return checked_enum<DialogueAct>(*this, enum_string(key, need), key, dialogue_act_from_string);
}
std::optional<ReplyAction> FieldReader::reply_action(std::string_view key, Need need) {
  return checked_enum<ReplyAction>(*this, enum_string(key, need), key, reply_action_from_string);
}
std::optional<Feedback> FieldReader::feedback(std::string_view key, Need need) {
  return checked_enum<Feedback>(*this, enum_string(key, need), key, feedback_from_string);
}
std::optional<EscalationReason> FieldReader::reason(std::string_view key, Need need) {
  return checked_enum<EscalationReason>(*this, enum_string(key, need), key, escalation_reason_from_string);
}
std::optional<ErrorCode> FieldReader::error_code(std::string_view key, Need need) {
  return checked_enum<ErrorCode>(*this, enum_string(key, need), key, error_code_from_string);
}

const json* FieldReader::object(std::string_view key, Need need) {
  const json* value = find(key, need, "an object");
  if (value && !value->is_object()) {
    wrong_type(key, *value, "an object");
    return nullptr;
  }
  return value;
}

const json* FieldReader::array(std::string_view key, Need need) {
  const json* value = find(key, need, "an array");
  if (value && !value->is_array()) {
    wrong_type(key, *value, "an array");
    return nullptr;
  }
  return value;
}

// ---- decoders ----

namespace {

// Nested values must be objects; `path` is empty only when decoding a stand-alone value (the store).
bool require_object(const json& j, const std::string& path, DecodeErrors& errors) {
  if (j.is_object()) return true;
  const std::string where = path.empty() ? "the value" : "field \"" + path + "\"";
  errors.add(Error{ErrorCode::wrong_type, where + " must be an object, not " + describe(j) + ".", path, {}});
  return false;
}

constexpr auto kAnyInt = std::numeric_limits<int>::max();
constexpr auto kAnyInt64 = std::numeric_limits<std::int64_t>::max();
constexpr auto kAnyDouble = std::numeric_limits<double>::max();

}  // namespace

QuickReply decode_quick_reply(const json& j, const std::string& path, DecodeErrors& errors) {
  QuickReply q;
  if (!require_object(j, path, errors)) return q;
  FieldReader r(j, path, errors);
  q.text = r.text("text", Need::non_empty);
  q.action = r.reply_action("action", Need::optional).value_or(ReplyAction::say);
  return q;
}

ArticleCard decode_card(const json& j, const std::string& path, DecodeErrors& errors) {
  ArticleCard c;
  if (!require_object(j, path, errors)) return c;
  FieldReader r(j, path, errors);
  c.title = r.text("title");
  c.body = r.text("body");
  return c;
}

Event decode_event(const json& j, const std::string& path, DecodeErrors& errors) {
  Event e;
  if (!require_object(j, path, errors)) return e;
  FieldReader r(j, path, errors);
  e.seq = r.integer("seq", Need::required, 0, 0, kAnyInt64);
  e.at = r.integer("at", Need::required, 0, 0, kAnyInt64);
  e.kind = r.event_kind("kind", Need::required).value_or(EventKind::message);
  e.speaker = r.speaker("speaker", Need::optional).value_or(Speaker::system);
  e.author = r.text("author");
  e.text = r.text("text");
  e.client_id = r.text("cid");
  e.agent_id = r.text("agent_id");
  e.article_id = r.text("article_id");
  e.confidence = r.number("confidence", Need::optional, 0, 0, 1);
  e.state = r.state("state", Need::optional).value_or(State::ai);
  e.reason = r.reason("reason", Need::optional).value_or(EscalationReason::none);
  e.position = r.small_integer("position", Need::optional, 0, 0, kAnyInt);
  e.estimate_s = r.small_integer("estimate_s", Need::optional, -1, -1, kAnyInt);
  e.contact = r.text("contact");
  e.score = r.small_integer("score", Need::optional, 0, 0, 5);
  e.act = r.act("act", Need::optional).value_or(DialogueAct::none);
  e.reply_to = r.integer("reply_to", Need::optional, 0, 0, kAnyInt64);
  e.replies = decode_list<QuickReply>(r.array("replies", Need::optional), r.path_of("replies"), errors, decode_quick_reply);
  if (const json* card = r.object("card", Need::optional)) e.card = decode_card(*card, r.path_of("card"), errors);
  e.feedback = r.feedback("feedback", Need::optional).value_or(Feedback::none);
  return keep_meaningful_fields(std::move(e));
}

CartItem decode_cart_item(const json& j, const std::string& path, DecodeErrors& errors) {
  CartItem c;
  if (!require_object(j, path, errors)) return c;
  FieldReader r(j, path, errors);
  c.name = r.text("name", Need::required);
  c.quantity = r.small_integer("quantity", Need::optional, 1, 0, kAnyInt);
  c.price = r.number("price", Need::optional, 0, -kAnyDouble, kAnyDouble);
  return c;
}

Context decode_context(const json& j, const std::string& path, DecodeErrors& errors) {
  Context c;
  if (!require_object(j, path, errors)) return c;
  FieldReader r(j, path, errors);
  c.page = r.text("page");
  c.checkout_step = r.text("checkout_step");
  c.payment_error = r.text("payment_error");
  c.order_id = r.text("order_id");
  c.currency = r.text("currency");
  c.cart_total = r.number("cart_total", Need::optional, 0, -kAnyDouble, kAnyDouble);
  c.cart = decode_list<CartItem>(r.array("cart", Need::optional), r.path_of("cart"), errors, decode_cart_item);
  c.customer_id = r.text("customer_id");
  c.customer_name = r.text("customer_name");
  c.customer_email = r.text("customer_email");
  c.identity_token = r.text("identity_token");
  c.identity_verified = r.boolean("identity_verified", Need::optional, false);
  return c;
}

Fact decode_fact(const json& j, const std::string& path, DecodeErrors& errors) {
  Fact f;
  if (!require_object(j, path, errors)) return f;
  FieldReader r(j, path, errors);
  f.kind = r.text("kind", Need::required);
  f.value = r.text("value", Need::required);
  return f;
}

Brief decode_brief(const json& j, const std::string& path, DecodeErrors& errors) {
  Brief b;
  if (!require_object(j, path, errors)) return b;
  FieldReader r(j, path, errors);
  b.summary = r.text("summary");
  b.summary_lines = r.strings("summary_lines");
  b.intent = r.text("intent");
  b.facts = decode_list<Fact>(r.array("facts", Need::optional), r.path_of("facts"), errors, decode_fact);
  b.sentiment = r.text("sentiment");
  b.ai_answered = r.strings("ai_answered");
  b.reason = r.reason("reason", Need::optional).value_or(EscalationReason::none);
  b.language = r.text("language");
  if (const json* context = r.object("context", Need::optional))
    b.context = decode_context(*context, r.path_of("context"), errors);
  b.previous = r.text("previous");
  b.answers_helpful = r.small_integer("answers_helpful", Need::optional, 0, 0, kAnyInt);
  b.answers_not_helpful = r.small_integer("answers_not_helpful", Need::optional, 0, 0, kAnyInt);
  return b;
}

QueueEntry decode_queue_entry(const json& j, const std::string& path, DecodeErrors& errors) {
  QueueEntry q;
  if (!require_object(j, path, errors)) return q;
  FieldReader r(j, path, errors);
  q.conversation = r.text("conversation", Need::non_empty);
  q.position = r.small_integer("position", Need::optional, 0, 0, kAnyInt);
  q.wait_s = r.small_integer("wait_s", Need::optional, 0, 0, kAnyInt);
  q.language = r.text("language");
  q.intent = r.text("intent");
  q.reason = r.reason("reason", Need::optional).value_or(EscalationReason::none);
  q.preview = r.text("preview");
  return q;
}

InboxEntry decode_inbox_entry(const json& j, const std::string& path, DecodeErrors& errors) {
  InboxEntry e;
  if (!require_object(j, path, errors)) return e;
  FieldReader r(j, path, errors);
  e.conversation = r.text("conversation", Need::non_empty);
  if (const json* message = r.object("message", Need::required))
    e.message = decode_event(*message, r.path_of("message"), errors);
  if (const json* brief = r.object("brief", Need::optional)) e.brief = decode_brief(*brief, r.path_of("brief"), errors);
  return e;
}

}  // namespace proto

// ---- writers ----

namespace {

using nlohmann::json;

void put(json& j, const char* key, const std::string& value) {
  if (!value.empty()) j[key] = value;
}
// JSON has no NaN or infinity (nlohmann would write null, which no reader accepts): write 0 instead.
double finite(double d) { return std::isfinite(d) ? d : 0.0; }

// Text that is the point of the event is always written, even when empty.
bool text_required(EventKind kind) {
  return kind == EventKind::message || kind == EventKind::note || kind == EventKind::offline_message;
}

template <class T, class F>
json list(const std::vector<T>& items, F convert) {
  json out = json::array();
  for (const auto& item : items) out.push_back(convert(item));
  return out;
}

template <class T, class Decode>
Result<T, std::string> standalone(const json& j, Decode decode) {
  proto::DecodeErrors errors;
  T value = decode(j, std::string(), errors);
  if (auto error = errors.first()) {
    std::string message = error->message;
    if (!message.empty() && message[0] >= 'a' && message[0] <= 'z') message[0] = static_cast<char>(message[0] - 'a' + 'A');
    return message;
  }
  return value;
}

}  // namespace

json to_json(const Event& e) {
  json j = json::object();
  j["seq"] = e.seq;
  j["at"] = e.at;
  j["kind"] = std::string(to_string(e.kind));
  const unsigned f = fields_of(e.kind);
  if (f & kSpeaker) j["speaker"] = std::string(to_string(e.speaker));
  if (f & kAuthor) put(j, "author", e.author);
  if (f & kText) {
    if (text_required(e.kind)) j["text"] = e.text;
    else put(j, "text", e.text);
  }
  if (f & kCid) put(j, "cid", e.client_id);
  if (f & kAgentId) put(j, "agent_id", e.agent_id);
  if (f & kArticle) {
    put(j, "article_id", e.article_id);
    if (e.speaker == Speaker::ai || e.confidence != 0) j["confidence"] = finite(e.confidence);
  }
  if (f & kState) j["state"] = std::string(to_string(e.state));
  if ((f & kReason) && e.reason != EscalationReason::none) j["reason"] = std::string(to_string(e.reason));
  if (f & kQueue) {
    j["position"] = e.position;
    j["estimate_s"] = e.estimate_s;
  }
  if (f & kContact) put(j, "contact", e.contact);
  if (f & kScore) j["score"] = e.score;
  if ((f & kAct) && e.act != DialogueAct::none) j["act"] = std::string(to_string(e.act));
  if ((f & kReplyTo) && e.reply_to != 0) j["reply_to"] = e.reply_to;
  if ((f & kReplies) && !e.replies.empty()) {
    j["replies"] = list(e.replies, [](const QuickReply& q) {
      json o{{"text", q.text}};
      if (q.action != ReplyAction::say) o["action"] = std::string(to_string(q.action));
      return o;
    });
  }
  if ((f & kCard) && !e.card.empty()) {
    json c = json::object();
    put(c, "title", e.card.title);
    put(c, "body", e.card.body);
    j["card"] = std::move(c);
  }
  if ((f & kFeedback) && e.feedback != Feedback::none) j["feedback"] = std::string(to_string(e.feedback));
  return j;
}

void write_event(std::string& out, const Event& e, bool customer_view) {
  json_out::Object o(out);
  o.num("seq", e.seq).num("at", e.at).str("kind", to_string(e.kind));
  const unsigned f = fields_of(e.kind);
  if (f & kSpeaker) o.str("speaker", to_string(e.speaker));
  if (f & kAuthor) o.str_if("author", e.author);
  if (f & kText) {
    if (text_required(e.kind)) o.str("text", e.text);
    else o.str_if("text", e.text);
  }
  if (f & kCid) o.str_if("cid", e.client_id);
  if ((f & kAgentId) && !customer_view) o.str_if("agent_id", e.agent_id);
  if (f & kArticle) {
    o.str_if("article_id", e.article_id);
    if (e.speaker == Speaker::ai || e.confidence != 0) o.real("confidence", e.confidence);
  }
  if (f & kState) o.str("state", to_string(e.state));
  if ((f & kReason) && e.reason != EscalationReason::none) o.str("reason", to_string(e.reason));
  if (f & kQueue) o.num("position", e.position).num("estimate_s", e.estimate_s);
  if (f & kContact) o.str_if("contact", e.contact);
  if (f & kScore) o.num("score", e.score);
  if ((f & kAct) && e.act != DialogueAct::none) o.str("act", to_string(e.act));
  if ((f & kReplyTo) && e.reply_to != 0) o.num("reply_to", e.reply_to);
  if ((f & kReplies) && !e.replies.empty()) {
    std::string list = "[";
    for (const QuickReply& q : e.replies) {
      if (list.size() > 1) list += ',';
      json_out::Object r(list);
      r.str("text", q.text);
      if (q.action != ReplyAction::say) r.str("action", to_string(q.action));
      r.close();
    }
    list += ']';
    o.raw("replies", list);
  }
  if ((f & kCard) && !e.card.empty()) {
    std::string card;
    json_out::Object c(card);
    c.str_if("title", e.card.title).str_if("body", e.card.body);
    c.close();
    o.raw("card", card);
  }
  if ((f & kFeedback) && e.feedback != Feedback::none) o.str("feedback", to_string(e.feedback));
  o.close();
}

std::string event_json(const Event& e) {
  std::string out;
  out.reserve(96 + e.text.size());
  write_event(out, e, false);
  return out;
}

json to_json(const CartItem& c) {
  json j = json::object();
  j["name"] = c.name;
  if (c.quantity != 1) j["quantity"] = c.quantity;
  if (c.price != 0) j["price"] = finite(c.price);
  return j;
}

json to_json(const Context& c) {
  json j = json::object();
  put(j, "page", c.page);
  put(j, "checkout_step", c.checkout_step);
  put(j, "payment_error", c.payment_error);
  put(j, "order_id", c.order_id);
  put(j, "currency", c.currency);
  if (c.cart_total != 0) j["cart_total"] = finite(c.cart_total);
  if (!c.cart.empty()) j["cart"] = list(c.cart, [](const CartItem& i) { return to_json(i); });
  put(j, "customer_id", c.customer_id);
  put(j, "customer_name", c.customer_name);
  put(j, "customer_email", c.customer_email);
  put(j, "identity_token", c.identity_token);
  if (c.identity_verified) j["identity_verified"] = true;
  return j;
}

json to_json(const Fact& f) { return json{{"kind", f.kind}, {"value", f.value}}; }

json to_json(const Brief& b) {
  json j = json::object();
  put(j, "summary", b.summary);
  if (!b.summary_lines.empty()) j["summary_lines"] = b.summary_lines;
  put(j, "intent", b.intent);
  if (!b.facts.empty()) j["facts"] = list(b.facts, [](const Fact& f) { return to_json(f); });
  put(j, "sentiment", b.sentiment);
  if (!b.ai_answered.empty()) j["ai_answered"] = b.ai_answered;
  if (b.reason != EscalationReason::none) j["reason"] = std::string(to_string(b.reason));
  put(j, "language", b.language);
  if (!(b.context == Context{})) j["context"] = to_json(b.context);
  put(j, "previous", b.previous);
  if (b.answers_helpful != 0) j["answers_helpful"] = b.answers_helpful;
  if (b.answers_not_helpful != 0) j["answers_not_helpful"] = b.answers_not_helpful;
  return j;
}

json to_json(const proto::QueueEntry& q) {
  json j = json::object();
  j["conversation"] = q.conversation;
  if (q.position != 0) j["position"] = q.position;
  if (q.wait_s != 0) j["wait_s"] = q.wait_s;
  put(j, "language", q.language);
  put(j, "intent", q.intent);
  if (q.reason != EscalationReason::none) j["reason"] = std::string(to_string(q.reason));
  put(j, "preview", q.preview);
  return j;
}

Result<Event, std::string> event_from_json(const json& j) { return standalone<Event>(j, proto::decode_event); }
Result<CartItem, std::string> cart_item_from_json(const json& j) {
  return standalone<CartItem>(j, proto::decode_cart_item);
}
Result<Context, std::string> context_from_json(const json& j) { return standalone<Context>(j, proto::decode_context); }
Result<Fact, std::string> fact_from_json(const json& j) { return standalone<Fact>(j, proto::decode_fact); }
Result<Brief, std::string> brief_from_json(const json& j) { return standalone<Brief>(j, proto::decode_brief); }
Result<proto::QueueEntry, std::string> queue_entry_from_json(const json& j) {
  return standalone<proto::QueueEntry>(j, proto::decode_queue_entry);
}

}  // namespace duet
