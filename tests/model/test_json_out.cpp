// The fast JSON writers mean exactly what the generic (nlohmann DOM) writers mean:
//  - json_out::string escapes byte for byte like nlohmann's dump, for every single byte, random
//    valid UTF-8 and random bytes (invalid UTF-8 becoming U+FFFD as nlohmann's `replace` does);
//    json_out::integer/number/Object write the numbers and objects nlohmann would;
//  - event_json(e) parses to to_json(e) for every event kind and many field combinations (empty,
//    quotes, backslashes, every control character, DEL, multi-byte UTF-8, emoji, invalid UTF-8,
//    confidence 0, 0.71, 1e-7, NaN, infinity, ...);
//  - proto::serialize(EventMsg), proto::serialize(Ack) and proto::serialize_for_customer(EventMsg)
//    read back through proto::parse exactly like the generic frames built from to_json, and customers
//    never get internal notes or agent ids.
// Values are compared as parsed JSON, not as text, except for json_out's own escaping. Only std,
// nlohmann/json and the model: this file also runs as WebAssembly under node, so nothing here may
// throw (parse with allow_exceptions=false, dump with error_handler_t::replace).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"
#include "model/json_out.hpp"
#include "model/protocol.hpp"
#include "model/text.hpp"

using namespace duet;
using nlohmann::json;

