// Protocol v1 codec: every message round-trips, events carry only their kind's fields, customers never
// see agent ids, and every malformed frame gets the right error code, field and a readable message.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "model/enum_names.hpp"
#include "model/json_codec.hpp"
#include "model/protocol.hpp"

using namespace duet;
using namespace duet::proto;
using nlohmann::json;

namespace {

Context checkout_context() {
  Context c;
  c.page = "https://shop.example/checkout";
  c.checkout_step = "payment";
  c.payment_error = "card_declined";
  c.order_id = "A-10293";
  c.currency = "SEK";
  c.cart_total = 349.5;
  c.cart = {{"Wool socks", 2, 99.75}, {"Mössa (röd)", 1, 150}};
  c.customer_id = "cust-77";
  c.customer_name = "Åsa Öberg";
  c.customer_email = "asa@example.se";
  return c;
}

Brief refund_brief() {
  Brief b;
  b.summary = "Paid twice for order #A-10293 and wants one payment refunded.";
  b.summary_lines = {"Wants a refund for order #A-10293 (349 SEK).", "Still open: the refund (no answer yet)."};
  b.intent = "refund";
  b.facts = {{"order_id", "#A-10293"}, {"amount", "349 SEK"}, {"date", "12 March"}};
  b.sentiment = "negative";
  b.ai_answered = {"Refunds and their timing"};
  b.reason = EscalationReason::customer_request;
  b.language = "sv";
  b.context = checkout_context();
  return b;
}

Event event(Seq seq, EventKind kind) {
  Event e;
  e.seq = seq;
  e.at = 1700000000000 + seq * 1000;
  e.kind = kind;
  return e;
}

// One realistic event of every kind, with exactly the fields that kind carries.
std::vector<Event> one_event_of_each_kind() {
  std::vector<Event> out;
  Event customer = event(1, EventKind::message);
  customer.speaker = Speaker::customer;
  customer.text = "Jag har betalat två gånger 😕";
  customer.client_id = "c-1";
  out.push_back(customer);
  Event ai = event(2, EventKind::message);
  ai.speaker = Speaker::ai;
  ai.text = "Refunds take 3-5 banking days.";
  ai.article_id = "refund-timing";
  ai.confidence = 0.8125;
  out.push_back(ai);
  Event offer = event(3, EventKind::offer_human);
  offer.speaker = Speaker::ai;
  offer.reason = EscalationReason::low_confidence;
  out.push_back(offer);
  Event waiting = event(4, EventKind::state);
  waiting.state = State::waiting_human;
  waiting.reason = EscalationReason::customer_request;
  out.push_back(waiting);
  Event queue = event(5, EventKind::queue);
  queue.position = 2;
  queue.estimate_s = 180;
  out.push_back(queue);
  Event joined = event(6, EventKind::agent_joined);
  joined.speaker = Speaker::agent;
  joined.author = "Maja";
  joined.agent_id = "agent-7";
  out.push_back(joined);
  Event human = event(7, EventKind::message);
  human.speaker = Speaker::agent;
  human.author = "Maja";
  human.agent_id = "agent-7";
  human.client_id = "a-1";
  human.text = "Hej! I can see both payments.";
  out.push_back(human);
  Event note = event(8, EventKind::note);
  note.speaker = Speaker::agent;
  note.author = "Maja";
  note.agent_id = "agent-7";
  note.client_id = "a-2";
  note.text = "Duplicate capture, refund via PSP.";
  out.push_back(note);
  Event left = event(9, EventKind::agent_left);
  left.speaker = Speaker::agent;
  left.author = "Maja";
  left.agent_id = "agent-7";
  out.push_back(left);
  out.push_back(event(10, EventKind::ai_resumed));
  Event offline = event(11, EventKind::offline_message);
  offline.speaker = Speaker::customer;
  offline.client_id = "c-2";
  offline.contact = "asa@example.se";
  offline.text = "Please email me when it is refunded.";
  out.push_back(offline);
  Event rating = event(12, EventKind::rating);
  rating.speaker = Speaker::customer;
  rating.score = 4;
  rating.text = "Quick and kind";
  out.push_back(rating);
  Event greeting = event(99, EventKind::message);
  greeting.speaker = Speaker::ai;
  greeting.text = "Hi! How can I help?";
  greeting.act = DialogueAct::greeting;
  greeting.reply_to = 98;
  out.push_back(greeting);
  return out;
}

// A realistic instance of every message type.
std::vector<Message> one_message_of_each_type() {
  const auto events = one_event_of_each_kind();
  Hello hello{"site_live_abc", "resume.token.sig", 41, "sv-SE", checkout_context()};
  Welcome welcome;
  welcome.conversation = "conv-1";
  welcome.resume = "resume.token.sig";
  welcome.state = State::waiting_human;
  welcome.events = customer_view(events);
  welcome.humans_available = true;
  welcome.queue_position = 2;
  welcome.estimate_s = 180;
  welcome.more = true;
  Welcome with_agent;
  with_agent.conversation = "conv-2";
  with_agent.state = State::with_human;
  with_agent.agent_name = "Maja";
  AgentWelcome agent{"agent-7", "Maja", {"sv", "en"}, {"fraud", "dispute"}, 4, true,
                     {"Hej! Jag tittar på det nu.", "Thanks for waiting."}};
  Queue queue;
  queue.entries = {{"conv-1", 1, 95, "sv", "refund", EscalationReason::customer_request, "Jag har betalat två gånger"},
                   {"conv-9", 2, 12, "de", "fraud", EscalationReason::fraud, "Ich habe das nicht bestellt"}};
  queue.agents_available = 3;
  Snapshot snapshot{"conv-1", State::with_human, refund_brief(), events};
  Snapshot follow_up_snapshot{"conv-3", State::with_human, refund_brief(), {events[0]}, "conv-1", events};
  follow_up_snapshot.brief.previous = "conv-1";
  Welcome follow_up;
  follow_up.conversation = "conv-3";
  follow_up.state = State::waiting_human;
  follow_up.previous = "conv-1";
  follow_up.earlier = customer_view(events);
  Event left = event(7, EventKind::offline_message);
  left.speaker = Speaker::customer;
  left.contact = "asa@example.se";
  left.text = "Call me tomorrow, please.";
  Inbox inbox{{{"conv-5", left, refund_brief()}}, 1};
  return {
      hello,
      Say{"c-3", "Var är min återbetalning?", ""},
      Say{"a-3", "Your refund is on its way.", "conv-1"},
      RequestHuman{"button"},
      Typing{true, "", Speaker::customer, ""},
      Typing{false, "conv-1", Speaker::agent, "Maja"},
      Typing{false, "", Speaker::ai, "", 12},
      Rate{5, "Very helpful"},
      LeaveMessage{"c-4", "asa@example.se", "Call me tomorrow, please."},
      SetContext{checkout_context()},
      End{},
      LeaveQueue{},
      Replay{41, "", {}, false},
      Replay{0, "conv-1", events, true},
      welcome,
      with_agent,
      EventMsg{"conv-1", events[1]},
      Stream{"conv-1", 12, "Refunds take 3-5 "},
      Ack{"c-3", 13, "conv-1"},
      Error{ErrorCode::text_too_long, "Your message is too long.", "text", "c-3"},
      AgentHello{"tok-123"},
      Status{false, 5},
      Accept{"conv-1"},
      Note{"conv-1", "a-4", "Customer is calm now."},
      ReturnToAi{"conv-1"},
      Transfer{"conv-1", "agent-9", "Needs German speaker"},
      Transfer{"conv-1", "", ""},
      Resolve{"conv-1"},
      agent,
      queue,
      Offer{"conv-1", refund_brief()},
      snapshot,
      follow_up_snapshot,
      follow_up,
      inbox,
      Agents{{{"agent-7", "Maja", {"sv", "en"}, true, 2, 4}, {"agent-9", "Jonas", {"de"}, false, 0, 3}}, 0},
      Agents{{}, 3},
      Read{"conv-1", 4, 6, Speaker::agent},
      Read{{}, 2, 0, Speaker::customer},
  };
}

json frame_json(const std::string& frame) { return json::parse(frame); }

std::string repeat(std::string_view piece, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

std::string say_with_text(const std::string& text) {
  return json{{"v", 1}, {"type", "say"}, {"cid", "c-1"}, {"text", text}}.dump();
}

struct BadFrame {
  const char* what;
  std::string frame;
  ErrorCode code;
  std::string field;
};

std::vector<BadFrame> bad_frames() {
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  const std::string deep_extra = R"({"v":1,"type":"end","x":)" + std::string(40, '[') + std::string(40, ']') + "}";
  return {
      {"empty frame", "", ErrorCode::bad_json, ""},
      {"not JSON", "hello there", ErrorCode::bad_json, ""},
      {"truncated JSON", R"({"v":1,"type":"say")", ErrorCode::bad_json, ""},
      {"trailing garbage", R"({"v":1,"type":"end"} {})", ErrorCode::bad_json, ""},
      {"raw NUL inside a string", std::string(R"({"v":1,"type":"say","cid":"c","text":"a)") + '\0' + "b\"}",
       ErrorCode::bad_json, ""},
      {"escaped lone surrogate", R"({"v":1,"type":"say","cid":"c","text":"\ud800"})", ErrorCode::bad_json, ""},
      {"number overflow", R"({"v":1,"type":"rate","score":1e400})", ErrorCode::bad_json, ""},
      {"deeply nested arrays", deep, ErrorCode::bad_json, ""},
      {"deeply nested unknown field", deep_extra, ErrorCode::bad_json, ""},
      {"array", R"([{"v":1,"type":"end"}])", ErrorCode::not_an_object, ""},
      {"string", R"("say")", ErrorCode::not_an_object, ""},
      {"number", "42", ErrorCode::not_an_object, ""},
      {"missing v", R"({"type":"end"})", ErrorCode::bad_version, "v"},
      {"null v", R"({"v":null,"type":"end"})", ErrorCode::bad_version, "v"},
      {"wrong v", R"({"v":2,"type":"end"})", ErrorCode::bad_version, "v"},
      {"v as string", R"({"v":"1","type":"end"})", ErrorCode::bad_version, "v"},
      {"v as float", R"({"v":1.0,"type":"end"})", ErrorCode::bad_version, "v"},
      {"missing type", R"({"v":1})", ErrorCode::unknown_type, "type"},
      {"type not a string", R"({"v":1,"type":5})", ErrorCode::unknown_type, "type"},
      {"unknown type", R"({"v":1,"type":"sya","cid":"c","text":"hi"})", ErrorCode::unknown_type, "type"},
      {"type with wrong case", R"({"v":1,"type":"Say","cid":"c","text":"hi"})", ErrorCode::unknown_type, "type"},
      {"missing cid", R"({"v":1,"type":"say","text":"hi"})", ErrorCode::missing_field, "cid"},
      {"null cid", R"({"v":1,"type":"say","cid":null,"text":"hi"})", ErrorCode::missing_field, "cid"},
      {"cid wrong type", R"({"v":1,"type":"say","cid":17,"text":"hi"})", ErrorCode::wrong_type, "cid"},
      {"empty cid", R"({"v":1,"type":"say","cid":"","text":"hi"})", ErrorCode::bad_value, "cid"},
      {"missing text", R"({"v":1,"type":"say","cid":"c"})", ErrorCode::missing_field, "text"},
      {"text as array", R"({"v":1,"type":"say","cid":"c","text":["hi"]})", ErrorCode::wrong_type, "text"},
      {"empty text", R"({"v":1,"type":"say","cid":"c","text":""})", ErrorCode::bad_value, "text"},
      {"text 4001 bytes", say_with_text(std::string(4001, 'a')), ErrorCode::text_too_long, "text"},
      {"text 4001 bytes of multibyte", say_with_text(repeat("\xC3\xA9", 2000) + "a"), ErrorCode::text_too_long, "text"},
      {"overlong UTF-8 slash", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"\xC0\xAF\"}", ErrorCode::bad_utf8, ""},
      {"overlong 3-byte NUL", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"\xE0\x80\x80\"}", ErrorCode::bad_utf8, ""},
      {"UTF-8 encoded surrogate", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"\xED\xA0\x80\"}", ErrorCode::bad_utf8,
       ""},
      {"truncated UTF-8 sequence", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"\xE2\x82\"}", ErrorCode::bad_utf8, ""},
      {"truncated at end of frame", "{\"v\":1,\"type\":\"end\"}\xF0\x9F\x98", ErrorCode::bad_utf8, ""},
      {"above U+10FFFF", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"\xF4\x90\x80\x80\"}", ErrorCode::bad_utf8, ""},
      {"stray continuation byte", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"\x80\"}", ErrorCode::bad_utf8, ""},
      {"Latin-1 byte", "{\"v\":1,\"type\":\"say\",\"cid\":\"c\",\"text\":\"caf\xE9\"}", ErrorCode::bad_utf8, ""},
      {"frame too large", say_with_text(std::string(17000, 'a')), ErrorCode::frame_too_large, ""},
      {"frame too large even if not JSON", std::string(16 * 1024 + 1, '{'), ErrorCode::frame_too_large, ""},
      {"rating 0", R"({"v":1,"type":"rate","score":0})", ErrorCode::bad_value, "score"},
      {"rating 6", R"({"v":1,"type":"rate","score":6})", ErrorCode::bad_value, "score"},
      {"rating as string", R"({"v":1,"type":"rate","score":"5"})", ErrorCode::wrong_type, "score"},
      {"rating as fraction", R"({"v":1,"type":"rate","score":4.5})", ErrorCode::wrong_type, "score"},
      {"rating missing", R"({"v":1,"type":"rate","comment":"great"})", ErrorCode::missing_field, "score"},
      {"rating comment too long",
       json{{"v", 1}, {"type", "rate"}, {"score", 5}, {"comment", std::string(4001, 'c')}}.dump(),
       ErrorCode::text_too_long, "comment"},
      {"capacity 51", R"({"v":1,"type":"status","available":true,"capacity":51})", ErrorCode::bad_value, "capacity"},
      {"capacity -1", R"({"v":1,"type":"status","available":true,"capacity":-1})", ErrorCode::bad_value, "capacity"},
      {"capacity huge", R"({"v":1,"type":"status","available":true,"capacity":18446744073709551615})",
       ErrorCode::bad_value, "capacity"},
      {"status without available", R"({"v":1,"type":"status","capacity":2})", ErrorCode::missing_field, "available"},
      {"available as string", R"({"v":1,"type":"status","available":"yes"})", ErrorCode::wrong_type, "available"},
      {"note text too long",
       json{{"v", 1}, {"type", "note"}, {"conversation", "x"}, {"cid", "a"}, {"text", std::string(5000, 'n')}}.dump(),
       ErrorCode::text_too_long, "text"},
      {"leave_message without text", R"({"v":1,"type":"leave_message","cid":"c","contact":"a@b.c"})",
       ErrorCode::missing_field, "text"},
      {"hello without site", R"({"v":1,"type":"hello","locale":"sv"})", ErrorCode::missing_field, "site"},
      {"hello negative last_seq", R"({"v":1,"type":"hello","site":"s","last_seq":-1})", ErrorCode::bad_value,
       "last_seq"},
      {"context as array", R"({"v":1,"type":"set_context","context":[]})", ErrorCode::wrong_type, "context"},
      {"set_context without context", R"({"v":1,"type":"set_context"})", ErrorCode::missing_field, "context"},
      {"cart quantity as text", R"({"v":1,"type":"hello","site":"s","context":{"cart":[{"name":"a"},{"name":"b","quantity":"two"}]}})",
       ErrorCode::wrong_type, "context.cart[1].quantity"},
      {"cart item without name", R"({"v":1,"type":"set_context","context":{"cart":[{"quantity":1}]}})",
       ErrorCode::missing_field, "context.cart[0].name"},
      {"accept empty conversation", R"({"v":1,"type":"accept","conversation":""})", ErrorCode::bad_value,
       "conversation"},
      {"welcome unknown state", R"({"v":1,"type":"welcome","conversation":"c","state":"sleeping"})",
       ErrorCode::bad_value, "state"},
      {"event unknown kind", R"({"v":1,"type":"event","event":{"seq":1,"at":5,"kind":"dance"}})", ErrorCode::bad_value,
       "event.kind"},
      {"event without seq", R"({"v":1,"type":"event","event":{"at":5,"kind":"message"}})", ErrorCode::missing_field,
       "event.seq"},
      {"transcript event confidence 2",
       R"({"v":1,"type":"welcome","conversation":"c","state":"ai","events":[{"seq":1,"at":1,"kind":"message"},{"seq":2,"at":2,"kind":"message","confidence":2}]})",
       ErrorCode::bad_value, "events[1].confidence"},
      {"error with unknown code", R"({"v":1,"type":"error","code":"oops","message":"x"})", ErrorCode::bad_value, "code"},
      {"typing who unknown", R"({"v":1,"type":"typing","who":"robot"})", ErrorCode::bad_value, "who"},
      {"languages with a number", R"({"v":1,"type":"agent_welcome","agent_id":"a","name":"M","languages":["sv",3]})",
       ErrorCode::wrong_type, "languages[1]"},
      {"queue entries missing", R"({"v":1,"type":"queue"})", ErrorCode::missing_field, "entries"},
      {"offer brief fact wrong type", R"({"v":1,"type":"offer","conversation":"c","brief":{"facts":[{"kind":"amount","value":349}]}})",
       ErrorCode::wrong_type, "brief.facts[0].value"},
  };
}

}  // namespace

TEST_CASE("every message type survives serialize then parse", "[protocol]") {
  const auto messages = one_message_of_each_type();
  std::set<std::string_view> covered;
  for (const auto& m : messages) {
    const std::string frame = serialize(m);
    INFO(frame);
    covered.insert(type_name(m));
    const auto parsed = parse(frame, Limits::for_server_frames());
    REQUIRE(parsed.ok());
    CHECK(parsed.value() == m);
    CHECK(type_name(parsed.value()) == type_name(m));
    // Every frame is compact JSON that starts with the version and the type.
    CHECK(frame.rfind(R"({"v":1,"type":")" + std::string(type_name(m)) + "\"", 0) == 0);
    CHECK(frame_json(frame).dump().size() == frame.size());  // compact: no whitespace between tokens
  }
  CHECK(covered.size() == std::variant_size_v<Message>);
}

