// The fact scanner (facts.hpp). At each place a token can start it tries the extractors in a fixed order
// (email, order id, date, amount, phone); the first that matches consumes its text, so "2026-03-12" is a
// date and never a phone number, and "order 12345" is an order id and never an amount.
#include "facts.hpp"

#include <optional>
#include <set>

#include "lexicon.hpp"

namespace duet {
namespace {

using Pos = std::size_t;
constexpr Pos kNone = std::string_view::npos;

struct Found {
  Fact fact;
  Pos end = 0;
};
using Attempt = std::optional<Found>;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_ascii_alnum(char c) { return is_digit(c) || is_ascii_letter(c); }
// Bytes of a non-ASCII code point count as letters: words like "März" or "beställning" stay whole.
bool is_letter_byte(char c) { return is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80; }
bool is_word_byte(char c) { return is_digit(c) || is_letter_byte(c); }

char lower(char c) { return is_upper(c) ? static_cast<char>(c + 32) : c; }
bool at(std::string_view s, Pos i, std::string_view what) { return s.substr(std::min(i, s.size()), what.size()) == what; }

Pos digits_end(std::string_view s, Pos i) {
  while (i < s.size() && is_digit(s[i])) ++i;
  return i;
}
Pos letters_end(std::string_view s, Pos i) {
  while (i < s.size() && is_letter_byte(s[i])) ++i;
  return i;
}
// The text may not continue a word or number right after a fact.
bool ends_cleanly(std::string_view s, Pos e) { return e >= s.size() || !is_word_byte(s[e]); }

// The normalised form of one word (folded, accents removed), or "" when it is not a single word.
std::string word_key(std::string_view word) {
  auto ws = lexicon::words_of(word);
  return ws.size() == 1 ? ws[0] : std::string{};
}

using WordSet = std::set<std::string, std::less<>>;
WordSet keys(std::initializer_list<std::string_view> written) {
  WordSet out;
  for (auto w : written) out.insert(word_key(w));
  return out;
}

Attempt found(std::string kind, std::string_view s, Pos begin, Pos end) {
  return Found{Fact{std::move(kind), std::string(s.substr(begin, end - begin))}, end};
}

// --- emails -------------------------------------------------------------------------------------------

bool is_local_char(char c) { return is_ascii_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

Attempt email(std::string_view s, Pos i) {
  if (!is_ascii_alnum(s[i]) || (i > 0 && is_local_char(s[i - 1]))) return {};
  Pos j = i;
  while (j < s.size() && is_local_char(s[j])) ++j;
  if (j >= s.size() || s[j] != '@') return {};
  const Pos domain = j + 1;
  Pos k = domain;
  while (k < s.size() && (is_ascii_alnum(s[k]) || s[k] == '.' || s[k] == '-')) ++k;
  while (k > domain && (s[k - 1] == '.' || s[k - 1] == '-')) --k;
  const std::string_view host = s.substr(domain, k - domain);
  const Pos dot = host.rfind('.');
  if (host.empty() || !is_ascii_alnum(host[0]) || dot == std::string_view::npos || host.size() - dot < 3) return {};
  for (Pos t = dot + 1; t < host.size(); ++t) {
    if (!is_ascii_letter(host[t])) return {};
  }
  return found("email", s, i, k);
}

// --- order ids ----------------------------------------------------------------------------------------

// "12345", "A-10293", "4711-22": letters, digits and inner dashes with at least three digits.
Pos id_end(std::string_view s, Pos i) {
  if (i >= s.size() || !is_ascii_alnum(s[i])) return kNone;
  Pos j = i;
  int digits = 0;
  while (j < s.size() && (is_ascii_alnum(s[j]) || s[j] == '-')) digits += is_digit(s[j++]) ? 1 : 0;
  while (j > i && s[j - 1] == '-') --j;
  if (digits < 3 || !ends_cleanly(s, j)) return kNone;
  return j;
}

Attempt hash_order(std::string_view s, Pos i) {
  if (s[i] != '#') return {};
  const Pos e = id_end(s, i + 1);
  return e == kNone ? Attempt{} : found("order_id", s, i, e);
}

Pos currency_after(std::string_view s, Pos e);

// "order 12345", "order no. #12345", "ordernummer: 123456", "Bestell-Nr. 4711-22", "my order is A-10293".
Attempt keyword_order(std::string_view s, Pos i) {
  static const WordSet keywords =
      keys({"order", "orders", "ordernummer", "ordernumret", "ordernr", "orderid", "ordernumber", "beställning",
            "beställningen", "beställningsnummer", "beställningsnumret", "bestellung", "bestellnummer",
            "bestellnr", "bestell", "auftrag", "auftragsnummer", "auftragsnr"});
  static const WordSet fillers =
      keys({"number", "no", "nr", "num", "id", "is", "was", "nummer", "numret", "är", "var", "ist", "lautet", "war"});
  Pos j = letters_end(s, i);
  if (!keywords.count(word_key(s.substr(i, j - i)))) return {};
  for (int words = 0; words < 4; ++words) {
    while (j < s.size() && (s[j] == ' ' || s[j] == ':' || s[j] == '.' || s[j] == '-' || s[j] == '#')) ++j;
    const Pos e = id_end(s, j);
    if (e != kNone) {
      if (currency_after(s, e) != kNone) return {};  // "order 349 kr" is an amount
      return found("order_id", s, j > 0 && s[j - 1] == '#' ? j - 1 : j, e);
    }
    const Pos w = letters_end(s, j);
    if (w == j || !fillers.count(word_key(s.substr(j, w - j)))) return {};
    j = w;
  }
  return {};
}

// "A-10293", "AB123456", "ORD-2026-0042": 1-4 capitals, an optional dash, four or more digits.
Attempt pattern_order(std::string_view s, Pos i) {
  Pos j = i;
  while (j < s.size() && is_upper(s[j]) && j - i < 5) ++j;
  if (j == i || j - i > 4) return {};
  if (j < s.size() && s[j] == '-') ++j;
  if (digits_end(s, j) - j < 4) return {};
  const Pos e = id_end(s, i);
  return e == kNone ? Attempt{} : found("order_id", s, i, e);
}

// --- dates --------------------------------------------------------------------------------------------

bool is_month(std::string_view word) {
  static const WordSet months =
      keys({"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
            "dec", "januari", "februari", "mars", "maj", "juni", "juli", "augusti", "oktober", "okt", "januar",
            "februar", "märz", "mai", "dezember", "dez", "jänner", "mrz"});
  return months.count(word_key(word)) > 0;
}

int number_at(std::string_view s, Pos i, Pos e) {
  int n = 0;
  for (Pos k = i; k < e; ++k) n = n * 10 + (s[k] - '0');
  return n;
}

Attempt iso_date(std::string_view s, Pos i) {
  if (digits_end(s, i) != i + 4 || !at(s, i + 4, "-") || digits_end(s, i + 5) != i + 7 || !at(s, i + 7, "-") ||
      digits_end(s, i + 8) != i + 10 || !ends_cleanly(s, i + 10)) {
    return {};
  }
  const int month = number_at(s, i + 5, i + 7), day = number_at(s, i + 8, i + 10);
  if (month < 1 || month > 12 || day < 1 || day > 31) return {};
  return found("date", s, i, i + 10);
}

// "12/03", "12/03/2026", "12.03.2026", "12.03." (a bare "12.03" is a decimal number).
Attempt numeric_date(std::string_view s, Pos i) {
  const Pos a = digits_end(s, i);
  if (a - i < 1 || a - i > 2 || a >= s.size() || (s[a] != '/' && s[a] != '.')) return {};
  const char sep = s[a];
  const Pos b = digits_end(s, a + 1);
  if (b - (a + 1) < 1 || b - (a + 1) > 2 || b - i - 1 < 3) return {};
  const int first = number_at(s, i, a), second = number_at(s, a + 1, b);
  if (first < 1 || second < 1 || first > 31 || second > 31 || std::min(first, second) > 12) return {};
  Pos e = b;
  bool dated = sep == '/';
  if (at(s, b, std::string(1, sep))) {
    const Pos y = digits_end(s, b + 1);
    if (y - (b + 1) == 2 || y - (b + 1) == 4) {
      e = y, dated = true;
    } else if (sep == '.' && y == b + 1) {
      e = b + 1, dated = true;  // German "12.03."
    }
  }
  if (!dated || !ends_cleanly(s, e) || (e < s.size() && s[e] == sep && sep == '/')) return {};
  return found("date", s, i, e);
}

// After a day number: "st", "nd", "rd", "th" or a German ".".
Pos day_suffix_end(std::string_view s, Pos d) {
  if (at(s, d, ".")) return d + 1;
  for (std::string_view suffix : {"st", "nd", "rd", "th"}) {
    if (s.size() >= d + 2 && lower(s[d]) == suffix[0] && lower(s[d + 1]) == suffix[1]) return d + 2;
  }
  return d;
}

// ", 2026" or " 2026" after a date.
Pos year_end(std::string_view s, Pos e) {
  Pos k = e;
  if (at(s, k, ",")) ++k;
  if (!at(s, k, " ")) return e;
  ++k;
  const Pos y = digits_end(s, k);
  if (y - k == 4 && (at(s, k, "19") || at(s, k, "20")) && ends_cleanly(s, y)) return y;
  return e;
}

// "12 March", "12th of March 2026", "12 mars", "12. März".
Attempt day_month(std::string_view s, Pos i) {
  const Pos d = digits_end(s, i);
  if (d - i < 1 || d - i > 2) return {};
  const int day = number_at(s, i, d);
  if (day < 1 || day > 31) return {};
  Pos k = day_suffix_end(s, d);
  if (!at(s, k, " ")) return {};
  ++k;
  if (at(s, k, "of ")) k += 3;
  const Pos m = letters_end(s, k);
  if (m == k || !is_month(s.substr(k, m - k)) || !ends_cleanly(s, m)) return {};
  return found("date", s, i, year_end(s, m));
}

// "March 12", "Mar 12th, 2026".
Attempt month_day(std::string_view s, Pos i) {
  const Pos m = letters_end(s, i);
  if (m == i || !is_month(s.substr(i, m - i))) return {};
  Pos k = m;
  if (at(s, k, ".")) ++k;
  if (!at(s, k, " ")) return {};
  ++k;
  const Pos d = digits_end(s, k);
  if (d - k < 1 || d - k > 2) return {};
  const int day = number_at(s, k, d);
  if (day < 1 || day > 31) return {};
  Pos e = d;
  if (e < s.size() && s[e] != '.') e = day_suffix_end(s, d);
  if (!ends_cleanly(s, e)) return {};
  return found("date", s, i, year_end(s, e));
}

// --- amounts ------------------------------------------------------------------------------------------

// "349", "49.90", "49,90", "1.299,00", "1,299.00" and, with `space_groups`, "1 299".
Pos number_end(std::string_view s, Pos i, bool space_groups) {
  Pos e = digits_end(s, i);
  if (e == i) return kNone;
  const bool short_lead = e - i <= 3;
  while (e < s.size()) {
    if (space_groups && short_lead && s[e] == ' ' && digits_end(s, e + 1) == e + 4) {
      e += 4;
      continue;
    }
    if ((s[e] == '.' || s[e] == ',') && digits_end(s, e + 1) > e + 1) {
      const Pos g = digits_end(s, e + 1);
      const bool thousands_group = g - (e + 1) == 3;
      e = g;
      if (thousands_group) continue;
    }
    break;
  }
  return e;
}

bool is_currency_code(std::string_view word) {
  static const WordSet codes = keys({"sek", "eur", "usd", "gbp", "nok", "dkk", "chf"});
  return codes.count(word_key(word)) > 0;
}

bool is_currency_word(std::string_view word) {
  static const WordSet words = keys({"kr", "kronor", "euro", "euros", "dollar", "dollars", "pound", "pounds"});
  return is_currency_code(word) || words.count(word_key(word)) > 0;
}

// Length of a currency symbol at `i`: $, €, £.
Pos symbol_length(std::string_view s, Pos i) {
  if (at(s, i, "$")) return 1;
  if (at(s, i, "\xE2\x82\xAC")) return 3;  // €
  if (at(s, i, "\xC2\xA3")) return 2;      // £
  return 0;
}

// Skips one space (or no-break space) at `i`.
Pos skip_space(std::string_view s, Pos i) {
  if (at(s, i, " ")) return i + 1;
  if (at(s, i, "\xC2\xA0")) return i + 2;
  return i;
}

// The end of a currency right after the number ending at `e`, or kNone.
Pos currency_after(std::string_view s, Pos e) {
  if (at(s, e, ":-")) return e + 2;  // Swedish "349:-"
  const Pos k = skip_space(s, e);
  if (const Pos len = symbol_length(s, k)) return ends_cleanly(s, k + len) ? k + len : kNone;
  const Pos w = letters_end(s, k);
  return w > k && is_currency_word(s.substr(k, w - k)) ? w : kNone;
}

// "349 SEK", "49,90 €", "1 299 kr", "349:-".
Attempt amount_number_first(std::string_view s, Pos i) {
  for (bool space_groups : {true, false}) {
    const Pos e = number_end(s, i, space_groups);
    if (e == kNone) return {};
    if (const Pos c = currency_after(s, e); c != kNone) return found("amount", s, i, c);
  }
  return {};
}

// "€49.90", "$12", "SEK 349".
Attempt amount_currency_first(std::string_view s, Pos i) {
  Pos k = i + symbol_length(s, i);
  if (k == i) {
    const Pos w = letters_end(s, i);
    if (w == i || !is_currency_code(s.substr(i, w - i))) return {};
    k = w;
  }
  k = skip_space(s, k);
  const Pos e = number_end(s, k, true);
  if (e == kNone || !ends_cleanly(s, e)) return {};
  return found("amount", s, i, e);
}

// --- phone numbers ------------------------------------------------------------------------------------

// "+46 70 123 45 67", "070-123 45 67", "(030) 1234567": digits with single spaces, dashes or brackets.
Attempt phone(std::string_view s, Pos i) {
  const char first = s[i];
  if (first != '+' && first != '0' && first != '(') return {};
  Pos j = first == '0' ? i : i + 1;
  if (j >= s.size() || !is_digit(s[j])) return {};
  int digits = 0;
  Pos last_digit_end = kNone;
  bool after_separator = false;
  while (j < s.size()) {
    const char c = s[j];
    if (is_digit(c)) {
      if (++digits > 15) return {};
      last_digit_end = ++j;
      after_separator = false;
    } else if (c == ' ' || c == '-' || c == '(' || c == ')') {
      const bool bracket_pair = (s[j - 1] == ')' && c == ' ') || (s[j - 1] == ' ' && c == '(');
      if (after_separator && !bracket_pair) break;
      after_separator = true;
      ++j;
    } else {
      break;
    }
  }
  if (!ends_cleanly(s, last_digit_end)) return {};
  const bool international = first == '+';
  if (digits < 8 || digits > (international ? 15 : 12)) return {};
  return found("phone", s, i, last_digit_end);
}

// Every extractor that may start at `i`, in priority order.
Attempt fact_at(std::string_view s, Pos i) {
  const char c = s[i];
  if (Attempt a = email(s, i)) return a;
  if (c == '#') return hash_order(s, i);
  if (symbol_length(s, i) > 0) return amount_currency_first(s, i);
  if (c == '+' || c == '(') return phone(s, i);
  if (is_digit(c)) {
    for (auto extract : {iso_date, numeric_date, day_month, amount_number_first, phone}) {
      if (Attempt a = extract(s, i)) return a;
    }
    return {};
  }
  if (is_letter_byte(c)) {
    for (auto extract : {keyword_order, month_day, amount_currency_first, pattern_order}) {
      if (Attempt a = extract(s, i)) return a;
    }
  }
  return {};
}

std::string kept(std::string_view value, bool (*keep)(char), bool lower_case) {
  std::string out;
  for (char c : value) {
    if (keep(c)) out += lower_case ? lower(c) : (c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c);
  }
  return out;
}

}  // namespace

std::vector<Fact> find_facts(std::string_view text) {
  std::vector<Fact> out;
  Pos i = 0;
  while (i < text.size()) {
    if (i > 0 && is_word_byte(text[i - 1])) {
      ++i;  // facts start at a word boundary
      continue;
    }
    if (Attempt a = fact_at(text, i)) {
      out.push_back(std::move(a->fact));
      i = a->end;
    } else {
      ++i;
    }
  }
  return out;
}

std::string fact_key(const Fact& f) {
  std::string value;
  if (f.kind == "order_id") {
    value = kept(f.value, is_ascii_alnum, false);
  } else if (f.kind == "phone") {
    value = kept(f.value, [](char c) { return is_digit(c) || c == '+'; }, false);
  } else {
    value = kept(f.value, [](char c) { return c != ' '; }, true);
  }
  return f.kind + "|" + value;
}

}  // namespace duet