namespace {

// nlohmann's compact dump, invalid UTF-8 replaced by U+FFFD (identical to the strict dump otherwise).
std::string nlohmann_text(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

// Parses without throwing: a discarded value when `text` is not JSON.
json parsed(std::string_view text) { return json::parse(text.begin(), text.end(), nullptr, false); }

std::string json_out_string(std::string_view s) {
  std::string out;
  json_out::string(out, s);
  return out;
}
std::string json_out_integer(std::int64_t v) {
  std::string out;
  json_out::integer(out, v);
  return out;
}
std::string json_out_number(double v) {
  std::string out;
  json_out::number(out, v);
  return out;
}

// Shows a string's bytes in INFO messages, whatever they are.
std::string hex(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : s) {
    out += kHex[c >> 4];
    out += kHex[c & 0xF];
    out += ' ';
  }
  return out;
}

// A number in [lo, hi] straight from the engine: std's distributions differ between libstdc++ and
// libc++ (WebAssembly), the engine's output does not, so both builds test the same strings.
std::uint32_t in_range(std::mt19937& rng, std::uint32_t lo, std::uint32_t hi) {
  return lo + static_cast<std::uint32_t>(rng() % (std::uint64_t{hi} - lo + 1));
}

void append_utf8(std::string& out, std::uint32_t cp) { text::append_utf8(out, static_cast<char32_t>(cp)); }

// Up to 40 code points from every UTF-8 length, controls and the characters JSON escapes included.
std::string random_valid_utf8(std::mt19937& rng) {
  auto in = [&](std::uint32_t lo, std::uint32_t hi) { return in_range(rng, lo, hi); };
  std::string s;
  for (std::uint32_t n = in(0, 40); n > 0; --n) {
    switch (in(0, 5)) {
      case 0: append_utf8(s, in(0, 0x1F)); break;  // control characters
      case 1: append_utf8(s, in(0, 1) ? '"' : '\\'); break;
      case 2: append_utf8(s, in(0x20, 0x7F)); break;
      case 3: append_utf8(s, in(0x80, 0x7FF)); break;
      case 4: {
        std::uint32_t cp = in(0x800, 0xFFFF - 0x800);
        if (cp >= 0xD800) cp += 0x800;  // skip the surrogates
        append_utf8(s, cp);
        break;
      }
      default: append_utf8(s, in(0x10000, 0x10FFFF)); break;
    }
  }
  return s;
}

// Up to 24 bytes, mostly the bytes that make or break UTF-8 (leads, continuations, F5..FF).
std::string random_bytes(std::mt19937& rng) {
  static constexpr unsigned char kInteresting[] = {0x00, 0x1F, '"',  '\\', 'a',  0x7F, 0x80, 0xBF, 0xC0, 0xC1,
                                                   0xC2, 0xDF, 0xE0, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF, 0x9F,
                                                   0xA0, 0x8F, 0x90};
  auto in = [&](std::uint32_t lo, std::uint32_t hi) { return in_range(rng, lo, hi); };
  std::string s;
  for (unsigned n = in(0, 24); n > 0; --n)
    s += static_cast<char>(in(0, 2) ? kInteresting[in(0, sizeof kInteresting - 1)] : in(0, 255));
  return s;
}

// ---- the events ----

struct Sample {
  std::string text;
  bool valid_utf8;
};

std::string every_control_character() {
  std::string s;
  for (int c = 0; c < 0x20; ++c) s += static_cast<char>(c);
  return s;
}

const std::vector<Sample>& samples() {
  static const std::vector<Sample> list = {
      {"", true},
      {"plain", true},
      {"Refunds take 3-5 banking days.", true},
      {"say \"hi\"", true},
      {"C:\\path\\file", true},
      {"\\\"\\\"", true},
      {"/slash/ and </script>", true},
      {every_control_character(), true},
      {std::string("nul \0 inside", 12), true},
      {"tab\tnew\nline\rcr\bbs\fff", true},
      {"\x7f DEL", true},
      {"Åsa Öberg, Mössa (röd)", true},
      {"€ 349,50", true},
      {"日本語のテキスト", true},
      {"😀😕👍🏽", true},
      {"\xef\xbf\xbd replacement char", true},
      {"\xe2\x80\xa8 line and paragraph \xe2\x80\xa9 separators", true},
      {"\xf4\x8f\xbf\xbf last code point", true},
      {std::string(3000, 'x') + "\"" + every_control_character(), true},
      {"\xff", false},
      {"abc\xc3", false},                      // truncated at the end
      {"\xc0\xaf overlong", false},
      {"\xed\xa0\x80 surrogate", false},
      {"\xf4\x90\x80\x80 above U+10FFFF", false},
      {"\x80 stray continuation", false},
      {"\"\xfe\\\x01", false},                 // invalid next to escapes
      {"ok \xe2\x82 then ok \xe2\x82\xac", false},
  };
  return list;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
const std::vector<double> kConfidences = {0, 0.71, 1e-7, 1, 0.5, 0.30000000000000004, 5e-324, -0.0, kNaN, kInf, -kInf};
const std::vector<std::int64_t> kSeqs = {0, 1, 42, 1700000000000, std::numeric_limits<std::int64_t>::max()};
const std::vector<int> kPositions = {0, 1, 7, std::numeric_limits<int>::max()};
const std::vector<int> kEstimates = {-1, 0, 180, std::numeric_limits<int>::max()};

constexpr int kKinds = 10, kSpeakers = 4, kStates = 5, kReasons = 13;

// An event of `kind` whose every field is set from `variant` (strings from samples(), numbers from
// the lists above): as `variant` runs over samples().size() values, each field sees every sample.
// `all_valid` says whether every string in it is valid UTF-8.
Event varied_event(EventKind kind, std::size_t variant, bool& all_valid) {
  const auto& s = samples();
  all_valid = true;
  auto text = [&](std::size_t field) -> std::string {
    const Sample& sample = s[(variant + 5 * field) % s.size()];
    all_valid = all_valid && sample.valid_utf8;
    return sample.text;
  };
  Event e;
  e.kind = kind;
  e.seq = kSeqs[variant % kSeqs.size()];
  e.at = kSeqs[(variant + 2) % kSeqs.size()];
  e.speaker = static_cast<Speaker>(variant % kSpeakers);
  e.author = text(0);
  e.text = text(1);
  e.client_id = text(2);
  e.agent_id = text(3);
  e.article_id = text(4);
  e.contact = text(5);
  e.confidence = kConfidences[variant % kConfidences.size()];
  e.state = static_cast<State>(variant % kStates);
  e.reason = static_cast<EscalationReason>(variant % kReasons);
  e.position = kPositions[variant % kPositions.size()];
  e.estimate_s = kEstimates[(variant / 2) % kEstimates.size()];
  e.score = static_cast<int>(variant % 6);
  return e;
}

// An event with random fields: random valid UTF-8 mostly, sometimes random bytes.
Event random_event(std::mt19937& rng, bool& all_valid) {
  auto below = [&](std::size_t n) { return std::size_t{in_range(rng, 0, static_cast<std::uint32_t>(n - 1))}; };
  all_valid = true;
  auto text = [&]() -> std::string {
    switch (below(6)) {
      case 0: return {};
      case 1: all_valid = false; return random_bytes(rng);
      case 2: {
        const Sample& sample = samples()[below(samples().size())];
        all_valid = all_valid && sample.valid_utf8;
        return sample.text;
      }
      default: return random_valid_utf8(rng);
    }
  };
  Event e;
  e.kind = static_cast<EventKind>(below(kKinds));
  e.seq = kSeqs[below(kSeqs.size())];
  e.at = static_cast<std::int64_t>(below(1u << 30)) * 1000;
  e.speaker = static_cast<Speaker>(below(kSpeakers));
  e.author = text();
  e.text = text();
  e.client_id = text();
  e.agent_id = text();
  e.article_id = text();
  e.contact = text();
  e.confidence = below(3) ? rng() / 4294967296.0 : kConfidences[below(kConfidences.size())];
  e.state = static_cast<State>(below(kStates));
  e.reason = static_cast<EscalationReason>(below(kReasons));
  e.position = static_cast<int>(below(100));
  e.estimate_s = static_cast<int>(below(3600)) - 1;
  e.score = static_cast<int>(below(6));
  return e;
}

// Every event the tests below check: each kind with every variant, then random ones (fixed seed).
struct TestEvent {
  Event event;
  bool all_valid;
};
std::vector<TestEvent> all_test_events() {
  std::vector<TestEvent> out;
  for (int k = 0; k < kKinds; ++k)
    for (std::size_t v = 0; v < 2 * samples().size(); ++v) {
      TestEvent t;
      t.event = varied_event(static_cast<EventKind>(k), v, t.all_valid);
      out.push_back(std::move(t));
    }
  std::mt19937 rng(20240611);
  for (int i = 0; i < 700; ++i) {
    TestEvent t;
    t.event = random_event(rng, t.all_valid);
    out.push_back(std::move(t));
  }
  return out;
}

// How a failing check names its event.
std::string describe(const Event& e) {
  std::string s = nlohmann_text(to_json(e));
  if (s.size() > 300) s = s.substr(0, 300) + "...";
  return s + " (confidence " + std::to_string(e.confidence) + ")";
}

// ---- the frames, built the generic way ----

// An "event" frame as the generic writer builds it: a DOM with to_json(event), dumped by nlohmann.
std::string generic_event_frame(const proto::EventMsg& m) {
  json j = json::object();
  j["v"] = proto::kVersion;
  j["type"] = "event";
  if (!m.conversation.empty()) j["conversation"] = m.conversation;
  j["event"] = to_json(m.event);
  return nlohmann_text(j);
}

std::string generic_ack_frame(const proto::Ack& m) {
  json j = json::object();
  j["v"] = proto::kVersion;
  j["type"] = "ack";
  j["cid"] = m.cid;
  j["seq"] = m.seq;
  if (!m.conversation.empty()) j["conversation"] = m.conversation;
  return nlohmann_text(j);
}

// proto::parse of two frames gave the same: equal messages, or equal errors.
bool same_parse_result(std::string_view a, std::string_view b) {
  const auto ra = proto::parse(a, proto::Limits::for_server_frames());
  const auto rb = proto::parse(b, proto::Limits::for_server_frames());
  if (ra.ok() != rb.ok()) return false;
  return ra.ok() ? ra.value() == rb.value() : ra.error() == rb.error();
}

}  // namespace

// ---- json_out ----

TEST_CASE("json_out::string escapes every single byte like nlohmann", "[json_out]") {
  for (int b = 0; b < 256; ++b) {
    const std::string s(1, static_cast<char>(b));
    INFO("byte 0x" << hex(s));
    const std::string ours = json_out_string(s);
    CHECK(ours == nlohmann_text(json(s)));
    const json back = parsed(ours);
    REQUIRE_FALSE(back.is_discarded());
    if (b < 0x80) {
      CHECK(back == json(s));  // valid UTF-8: the very same string
    } else {
      CHECK(back == "\xef\xbf\xbd");  // a lone byte >= 0x80 is never UTF-8: U+FFFD
    }
  }
}

TEST_CASE("json_out::string escapes what JSON requires, and only that", "[json_out]") {
  CHECK(json_out_string("") == R"("")");
  CHECK(json_out_string("plain") == R"("plain")");
  CHECK(json_out_string("a\"b\\c/d") == R"("a\"b\\c/d")");
  CHECK(json_out_string("\b\f\n\r\t") == R"("\b\f\n\r\t")");
  CHECK(json_out_string(std::string("\0\x01\x1f", 3)) == R"("\u0000\u0001\u001f")");
  CHECK(json_out_string("\x7f") == "\"\x7f\"");
  CHECK(json_out_string("é😀") == "\"é😀\"");
  CHECK(json_out_string("ok\xff") == "\"ok\xef\xbf\xbd\"");
  // It appends.
  std::string out = "prefix:";
  json_out::string(out, "x");
  CHECK(out == "prefix:\"x\"");
}

TEST_CASE("json_out::string matches nlohmann on random valid UTF-8", "[json_out]") {
  std::mt19937 rng(1234);
  for (int i = 0; i < 2000; ++i) {
    const std::string s = random_valid_utf8(rng);
    INFO("bytes " << hex(s));
    const std::string ours = json_out_string(s);
    CHECK(ours == nlohmann_text(json(s)));
    CHECK(parsed(ours) == json(s));
  }
}

TEST_CASE("json_out::string replaces invalid UTF-8 as nlohmann does", "[json_out]") {
  std::mt19937 rng(5678);
  for (int i = 0; i < 2000; ++i) {
    const std::string s = random_bytes(rng);
    INFO("bytes " << hex(s));
    const std::string ours = json_out_string(s);
    CHECK(ours == nlohmann_text(json(s)));
    const json back = parsed(ours);
    CHECK_FALSE(back.is_discarded());  // always valid JSON (and so valid UTF-8)
    CHECK(back == parsed(nlohmann_text(json(s))));
  }
  for (const Sample& sample : samples()) {
    INFO("bytes " << hex(sample.text));
    CHECK(json_out_string(sample.text) == nlohmann_text(json(sample.text)));
    CHECK(proto::valid_utf8(sample.text) == sample.valid_utf8);  // the samples are what they say
  }
}

TEST_CASE("json_out::integer writes 0, negatives and the int64 extremes", "[json_out]") {
  CHECK(json_out_integer(0) == "0");
  CHECK(json_out_integer(7) == "7");
  CHECK(json_out_integer(-1) == "-1");
  CHECK(json_out_integer(-1700000000000) == "-1700000000000");
  CHECK(json_out_integer(std::numeric_limits<std::int64_t>::max()) == "9223372036854775807");
  CHECK(json_out_integer(std::numeric_limits<std::int64_t>::min()) == "-9223372036854775808");
  for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{123456789}, std::numeric_limits<std::int64_t>::min(),
                         std::numeric_limits<std::int64_t>::max()}) {
    INFO(v);
    CHECK(json_out_integer(v) == json(v).dump());
    CHECK(parsed(json_out_integer(v)) == json(v));
  }
  std::string out = "[1,";
  json_out::integer(out, -2);
  CHECK(out == "[1,-2");
}

