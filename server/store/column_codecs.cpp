#include "server/store/column_codecs.hpp"

#include <nlohmann/json.hpp>

#include "model/json_codec.hpp"

namespace duet::server {

using json = nlohmann::json;

std::string list_json(const std::vector<std::string>& v) { return json(v).dump(); }

std::vector<std::string> list_from(const std::string& s) {
  json j = json::parse(s, nullptr, false);
  std::vector<std::string> out;
  if (j.is_array())
    for (const auto& e : j)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

Context context_from(const std::string& s) {
  json j = json::parse(s, nullptr, false);
  if (j.is_discarded()) return {};
  auto c = context_from_json(j);
  return c ? c.value() : Context{};
}

}  // namespace duet::server
