#include "server/cluster/leader_lease.hpp"

#include "server/crypto.hpp"
#include "server/store/pg_conn.hpp"

namespace duet::server {

LeaderLease::LeaderLease(const std::string& conninfo, int lease_ms) : lease_ms_(lease_ms) {
  try {
    db_ = std::make_unique<PgConn>(conninfo);
  } catch (const PgError& e) {
    throw std::runtime_error(std::string("cluster: cannot reach PostgreSQL for the leader lease: ") + e.what());
  }
}

LeaderLease::~LeaderLease() = default;

void LeaderLease::reconnect_if_needed() {
  if (!db_->ok()) db_->reset();
}

std::int64_t LeaderLease::join(const std::string& name) {
  std::int64_t id = 0;
  db_->query("INSERT INTO cluster_nodes(name, seen_until) VALUES ($1, now() + $2 * interval '1 millisecond') RETURNING id",
             [&](const PgRow& r) { id = r.integer(0); }, name, lease_ms_);
  return id;
}

LeaderLease::View LeaderLease::beat(std::int64_t me, std::int64_t held_epoch) {
  reconnect_if_needed();
  db_->run("UPDATE cluster_nodes SET seen_until = now() + $2 * interval '1 millisecond' WHERE id = $1", me, lease_ms_);
  View v;
  bool got = false;
  // Renew what `me` holds (same epoch), or take a lease that ran out (next epoch); one statement, so
  // two nodes racing for it cannot both win.
  db_->query(
      "UPDATE cluster_leader SET node = $1, lease_until = now() + $3 * interval '1 millisecond', "
      "epoch = CASE WHEN node = $1 AND epoch = $2 THEN epoch ELSE epoch + 1 END "
      "WHERE (node = $1 AND epoch = $2) OR lease_until < now() RETURNING node, epoch",
      [&](const PgRow& r) {
        v = View{r.integer(0), r.integer(1)};
        got = true;
      },
      me, held_epoch, lease_ms_);
  if (!got)
    db_->query("SELECT node, epoch FROM cluster_leader", [&](const PgRow& r) { v = View{r.integer(0), r.integer(1)}; });
  return v;
}

std::set<std::int64_t> LeaderLease::gone(const std::set<std::int64_t>& nodes) {
  std::set<std::int64_t> out;
  if (nodes.empty()) return out;
  reconnect_if_needed();
  std::string list;
  for (auto n : nodes) list += (list.empty() ? "" : ",") + std::to_string(n);
  std::set<std::int64_t> alive;
  db_->query("SELECT id FROM cluster_nodes WHERE id = ANY($1::bigint[]) AND seen_until >= now()",
             [&](const PgRow& r) { alive.insert(r.integer(0)); }, "{" + list + "}");
  for (auto n : nodes)
    if (!alive.contains(n)) out.insert(n);
  return out;
}

void LeaderLease::release(std::int64_t me, std::int64_t epoch) {
  reconnect_if_needed();
  db_->run("UPDATE cluster_leader SET lease_until = now() - interval '1 millisecond' WHERE node = $1 AND epoch = $2", me,
           epoch);
  db_->run("UPDATE cluster_nodes SET seen_until = now() - interval '1 millisecond' WHERE id = $1", me);
}

std::string LeaderLease::shared_secret() {
  db_->run("INSERT INTO cluster_secret(secret) VALUES ($1) ON CONFLICT DO NOTHING", crypto::hex(crypto::random_bytes(32)));
  std::string secret;
  db_->query("SELECT secret FROM cluster_secret", [&](const PgRow& r) { secret = r.text(0); });
  return secret;
}

}  // namespace duet::server
