#pragma once
// A private PostgreSQL server for the tests, from Debian's packages: initdb in a temporary directory,
// `postgres` on a free loopback port (as the unprivileged user `nobody` when the tests run as root,
// since PostgreSQL refuses root), stopped and removed when the test process exits. One instance per
// test process, started on first use; each test gets its own database in it.
#include <string>

namespace duet::test {

class PgInstance {
 public:
  static PgInstance& shared();  // starts it on first use; throws with the server's log if it cannot

  // A connection string for `database`, created empty on first use.
  std::string url(const std::string& database);
  unsigned short port() const { return port_; }

  void stop();     // a fast shutdown (connections are cut, as in a restart or failover)
  void start();    // again, on the same port and data
  ~PgInstance();

 private:
  PgInstance();
  void run_as_owner(const std::string& command) const;  // throws with the log when it fails
  std::string dir_, bin_, as_owner_;
  unsigned short port_ = 0;
  bool running_ = false;
};

}  // namespace duet::test
