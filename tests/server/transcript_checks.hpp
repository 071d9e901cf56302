#pragma once
// What the failure tests assert of a transcript read back from the start: every acknowledged message
// once, at the seq its ack named.
#include <algorithm>
#include <functional>
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "resilient_client.hpp"

namespace duet::test {

inline bool is_text(const Event& e, const std::string& text) { return e.kind == EventKind::message && e.text == text; }

// How often each customer message appears in a transcript.
inline std::map<std::string, int> customer_copies(const std::map<Seq, Event>& transcript) {
  std::map<std::string, int> copies;
  for (const auto& [seq, e] : transcript)
    if (e.kind == EventKind::message && e.speaker == Speaker::customer) ++copies[e.text];
  return copies;
}

// Every message `c` had acknowledged is in `transcript` exactly once, at the seq its ack named.
inline void check_acked_once(const ResilientCustomer& c, const std::map<Seq, Event>& transcript,
                             const std::function<std::string(const std::string& cid)>& text_of) {
  for (const auto& [cid, seq] : c.acked) {
    REQUIRE(transcript.count(seq));
    const std::string text = text_of(cid);
    CHECK(transcript.at(seq).text == text);
    CHECK(std::count_if(transcript.begin(), transcript.end(), [&](const auto& kv) { return is_text(kv.second, text); }) == 1);
  }
}

}  // namespace duet::test