TEST_CASE("the agents list is read like every frame: ids required, capacities bounded", "[protocol]") {
  auto missing = parse(R"({"v":1,"type":"agents","agents":[{"name":"Maja"}]})", Limits::for_server_frames());
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::missing_field);
  CHECK(missing.error().field == "agents[0].agent_id");
  auto capacity = parse(R"({"v":1,"type":"agents","agents":[{"agent_id":"a","name":"Maja","capacity":99}]})",
                        Limits::for_server_frames());
  REQUIRE_FALSE(capacity.ok());
  CHECK(capacity.error().code == ErrorCode::bad_value);
  auto defaults = parse(R"({"v":1,"type":"agents","agents":[{"agent_id":"a","name":"Maja"}]})", Limits::for_server_frames());
  REQUIRE(defaults.ok());
  const auto& a = std::get<Agents>(defaults.value()).agents.at(0);
  CHECK_FALSE(a.available);
  CHECK(a.assigned == 0);
  CHECK(a.capacity == 3);
}

TEST_CASE("every event kind survives an event frame", "[protocol]") {
  for (const Event& e : one_event_of_each_kind()) {
    const std::string frame = serialize(EventMsg{"conv-1", e});
    INFO(frame);
    const auto parsed = parse(frame);
    REQUIRE(parsed.ok());
    CHECK(std::get<EventMsg>(parsed.value()).event == e);
  }
}

