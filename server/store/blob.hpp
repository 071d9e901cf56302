#pragma once
// Bytes bound as a BLOB (SQLite) or BYTEA (PostgreSQL) rather than as text.
#include <string_view>

namespace duet::server {

struct Blob {
  std::string_view bytes;
};

}  // namespace duet::server
