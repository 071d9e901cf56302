#pragma once
// JSON text -> nlohmann DOM through its SAX interface: no exceptions (WebAssembly builds do not catch
// them by default) and a nesting limit, so a hostile frame can neither throw nor recurse deeply.
// Used by the protocol codec's parse().
#include <cstddef>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace duet::proto {

class DomBuilder {
  using json = nlohmann::json;

 public:
  explicit DomBuilder(std::size_t max_depth) : max_depth_(max_depth) {}

  bool null() { return put(nullptr) != nullptr; }
  bool boolean(bool b) { return put(b) != nullptr; }
  bool number_integer(json::number_integer_t n) { return put(n) != nullptr; }
  bool number_unsigned(json::number_unsigned_t n) { return put(n) != nullptr; }
  bool number_float(json::number_float_t n, const json::string_t&) { return put(n) != nullptr; }
  bool string(json::string_t& s) { return put(std::move(s)) != nullptr; }
  bool binary(json::binary_t&) { return false; }  // only reachable from binary formats
  bool start_object(std::size_t) { return open(json::object()); }
  bool key(json::string_t& k) {
    key_ = std::move(k);
    return true;
  }
  bool end_object() { return close(); }
  bool start_array(std::size_t) { return open(json::array()); }
  bool end_array() { return close(); }
  bool parse_error(std::size_t, const std::string&, const json::exception& ex) {
    syntax_error_ = ex.what();
    return false;
  }

  json& root() { return root_; }
  bool too_deep() const { return too_deep_; }
  const std::string& syntax_error() const { return syntax_error_; }

 private:
  // Places a value in the innermost open container (or as the root); returns where it went.
  json* put(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& parent = *stack_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    json& slot = parent[key_];  // a repeated key keeps the last value, like JSON.parse
    slot = std::move(value);
    return &slot;
  }
  bool open(json container) {
    if (stack_.size() >= max_depth_) {
      too_deep_ = true;
      return false;
    }
    stack_.push_back(put(std::move(container)));
    return true;
  }
  bool close() {
    stack_.pop_back();
    return true;
  }

  std::size_t max_depth_;
  json root_;
  std::vector<json*> stack_;  // open containers; each stays put while it is open
  std::string key_;
  bool too_deep_ = false;
  std::string syntax_error_;
};

}  // namespace duet::proto