TEST_CASE("events carry only the fields meaningful for their kind", "[protocol]") {
  auto keys = [](const Event& e) {
    std::set<std::string> out;
    const json j = to_json(e);
    for (const auto& item : j.items()) out.insert(item.key());
    return out;
  };
  const auto events = one_event_of_each_kind();
  using Keys = std::set<std::string>;
  CHECK(keys(events[0]) == Keys{"seq", "at", "kind", "speaker", "text", "cid"});
  CHECK(keys(events[1]) == Keys{"seq", "at", "kind", "speaker", "text", "article_id", "confidence"});
  CHECK(keys(events[3]) == Keys{"seq", "at", "kind", "state", "reason"});
  CHECK(keys(events[4]) == Keys{"seq", "at", "kind", "position", "estimate_s"});
  CHECK(keys(events[6]) == Keys{"seq", "at", "kind", "speaker", "text", "author", "agent_id", "cid"});
  CHECK(keys(events[11]) == Keys{"seq", "at", "kind", "speaker", "score", "text"});

  // Stray fields set on the wrong kind are not sent.
  Event queue = events[4];
  queue.text = "should not travel";
  queue.score = 3;
  CHECK(keys(queue) == Keys{"seq", "at", "kind", "position", "estimate_s"});
  // ... and not kept when they arrive, so reading then writing again is exact.
  const auto read = event_from_json(json{{"seq", 5}, {"at", 9}, {"kind", "queue"}, {"position", 1},
                                         {"estimate_s", 60}, {"text", "stray"}, {"speaker", "ai"}});
  REQUIRE(read.ok());
  CHECK(read.value().text.empty());
  CHECK(read.value().speaker == Speaker::system);
  CHECK(read.value().position == 1);
  // An AI answer with confidence 0 still says so: "unsure" is information.
  Event unsure = events[1];
  unsure.confidence = 0;
  CHECK(to_json(unsure).at("confidence") == 0);
}

