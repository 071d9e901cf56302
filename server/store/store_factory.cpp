#include "server/store/store_factory.hpp"

#include <cstdlib>
#include <stdexcept>

#include "server/store/memory_store.hpp"
#include "server/store/postgres_store.hpp"
#include "server/store/sqlite_store.hpp"

namespace duet::server {

std::string postgres_url(const StoreConfig& store) {
  if (store.url_env.empty()) return store.url;
  const char* v = std::getenv(store.url_env.c_str());
  if (!v || !*v)
    throw std::runtime_error("store.url_env names " + store.url_env + ", which is not set: export it (the connection string)");
  return v;
}

std::unique_ptr<Store> make_store(const Config& config) {
  const std::string& kind = config.store.kind;
  if (kind == "sqlite") return std::make_unique<SqliteStore>(config.data_dir, config.store);
  if (kind == "memory") return std::make_unique<MemoryStore>(config.store);
  if (kind == "postgres") return std::make_unique<PostgresStore>(postgres_url(config.store), config.store);
  // validate() refuses this already; a Config built in code reaches here.
  throw std::runtime_error("store.kind \"" + kind + "\" is unknown: use \"sqlite\", \"postgres\" or \"memory\"");
}

bool store_is_durable(const Config& config) { return config.store.kind != "memory"; }

}  // namespace duet::server
