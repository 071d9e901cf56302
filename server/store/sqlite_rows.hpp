#pragma once
// An agent as a SQLite row; the column codecs (lists, contexts) are in column_codecs.hpp.
#include "server/store/column_codecs.hpp"
#include "server/store/sqlite_db.hpp"
#include "server/store/store.hpp"

namespace duet::server {

AgentRow agent_from(const Row& r);  // the columns of kAgentColumns, in order

}  // namespace duet::server
