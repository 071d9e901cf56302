// TypoIndex (kb_typos.hpp): a one-edit deletion neighbourhood, verified with the optimal string alignment
// distance. Works on code points, so "återbetalning" and "rückerstattung" get the same treatment as ASCII.
#include "kb_typos.hpp"

#include <algorithm>

namespace duet::kb {
namespace {

// Splits valid UTF-8 into its code points, each as a substring.
std::vector<std::string_view> code_points(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (std::size_t i = 1; i <= s.size(); ++i) {
    if (i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      out.push_back(s.substr(start, i - start));
      start = i;
    }
  }
  return out;
}

std::string without(const std::vector<std::string_view>& cps, std::size_t skip) {
  std::string out;
  for (std::size_t i = 0; i < cps.size(); ++i) {
    if (i != skip) out += cps[i];
  }
  return out;
}

// True when a and b are at most one insertion, deletion, substitution or adjacent swap apart.
bool within_one_edit(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  if (a.size() > b.size() + 1 || b.size() > a.size() + 1) return false;
  std::size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  const auto same = [](auto a0, auto a1, auto b0, auto b1) { return std::equal(a0, a1, b0, b1); };
  if (a.size() == b.size()) {
    if (i == a.size()) return true;
    if (same(a.begin() + i + 1, a.end(), b.begin() + i + 1, b.end())) return true;  // substitution
    return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] &&
           same(a.begin() + i + 2, a.end(), b.begin() + i + 2, b.end());  // swap
  }
  const auto& longer = a.size() > b.size() ? a : b;
  const auto& shorter = a.size() > b.size() ? b : a;
  return same(longer.begin() + i + 1, longer.end(), shorter.begin() + i, shorter.end());
}

}  // namespace

void TypoIndex::add(std::string_view term, std::uint32_t id) {
  const auto cps = code_points(term);
  if (cps.size() + 1 < kMinLength) return;  // only terms a correctable word can be one edit from
  if (!by_term_.emplace(std::string(term), id).second) return;
  if (terms_.size() <= id) terms_.resize(id + 1);
  terms_[id] = std::string(term);
  for (std::size_t skip = 0; skip < cps.size(); ++skip) {
    auto& ids = by_deletion_[without(cps, skip)];
    if (ids.empty() || ids.back() != id) ids.push_back(id);
  }
}

std::vector<std::uint32_t> TypoIndex::near(std::string_view word) const {
  const auto cps = code_points(word);
  std::vector<std::uint32_t> out;
  if (cps.size() < kMinLength) return out;
  const auto consider = [&](std::uint32_t id) {
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  };
  // A letter missing from `word`: it equals a deletion of the term.
  if (const auto it = by_deletion_.find(std::string(word)); it != by_deletion_.end()) {
    for (std::uint32_t id : it->second) consider(id);
  }
  std::vector<std::uint32_t> unverified;
  for (std::size_t skip = 0; skip < cps.size(); ++skip) {
    const std::string deleted = without(cps, skip);
    // A letter too many in `word`.
    if (const auto it = by_term_.find(deleted); it != by_term_.end()) consider(it->second);
    // A changed or swapped letter: both lose one letter to the same string (checked below).
    if (const auto it = by_deletion_.find(deleted); it != by_deletion_.end()) {
      unverified.insert(unverified.end(), it->second.begin(), it->second.end());
    }
  }
  std::sort(unverified.begin(), unverified.end());
  unverified.erase(std::unique(unverified.begin(), unverified.end()), unverified.end());
  for (std::uint32_t id : unverified) {
    if (within_one_edit(cps, code_points(terms_[id]))) consider(id);
  }
  return out;
}

}  // namespace duet::kb
