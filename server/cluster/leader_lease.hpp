#pragma once
// The cluster's membership and its one leader, kept in PostgreSQL (the source of truth, and where the
// leader's commits are fenced: PostgresStore::fence_writes). Blocking calls on one connection of its
// own, made by the ClusterNode's lease thread only. Tables: pg_migrations.cpp, version 2.
#include <cstdint>
#include <memory>
#include <set>
#include <string>

namespace duet::server {

class PgConn;

class LeaderLease {
 public:
  // Throws std::runtime_error when PostgreSQL cannot be reached (at start, an operator's problem).
  LeaderLease(const std::string& conninfo, int lease_ms);
  ~LeaderLease();

  // A new number for this process (never reused: session ids carry it).
  std::int64_t join(const std::string& name);

  struct View {
    std::int64_t leader = 0;  // the node that holds the lease (0: nobody yet)
    std::int64_t epoch = 0;
  };
  // One heartbeat: `me` is alive for another lease; `me` renews the lease it holds at `held_epoch`
  // (or takes it, with a new epoch, if the holder's has run out). Returns who leads now. Throws
  // PgError when PostgreSQL is away (the caller keeps what it knew and tries at the next beat).
  View beat(std::int64_t me, std::int64_t held_epoch);
  // Of `nodes`, those whose heartbeat ran out (dead, or cut off from PostgreSQL).
  std::set<std::int64_t> gone(const std::set<std::int64_t>& nodes);
  // A leader that stops on purpose lets the next one take over at once.
  void release(std::int64_t me, std::int64_t epoch);
  // The secret every node signs resume tokens with (made by the first node that asks).
  std::string shared_secret();

 private:
  void reconnect_if_needed();
  std::unique_ptr<PgConn> db_;
  const int lease_ms_;
};

}  // namespace duet::server