TEST_CASE("json_out::number reads back as the same double; non-finite becomes 0", "[json_out]") {
  for (double v : {0.0, 0.71, 1e-7, 1.0, 0.30000000000000004, 5e-324, 1.7976931348623157e308, -2.5, 349.5}) {
    INFO(v);
    const json back = parsed(json_out_number(v));
    REQUIRE(back.is_number());
    CHECK(back.get<double>() == v);
    CHECK(json_out_number(v) == json(v).dump());
  }
  for (double v : {kNaN, kInf, -kInf}) {
    const json back = parsed(json_out_number(v));
    REQUIRE(back.is_number());
    CHECK(back.get<double>() == 0.0);
  }
}

TEST_CASE("json_out::Object writes members in order, with commas, skipping empty str_if", "[json_out]") {
  std::string out;
  json_out::Object o(out);
  o.num("n", -3).str("s", "a\"b").str_if("skipped", "").str_if("kept", "k").boolean("t", true).boolean("f", false);
  o.real("r", 0.5).raw("raw", "[1,2]");
  o.close();
  CHECK(out == R"({"n":-3,"s":"a\"b","kept":"k","t":true,"f":false,"r":0.5,"raw":[1,2]})");
  std::string empty;
  json_out::Object(empty).close();
  CHECK(empty == "{}");
}

