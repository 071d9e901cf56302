#include "server/business_hours.hpp"

#include <cstdio>

namespace duet::server {
namespace {

constexpr std::array<const char*, 7> kDays{"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

// "HH:MM" -> minutes; 24:00 allowed as an end.
std::optional<int> minutes(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!digit(s[0]) || !digit(s[1]) || !digit(s[3]) || !digit(s[4])) return std::nullopt;
  const int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && m != 0)) return std::nullopt;
  return h * 60 + m;
}

std::string hhmm(int minutes_) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes_ / 60) % 100, minutes_ % 60);
  return buf;
}

Result<std::vector<Interval>, std::string> intervals(std::string_view s) {
  std::vector<Interval> out;
  if (s == "closed") return out;
  while (!s.empty()) {
    const auto comma = s.find(',');
    std::string_view part = s.substr(0, comma);
    s = comma == std::string_view::npos ? std::string_view{} : s.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    const auto dash = part.find('-');
    if (dash == std::string_view::npos) return std::string("expected HH:MM-HH:MM, got \"" + std::string(part) + "\"");
    auto from = minutes(part.substr(0, dash)), to = minutes(part.substr(dash + 1));
    if (!from || !to || *from >= *to || *from >= 24 * 60)
      return std::string("expected HH:MM-HH:MM with the start before the end, got \"" + std::string(part) + "\"");
    out.push_back({*from, *to});
  }
  return out;
}

Result<int, std::string> offset(std::string_view s) {
  // "+01:00", "-05:30", "Z"
  if (s == "Z" || s == "+00:00" || s == "-00:00") return 0;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-')) return std::string("utc_offset must look like +01:00");
  auto m = minutes(s.substr(1));
  if (!m || *m > 14 * 60) return std::string("utc_offset must look like +01:00 (at most 14 hours)");
  return s[0] == '-' ? -*m : *m;
}

}  // namespace

bool BusinessHours::open_at(TimeMs now) const {
  if (always_open) return true;
  const std::int64_t local_min = now / 60000 + utc_offset_min;
  const std::int64_t day = local_min >= 0 ? local_min / 1440 : (local_min - 1439) / 1440;
  const int minute = static_cast<int>(local_min - day * 1440);
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const int weekday = static_cast<int>(((day % 7) + 7 + 3) % 7);
  for (const Interval& i : days[weekday])
    if (minute >= i.open_min && minute < i.close_min) return true;
  return false;
}

Result<BusinessHours, std::string> business_hours_from_json(const nlohmann::json& j) {
  BusinessHours h;
  if (j.is_string() && j.get<std::string>() == "always") return h;
  if (!j.is_object()) return std::string("business_hours must be an object or \"always\"");
  h.always_open = false;
  for (const auto& [key, value] : j.items()) {
    if (!value.is_string()) return std::string("business_hours." + key + " must be a string");
    const std::string v = value.get<std::string>();
    if (key == "utc_offset") {
      auto o = offset(v);
      if (!o) return "business_hours.utc_offset: " + o.error();
      h.utc_offset_min = o.value();
      continue;
    }
    int day = -1;
    for (int d = 0; d < 7; ++d)
      if (key == kDays[d]) day = d;
    if (day < 0) return std::string("business_hours: unknown key \"" + key + "\" (use mon..sun and utc_offset)");
    auto iv = intervals(v);
    if (!iv) return "business_hours." + key + ": " + iv.error();
    h.days[day] = iv.value();
  }
  return h;
}

nlohmann::json to_json(const BusinessHours& h) {
  if (h.always_open) return "always";
  nlohmann::json j = nlohmann::json::object();
  const int off = h.utc_offset_min < 0 ? -h.utc_offset_min : h.utc_offset_min;
  std::string offset(h.utc_offset_min < 0 ? "-" : "+");
  offset += hhmm(off);
  j["utc_offset"] = offset;
  for (int d = 0; d < 7; ++d) {
    if (h.days[d].empty()) continue;
    std::string s;
    for (const Interval& i : h.days[d]) {
      if (!s.empty()) s += ',';
      s += hhmm(i.open_min);
      s += '-';
      s += hhmm(i.close_min);
    }
    j[kDays[d]] = s;
  }
  return j;
}

}  // namespace duet::server