TEST_CASE("customers never see agent ids or internal notes", "[protocol]") {
  const auto events = one_event_of_each_kind();
  const Event& human = events[6];
  REQUIRE_FALSE(human.agent_id.empty());

  CHECK(customer_view(human).agent_id.empty());
  CHECK(customer_view(human).author == "Maja");

  const std::string frame = serialize_for_customer(EventMsg{"conv-1", human});
  CHECK(frame.find("agent_id") == std::string::npos);
  CHECK(frame.find("agent-7") == std::string::npos);
  CHECK(frame.find("Maja") != std::string::npos);
  // The agent-facing form keeps it.
  CHECK(serialize(EventMsg{"conv-1", human}).find("\"agent_id\":\"agent-7\"") != std::string::npos);

  const Event& note = events[7];
  REQUIRE(note.kind == EventKind::note);
  CHECK(serialize_for_customer(EventMsg{"conv-1", note}).empty());

  Welcome welcome;
  welcome.conversation = "conv-1";
  welcome.events = events;
  const std::string welcome_frame = serialize_for_customer(welcome);
  CHECK(welcome_frame.find("agent-7") == std::string::npos);
  CHECK(welcome_frame.find("Duplicate capture") == std::string::npos);
  const auto parsed = parse(welcome_frame);
  REQUIRE(parsed.ok());
  CHECK(std::get<Welcome>(parsed.value()).events.size() == events.size() - 1);
}

