#pragma once
// When humans answer on a site: opening intervals per weekday in a fixed UTC offset (no daylight
// saving: operators set the offset they are in). Without hours a site is always open.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/result.hpp"
#include "model/types.hpp"

namespace duet::server {

struct Interval {
  int open_min = 0;    // minutes after local midnight
  int close_min = 0;   // exclusive; 24*60 means until midnight
  bool operator==(const Interval&) const = default;
};

struct BusinessHours {
  bool always_open = true;
  int utc_offset_min = 0;                     // e.g. +60 for CET
  std::array<std::vector<Interval>, 7> days;  // 0 = Monday ... 6 = Sunday
  bool open_at(TimeMs now) const;
  bool operator==(const BusinessHours&) const = default;
};

// JSON form: {"utc_offset": "+01:00", "mon": "09:00-17:00", "sat": "10:00-14:00,15:00-16:00",
// "sun": "closed"}; days not listed are closed; the string "always" means always open.
Result<BusinessHours, std::string> business_hours_from_json(const nlohmann::json& j);
nlohmann::json to_json(const BusinessHours& h);

}  // namespace duet::server
