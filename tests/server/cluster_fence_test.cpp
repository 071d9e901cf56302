// The leader lease and the fence on its commits, against a real PostgreSQL: a node that lost the
// lease (paused, cut off, replaced) stores nothing and acknowledges nothing.
#include <atomic>
#include <future>

#include <catch2/catch.hpp>

#include "pg_instance.hpp"
#include "server/cluster/leader_lease.hpp"
#include "server/store/pg_conn.hpp"
#include "server/store/store_factory.hpp"
#include "stored_events.hpp"

using namespace duet;
using namespace duet::server;
using namespace duet::test;

namespace {

std::unique_ptr<Store> open_store(const std::string& url) {
  Config c;
  c.store.kind = "postgres";
  c.store.url = url;
  return make_store(c);
}

bool durable(Store& s) {
  std::promise<bool> p;
  s.when_durable([&](bool ok) { p.set_value(ok); });
  return p.get_future().get();
}

}  // namespace

TEST_CASE("cluster lease: one leader; a lease that ran out passes to another with a new epoch", "[cluster]") {
  const std::string url = PgInstance::shared().url("cluster_lease");
  auto store = open_store(url);  // runs the migrations
  LeaderLease lease(url, 500);
  const auto a = lease.join("a");
  const auto b = lease.join("b");
  CHECK(a != b);
  const auto first = lease.beat(a, -1);
  CHECK(first.leader == a);
  CHECK(lease.beat(b, -1).leader == a);  // a holds it: b only follows
  CHECK(lease.beat(a, first.epoch).epoch == first.epoch);  // renewing keeps the epoch
  PgConn(url).exec("UPDATE cluster_leader SET lease_until = now() - interval '1 second'");
  const auto taken = lease.beat(b, -1);
  CHECK(taken.leader == b);
  CHECK(taken.epoch > first.epoch);
  CHECK(lease.beat(a, first.epoch).leader == b);  // a's renewal of its old epoch takes nothing back
  lease.release(b, taken.epoch);
  CHECK(lease.beat(a, -1).leader == a);  // handed on at once, not after a lease
  CHECK(lease.shared_secret() == lease.shared_secret());
  CHECK(lease.shared_secret().size() >= 32);
}

TEST_CASE("cluster fence: a leader that lost its lease stores nothing and acknowledges nothing", "[cluster]") {
  const std::string url = PgInstance::shared().url("cluster_fence");
  auto store = open_store(url);
  LeaderLease lease(url, 60'000);
  const auto me = lease.join("a");
  const auto held = lease.beat(me, -1);
  REQUIRE(held.leader == me);
  std::atomic<int> lost{0};
  REQUIRE(store->fence_writes(me, held.epoch, [&] { ++lost; }));

  ConversationRow row;
  row.id = "c_fence";
  row.site = "shop";
  row.language = "en";
  store->save_conversation(row);
  store->append_events("c_fence", {customer_message(1, "while leading")});
  CHECK(durable(*store));
  CHECK(lost == 0);

  // Another node takes over (as after a pause longer than the lease): this one's next commit fails.
  const auto other = lease.join("b");
  PgConn(url).exec("UPDATE cluster_leader SET node = " + std::to_string(other) + ", epoch = epoch + 1");
  store->append_events("c_fence", {customer_message(2, "after losing the lease")});
  CHECK_FALSE(durable(*store));
  CHECK(lost >= 1);

  auto reader = open_store(url);
  auto c = reader->load_conversation("c_fence");
  REQUIRE(c);
  REQUIRE(c->events.size() == 1);
  CHECK(c->events[0].text == "while leading");
}