// ---- events ----

TEST_CASE("event_json means to_json for every kind and field combination", "[json_out]") {
  const auto events = all_test_events();
  REQUIRE(events.size() > 1000);
  std::size_t checked_exactly = 0;
  for (const auto& [e, all_valid] : events) {
    INFO(describe(e));
    const std::string text = event_json(e);
    const json ours = parsed(text);
    REQUIRE_FALSE(ours.is_discarded());
    CHECK(ours == parsed(nlohmann_text(to_json(e))));
    if (all_valid) {
      CHECK(ours == to_json(e));
      ++checked_exactly;
    }
    // write_event appends, and the agent view is event_json.
    std::string appended = "[";
    write_event(appended, e, false);
    CHECK(appended == "[" + text);
  }
  CHECK(checked_exactly > 100);
}

TEST_CASE("event_json writes confidence as a finite number, 0 for NaN and infinity", "[json_out]") {
  Event ai;
  ai.kind = EventKind::message;
  ai.speaker = Speaker::ai;
  ai.text = "answer";
  for (double c : {0.0, 0.71, 1e-7, 1.0}) {
    ai.confidence = c;
    INFO(c);
    json j = parsed(event_json(ai));
    REQUIRE(j.contains("confidence"));
    CHECK(j["confidence"].get<double>() == c);
  }
  for (double c : {kNaN, kInf, -kInf}) {
    ai.confidence = c;
    json j = parsed(event_json(ai));
    REQUIRE(j.contains("confidence"));
    CHECK(j["confidence"] == 0.0);
    CHECK(j == to_json(ai));
  }
  // Not an AI answer and confidence 0: no confidence at all, as to_json.
  Event customer = ai;
  customer.speaker = Speaker::customer;
  customer.confidence = 0;
  CHECK_FALSE(parsed(event_json(customer)).contains("confidence"));
  CHECK(parsed(event_json(customer)) == to_json(customer));
}