TEST_CASE("malformed frames get the right error code and field", "[protocol]") {
  const auto table = bad_frames();
  REQUIRE(table.size() >= 25);
  for (const auto& row : table) {
    INFO(row.what);
    const auto result = parse(row.frame);
    REQUIRE_FALSE(result.ok());
    const Error& error = result.error();
    INFO(error.message);
    CHECK(to_string(error.code) == to_string(row.code));
    CHECK(error.field == row.field);
  }
}

TEST_CASE("error messages are short, readable sentences a person can act on", "[protocol]") {
  for (const auto& row : bad_frames()) {
    INFO(row.what);
    const auto result = parse(row.frame);
    REQUIRE_FALSE(result.ok());
    const std::string& message = result.error().message;
    INFO(message);
    CHECK(message.size() >= 20);
    CHECK(message.size() <= 400);
    CHECK(valid_utf8(message));
    CHECK(message.find("json.exception") == std::string::npos);  // no library internals
    CHECK(message.back() == '.');
    if (!row.field.empty()) CHECK(message.find('"' + row.field + '"') != std::string::npos);
    // The error itself travels as a valid frame.
    const auto echoed = parse(serialize(result.error()));
    REQUIRE(echoed.ok());
    CHECK(std::get<Error>(echoed.value()) == result.error());
  }
  // Spot checks of wording.
  CHECK(parse(R"({"v":1,"type":"sya"})").error().message.find("say") != std::string::npos);
  CHECK(parse(R"({"v":1,"type":"rate","score":6})").error().message.find("between 1 and 5") != std::string::npos);
  CHECK(parse(say_with_text(std::string(4001, 'a'))).error().message.find("4001") != std::string::npos);
}

