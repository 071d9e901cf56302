#include "native/pixel_checks.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

namespace duet::native {
namespace {

struct Rgb { int r, g, b; };

Rgb at(const PixelRegion& reg, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(reg.y + y) * static_cast<std::size_t>(reg.frame_width) +
                         static_cast<std::size_t>(reg.x + x)) * 4;
  const auto& p = *reg.rgba;
  return Rgb{p[i], p[i + 1], p[i + 2]};
}

int distance(Rgb a, Rgb b) { return std::abs(a.r - b.r) + std::abs(a.g - b.g) + std::abs(a.b - b.b); }

// Hue in degrees and saturation (HSV), for telling emoji colours from text blended on its bubble.
std::pair<float, float> hue_saturation(Rgb c) {
  const int mx = std::max({c.r, c.g, c.b}), mn = std::min({c.r, c.g, c.b});
  if (mx == 0 || mx == mn) return {0.0f, 0.0f};
  const float d = static_cast<float>(mx - mn);
  float h = mx == c.r ? static_cast<float>(c.g - c.b) / d : mx == c.g ? 2 + static_cast<float>(c.b - c.r) / d : 4 + static_cast<float>(c.r - c.g) / d;
  h *= 60;
  if (h < 0) h += 360;
  return {h, d / static_cast<float>(mx)};
}

float hue_gap(float a, float b) {
  const float d = std::fabs(a - b);
  return std::min(d, 360 - d);
}

}  // namespace

InkReport inspect_ink(const PixelRegion& in) {
  PixelRegion reg = in;
  reg.w = std::clamp(reg.x + reg.w, 0, reg.frame_width) - std::max(reg.x, 0);
  reg.h = std::clamp(reg.y + reg.h, 0, reg.frame_height) - std::max(reg.y, 0);
  reg.x = std::max(reg.x, 0);
  reg.y = std::max(reg.y, 0);
  InkReport r;
  if (reg.w <= 0 || reg.h <= 0) return r;
  std::map<std::uint32_t, int> counts;
  for (int y = 0; y < reg.h; ++y)
    for (int x = 0; x < reg.w; ++x) {
      const Rgb c = at(reg, x, y);
      ++counts[static_cast<std::uint32_t>(c.r << 16 | c.g << 8 | c.b)];
    }
  r.background = std::max_element(counts.begin(), counts.end(), [](auto& a, auto& b) { return a.second < b.second; })->first;
  const Rgb bg{static_cast<int>(r.background >> 16), static_cast<int>((r.background >> 8) & 0xFF), static_cast<int>(r.background & 0xFF)};
  const auto [bg_hue, bg_sat] = hue_saturation(bg);
  std::vector<int> column_ink(static_cast<std::size_t>(reg.w), 0);
  std::vector<std::vector<bool>> ink(static_cast<std::size_t>(reg.h), std::vector<bool>(static_cast<std::size_t>(reg.w)));
  for (int y = 0; y < reg.h; ++y)
    for (int x = 0; x < reg.w; ++x) {
      const Rgb c = at(reg, x, y);
      if (distance(c, bg) < 60) continue;
      ink[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)] = true;
      ++r.ink;
      ++column_ink[static_cast<std::size_t>(x)];
      const auto [hue, sat] = hue_saturation(c);
      if (sat > 0.35f && std::max({c.r, c.g, c.b}) > 60 && (bg_sat < 0.2f || hue_gap(hue, bg_hue) > 40)) ++r.colour;
    }
  // Shapes: stretches of columns with ink; a shape's signature is its width and its ink per column.
  std::set<std::vector<int>> signatures;
  for (int x = 0; x < reg.w;) {
    if (!column_ink[static_cast<std::size_t>(x)]) {
      ++x;
      continue;
    }
    std::vector<int> sig;
    while (x < reg.w && column_ink[static_cast<std::size_t>(x)]) sig.push_back(column_ink[static_cast<std::size_t>(x++)]);
    ++r.shapes;
    signatures.insert(sig);
  }
  r.distinct_shapes = static_cast<int>(signatures.size());
  // Lines: stretches of rows with ink (3 empty rows end one: Thai marks sit a row or two above).
  for (int y = 0; y < reg.h;) {
    auto row_has = [&](int yy) {
      return std::find(ink[static_cast<std::size_t>(yy)].begin(), ink[static_cast<std::size_t>(yy)].end(), true) !=
             ink[static_cast<std::size_t>(yy)].end();
    };
    if (!row_has(y)) {
      ++y;
      continue;
    }
    InkLine l{y, y, reg.w, -1};
    int empty = 0;
    for (; y < reg.h && empty < 3; ++y) {
      if (!row_has(y)) {
        ++empty;
        continue;
      }
      empty = 0;
      l.bottom = y;
      for (int x = 0; x < reg.w; ++x)
        if (ink[static_cast<std::size_t>(y)][static_cast<std::size_t>(x)]) {
          l.left = std::min(l.left, x);
          l.right = std::max(l.right, x);
        }
    }
    r.lines.push_back(l);
  }
  return r;
}

std::string describe(const InkReport& r) {
  std::string s = "ink " + std::to_string(r.ink) + " px, colour " + std::to_string(r.colour) + " px, shapes " +
                  std::to_string(r.shapes) + " (" + std::to_string(r.distinct_shapes) + " distinct), lines";
  for (const InkLine& l : r.lines)
    s += " [x " + std::to_string(l.left) + ".." + std::to_string(l.right) + ", y " + std::to_string(l.top) + ".." +
         std::to_string(l.bottom) + "]";
  return s;
}

}  // namespace duet::native