TEST_CASE("serialize(EventMsg) reads back like the generic frame", "[json_out]") {
  const auto events = all_test_events();
  const auto& s = samples();
  std::size_t i = 0, parsed_ok = 0;
  for (const auto& [e, all_valid] : events) {
    const proto::EventMsg m{s[i++ % s.size()].text, e};
    INFO(describe(e) << " in conversation " << hex(m.conversation));
    const std::string fast = proto::serialize(m);
    const std::string generic = generic_event_frame(m);
    const json fast_json = parsed(fast);
    REQUIRE_FALSE(fast_json.is_discarded());
    CHECK(fast_json == parsed(generic));
    CHECK(proto::serialize(proto::Message{m}) == fast);
    CHECK(same_parse_result(fast, generic));
    const auto back = proto::parse(fast, proto::Limits::for_server_frames());
    CHECK(back.ok());  // every generated event is in range
    if (back.ok()) {
      ++parsed_ok;
      const auto* msg = std::get_if<proto::EventMsg>(&back.value());
      REQUIRE(msg != nullptr);
      if (all_valid && proto::valid_utf8(m.conversation)) {
        CHECK(msg->conversation == m.conversation);
        // What the kind carries survives; reading the generic form of the original gives the same.
        const auto generic_event = event_from_json(to_json(e));
        REQUIRE(generic_event.ok());
        CHECK(msg->event == generic_event.value());
      }
    }
  }
  CHECK(parsed_ok == events.size());
}

