#pragma once
// The one place that picks a store backend: `store.kind` in the config. Everything else holds a
// Store and does not know which one it is.
#include <memory>

#include "server/config.hpp"
#include "server/store/store.hpp"

namespace duet::server {

// Opens the store `config.store.kind` names (SQLite in `config.data_dir`, PostgreSQL at
// store.url / $store.url_env, or memory). Throws std::runtime_error with a message for operators when
// that is impossible.
std::unique_ptr<Store> make_store(const Config& config);

// PostgreSQL's connection string: store.url, or the variable store.url_env names (throws if unset).
std::string postgres_url(const StoreConfig& store);

// Whether what `config` stores outlives this process (a memory store does not).
bool store_is_durable(const Config& config);

}  // namespace duet::server
