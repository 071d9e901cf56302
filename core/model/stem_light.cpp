// Light suffix-stripping stemmers for English, Swedish and German (text::stem in text.hpp).
// Deliberately small: they strip one inflectional suffix so that the forms a customer types ("refunds",
// "refunded", "refunding") meet the form an article uses ("refund"). They never look words up.
#include <array>
#include <string>
#include <string_view>

#include "text.hpp"

namespace duet::text {
namespace {

bool ends_with(std::string_view w, std::string_view suffix) {
  return w.size() >= suffix.size() && w.substr(w.size() - suffix.size()) == suffix;
}

// Code points left once `suffix` is removed: stems shorter than `min` are not stripped.
bool strippable(std::string_view w, std::string_view suffix, std::size_t min) {
  return ends_with(w, suffix) && length(w.substr(0, w.size() - suffix.size())) >= min;
}

void chop(std::string& w, std::size_t n) { w.resize(w.size() - n); }

bool is_ascii_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool has_vowel(std::string_view w) {
  for (char c : w) {
    if (is_ascii_vowel(c)) return true;
  }
  return false;
}

// "shipp" -> "ship", "cancell" -> "cancel"; applied to every word so "bill" and "billed" still meet.
void undouble(std::string& w, std::string_view keep_doubled) {
  if (w.size() < 4) return;
  const char last = w.back();
  if (last == w[w.size() - 2] && last >= 'a' && last <= 'z' && !is_ascii_vowel(last) &&
      keep_doubled.find(last) == std::string_view::npos) {
    w.pop_back();
  }
}

std::string stem_en(std::string w) {
  if (length(w) < 4) return w;
  // The few irregular forms customers use all the time with this vocabulary.
  if (w == "paid") return "pay";
  if (w == "sent") return "send";
  if (w == "bought") return "buy";
  // Plurals and third person.
  if (strippable(w, "ies", 2)) {
    chop(w, 3), w += 'y';
  } else if (ends_with(w, "sses")) {
    chop(w, 2);
  } else if (ends_with(w, "s") && !ends_with(w, "ss") && !ends_with(w, "us") && !ends_with(w, "is") &&
             strippable(w, "s", 3)) {
    chop(w, 1);
  }
  // Past tense, gerund, adverb.
  if (strippable(w, "ied", 2)) {
    chop(w, 3), w += 'y';
  } else if (strippable(w, "eed", 1) && has_vowel(w.substr(0, w.size() - 3))) {
    chop(w, 1);  // "agreed" -> "agree", but "speed" and "need" stay
  } else if (strippable(w, "ing", 3) && has_vowel(w.substr(0, w.size() - 3))) {
    chop(w, 3);
  } else if (strippable(w, "ed", 3) && has_vowel(w.substr(0, w.size() - 2))) {
    chop(w, 2);
  } else if (strippable(w, "ly", 4)) {
    chop(w, 2);
  }
  undouble(w, "s");
  // A silent final e: "charge", "charged" and "charging" all become "charg".
  if (w.size() >= 4 && w.back() == 'e' && w[w.size() - 2] != 'e') w.pop_back();
  return w;
}

// Swedish: the longest matching inflectional suffix. A bare genitive "s" is left alone, because
// stripping it breaks nouns such as "leverans" and "status".
std::string stem_sv(std::string w) {
  if (length(w) < 4) return w;
  // "betalningar", "betalningen", "betalningarna" -> "betalning".
  static constexpr std::array<std::string_view, 4> ning{"ningarna", "ningar", "ningen", "ningens"};
  for (std::string_view s : ning) {
    if (strippable(w, s, 2)) {
      chop(w, s.size() - 4);
      return w;
    }
  }
  static constexpr std::array<std::string_view, 37> suffixes{
      "heterna", "hetens", "arnas", "ernas", "ornas", "andes", "andet", "arens", "heten", "heter", "arna",
      "erna",    "orna",   "ande",  "arne",  "aste",  "aren",  "ades",  "ende",  "are",   "ade",   "ast",
      "het",     "ens",    "ern",   "ar",    "er",    "or",    "as",    "es",    "ad",    "at",    "en",
      "et",      "an",     "a",     "e"};
  for (std::string_view s : suffixes) {
    if (strippable(w, s, 3)) {
      chop(w, s.size());
      break;
    }
  }
  // "kortet" -> "kort" needs nothing; "glömmer" -> "glömm" -> "glöm".
  undouble(w, "");
  return w;
}

// German: umlauts and ß are normalised first (customers often type "Ruckerstattung" or "Strasse"),
// then one suffix is stripped.
std::string stem_de(std::string_view folded) {
  std::string w;
  w.reserve(folded.size());
  for (std::size_t i = 0; i < folded.size(); ++i) {
    const std::string_view rest = folded.substr(i);
    if (rest.starts_with("ä")) {
      w += 'a', ++i;
    } else if (rest.starts_with("ö")) {
      w += 'o', ++i;
    } else if (rest.starts_with("ü")) {
      w += 'u', ++i;
    } else if (rest.starts_with("ß")) {
      w += "ss", ++i;
    } else {
      w += folded[i];
    }
  }
  if (length(w) < 4) return w;
  // "Rechnungen" -> "rechnung", "Möglichkeiten" -> "moglichkeit".
  for (std::string_view s : {std::string_view("ungen"), std::string_view("heiten"), std::string_view("keiten")}) {
    if (strippable(w, s, 2)) {
      chop(w, 2);
      return w;
    }
  }
  if (strippable(w, "nissen", 3) || strippable(w, "nisse", 3)) {
    chop(w, ends_with(w, "nissen") ? 3 : 2);  // "Ergebnisse" -> "ergebnis"
    return w;
  }
  // Past participles: "bezahlt", "bestellt" -> the verb's stem; "storniert" -> "stornier".
  if (length(w) >= 6 && (ends_with(w, "lt") || ends_with(w, "ht") || ends_with(w, "iert"))) {
    w.pop_back();
    return w;
  }
  if (length(w) >= 7 && strippable(w, "et", 4) && !is_ascii_vowel(w[w.size() - 3])) {
    chop(w, 2);  // "erstattet" -> "erstatt"
    return w;
  }
  static constexpr std::array<std::string_view, 8> suffixes{"ern", "em", "en", "er", "es", "e", "n", "s"};
  for (std::string_view s : suffixes) {
    if (!strippable(w, s, 3)) continue;
    if (s == "s" && std::string_view("bdfghklmnrt").find(w[w.size() - 2]) == std::string_view::npos) break;
    if (s == "n" && w[w.size() - 2] != 'e' && w[w.size() - 2] != 'l' && w[w.size() - 2] != 'r') break;
    chop(w, s.size());
    break;
  }
  return w;
}

}  // namespace

std::string stem(std::string_view folded_word, std::string_view language) {
  if (language == "en") return stem_en(std::string(folded_word));
  if (language == "sv") return stem_sv(std::string(folded_word));
  if (language == "de") return stem_de(folded_word);
  return std::string(folded_word);
}

}  // namespace duet::text
