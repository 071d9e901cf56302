// make_brief (brief.hpp): what a human needs at a glance: the summary (brief_summary.hpp), the intent, the
// facts and the sentiment. Only customer-visible events count: internal notes never reach a brief.
#include "brief.hpp"

#include <algorithm>
#include <set>

#include "brief_summary.hpp"
#include "brief_text.hpp"
#include "facts.hpp"
#include "handoff_policy.hpp"
#include "lexicon.hpp"

namespace duet {
namespace {

using lexicon::Topic;

using brief_text::money;
using brief_text::valid_only;

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

// --- facts --------------------------------------------------------------------------------------------

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

// The need now: what was said since a human last handed back to the AI, else the whole transcript.
std::string current_intent(const std::vector<Event>& events, const std::vector<std::string>& all_texts,
                           const Context& context, EscalationReason reason, const std::string& language) {
  const std::size_t start = current_part_start(events);
  if (start > 0) {
    const std::vector<Event> current(events.begin() + static_cast<std::ptrdiff_t>(start), events.end());
    const std::string intent = intent_of(customer_texts(current), context, reason, language);
    if (intent != "other") return intent;
  }
  return intent_of(all_texts, context, reason, language);
}

}  // namespace

Brief make_brief(const std::vector<Event>& events, const Context& context, EscalationReason reason,
                 const std::string& language, const ArticleTitles& titles, const std::string& summary_language) {
  const std::vector<std::string> texts = customer_texts(events);
  Brief b;
  b.intent = current_intent(events, texts, context, reason, language);
  b.facts = collect_facts(texts, events, context);
  b.sentiment = sentiment(texts);
  for (const Event& e : events) {
    if (e.feedback == Feedback::helpful) ++b.answers_helpful;
    if (e.feedback == Feedback::not_helpful) ++b.answers_not_helpful;
    const bool answered = e.kind == EventKind::message && e.speaker == Speaker::ai && !e.article_id.empty();
    if (!answered) continue;
    std::string name = titles ? titles(e.article_id, language) : std::string();
    if (name.empty()) name = e.article_id;
    if (std::find(b.ai_answered.begin(), b.ai_answered.end(), name) == b.ai_answered.end()) b.ai_answered.push_back(name);
  }
  b.reason = reason;
  b.language = language;
  b.context = context;
  SummaryInput in;
  in.events = &events;
  in.context = &context;
  in.reason = reason;
  in.intent = b.intent;
  in.language = language;
  in.summary_language = summary_language;
  in.titles = &titles;
  b.summary_lines = summary_lines(in);
  for (const auto& line : b.summary_lines) b.summary += (b.summary.empty() ? "" : " ") + line;
  return b;
}

}  // namespace duet
