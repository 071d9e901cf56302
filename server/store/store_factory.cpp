#include "server/store/store_factory.hpp"

#include <stdexcept>

#include "server/store/memory_store.hpp"
#include "server/store/sqlite_store.hpp"

namespace duet::server {

std::unique_ptr<Store> make_store(const Config& config) {
  const std::string& kind = config.store.kind;
  if (kind == "sqlite") return std::make_unique<SqliteStore>(config.data_dir, config.store);
  if (kind == "memory") return std::make_unique<MemoryStore>(config.store);
  // validate() refuses these already; a Config built in code reaches here.
  if (kind == "postgres") throw std::runtime_error("store.kind \"postgres\" is not built yet: use \"sqlite\"");
  throw std::runtime_error("store.kind \"" + kind + "\" is unknown: use \"sqlite\" or \"memory\"");
}

bool store_is_durable(const Config& config) { return config.store.kind != "memory"; }

}  // namespace duet::server
