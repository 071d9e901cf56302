#pragma once
// Writes compact JSON straight into a string, for the frames the server sends thousands of times a
// second (events, acks). Building an nlohmann DOM for them costs a map node and a string per field;
// this costs one append. The output means the same as nlohmann's dump: strings are escaped the
// same way, and invalid UTF-8 becomes U+FFFD. The codec's tests check both agree.
#include <cstdint>
#include <string>
#include <string_view>

namespace duet::json_out {

// Appends `s` as a JSON string literal, quotes included.
void string(std::string& out, std::string_view s);
void integer(std::string& out, std::int64_t v);
// Shortest form that reads back as the same double (nlohmann's); non-finite numbers become 0.
void number(std::string& out, double v);

// `"key":` with a leading comma unless it is the object's first member. Keys are ASCII literals.
class Object {
 public:
  explicit Object(std::string& out) : out_(out) { out_ += '{'; }
  Object& key(std::string_view k) {
    if (!first_) out_ += ',';
    first_ = false;
    out_ += '"';
    out_ += k;
    out_ += "\":";
    return *this;
  }
  Object& str(std::string_view k, std::string_view v) {
    key(k);
    string(out_, v);
    return *this;
  }
  Object& str_if(std::string_view k, std::string_view v) { return v.empty() ? *this : str(k, v); }
  Object& raw(std::string_view k, std::string_view json) {  // `json` is already JSON text
    key(k);
    out_ += json;
    return *this;
  }
  Object& num(std::string_view k, std::int64_t v) {
    key(k);
    integer(out_, v);
    return *this;
  }
  Object& real(std::string_view k, double v) {
    key(k);
    number(out_, v);
    return *this;
  }
  Object& boolean(std::string_view k, bool v) {
    key(k);
    out_ += v ? "true" : "false";
    return *this;
  }
  void close() { out_ += '}'; }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace duet::json_out
