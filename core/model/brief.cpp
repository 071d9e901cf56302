// make_brief (brief.hpp): what the customer said, in their words and short, plus what a human needs at a
// glance. Only customer-visible events count: internal notes never reach a brief.
#include "brief.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <set>

#include "facts.hpp"
#include "handoff_policy.hpp"
#include "lexicon.hpp"
#include "protocol.hpp"
#include "text.hpp"

namespace duet {
namespace {

using lexicon::Topic;

constexpr std::size_t kSummaryMaxChars = 300;  // code points
constexpr std::size_t kSummaryMaxSentences = 3;

// The text without invalid UTF-8 bytes: the brief is sent as JSON, which must be valid UTF-8. The protocol
// rejects such frames, so this only matters for events from elsewhere (an old store, a test).
std::string valid_only(std::string_view s) {
  std::string out;
  while (!s.empty()) {
    const std::size_t bad = proto::invalid_utf8_at(s);
    out.append(s.substr(0, bad));
    if (bad == std::string_view::npos) break;
    s.remove_prefix(bad + 1);
  }
  return out;
}

// What the customer wrote, in order: their messages and any message left for later.
std::vector<std::string> customer_texts(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) {
    if (!e.visible_to_customer()) continue;
    const bool said = e.kind == EventKind::message && e.speaker == Speaker::customer;
    if ((said || e.kind == EventKind::offline_message) && !e.text.empty()) out.push_back(valid_only(e.text));
  }
  return out;
}

// --- summary ------------------------------------------------------------------------------------------

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// A '.' that does not end a sentence: after a digit ("12. März", "kr 12.") or a one-letter or
// well-known abbreviation ("z.B.", "e.g.", "nr.", "ca.", "t.ex.").
bool dot_continues(std::string_view text, std::size_t dot) {
  if (dot > 0 && text[dot - 1] >= '0' && text[dot - 1] <= '9') return true;
  std::size_t start = dot;
  while (start > 0 && !is_space(text[start - 1]) && text[start - 1] != '.') --start;
  const auto w = lexicon::words_of(text.substr(start, dot - start));
  if (w.size() != 1) return false;
  static const std::set<std::string, std::less<>> abbreviations{"nr", "no", "ca", "ex", "bzw", "st", "mr", "mrs",
                                                                "ms", "dr", "inkl", "ggf", "evtl", "usw"};
  return text::length(w[0]) == 1 || abbreviations.count(w[0]) > 0;
}

std::vector<std::string_view> sentences(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  const auto cut = [&](std::size_t end) {
    const std::string_view s = trim(text.substr(start, end - start));
    if (!s.empty()) out.push_back(s);
    start = end;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      cut(i + 1);
    } else if (c == '.' || c == '!' || c == '?') {
      std::size_t end = i;
      while (end < text.size() && (text[end] == '.' || text[end] == '!' || text[end] == '?')) ++end;
      const bool at_boundary = end == text.size() || is_space(text[end]);
      if (at_boundary && !(c == '.' && end == i + 1 && dot_continues(text, i))) cut(end);
      i = end - 1;
    }
  }
  cut(text.size());
  return out;
}

std::set<std::string> content_words(std::string_view sentence) {
  std::set<std::string> out;
  for (auto& w : lexicon::words_of(sentence)) {
    if (!lexicon::is_stop_word(w) && text::length(w) >= 2) out.insert(std::move(w));
  }
  return out;
}

// At most `max` code points, cut at a space when there is one, ending in "…".
std::string shorten(std::string_view s, std::size_t max) {
  if (text::length(s) <= max) return std::string(s);
  std::size_t bytes = 0, points = 0, last_space = 0;
  while (bytes < s.size() && points + 1 < max) {
    std::size_t next = bytes + 1;
    while (next < s.size() && (static_cast<unsigned char>(s[next]) & 0xC0) == 0x80) ++next;
    if (s[bytes] == ' ') last_space = bytes;
    bytes = next, ++points;
  }
  const std::size_t end = last_space > 0 ? last_space : bytes;
  return std::string(trim(s.substr(0, end))) + "\xE2\x80\xA6";  // …
}

bool ends_sentence(std::string_view s) {
  const char c = s.empty() ? ' ' : s.back();
  return c == '.' || c == '!' || c == '?';
}

// The customer's most informative sentences (new content words, facts), in the order they said them.
std::string summarise(const std::vector<std::string>& texts) {
  struct Candidate {
    std::string_view text;
    std::size_t order;
    std::set<std::string> words;
    int score;
  };
  std::vector<Candidate> candidates;
  for (const auto& t : texts) {
    for (std::string_view s : sentences(t)) {
      auto words = content_words(s);
      const int score = static_cast<int>(words.size()) + 2 * static_cast<int>(find_facts(s).size());
      candidates.push_back({s, candidates.size(), std::move(words), score});
    }
  }
  if (candidates.empty()) return {};

  std::vector<const Candidate*> ranked;
  for (const auto& c : candidates) ranked.push_back(&c);
  std::stable_sort(ranked.begin(), ranked.end(), [](auto* a, auto* b) { return a->score > b->score; });

  // Best first, skipping sentences that only repeat one already chosen, within the length budget.
  std::vector<const Candidate*> chosen;
  std::size_t length = 0;
  for (const Candidate* c : ranked) {
    if (chosen.size() == kSummaryMaxSentences || (c->score == 0 && !chosen.empty())) break;
    const bool repeats = std::any_of(chosen.begin(), chosen.end(), [&](auto* k) { return k->words == c->words; });
    const std::size_t cost = text::length(c->text) + 1;
    if (repeats || (!chosen.empty() && length + cost > kSummaryMaxChars)) continue;
    chosen.push_back(c);
    length += cost;
  }
  std::sort(chosen.begin(), chosen.end(), [](auto* a, auto* b) { return a->order < b->order; });

  std::string out;
  for (const Candidate* c : chosen) {
    if (!out.empty()) out += ' ';
    out += c->text;
    if (!ends_sentence(c->text)) out += '.';
  }
  return shorten(out, kSummaryMaxChars);
}

