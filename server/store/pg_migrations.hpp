#pragma once
#include <string>
#include <vector>

namespace duet::server {
// PostgreSQL's schema, as migrations: entry i takes the schema from version i to i + 1.
const std::vector<std::string>& pg_migrations();
}  // namespace duet::server