TEST_CASE("text length limit is 4000 UTF-8 bytes, inclusive", "[protocol]") {
  CHECK(parse(say_with_text(std::string(3999, 'a'))).ok());
  CHECK(parse(say_with_text(std::string(4000, 'a'))).ok());
  CHECK(parse(say_with_text(std::string(4001, 'a'))).error().code == ErrorCode::text_too_long);

  const std::string euros = repeat("\xE2\x82\xAC", 1333);  // 3999 bytes; one more euro sign is 4002
  CHECK(parse(say_with_text(euros)).ok());
  CHECK(parse(say_with_text(euros + "\xE2\x82\xAC")).error().code == ErrorCode::text_too_long);

  Limits tight;
  tight.max_text_bytes = 10;
  CHECK(parse(say_with_text("0123456789"), tight).ok());
  CHECK(parse(say_with_text("0123456789!"), tight).error().code == ErrorCode::text_too_long);
}

TEST_CASE("frame size limit applies before anything else", "[protocol]") {
  Limits small;
  small.max_frame_bytes = 64;
  const std::string ok = R"({"v":1,"type":"end"})";
  CHECK(parse(ok, small).ok());
  const std::string padded = R"({"v":1,"type":"end","pad":")" + std::string(64, 'p') + "\"}";
  CHECK(parse(padded, small).error().code == ErrorCode::frame_too_large);
  // Server frames may be large (whole transcripts); clients parse them with for_server_frames.
  Welcome big;
  big.conversation = "conv-1";
  for (int i = 1; i <= 200; ++i) {
    Event e = event(i, EventKind::message);
    e.speaker = Speaker::ai;
    e.text = std::string(200, 'w');
    big.events.push_back(e);
  }
  const std::string frame = serialize(big);
  REQUIRE(frame.size() > Limits{}.max_frame_bytes);
  CHECK(parse(frame).error().code == ErrorCode::frame_too_large);
  CHECK(parse(frame, Limits::for_server_frames()).ok());
}

