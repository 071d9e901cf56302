#pragma once
// JSON forms of the model's plain data (Event, Context, CartItem, Brief, Fact, QueueEntry), shared by
// the protocol codec and the server's store, so a stored event and an event on the wire are the same
// JSON. Also FieldReader: reads one JSON object field by field and keeps the first problem together
// with the path of the offending field ("context.cart[1].price"), so every decoder reports alike.
//
// Writing: required fields are always written, optional ones only when they differ from their
// default. Events carry only the fields meaningful for their kind (besides seq, at, kind):
//
//   kind             fields
//   message          speaker, text, author?, cid?, agent_id?, article_id?, confidence (speaker ai), act?, reply_to?
//   note             speaker, text, author?, cid?, agent_id?
//   state            state, reason?
//   queue            position, estimate_s
//   agent_joined     speaker, author?, agent_id?
//   agent_left       speaker, author?, agent_id?
//   offer_human      speaker, reason?, text?
//   ai_resumed       speaker, author?, agent_id?
//   offline_message  speaker, text, cid?, contact?
//   rating           speaker, score, text? (the comment)
//
// so anything else set on an Event does not survive a round trip; reading checks such extra fields'
// JSON types and then drops them too, so decoding what was encoded is exact. `cid` is Event::client_id.
// Reading never throws; the *_from_json functions return the error message for people.
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "brief.hpp"
#include "protocol.hpp"
#include "result.hpp"
#include "types.hpp"

namespace duet {

nlohmann::json to_json(const Event& e);
// The same JSON as to_json(e).dump(), written directly (no DOM): the server's hot path.
// `customer_view` leaves out agent_id, as proto::customer_view does.
void write_event(std::string& out, const Event& e, bool customer_view);
std::string event_json(const Event& e);
nlohmann::json to_json(const CartItem& c);
nlohmann::json to_json(const Context& c);
nlohmann::json to_json(const Fact& f);
nlohmann::json to_json(const Brief& b);
nlohmann::json to_json(const proto::QueueEntry& q);

Result<Event, std::string> event_from_json(const nlohmann::json& j);
Result<CartItem, std::string> cart_item_from_json(const nlohmann::json& j);
Result<Context, std::string> context_from_json(const nlohmann::json& j);
Result<Fact, std::string> fact_from_json(const nlohmann::json& j);
Result<Brief, std::string> brief_from_json(const nlohmann::json& j);
Result<proto::QueueEntry, std::string> queue_entry_from_json(const nlohmann::json& j);

namespace proto {

// Problems found while decoding one frame, kept in the order the protocol reports them: a missing or
// wrong-typed field first, then a text over its limit, then an impossible value. Within each, the
// first one found wins.
class DecodeErrors {
 public:
  void add(Error e);
  bool any() const { return shape_ || length_ || value_; }
  std::optional<Error> first() const;

 private:
  std::optional<Error> shape_, length_, value_;
};

enum class Need { optional, required, non_empty };  // non_empty: required, and "" is a bad value

// Reads the fields of one JSON object. Every read returns the value or, when the field is absent,
// wrong or out of range, the fallback, and records the problem in the shared DecodeErrors.
class FieldReader {
 public:
  // `path` is where this object sits in the frame ("" for the frame itself, "context", "events[2]").
  FieldReader(const nlohmann::json& object, std::string path, DecodeErrors& errors);

  std::string text(std::string_view key, Need need = Need::optional,
                   std::size_t max_bytes = std::numeric_limits<std::size_t>::max());
  std::int64_t integer(std::string_view key, Need need, std::int64_t fallback, std::int64_t min,
                       std::int64_t max);
  int small_integer(std::string_view key, Need need, int fallback, int min, int max);
  double number(std::string_view key, Need need, double fallback, double min, double max);
  bool boolean(std::string_view key, Need need, bool fallback);
  std::vector<std::string> strings(std::string_view key, Need need = Need::optional);
  std::optional<Speaker> speaker(std::string_view key, Need need);
  std::optional<State> state(std::string_view key, Need need);
  std::optional<EventKind> event_kind(std::string_view key, Need need);
  std::optional<EscalationReason> reason(std::string_view key, Need need);
  std::optional<DialogueAct> act(std::string_view key, Need need);
  std::optional<ReplyAction> reply_action(std::string_view key, Need need);
  std::optional<Feedback> feedback(std::string_view key, Need need);
  std::optional<ErrorCode> error_code(std::string_view key, Need need);
  // The nested object or array, or nullptr when absent (recorded if required) or of another type.
  const nlohmann::json* object(std::string_view key, Need need);
  const nlohmann::json* array(std::string_view key, Need need);

  std::string path_of(std::string_view key) const;
  DecodeErrors& errors() { return errors_; }

 private:
  const nlohmann::json* find(std::string_view key, Need need, std::string_view expected);
  void wrong_type(std::string_view key, const nlohmann::json& value, std::string_view expected);
  void bad_value(std::string_view key, std::string message);
  std::optional<std::string> enum_string(std::string_view key, Need need);

  const nlohmann::json& object_;
  std::string path_;
  DecodeErrors& errors_;
};

// Decoders for nested values: `path` names the value itself; a non-object is a wrong_type error.
Event decode_event(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);
CartItem decode_cart_item(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);
Context decode_context(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);
Fact decode_fact(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);
Brief decode_brief(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);
QueueEntry decode_queue_entry(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);
InboxEntry decode_inbox_entry(const nlohmann::json& j, const std::string& path, DecodeErrors& errors);

// Decodes every element of an array with `decode(element, "key[i]", errors)`.
template <class T, class Decode>
std::vector<T> decode_list(const nlohmann::json* array, const std::string& path, DecodeErrors& errors,
                           Decode decode) {
  std::vector<T> out;
  if (!array) return out;
  out.reserve(array->size());
  for (std::size_t i = 0; i < array->size(); ++i)
    out.push_back(decode((*array)[i], path + "[" + std::to_string(i) + "]", errors));
  return out;
}

}  // namespace proto
}  // namespace duet