TEST_CASE("serialize(EventMsg) and the generic frame fail alike for out-of-range fields", "[json_out]") {
  Event e;
  e.kind = EventKind::rating;
  e.speaker = Speaker::customer;
  e.score = 9;
  CHECK(same_parse_result(proto::serialize(proto::EventMsg{"c", e}), generic_event_frame({"c", e})));
  CHECK_FALSE(proto::parse(proto::serialize(proto::EventMsg{"c", e})).ok());
  Event ai;
  ai.speaker = Speaker::ai;
  ai.confidence = 1.5;
  CHECK(same_parse_result(proto::serialize(proto::EventMsg{"c", ai}), generic_event_frame({"c", ai})));
  CHECK_FALSE(proto::parse(proto::serialize(proto::EventMsg{"c", ai})).ok());
  Event negative;
  negative.seq = -5;
  CHECK(same_parse_result(proto::serialize(proto::EventMsg{"c", negative}), generic_event_frame({"c", negative})));
  CHECK_FALSE(proto::parse(proto::serialize(proto::EventMsg{"c", negative})).ok());
}

TEST_CASE("serialize(Ack) reads back like the generic frame", "[json_out]") {
  const auto& s = samples();
  std::size_t checked = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    for (std::int64_t seq : kSeqs) {
      const proto::Ack ack{s[i].text, seq, s[(i + 3) % s.size()].text};
      INFO("cid " << hex(ack.cid) << ", seq " << seq << ", conversation " << hex(ack.conversation));
      const std::string fast = proto::serialize(ack);
      const json fast_json = parsed(fast);
      REQUIRE_FALSE(fast_json.is_discarded());
      CHECK(fast_json == parsed(generic_ack_frame(ack)));
      CHECK(proto::serialize(proto::Message{ack}) == fast);
      CHECK(same_parse_result(fast, generic_ack_frame(ack)));
      const auto back = proto::parse(fast);
      if (!ack.cid.empty() && s[i].valid_utf8 && s[(i + 3) % s.size()].valid_utf8) {
        REQUIRE(back.ok());
        CHECK(std::get<proto::Ack>(back.value()) == ack);
        ++checked;
      }
    }
  CHECK(checked > 40);
  // An empty cid is refused on the way back, by both forms.
  CHECK_FALSE(proto::parse(proto::serialize(proto::Ack{"", 1, "c"})).ok());
}

TEST_CASE("serialize_for_customer(EventMsg): no notes, no agent ids, otherwise the event", "[json_out]") {
  const auto events = all_test_events();
  std::size_t notes = 0, with_agent_id = 0;
  for (const auto& [e, all_valid] : events) {
    INFO(describe(e));
    const proto::EventMsg m{"conv-1", e};
    const std::string frame = proto::serialize_for_customer(m);
    CHECK(proto::serialize_for_customer(proto::Message{m}) == frame);
    if (e.kind == EventKind::note) {
      CHECK(frame.empty());
      ++notes;
      continue;
    }
    json j = parsed(frame);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.contains("event"));
    CHECK_FALSE(j["event"].contains("agent_id"));
    CHECK(j == parsed(generic_event_frame({"conv-1", proto::customer_view(e)})));
    CHECK(same_parse_result(frame, generic_event_frame({"conv-1", proto::customer_view(e)})));
    if (parsed(proto::serialize(m))["event"].contains("agent_id")) ++with_agent_id;
  }
  CHECK(notes > 10);
  CHECK(with_agent_id > 100);  // the agent-facing frames did carry agent ids
}

TEST_CASE("serialize_for_customer of an agent's message keeps the name, drops the id", "[json_out]") {
  Event human;
  human.seq = 7;
  human.at = 1700000007000;
  human.kind = EventKind::message;
  human.speaker = Speaker::agent;
  human.author = "Maja";
  human.agent_id = "agent-7";
  human.client_id = "a-1";
  human.text = "Hej! I can see both payments.";
  json agent_view = parsed(proto::serialize(proto::EventMsg{"conv-1", human}));
  CHECK(agent_view["event"]["agent_id"] == "agent-7");
  json customer = parsed(proto::serialize_for_customer(proto::EventMsg{"conv-1", human}));
  CHECK(customer["event"]["author"] == "Maja");
  CHECK_FALSE(customer["event"].contains("agent_id"));
  CHECK(customer["conversation"] == "conv-1");
  Event note = human;
  note.kind = EventKind::note;
  CHECK(proto::serialize_for_customer(proto::EventMsg{"conv-1", note}).empty());
  CHECK_FALSE(proto::serialize(proto::EventMsg{"conv-1", note}).empty());
}
