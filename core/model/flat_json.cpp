#include "flat_json.hpp"

#include "text.hpp"

namespace duet::flat_json {
namespace {

class Reader {
 public:
  explicit Reader(std::string_view s) : p_(s.data()), end_(s.data() + s.size()) {}

  bool object(Object& out) {
    skip_space();
    if (!eat('{')) return false;
    skip_space();
    if (eat('}')) return at_end();
    for (;;) {
      if (out.size == kMaxMembers) return false;
      Member& m = out.members[out.size];
      if (!key(m.key) || out.find(m.key)) return false;  // repeated keys: the full parser decides
      ++out.size;
      skip_space();
      if (!eat(':')) return false;
      skip_space();
      if (!value(m)) return false;
      skip_space();
      if (eat(',')) {
        skip_space();
        continue;
      }
      return eat('}') && at_end();
    }
  }

 private:
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\n' || *p_ == '\r')) ++p_;
  }
  bool eat(char c) {
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool at_end() {
    skip_space();
    return p_ == end_;
  }

  bool key(std::string_view& out) {
    if (!eat('"')) return false;
    const char* start = p_;
    while (p_ < end_ && *p_ != '"') {
      if (*p_ == '\\' || static_cast<unsigned char>(*p_) < 0x20) return false;
      ++p_;
    }
    if (p_ == end_) return false;
    out = std::string_view(start, static_cast<std::size_t>(p_ - start));
    ++p_;
    return true;
  }

  bool value(Member& m) {
    if (p_ == end_) return false;
    const char c = *p_;
    if (c == '"') {
      m.kind = Member::string;
      return string(m.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      m.kind = Member::integer;
      return integer(m.number);
    }
    m.kind = Member::boolean;
    if (literal("true")) return m.flag = true, true;
    if (literal("false")) return m.flag = false, true;
    return false;  // null, objects, arrays
  }

  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) return false;
    p_ += word.size();
    return true;
  }

  // JSON integers only: a fraction or an exponent makes it a float, which the full parser reads.
  bool integer(std::int64_t& out) {
    const bool negative = eat('-');
    if (p_ == end_ || *p_ < '0' || *p_ > '9') return false;
    if (*p_ == '0' && p_ + 1 < end_ && p_[1] >= '0' && p_[1] <= '9') return false;  // leading zero
    std::uint64_t v = 0;
    int digits = 0;
    while (p_ < end_ && *p_ >= '0' && *p_ <= '9') {
      if (++digits > 18) return false;  // could overflow: not worth a fast path
      v = v * 10 + static_cast<std::uint64_t>(*p_ - '0');
      ++p_;
    }
    if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;
    out = negative ? -static_cast<std::int64_t>(v) : static_cast<std::int64_t>(v);
    return true;
  }

  static int hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool code_unit(unsigned& out) {  // the four hex digits after \u
    if (end_ - p_ < 4) return false;
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const int h = hex(p_[i]);
      if (h < 0) return false;
      out = (out << 4) | static_cast<unsigned>(h);
    }
    p_ += 4;
    return true;
  }
  bool string(std::string& out) {
    ++p_;  // the opening quote
    out.clear();
    const char* run = p_;  // bytes copied as they are, up to the next escape or the end
    while (p_ < end_) {
      const auto c = static_cast<unsigned char>(*p_);
      if (c == '"') {
        out.append(run, static_cast<std::size_t>(p_ - run));
        ++p_;
        return true;
      }
      if (c < 0x20) return false;  // raw control characters are not JSON
      if (c != '\\') {
        ++p_;
        continue;
      }
      out.append(run, static_cast<std::size_t>(p_ - run));
      if (++p_ == end_) return false;
      const char e = *p_++;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          unsigned cp = 0;
          if (!code_unit(cp)) return false;
          if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            unsigned low = 0;
            if (!eat('\\') || !eat('u') || !code_unit(low) || low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          text::append_utf8(out, cp);
          break;
        }
        default: return false;
      }
      run = p_;
    }
    return false;  // no closing quote
  }

  const char* p_;
  const char* end_;
};

}  // namespace

bool read(std::string_view json, Object& out) {
  out.size = 0;
  return Reader(json).object(out);
}

}  // namespace duet::flat_json
