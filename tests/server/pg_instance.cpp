#include "pg_instance.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "free_port.hpp"
#include "server/store/pg_conn.hpp"

namespace duet::test {
namespace {

namespace fs = std::filesystem;

// Debian puts the server's programs under /usr/lib/postgresql/<major>/bin; the newest wins.
std::string find_bin() {
  std::string best;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/usr/lib/postgresql", ec))
    if (fs::exists(e.path() / "bin" / "pg_ctl") && e.path().string() > best) best = e.path().string();
  if (best.empty())
    throw std::runtime_error("PostgreSQL's server is not installed (no /usr/lib/postgresql/*/bin/pg_ctl): run scripts/setup.sh");
  return best + "/bin";
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::mutex databases_mutex;
std::set<std::string> databases;

}  // namespace

PgInstance& PgInstance::shared() {
  static PgInstance instance;
  return instance;
}

PgInstance::PgInstance() : bin_(find_bin()) {
  std::string tmpl = (fs::temp_directory_path() / "duet-pg-XXXXXX").string();
  if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
  dir_ = tmpl;
  if (::geteuid() == 0) {
    // initdb and postgres refuse to run as root.
    if (std::system(("chown nobody:nogroup '" + dir_ + "'").c_str()) != 0)
      throw std::runtime_error("cannot give " + dir_ + " to the user nobody");
    as_owner_ = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
  }
  run_as_owner(bin_ + "/initdb -D '" + dir_ + "/data' -U duet -A trust -E UTF8 --no-sync > '" + dir_ +
               "/initdb.log' 2>&1");
  port_ = free_port();
  start();
}

PgInstance::~PgInstance() {
  if (running_) std::system((as_owner_ + bin_ + "/pg_ctl -D '" + dir_ + "/data' -m immediate -w stop >/dev/null 2>&1").c_str());
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void PgInstance::run_as_owner(const std::string& command) const {
  if (std::system((as_owner_ + command).c_str()) != 0)
    throw std::runtime_error("PostgreSQL for the tests: `" + command + "` failed:\n" + slurp(dir_ + "/initdb.log") +
                             slurp(dir_ + "/server.log"));
}

void PgInstance::start() {
  // fsync off: these databases die with the test; a process crash loses nothing either way.
  run_as_owner(bin_ + "/pg_ctl -D '" + dir_ + "/data' -l '" + dir_ + "/server.log' -w -t 60 -o \"-p " +
               std::to_string(port_) + " -k '" + dir_ +
               "' -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200\" start > /dev/null");
  running_ = true;
}

void PgInstance::stop() {
  run_as_owner(bin_ + "/pg_ctl -D '" + dir_ + "/data' -m fast -w -t 60 stop > /dev/null");
  running_ = false;
}

std::string PgInstance::url(const std::string& database) {
  const std::string base = "host=127.0.0.1 port=" + std::to_string(port_) + " user=duet connect_timeout=10";
  std::lock_guard lock(databases_mutex);
  if (databases.insert(database).second) {
    server::PgConn admin(base + " dbname=postgres");
    admin.exec("DROP DATABASE IF EXISTS \"" + database + "\"");
    admin.exec("CREATE DATABASE \"" + database + "\"");
  }
  return base + " dbname=" + database;
}

}  // namespace duet::test
