#pragma once
// Names of an enum declared once, in enumerator order, with a count the compiler checks: an enum that
// ends in `count_` gets its table from enum_names<E>("a", "b", ...), which fails to compile when a name
// is missing or extra.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>

namespace duet {

template <class E>
constexpr std::size_t enum_count = static_cast<std::size_t>(E::count_);

template <class E>
struct EnumNames {
  std::array<std::string_view, enum_count<E>> names;

  constexpr std::string_view operator()(E e) const {
    const auto i = static_cast<std::size_t>(e);
    return i < names.size() ? names[i] : std::string_view("unknown");
  }
  constexpr std::optional<E> parse(std::string_view s) const {
    for (std::size_t i = 0; i < names.size(); ++i)
      if (names[i] == s) return static_cast<E>(i);
    return std::nullopt;
  }
};

template <class E, class... Names>
constexpr EnumNames<E> enum_names(Names... names) {
  static_assert(sizeof...(Names) == enum_count<E>, "one name per enumerator, in declaration order");
  return EnumNames<E>{{std::string_view(names)...}};
}

}  // namespace duet
