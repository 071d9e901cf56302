#include "server/store/sqlite_rows.hpp"

namespace duet::server {

AgentRow agent_from(const Row& r) {
  AgentRow a;
  a.id = r.text(0);
  a.name = r.text(1);
  a.token_hash = r.text(2);
  a.languages = list_from(r.text(3));
  a.skills = list_from(r.text(4));
  a.capacity = static_cast<int>(r.integer(5));
  a.available = r.integer(6) != 0;
  a.created = r.integer(7);
  return a;
}

}  // namespace duet::server
