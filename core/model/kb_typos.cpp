// TypoIndex (kb_typos.hpp): symmetric deletion up to two edits, verified with the optimal string
// alignment distance. Works on code points, so "återbetalning" and "rückerstattung" get the same
// treatment as ASCII.
#include "kb_typos.hpp"

#include <algorithm>
#include <array>

namespace duet::kb {
namespace {

// Decodes valid UTF-8 into code points, stopping (and returning false) once past `limit` of them.
bool decode(std::string_view s, std::size_t limit, std::u32string& out) {
  out.clear();
  for (std::size_t i = 0; i < s.size();) {
    if (out.size() == limit) return false;
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : 3;
    char32_t cp = extra == 0 ? b : b & (0x3F >> extra);
    for (int k = 1; k <= extra && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += 1 + extra;
  }
  return true;
}

// FNV-1a over the code points of `s` without positions `skip_a` and `skip_b` (npos: none).
std::uint64_t hash_without(const std::u32string& s, std::size_t skip_a, std::size_t skip_b) {
  std::uint64_t h = 14695981039346656037ULL;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i == skip_a || i == skip_b) continue;
    h = (h ^ static_cast<std::uint64_t>(s[i])) * 1099511628211ULL;
  }
  return (h ^ (s.size() - (skip_a != std::u32string::npos) - (skip_b != std::u32string::npos))) * 1099511628211ULL;
}

// Calls `visit` with the hash of `s` and of each string one or two deletions from it (up to `depth`).
// Returns false when `visit` asks to stop.
template <class Visit>
bool for_each_deletion(const std::u32string& s, int depth, Visit visit) {
  constexpr std::size_t none = std::u32string::npos;
  if (!visit(hash_without(s, none, none))) return false;
  for (std::size_t a = 0; depth >= 1 && a < s.size(); ++a) {
    // Deleting either of two equal neighbours gives the same string: hash it once.
    if (a > 0 && s[a] == s[a - 1]) continue;
    if (!visit(hash_without(s, a, none))) return false;
    for (std::size_t b = a + 1; depth >= 2 && b < s.size(); ++b) {
      if (b > a + 1 && s[b] == s[b - 1]) continue;
      if (!visit(hash_without(s, a, b))) return false;
    }
  }
  return true;
}

// Optimal string alignment distance between a and b, or max + 1 once it must exceed `max`.
int distance_within(const std::u32string& a, const std::u32string& b, int max) {
  const auto n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > max) return max + 1;
  constexpr int kWidth = TypoIndex::kMaxLength + 3;  // both are at most kMaxLength + 2 code points
  std::array<std::array<int, kWidth>, 3> rows{};       // rows i-2, i-1 and i, rotating
  for (int j = 0; j <= m; ++j) rows[0][j] = j;
  for (int i = 1; i <= n; ++i) {
    auto& cur = rows[i % 3];
    const auto& prev = rows[(i + 2) % 3];
    const auto& prev2 = rows[(i + 1) % 3];
    cur[0] = i;
    int best = cur[0];
    for (int j = 1; j <= m; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int d = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d = std::min(d, prev2[j - 2] + 1);
      cur[j] = d;
      best = std::min(best, d);
    }
    if (best > max) return max + 1;
  }
  return rows[n % 3][m];
}

}  // namespace

int TypoIndex::max_distance(std::size_t length) {
  if (length < kMinLength || length > kMaxLength) return 0;
  return length <= 7 ? 1 : 2;
}

void TypoIndex::add(std::string_view term, std::uint32_t id) {
  std::u32string spelling;
  // Terms up to two letters shorter or longer than a correctable word can be matched.
  if (!decode(term, kMaxLength + 2, spelling) || spelling.size() + 2 < kMinLength) return;
  if (!known_.emplace(std::string(term), static_cast<std::uint32_t>(terms_.size())).second) return;
  const auto position = static_cast<std::uint32_t>(terms_.size());
  // Deep enough for the longest word that may reach this term: two edits once a word of 8 letters can.
  const int depth = spelling.size() + 2 >= 8 ? 2 : 1;
  for_each_deletion(spelling, depth, [&](std::uint64_t h) {
    auto& list = by_deletion_[h];
    if (list.empty() || list.back() != position) list.push_back(position);
    return true;
  });
  terms_.push_back({std::move(spelling), id});
}

std::vector<NearTerm> TypoIndex::near(std::string_view word, TypoBudget& budget) const {
  std::vector<NearTerm> out;
  std::u32string spelling;
  // The length check comes first and reads at most kMaxLength + 1 code points of the word.
  if (!decode(word, kMaxLength, spelling)) return out;
  const int max = max_distance(spelling.size());
  if (max == 0 || known_.count(std::string(word)) > 0) return out;
  std::vector<std::uint32_t> candidates;
  for_each_deletion(spelling, max, [&](std::uint64_t h) {
    if (budget.probes_left == 0) return false;
    --budget.probes_left, ++budget.probes;
    const auto it = by_deletion_.find(h);
    if (it == by_deletion_.end()) return true;
    for (std::uint32_t position : it->second) {
      if (candidates.size() == kMaxCandidates) return false;
      if (std::find(candidates.begin(), candidates.end(), position) == candidates.end()) candidates.push_back(position);
    }
    return true;
  });
  std::sort(candidates.begin(), candidates.end());
  for (std::uint32_t position : candidates) {
    ++budget.candidates;
    const int d = distance_within(spelling, terms_[position].spelling, max);
    if (d > max) continue;
    const std::uint32_t id = terms_[position].id;
    const auto same = std::find_if(out.begin(), out.end(), [id](const NearTerm& t) { return t.id == id; });
    if (same == out.end()) {
      out.push_back({id, d});
    } else {
      same->distance = std::min(same->distance, d);
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const NearTerm& a, const NearTerm& b) { return a.distance < b.distance; });
  return out;
}

}  // namespace duet::kb
