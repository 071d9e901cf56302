// libFuzzer target for proto::parse (core/model/protocol.hpp): any bytes, under the client limits and
// the larger ones for server frames. Oracle: nothing crashes or trips ASan/UBSan, and whatever parses
// round-trips: serialize, parse again, and the message and its serialisation are the same. Written
// over proto::Message as a whole, so new message types are covered without touching this file.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "model/protocol.hpp"

namespace {

using namespace duet;

[[noreturn]] void broken(const char* what, std::string_view a, std::string_view b) {
  std::fprintf(stderr, "proto_parse_fuzz: %s\n  first:  %.*s\n  second: %.*s\n", what, static_cast<int>(a.size()),
               a.data(), static_cast<int>(b.size()), b.data());
  std::abort();
}

void round_trip(std::string_view frame, const proto::Limits& limits) {
  auto parsed = proto::parse(frame, limits);
  if (!parsed) {
    // A refusal is a well-formed error frame the server could send back.
    const std::string error = proto::serialize(proto::Message{parsed.error()});
    if (!proto::valid_utf8(error)) broken("the error frame is not UTF-8", frame, error);
    return;
  }
  const proto::Message& m = parsed.value();
  (void)proto::type_name(m);
  (void)proto::serialize_for_customer(m);
  const std::string once = proto::serialize(m);
  // Serialising may escape what the frame had raw, so the copy may be larger: server limits. The
  // strings are the same ones, so the text limit is the same.
  proto::Limits again_limits = proto::Limits::for_server_frames();
  again_limits.max_text_bytes = limits.max_text_bytes;
  auto again = proto::parse(once, again_limits);
  if (!again) broken("a serialised message does not parse", frame, once + "\n  error: " + again.error().message);
  if (!(again.value() == m)) broken("the message changed on its way through serialize and parse", frame, once);
  const std::string twice = proto::serialize(again.value());
  if (twice != once) broken("serialising the parsed copy gives another frame", once, twice);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  round_trip(frame, proto::Limits{});
  round_trip(frame, proto::Limits::for_server_frames());
  return 0;
}
