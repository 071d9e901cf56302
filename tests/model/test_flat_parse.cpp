// proto::parse reads plainly well-formed say and typing frames on a fast path (flat_json) and
// everything else with the full parser. These tests prove the two agree: each frame is parsed as it
// is and again with an extra nested member, which the fast path never takes and the full parser
// ignores, so both results come from different paths and must be equal, errors included.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "model/flat_json.hpp"
#include "model/protocol.hpp"

using namespace duet;

namespace {

// The same frame with `"zz":{"n":[1]}` added before the closing brace: the full parser's path.
std::string with_nested_member(const std::string& frame) {
  const auto close = frame.rfind('}');
  REQUIRE(close != std::string::npos);
  std::string out = frame.substr(0, close);
  const bool empty_object = out.find_last_not_of(" \t\r\n") == out.find('{');
  return out + (empty_object ? "" : ",") + R"("zz":{"n":[1]})" + frame.substr(close);
}

void check_same_both_ways(const std::string& frame) {
  INFO("frame: " << frame);
  const proto::Limits limits{16 * 1024, 4000};
  const auto fast = proto::parse(frame, limits);
  const auto full = proto::parse(with_nested_member(frame), limits);
  REQUIRE(fast.ok() == full.ok());
  if (fast.ok()) {
    CHECK(fast.value() == full.value());
  } else {
    CHECK(fast.error().code == full.error().code);
    CHECK(fast.error().field == full.error().field);
  }
}

std::string quoted(const std::string& json_text) { return "\"" + json_text + "\""; }

}  // namespace

TEST_CASE("flat parse: say and typing frames read the same on both paths", "[flat_json]") {
  const std::vector<std::string> texts = {
      "hello",
      "",
      "with \\\"quotes\\\" and \\\\ backslash",
      "line\\nbreak\\ttab\\r\\b\\f\\/",
      "\\u00e9t\\u00E9 \\u20ac",
      "\\ud83d\\ude00 surrogate pair",
      "\\u0000 nul",
      "caf\xC3\xA9 raw UTF-8 \xF0\x9F\x98\x80",
      std::string(4000, 'x'),
      std::string(4001, 'x'),
  };
  for (const auto& t : texts) {
    check_same_both_ways(R"({"v":1,"type":"say","cid":"c1","text":)" + quoted(t) + "}");
    check_same_both_ways(R"({"v":1,"type":"say","cid":"a7","text":)" + quoted(t) + R"(,"conversation":"c_x"})");
    check_same_both_ways(" {\n \"type\" : \"say\" ,\t\"v\":1, \"text\":" + quoted(t) + ", \"cid\":\"x\" } ");
  }
  for (const char* typing : {R"({"v":1,"type":"typing"})", R"({"v":1,"type":"typing","on":false})",
                             R"({"v":1,"type":"typing","on":true,"conversation":"c_9"})"})
    check_same_both_ways(typing);
}

TEST_CASE("flat parse: frames with a problem get the full parser's errors", "[flat_json]") {
  for (const char* frame : {
           R"({"v":1,"type":"say","cid":"","text":"hi"})",        // empty cid
           R"({"v":1,"type":"say","cid":"c1","text":""})",        // empty text
           R"({"v":1,"type":"say","cid":"c1"})",                  // no text
           R"({"v":1,"type":"say","cid":5,"text":"hi"})",         // cid of the wrong type
           R"({"v":1,"type":"say","cid":"c1","text":true})",      // text of the wrong type
           R"({"v":2,"type":"say","cid":"c1","text":"hi"})",      // version 2
           R"({"v":1.0,"type":"say","cid":"c1","text":"hi"})",    // version as a float
           R"({"v":01,"type":"say","cid":"c1","text":"hi"})",     // leading zero: not JSON
           R"({"v":1,"type":"shout","cid":"c1","text":"hi"})",    // unknown type
           R"({"v":1,"type":"typing","on":"yes"})",               // on of the wrong type
           R"({"v":1,"type":"say","cid":"c1","text":"\ud800"})",  // a lone surrogate
           R"({"v":1,"type":"say","cid":"c1","text":"a\qb"})",    // an unknown escape
       })
    check_same_both_ways(frame);
}

TEST_CASE("flat parse: random say frames agree on both paths", "[flat_json]") {
  std::mt19937 rng(20261201);  // raw engine output only: the same numbers natively and in WebAssembly
  const std::vector<std::string> pieces = {"a", "Z", " ", "7", "\\n", "\\\"", "\\\\", "\\u00e4", "\\ud83d\\ude03",
                                           "\xC3\xA5", "\xE2\x82\xAC", "\\t", "{", "}", ":", ","};
  for (int i = 0; i < 500; ++i) {
    std::string text;
    const unsigned n = rng() % 40;
    for (unsigned k = 0; k < n; ++k) text += pieces[rng() % pieces.size()];
    check_same_both_ways(R"({"v":1,"type":"say","cid":"c)" + std::to_string(i) + R"(","text":)" + quoted(text) + "}");
  }
}

TEST_CASE("flat_json: gives up on what it does not handle", "[flat_json]") {
  flat_json::Object o;
  CHECK(flat_json::read(R"({"a":"x","b":-12,"c":false})", o));
  REQUIRE(o.size == 3);
  CHECK(o.find("b")->number == -12);
  CHECK_FALSE(o.find("c")->flag);
  for (const char* s : {R"({"a":{}})", R"({"a":[1]})", R"({"a":null})", R"({"a":1.5})", R"({"a":1e3})",
                        R"({"a":1,"a":2})", R"({"a\u0062":1})", R"({"a":1} x)", R"({"a":1,})", R"({"a" 1})",
                        R"({"a":"unterminated)", R"([1])", "", R"({"a":12345678901234567890})"})
    CHECK_FALSE(flat_json::read(s, o));
}
