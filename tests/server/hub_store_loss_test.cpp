// A write the store gave up on (a fenced leader, a constraint) is never stored: what the sessions
// were to be shown with it must never reach them, even once later commits succeed. They get their
// acks as `internal` errors and are closed, so that they resume from what the store has.
#include <catch2/catch.hpp>

#include <atomic>

#include "blocking_store.hpp"
#include "hub_fixture.hpp"

using namespace duet;
using namespace duet::test;

namespace {

const server::Peer kNoOrigin{"127.0.0.1", std::nullopt};

// Reports commits as the test says: stored (as the store behind it does), failed but to be tried
// again, or failed with a write given up for good.
class DurabilityScript final : public BlockingStore {
 public:
  enum class Mode { pass, failing, losing };
  using BlockingStore::BlockingStore;
  std::atomic<Mode> mode{Mode::pass};

  void when_durable(std::function<void(bool durable)> done) override {
    const Mode m = mode;
    if (m == Mode::pass) return BlockingStore::when_durable(std::move(done));
    BlockingStore::when_durable([this, m, done = std::move(done)](bool) {
      if (m == Mode::losing) ++dropped_;
      done(false);
    });
  }
  Counters counters() const override {
    Counters c = BlockingStore::counters();
    c.writes_dropped += dropped_;
    return c;
  }

 private:
  std::atomic<std::uint64_t> dropped_{0};
};

bool has_event_with_text(const std::vector<proto::Message>& ms, const std::string& text) {
  for (const auto& m : ms)
    if (const auto* e = std::get_if<proto::EventMsg>(&m); e && e->event.text == text) return true;
  return false;
}

bool has_error_for(const std::vector<proto::Message>& ms, const std::string& cid) {
  for (const auto& m : ms)
    if (const auto* e = std::get_if<proto::Error>(&m); e && e->cid == cid && e->code == proto::ErrorCode::internal)
      return true;
  return false;
}

}  // namespace

TEST_CASE("hub: frames held behind a failed commit are never sent once the store lost a write", "[hub]") {
  HubWorld w;
  DurabilityScript* script = nullptr;
  w.wrap_store = [&](server::Store& inner) {
    auto s = std::make_unique<DurabilityScript>(inner);
    script = s.get();
    return s;
  };
  w.restart();
  REQUIRE(script);

  const server::SessionId s = 1;
  w.hub->customer_open(s, kNoOrigin);
  proto::Hello h;
  h.site = "shop";
  h.locale = "en-GB";
  w.hub->customer_frame(s, h);
  w.hub->customer_frame(s, proto::Say{"m1", "How long does a refund take?", ""});
  auto first = w.take(s);
  INFO(describe(first));
  REQUIRE(first_of<proto::Ack>(first));

  script->mode = DurabilityScript::Mode::failing;  // the store is away: it will try again
  w.hub->customer_frame(s, proto::Say{"m2", "Where is my parcel?", ""});
  auto during = w.take(s);
  INFO(describe(during));
  CHECK(has_error_for(during, "m2"));
  CHECK_FALSE(has_event_with_text(during, "Where is my parcel?"));

  script->mode = DurabilityScript::Mode::losing;  // ...and then gives the writes up (fenced)
  w.hub->customer_frame(s, proto::Say{"m3", "Hello?", ""});
  auto lost = w.take(s);
  INFO(describe(lost));
  CHECK(has_error_for(lost, "m3"));
  const auto closed = w.recorder.closed(s);
  REQUIRE(closed);
  CHECK(closed->first == server::close_code::try_later);

  // Later commits succeed: what was held for the lost writes stays unsent.
  script->mode = DurabilityScript::Mode::pass;
  const server::SessionId other = 2;
  w.hub->customer_open(other, kNoOrigin);
  w.hub->customer_frame(other, h);
  auto after = w.take(s);
  INFO(describe(after));
  CHECK_FALSE(has_event_with_text(after, "Where is my parcel?"));
  CHECK_FALSE(has_event_with_text(after, "Hello?"));
  CHECK(first_of<proto::Welcome>(w.take(other)));
  CHECK(w.metrics.prometheus().find("duet_store_writes_dropped_total") != std::string::npos);
}