TEST_CASE("checks run in the documented order", "[protocol]") {
  // A missing field is reported before a bad value elsewhere in the same frame.
  CHECK(parse(R"({"v":1,"type":"welcome","conversation":"c","state":"bogus","events":[{"seq":1,"kind":"message"}]})")
            .error()
            .field == "events[0].at");
  // A text over the limit is reported before an empty cid.
  const std::string both = json{{"v", 1}, {"type", "say"}, {"cid", ""}, {"text", std::string(4001, 'a')}}.dump();
  CHECK(parse(both).error().code == ErrorCode::text_too_long);
  // Version before type, type before fields.
  CHECK(parse(R"({"v":3,"type":"nope"})").error().code == ErrorCode::bad_version);
  CHECK(parse(R"({"v":1,"type":"nope","cid":5})").error().code == ErrorCode::unknown_type);
  // UTF-8 before JSON.
  CHECK(parse("not json \xFF").error().code == ErrorCode::bad_utf8);
}

TEST_CASE("unknown fields are ignored and optional fields get defaults", "[protocol]") {
  const auto typing = parse(R"({"v":1,"type":"typing","future":{"a":[1,2,3]},"x":null})");
  REQUIRE(typing.ok());
  CHECK(std::get<Typing>(typing.value()) == Typing{true, "", Speaker::customer, ""});

  const auto status = parse(R"({"v":1,"type":"status","available":false})");
  REQUIRE(status.ok());
  CHECK(std::get<Status>(status.value()).capacity == 3);

  const auto welcome = parse(R"({"v":1,"type":"welcome","conversation":"c","state":"ai"})");
  REQUIRE(welcome.ok());
  CHECK(std::get<Welcome>(welcome.value()).estimate_s == -1);
  CHECK(std::get<Welcome>(welcome.value()).events.empty());

  // null means "not set" for optional fields (JavaScript clients send it).
  const auto hello = parse(R"({"v":1,"type":"hello","site":"s","resume":null,"last_seq":null})");
  REQUIRE(hello.ok());
  CHECK(std::get<Hello>(hello.value()) == Hello{"s", "", 0, "", {}});

  // Empty optional fields are omitted when writing.
  CHECK(serialize(Say{"c-1", "hi", ""}) == R"({"v":1,"type":"say","cid":"c-1","text":"hi"})");
  CHECK(serialize(End{}) == R"({"v":1,"type":"end"})");
  CHECK(serialize(RequestHuman{}) == R"({"v":1,"type":"request_human"})");
}

TEST_CASE("a rejected message names its client id so the client can stop resending it", "[protocol]") {
  const auto result = parse(json{{"v", 1}, {"type", "say"}, {"cid", "c-42"}, {"text", std::string(5000, 'a')}}.dump());
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().cid == "c-42");
  CHECK(parse(R"({"v":1,"type":"rate","score":9})").error().cid.empty());
}

TEST_CASE("serialize never throws and always writes valid UTF-8", "[protocol]") {
  const std::string broken = "caf\xE9 \xC0\xAF";
  std::string frame;
  REQUIRE_NOTHROW(frame = serialize(Say{"c-1", broken, ""}));
  CHECK(valid_utf8(frame));
  const auto parsed = parse(frame);
  REQUIRE(parsed.ok());
  CHECK(std::get<Say>(parsed.value()).text.find("\xEF\xBF\xBD") != std::string::npos);  // U+FFFD

  // JSON has no NaN: a broken amount is written as 0 rather than an unreadable null.
  Context c;
  c.cart_total = std::numeric_limits<double>::quiet_NaN();
  c.page = "p";
  const auto context = parse(serialize(SetContext{c}));
  REQUIRE(context.ok());
  CHECK(std::get<SetContext>(context.value()).context.cart_total == 0);
}

