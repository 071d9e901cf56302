#pragma once
// How the SQLite store's columns hold what is not a plain value (lists and contexts as JSON, agents
// as rows), shared by its writes and its reads.
#include <string>
#include <vector>

#include "model/types.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/store.hpp"

namespace duet::server {

std::string list_json(const std::vector<std::string>& v);
std::vector<std::string> list_from(const std::string& s);
Context context_from(const std::string& s);  // {} when the column does not parse
AgentRow agent_from(const Row& r);           // the columns of kAgentColumns, in order
inline constexpr const char* kAgentColumns = "id, name, token_hash, languages, skills, capacity, available, created";

}  // namespace duet::server
