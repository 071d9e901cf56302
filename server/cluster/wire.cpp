#include "server/cluster/wire.hpp"

#include <memory>
#include <utility>

namespace duet::server::wire {
namespace {

// Integers little-endian, 8 bytes; strings with a 4-byte length. Every node runs the same binary
// (a rolling upgrade that changes this format must drain the cluster first: docs/scaling.md).
class Out {
 public:
  void u8(std::uint8_t v) { s_.push_back(static_cast<char>(v)); }
  void i64(std::int64_t v) {
    auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) s_.push_back(static_cast<char>((u >> (8 * i)) & 0xff));
  }
  void str(std::string_view v) {
    const auto n = static_cast<std::uint32_t>(v.size());
    for (int i = 0; i < 4; ++i) s_.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
    s_.append(v);
  }
  std::string take() { return std::move(s_); }

 private:
  std::string s_;
};

class In {
 public:
  explicit In(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  void fail() { ok_ = false; }
  bool at_end() const { return pos_ == s_.size(); }
  std::uint8_t u8() {
    if (!need(1)) return 0;
    return static_cast<std::uint8_t>(s_[pos_++]);
  }
  std::int64_t i64() {
    if (!need(8)) return 0;
    std::uint64_t u = 0;
    for (int i = 0; i < 8; ++i) u |= static_cast<std::uint64_t>(static_cast<unsigned char>(s_[pos_ + i])) << (8 * i);
    pos_ += 8;
    return static_cast<std::int64_t>(u);
  }
  std::string str() {
    if (!need(4)) return {};
    std::uint32_t n = 0;
    for (int i = 0; i < 4; ++i) n |= static_cast<std::uint32_t>(static_cast<unsigned char>(s_[pos_ + i])) << (8 * i);
    pos_ += 4;
    if (!need(n)) return {};
    std::string v(s_.substr(pos_, n));
    pos_ += n;
    return v;
  }

 private:
  bool need(std::size_t n) {
    if (s_.size() - pos_ < n) ok_ = false;
    return ok_;
  }
  std::string_view s_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

Role role_of(std::uint8_t v, In& in) {
  if (v > 1) in.fail();
  return v == 1 ? Role::agent : Role::customer;
}

void put(Out& o, const Peer& p) {
  o.str(p.ip);
  o.u8(p.origin ? 1 : 0);
  o.str(p.origin.value_or(""));
  o.u8(p.same_origin ? 1 : 0);
}
Peer get_peer(In& in) {
  Peer p;
  p.ip = in.str();
  const bool has_origin = in.u8() == 1;
  std::string origin = in.str();
  if (has_origin) p.origin = std::move(origin);
  p.same_origin = in.u8() == 1;
  return p;
}

void write(Out& o, const Open& m) {
  o.i64(m.epoch);
  o.i64(static_cast<std::int64_t>(m.session));
  o.u8(m.role == Role::agent ? 1 : 0);
  put(o, m.peer);
}
void write(Out& o, const Frame& m) {
  o.i64(m.epoch);
  o.i64(static_cast<std::int64_t>(m.session));
  o.u8(m.role == Role::agent ? 1 : 0);
  o.str(m.text);
}
void write(Out& o, const Closed& m) {
  o.i64(m.epoch);
  o.i64(static_cast<std::int64_t>(m.session));
  o.u8(m.role == Role::agent ? 1 : 0);
}
void write(Out& o, const CloseAfterCommit& m) {
  o.i64(m.epoch);
  o.i64(static_cast<std::int64_t>(m.session));
  o.i64(m.code);
  o.str(m.reason);
}
void write(Out& o, const Reset& m) {
  o.i64(m.epoch);
  o.i64(m.node);
}
void write(Out& o, const Parcels& m) {
  o.i64(static_cast<std::int64_t>(m.parcels.size()));
  for (const Parcel& p : m.parcels) {
    o.i64(static_cast<std::int64_t>(p.to));
    o.i64(static_cast<std::int64_t>(p.frames.size()));
    for (const auto& f : p.frames) o.str(*f);
    o.u8(p.close ? 1 : 0);
    o.i64(p.code);
    o.str(p.reason);
  }
}
void write(Out& o, const LoginFailed& m) { o.str(m.ip); }
void write(Out& o, const Usage& m) {
  o.i64(m.node);
  o.u8((m.report.full ? 1 : 0) | (m.report.want_full ? 2 : 0));
  for (const auto* list : {&m.report.messages, &m.report.connections}) {
    o.i64(static_cast<std::int64_t>(list->size()));
    for (const auto& [ip, n] : *list) {
      o.str(ip);
      o.i64(n);
    }
  }
}

template <class T>
T read(In& in);
template <>
Open read<Open>(In& in) {
  Open m;
  m.epoch = in.i64();
  m.session = static_cast<SessionId>(in.i64());
  m.role = role_of(in.u8(), in);
  m.peer = get_peer(in);
  return m;
}
template <>
Frame read<Frame>(In& in) {
  Frame m;
  m.epoch = in.i64();
  m.session = static_cast<SessionId>(in.i64());
  m.role = role_of(in.u8(), in);
  m.text = in.str();
  return m;
}
template <>
Closed read<Closed>(In& in) {
  Closed m;
  m.epoch = in.i64();
  m.session = static_cast<SessionId>(in.i64());
  m.role = role_of(in.u8(), in);
  return m;
}
template <>
CloseAfterCommit read<CloseAfterCommit>(In& in) {
  CloseAfterCommit m;
  m.epoch = in.i64();
  m.session = static_cast<SessionId>(in.i64());
  m.code = static_cast<std::uint16_t>(in.i64());
  m.reason = in.str();
  return m;
}
template <>
Reset read<Reset>(In& in) {
  Reset m;
  m.epoch = in.i64();
  m.node = in.i64();
  return m;
}
template <>
Parcels read<Parcels>(In& in) {
  Parcels m;
  const auto n = in.i64();
  for (std::int64_t i = 0; in.ok() && i < n; ++i) {
    Parcel p;
    p.to = static_cast<SessionId>(in.i64());
    const auto frames = in.i64();
    for (std::int64_t k = 0; in.ok() && k < frames; ++k) p.frames.push_back(std::make_shared<const std::string>(in.str()));
    p.close = in.u8() == 1;
    p.code = static_cast<std::uint16_t>(in.i64());
    p.reason = in.str();
    m.parcels.push_back(std::move(p));
  }
  return m;
}
template <>
LoginFailed read<LoginFailed>(In& in) {
  return LoginFailed{in.str()};
}

template <>
Usage read<Usage>(In& in) {
  Usage m;
  m.node = in.i64();
  const auto flags = in.u8();
  if (flags > 3) in.fail();
  m.report.full = flags & 1;
  m.report.want_full = flags & 2;
  for (auto* list : {&m.report.messages, &m.report.connections}) {
    const auto n = in.i64();
    for (std::int64_t i = 0; in.ok() && i < n; ++i) {
      std::string ip = in.str();
      const auto count = in.i64();
      if (count < 0 || count > 0xffffffffLL) in.fail();
      list->emplace_back(std::move(ip), static_cast<std::uint32_t>(count));
    }
  }
  return m;
}

template <std::size_t... I>
std::optional<Message> read_indexed(std::uint8_t tag, In& in, std::index_sequence<I...>) {
  std::optional<Message> out;
  ((tag == I ? (out = Message(std::in_place_index<I>, read<std::variant_alternative_t<I, Message>>(in)), true) : false) ||
   ...);
  return out;
}

}  // namespace

std::string encode(const Message& m) {
  Out o;
  o.u8(static_cast<std::uint8_t>(m.index()));
  std::visit([&](const auto& x) { write(o, x); }, m);
  return o.take();
}

std::optional<Message> decode(std::string_view bytes) {
  In in(bytes);
  const std::uint8_t tag = in.u8();
  if (!in.ok()) return std::nullopt;
  auto m = read_indexed(tag, in, std::make_index_sequence<std::variant_size_v<Message>>{});
  if (!m || !in.ok() || !in.at_end()) return std::nullopt;
  return m;
}

}  // namespace duet::server::wire