// --- facts --------------------------------------------------------------------------------------------

std::string money(double amount, const std::string& currency) {
  const long long cents = std::llround(amount * 100);
  std::string out = std::to_string(cents / 100);
  if (cents % 100 != 0) {
    const long long frac = std::llabs(cents % 100);
    out += (frac < 10 ? ".0" : ".") + std::to_string(frac);
  }
  return out + " " + currency;
}

std::vector<Fact> collect_facts(const std::vector<std::string>& texts, const std::vector<Event>& events,
                                const Context& context) {
  std::vector<Fact> all;
  for (const auto& t : texts) {
    for (auto& f : find_facts(t)) all.push_back(std::move(f));
  }
  for (const Event& e : events) {
    if (e.kind == EventKind::offline_message) {
      for (auto& f : find_facts(valid_only(e.contact))) all.push_back(std::move(f));
    }
  }
  if (!context.order_id.empty()) all.push_back({"order_id", valid_only(context.order_id)});
  if (context.cart_total > 0 && !context.currency.empty()) all.push_back({"amount", money(context.cart_total, valid_only(context.currency))});
  if (!context.customer_email.empty()) all.push_back({"email", valid_only(context.customer_email)});

  std::vector<Fact> out;
  std::set<std::string> seen;
  for (auto& f : all) {
    if (seen.insert(fact_key(f)).second) out.push_back(std::move(f));
  }
  return out;
}

// --- sentiment ----------------------------------------------------------------------------------------

bool no_word(std::string_view w) {
  return w == "no" || w == "not" || w == "kein" || w == "keine" || w == "keinen" || w == "inget" || w == "ingen" ||
         w == "inga";
}

// angry: frustration words, shouting or "!!!" (unless pleased); otherwise the balance of positive and
// negative words ("not good" counts as negative, "no problem" as positive) and sensitive topics.
std::string sentiment(const std::vector<std::string>& texts) {
  int balance = 0;
  for (const auto& t : texts) {
    const auto words = lexicon::words_of(t);
    const bool pleased = lexicon::phrases(Topic::positive).first_match(words).has_value();
    if (lexicon::phrases(Topic::frustration).first_match(words)) return "angry";
    if (!pleased && (lexicon::is_shouting(t) || lexicon::has_repeated_punctuation(t))) return "angry";
    const auto negated = [&](std::size_t at) { return at > 0 && lexicon::is_negation(words[at - 1]); };
    for (const auto& m : lexicon::phrases(Topic::positive).matches(words)) balance += negated(m.at) ? -1 : 1;
    // Only "no"-words turn trouble around ("no problem", "kein Problem", "inga problem"); "inte, tyvärr" stays sad.
    const auto denied = [&](std::size_t at) { return at > 0 && no_word(words[at - 1]); };
    for (const auto& m : lexicon::phrases(Topic::negative).matches(words)) balance += denied(m.at) ? 1 : -1;
    for (Topic sad : {Topic::fraud, Topic::bereavement, Topic::vulnerable, Topic::dispute, Topic::hardship,
                      Topic::complaint}) {
      if (lexicon::phrases(sad).first_match(words)) --balance;
    }
  }
  return balance > 0 ? "positive" : balance < 0 ? "negative" : "neutral";
}

// --- intent -------------------------------------------------------------------------------------------

std::string intent_of(const std::vector<std::string>& texts, const Context& context, EscalationReason reason,
                      const std::string& language) {
  std::string joined;
  for (const auto& t : texts) joined += t + "\n";
  std::string intent = detect_intent(joined, language);
  if (intent != "other") return intent;
  // Nothing said names it: the reason for the handoff or the checkout's own error may.
  if (reason == EscalationReason::fraud) return "fraud";
  if (reason == EscalationReason::dispute) return "dispute";
  if (context.payment_error.find("declin") != std::string::npos) return "payment_declined";
  return intent;
}

}  // namespace

Brief make_brief(const std::vector<Event>& events, const Context& context, EscalationReason reason,
                 const std::string& language, const ArticleTitles& titles) {
  const std::vector<std::string> texts = customer_texts(events);
  Brief b;
  b.summary = summarise(texts);
  b.intent = intent_of(texts, context, reason, language);
  b.facts = collect_facts(texts, events, context);
  b.sentiment = sentiment(texts);
  for (const Event& e : events) {
    const bool answered = e.kind == EventKind::message && e.speaker == Speaker::ai && !e.article_id.empty();
    if (!answered) continue;
    std::string name = titles ? titles(e.article_id, language) : std::string();
    if (name.empty()) name = e.article_id;
    if (std::find(b.ai_answered.begin(), b.ai_answered.end(), name) == b.ai_answered.end()) b.ai_answered.push_back(name);
  }
  b.reason = reason;
  b.language = language;
  b.context = context;
  return b;
}

}  // namespace duet
