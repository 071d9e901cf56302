#pragma once
// Structured logs: one line per event that matters, `ts=... level=info event=NAME key=value ...`,
// on stderr. Message texts are never logged at info level: pass them only to debug().
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

namespace duet::server::log {

enum class Level { debug, info, warn, error, off };
void set_level(Level level);
Level level();
std::optional<Level> level_from_string(std::string_view s);
bool enabled(Level level);

// One key=value pair; the value is quoted when it holds spaces, quotes or '='.
struct Field {
  std::string_view key;
  std::string value;
  Field(std::string_view k, std::string_view v) : key(k), value(v) {}
  Field(std::string_view k, const std::string& v) : key(k), value(v) {}
  Field(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  Field(std::string_view k, bool v) : key(k), value(v ? "true" : "false") {}
  template <class T, std::enable_if_t<std::is_arithmetic_v<T> && !std::is_same_v<T, bool>, int> = 0>
  Field(std::string_view k, T v) : key(k), value(std::to_string(v)) {}
};

void write(Level level, std::string_view event, std::initializer_list<Field> fields);

inline void debug(std::string_view event, std::initializer_list<Field> f = {}) { write(Level::debug, event, f); }
inline void info(std::string_view event, std::initializer_list<Field> f = {}) { write(Level::info, event, f); }
inline void warn(std::string_view event, std::initializer_list<Field> f = {}) { write(Level::warn, event, f); }
inline void error(std::string_view event, std::initializer_list<Field> f = {}) { write(Level::error, event, f); }

}  // namespace duet::server::log
