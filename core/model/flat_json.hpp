#pragma once
// Reads a flat JSON object (string, integer, true/false members, no nesting) without building a DOM:
// the fast path of proto::parse for the frames clients send all the time (say, typing). It accepts
// a strict subset of JSON and gives up on anything else (nested values, floats, null, repeated keys,
// lone surrogates...), and the caller then uses the full parser, so what it accepts it reads
// exactly as nlohmann would, and everything else gets the full parser's errors.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace duet::flat_json {

struct Member {
  enum Kind { string, integer, boolean } kind = string;
  std::string_view key;  // as written (a key with escapes makes the reader give up)
  std::string text;      // string: decoded
  std::int64_t number = 0;
  bool flag = false;
};

// At most this many members; more and the reader gives up.
constexpr int kMaxMembers = 8;

struct Object {
  Member members[kMaxMembers];
  int size = 0;
  const Member* find(std::string_view key) const {
    for (int i = 0; i < size; ++i)
      if (members[i].key == key) return &members[i];
    return nullptr;
  }
};

// The members of `json`, or nullopt when it is not a flat object this reader handles.
bool read(std::string_view json, Object& out);

}  // namespace duet::flat_json
