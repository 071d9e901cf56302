#pragma once
// The SQLite store's schema, as the steps from each version to the next (version = index + 1).
#include <string>
#include <vector>

namespace duet::server {

const std::vector<std::string>& sqlite_migrations();

}  // namespace duet::server
