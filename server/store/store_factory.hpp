#pragma once
// The one place that picks a store backend: `store.kind` in the config. Everything else holds a
// Store and does not know which one it is.
#include <memory>

#include "server/config.hpp"
#include "server/store/store.hpp"

namespace duet::server {

// Opens the store `config.store.kind` names (SQLite in `config.data_dir`, or memory). Throws
// std::runtime_error with a message for operators when that is impossible.
std::unique_ptr<Store> make_store(const Config& config);

// Whether what `config` stores outlives this process (a memory store does not).
bool store_is_durable(const Config& config);

}  // namespace duet::server
