#pragma once
// What the CustomerSession tests share: a transport that records what the session sends (the test
// plays the server), a config, and builders for the server's frames.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/client_session.hpp"

namespace duet::test {

// Records what the session sends and opens; the test plays the server.
struct FakeTransport : Transport {
  int opens = 0;
  int closes = 0;
  std::vector<std::string> sent;
  void open(const std::string&) override { ++opens; }
  void send(std::string_view frame) override { sent.emplace_back(frame); }
  void close() override { ++closes; }

  std::vector<proto::Message> sent_messages() const {
    std::vector<proto::Message> out;
    for (const auto& f : sent) {
      auto m = proto::parse(f);
      REQUIRE(m.ok());
      out.push_back(m.value());
    }
    return out;
  }
  template <class T>
  std::vector<T> sent_of() const {
    std::vector<T> out;
    for (const auto& m : sent_messages())
      if (auto* t = std::get_if<T>(&m)) out.push_back(*t);
    return out;
  }
};

inline ClientConfig config() {
  ClientConfig c;
  c.url = "ws://127.0.0.1:1/ws/customer";
  c.site = "demo";
  c.locale = "sv-SE";
  return c;
}

inline Event message(Seq seq, Speaker who, std::string text, std::string cid = {}) {
  Event e;
  e.seq = seq;
  e.at = seq * 10;
  e.kind = EventKind::message;
  e.speaker = who;
  e.text = std::move(text);
  e.client_id = std::move(cid);
  return e;
}

inline std::string welcome(std::string conversation, std::vector<Event> events = {}, State state = State::ai) {
  proto::Welcome w;
  w.conversation = std::move(conversation);
  w.resume = "token-" + w.conversation;
  w.state = state;
  w.events = std::move(events);
  w.humans_available = true;
  return proto::serialize(w);
}

inline std::string event_frame(Event e) { return proto::serialize(proto::EventMsg{"c1", std::move(e)}); }
inline std::string ack_frame(std::string cid, Seq seq) { return proto::serialize(proto::Ack{std::move(cid), seq, {}}); }

struct Connected {
  FakeTransport t;
  CustomerSession s{config(), t, 42};
  Connected() {
    s.start(0);
    s.on_open(1);
    s.on_frame(welcome("c1"), 2);
  }
};

}  // namespace duet::test
