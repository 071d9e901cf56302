#pragma once
// How a SQL store's columns hold what is not a plain value: lists and contexts as JSON text. Shared by
// the SQLite and PostgreSQL backends, so both read what the other would write.
#include <string>
#include <vector>

#include "model/types.hpp"

namespace duet::server {

std::string list_json(const std::vector<std::string>& v);
std::vector<std::string> list_from(const std::string& s);
Context context_from(const std::string& s);  // {} when the column does not parse
// The agents table's columns, in the order agent_from (per backend) reads them.
inline constexpr const char* kAgentColumns = "id, name, token_hash, languages, skills, capacity, available, created";

}  // namespace duet::server