TEST_CASE("valid_utf8 follows RFC 3629", "[protocol]") {
  CHECK(valid_utf8(""));
  CHECK(valid_utf8("plain ASCII"));
  CHECK(valid_utf8("h\xC3\xA4r \xE2\x82\xAC \xF0\x9F\x98\x80"));  // ä € 😀
  CHECK(valid_utf8("\xF4\x8F\xBF\xBF"));                          // U+10FFFF
  CHECK(valid_utf8("\xED\x9F\xBF"));                              // U+D7FF, just below the surrogates
  CHECK_FALSE(valid_utf8("\xC1\xBF"));                            // overlong 2-byte
  CHECK_FALSE(valid_utf8("\xF0\x8F\xBF\xBF"));                    // overlong 4-byte
  CHECK_FALSE(valid_utf8("\xED\xBF\xBF"));                        // low surrogate
  CHECK_FALSE(valid_utf8("\xF5\x80\x80\x80"));                    // lead byte above U+10FFFF
  CHECK_FALSE(valid_utf8("\xC3"));                                // truncated
  CHECK_FALSE(valid_utf8("\xE2\x28\xA1"));                        // bad continuation
  CHECK(invalid_utf8_at("ab\xC3\xA4\xFF") == 4);
  CHECK(invalid_utf8_at("ok") == std::string_view::npos);
}

TEST_CASE("error codes have stable names", "[protocol]") {
  std::set<std::string_view> names;
  for (int i = 0; i < static_cast<int>(enum_count<ErrorCode>); ++i) {
    const auto code = static_cast<ErrorCode>(i);
    const auto name = to_string(code);
    CHECK(name != "unknown");
    CHECK(error_code_from_string(name) == code);
    names.insert(name);
  }
  CHECK(names.size() == enum_count<ErrorCode>);
  CHECK(to_string(ErrorCode::frame_too_large) == "frame_too_large");
  CHECK_FALSE(error_code_from_string("nope").has_value());
}

TEST_CASE("the store's JSON conversions round-trip and explain bad rows", "[protocol]") {
  for (const Event& e : one_event_of_each_kind()) {
    const auto back = event_from_json(to_json(e));
    REQUIRE(back.ok());
    CHECK(back.value() == e);
  }
  const auto brief = brief_from_json(to_json(refund_brief()));
  REQUIRE(brief.ok());
  CHECK(brief.value() == refund_brief());
  const auto context = context_from_json(to_json(checkout_context()));
  REQUIRE(context.ok());
  CHECK(context.value() == checkout_context());
  const QueueEntry entry{"conv-1", 1, 30, "de", "fraud", EscalationReason::fraud, "Ich habe das nicht bestellt"};
  CHECK(queue_entry_from_json(to_json(entry)).value() == entry);
  CHECK(fact_from_json(to_json(Fact{"email", "a@b.se"})).value() == Fact{"email", "a@b.se"});
  CHECK(cart_item_from_json(to_json(CartItem{"Socks", 3, 9.5})).value() == CartItem{"Socks", 3, 9.5});

  const auto bad = event_from_json(json{{"seq", 1}, {"at", 2}, {"kind", "shout"}});
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().find("\"kind\"") != std::string::npos);
  CHECK(bad.error().find("message") != std::string::npos);  // lists the valid kinds
  CHECK(bad.error()[0] == 'F');                            // a sentence
  CHECK_FALSE(event_from_json(json::array()).ok());
  CHECK_FALSE(brief_from_json(json{{"facts", "none"}}).ok());
}

TEST_CASE("mutated frames never break parse, and whatever parses round-trips", "[protocol]") {
  std::vector<std::string> seeds;
  for (const auto& m : one_message_of_each_type()) seeds.push_back(serialize(m));
  std::mt19937 rng(20240601);  // fixed seed: the same 4,000 mutations on every run
  using namespace std::string_literals;  // the alphabet contains a NUL byte
  const std::string alphabet = "{}[]\":,0123456789-.eE tfnulrsa\\\x00\x7F\xC3\xA9\xED\xF0"s;
  int parsed_ok = 0;
  for (int i = 0; i < 4000; ++i) {
    std::string frame = seeds[rng() % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits && !frame.empty(); ++k) {
      const std::size_t at = rng() % frame.size();
      switch (rng() % 3) {
        case 0: frame[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: frame.erase(at, 1 + rng() % 8); break;
        default: frame.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
      }
    }
    const auto result = parse(frame, Limits::for_server_frames());
    if (!result.ok()) {
      CHECK_FALSE(result.error().message.empty());
      continue;
    }
    ++parsed_ok;
    const auto again = parse(serialize(result.value()), Limits::for_server_frames());
    REQUIRE(again.ok());
    CHECK(again.value() == result.value());
  }
  CHECK(parsed_ok > 0);  // some mutations land in ignored places and still parse
}
