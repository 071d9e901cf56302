// The agent's summary (brief_summary.hpp). The transcript since the last hand-back is read as turns (a
// customer message and the assistant's reply, whose dialogue act says what the message was), split at
// the handoff into "before" (what the AI tried) and "while waiting"; each line is then phrased from
// those turns, the facts and the reason, in the agent's language (brief_wording.hpp).
#include "brief_summary.hpp"

#include <algorithm>

#include "brief_text.hpp"
#include "brief_wording.hpp"
#include "facts.hpp"
#include "handoff_policy.hpp"
#include "lexicon.hpp"
#include "text.hpp"

namespace duet {
namespace {

using brief_text::shorten;
using brief_text::valid_only;
using brief_wording::fill;
using brief_wording::Lang;
using brief_wording::Words;

constexpr std::size_t kNone = static_cast<std::size_t>(-1);
constexpr std::size_t kQuoteMax = 80;  // code points: a glance, not the message
constexpr std::size_t kValueMax = 40;
constexpr std::size_t kTitlesShown = 3;

bool from_customer(const Event& e) {
  return (e.kind == EventKind::message && e.speaker == Speaker::customer) || e.kind == EventKind::offline_message;
}
bool from_ai(const Event& e) { return e.kind == EventKind::message && e.speaker == Speaker::ai; }

// A customer message and the assistant's first reply to it (none when the conversation moved on first).
struct Turn {
  const Event* said = nullptr;
  const Event* reply = nullptr;
  std::size_t at = 0;  // index of `said` in the events
  bool question = false;
};

// How a question stands at the end.
enum class Standing { answered, unanswered, unsure, not_helped, asked_again, wanted_person };

DialogueAct act_of(const Turn& t) { return t.reply ? t.reply->act : DialogueAct::none; }
bool answered_with_article(const Turn& t) {
  return t.reply && t.reply->act == DialogueAct::none && !t.reply->article_id.empty();
}

bool asks_for_person(const std::string& text) {
  return lexicon::phrases(lexicon::Topic::explicit_request).first_match(lexicon::words_of(text)).has_value();
}

// Something to answer: it asks ("?") or names a need, and is not a plain request for a person.
bool sounds_like_question(const std::string& text) {
  const lexicon::Words words = lexicon::words_of(text);
  if (asks_for_person(text)) return false;
  const bool content = std::any_of(words.begin(), words.end(), [](const std::string& w) {
    return !lexicon::is_stop_word(w) && text::length(w) >= 2;
  });
  return content && (text.find('?') != std::string::npos || detect_intent(text, "en") != "other");
}

bool is_question(const Turn& t) {
  if (!t.reply || (t.reply->act == DialogueAct::none && t.reply->article_id.empty())) {
    return sounds_like_question(t.said->text);
  }
  const DialogueAct a = t.reply->act;
  return a == DialogueAct::none || a == DialogueAct::unsure || a == DialogueAct::sensitive;
}

std::vector<Turn> turns_in(const std::vector<Event>& events, std::size_t from, std::size_t to) {
  std::vector<Turn> out;
  for (std::size_t i = from; i < to; ++i) {
    if (!from_customer(events[i])) continue;
    Turn t{&events[i], nullptr, i, false};
    for (std::size_t j = i + 1; j < to && !from_customer(events[j]); ++j) {
      if (from_ai(events[j])) {
        t.reply = &events[j];
        break;
      }
    }
    t.question = is_question(t);
    out.push_back(t);
  }
  return out;
}

Standing standing(const std::vector<Turn>& turns, std::size_t k) {
  const Turn& t = turns[k];
  if (act_of(t) == DialogueAct::unsure && t.reply) return Standing::unsure;
  if (!answered_with_article(t)) return Standing::unanswered;
  if (k + 1 < turns.size()) {
    const DialogueAct next = act_of(turns[k + 1]);
    if (next == DialogueAct::didnt_help || next == DialogueAct::frustration) return Standing::not_helped;
    if (asks_for_person(turns[k + 1].said->text)) return Standing::wanted_person;
  }
  for (std::size_t j = k + 1; j < turns.size(); ++j) {
    if (answered_with_article(turns[j]) && turns[j].reply->article_id == t.reply->article_id) return Standing::asked_again;
  }
  return Standing::answered;
}

// The parts of the current stretch: [start, handoff) before it, (handoff, end) while waiting.
struct Parts {
  std::size_t start = 0;
  std::size_t handoff = kNone;  // the state event that queued the customer (first since they were last with the AI)
  std::size_t end = 0;          // an agent joined here, or the end of the transcript
};

Parts parts_of(const std::vector<Event>& events) {
  Parts p;
  p.start = current_part_start(events);
  p.end = events.size();
  for (std::size_t i = p.start; i < events.size(); ++i) {
    const Event& e = events[i];
    if (e.kind == EventKind::agent_joined) {
      p.end = i;
      break;
    }
    if (e.kind != EventKind::state) continue;
    if (e.state == State::ai) p.handoff = kNone;  // left the queue: what follows is the AI's again
    if ((e.state == State::waiting_human || e.state == State::offline) && p.handoff == kNone) p.handoff = i;
  }
  return p;
}

// --- what the AI did ----------------------------------------------------------------------------------

struct Tally {
  std::vector<std::string> articles;  // ids, first use first
  int questions = 0, unsure = 0;
  bool didnt_help = false, frustrated = false, thanked = false, asked_again = false, left_message = false;
};

Tally tally(const std::vector<Turn>& turns, std::size_t first, std::size_t last) {
  Tally t;
  for (std::size_t k = first; k < last; ++k) {
    const Turn& turn = turns[k];
    if (turn.said->kind == EventKind::offline_message) {
      t.left_message = true;  // for a human later, not a question to the AI
    } else if (turn.question) {
      ++t.questions;
    }
    switch (act_of(turn)) {
      case DialogueAct::unsure: t.unsure += turn.reply ? 1 : 0; break;
      case DialogueAct::didnt_help: t.didnt_help = true; break;
      case DialogueAct::frustration: t.frustrated = true; break;
      case DialogueAct::thanks: t.thanked = true; break;
      default: break;
    }
    if (!answered_with_article(turn)) continue;
    const std::string& id = turn.reply->article_id;
    if (std::find(t.articles.begin(), t.articles.end(), id) == t.articles.end()) {
      t.articles.push_back(id);
    } else {
      t.asked_again = true;
    }
  }
  return t;
}

struct Speech {
  Lang lang;
  const Words& w;
  const SummaryInput& in;

  std::string title(const std::string& id) const {
    std::string name;
    if (in.titles && *in.titles) {
      name = (*in.titles)(id, std::string(lang == Lang::sv ? "sv" : lang == Lang::de ? "de" : "en"));
      if (name.empty()) name = (*in.titles)(id, in.language);
    }
    if (name.empty()) name = id;
    return "\"" + shorten(valid_only(name), 60) + "\"";
  }

  std::string titles(const std::vector<std::string>& ids) const {
    std::string out;
    for (std::size_t i = 0; i < ids.size() && i < kTitlesShown; ++i) out += (i ? ", " : "") + title(ids[i]);
    if (ids.size() > kTitlesShown) out += " " + fill(w.more_titles, std::to_string(ids.size() - kTitlesShown));
    return out;
  }

  std::string unsure(int n) const { return n == 1 ? std::string(w.unsure_once) : fill(w.unsure_times, std::to_string(n)); }
};

std::string joined(const std::vector<std::string>& parts, std::string_view between) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : std::string(between)) + p;
  return out;
}

std::string sentence(std::string s) {
  const char last = s.empty() ? '.' : s.back();
  if (last != '.' && last != '!' && last != '?') s += '.';
  return s;
}

// --- the lines ----------------------------------------------------------------------------------------

// "Wants a refund for order #A-10293 (349 SEK, 12 March)." / "Möchte eine Erstattung (Bestellung #A-10293, 349 SEK)."
std::string need_line(const Speech& s, const std::vector<Turn>& turns) {
  std::string order, amount, date;
  for (const Turn& t : turns) {
    for (const Fact& f : find_facts(valid_only(t.said->text))) {
      std::string* slot = f.kind == "order_id" ? &order : f.kind == "amount" ? &amount : f.kind == "date" ? &date : nullptr;
      if (slot && slot->empty()) *slot = shorten(f.value, kValueMax);
    }
  }
  if (order.empty() && !s.in.context->order_id.empty()) order = shorten(valid_only(s.in.context->order_id), kValueMax);
  std::string line(brief_wording::need(s.lang, s.in.intent).wants);
  std::vector<std::string> detail;
  if (!order.empty() && !s.w.for_order.empty()) line += " " + std::string(s.w.for_order) + " " + order;
  if (!order.empty() && s.w.for_order.empty()) detail.push_back(std::string(s.w.order_in_brackets) + " " + order);
  if (!amount.empty()) detail.push_back(amount);
  if (!date.empty()) detail.push_back(date);
  if (!detail.empty()) line += " (" + joined(detail, ", ") + ")";
  return sentence(line);
}

// "Checkout: payment error "card declined", at step "payment", cart 1299 SEK." Only when it matters.
std::string checkout_line(const Speech& s) {
  const Context& c = *s.in.context;
  const std::string& intent = s.in.intent;
  const bool about_paying = intent == "payment_declined" || intent == "pay_invoice" || intent == "instalments" ||
                            intent == "fees" || intent == "other";
  if (c.payment_error.empty() && !(about_paying && !c.checkout_step.empty())) return {};
  std::vector<std::string> parts;
  if (!c.payment_error.empty()) {
    parts.push_back(std::string(s.w.error) + " \"" +
                    shorten(brief_wording::payment_error(s.lang, valid_only(c.payment_error)), kValueMax) + "\"");
  }
  if (!c.checkout_step.empty()) parts.push_back(std::string(s.w.at_step) + " \"" + shorten(valid_only(c.checkout_step), kValueMax) + "\"");
  if (c.cart_total > 0 && !c.currency.empty()) {
    parts.push_back(std::string(s.w.cart) + " " + brief_text::money(c.cart_total, shorten(valid_only(c.currency), 8)));
  }
  return sentence(std::string(s.w.checkout) + joined(parts, ", "));
}

// "Earlier: Maria helped with the refund and handed back to the AI."
std::string earlier_line(const Speech& s, const std::vector<Event>& events, std::size_t start) {
  if (start == 0) return {};
  std::string agent, said;
  for (std::size_t i = 0; i < start; ++i) {
    if (events[i].kind == EventKind::agent_joined && !events[i].author.empty()) agent = events[i].author;
    if (from_customer(events[i])) said += events[i].text + "\n";
  }
  agent = agent.empty() ? std::string(s.w.a_human) : shorten(valid_only(agent), kValueMax);
  const std::string topic = detect_intent(said, s.in.language);
  if (topic == "other") return sentence(fill(s.w.earlier, agent));
  return sentence(fill(s.w.earlier_topic, agent, brief_wording::need(s.lang, topic).open));
}

// "AI tried: "Refund timing", "Returns"; the customer said it did not help."
std::string tried_line(const Speech& s, const Tally& t) {
  std::string line(s.w.tried);
  if (!t.articles.empty()) {
    line += s.titles(t.articles);
  } else {
    line += t.unsure > 0 ? s.w.no_article : s.w.tried_nothing;
  }
  std::vector<std::string> reactions;
  if (t.unsure > 0) reactions.push_back(s.unsure(t.unsure));
  if (t.didnt_help) reactions.emplace_back(s.w.didnt_help);
  if (t.asked_again) reactions.emplace_back(s.w.asked_again);
  if (t.frustrated) reactions.emplace_back(s.w.frustrated);
  if (t.thanked) reactions.emplace_back(s.w.thanked);
  if (!reactions.empty()) line += "; " + joined(reactions, "; ");
  return sentence(line);
}

// The customer's last word before the queue was a "yes" to the assistant's offer of a human.
bool accepted_offer(const std::vector<Event>& events, const std::vector<Turn>& before) {
  if (before.empty()) return false;
  const Turn& last = before.back();
  if (last.question || (last.reply && last.reply->act != DialogueAct::affirm)) return false;
  if (asks_for_person(last.said->text)) return false;
  const std::size_t from = before.size() > 1 ? before[before.size() - 2].at : 0;
  for (std::size_t i = last.at; i-- > from;) {
    if (events[i].kind == EventKind::offer_human) return true;
  }
  return false;
}

// "Handed over: the AI was not sure of an answer; the customer said yes to the offer of a human."
std::string handoff_line(const Speech& s, bool accepted) {
  const std::string_view why = brief_wording::reason(s.lang, s.in.reason);
  if (why.empty()) return {};
  std::string line = std::string(s.w.handed_over) + std::string(why);
  if (accepted) line += "; " + std::string(s.w.accepted);
  return sentence(line);
}

// "While waiting: asked 2 more questions; the AI answered with "Delivery times"; the customer said thanks, ..."
std::string waiting_line(const Speech& s, const Tally& t) {
  std::vector<std::string> parts;
  if (t.left_message) parts.emplace_back(s.w.left_message);
  if (t.questions == 0 && !t.left_message) {
    parts.emplace_back(s.w.just_chatted);
  } else if (t.questions > 0) {
    parts.push_back(t.questions == 1 ? std::string(s.w.asked_one) : fill(s.w.asked_many, std::to_string(t.questions)));
  }
  if (!t.articles.empty()) parts.push_back(std::string(s.w.answered_with) + s.titles(t.articles));
  if (t.unsure > 0) parts.push_back(s.unsure(t.unsure));
  if (t.didnt_help) parts.emplace_back(s.w.didnt_help);
  if (t.thanked) parts.emplace_back(t.articles.empty() ? s.w.thanked : s.w.may_be_solved);
  return sentence(std::string(s.w.waiting) + joined(parts, "; "));
}

// "Still open: the refund (the answer did not help)." or, when the need has no name, the question itself.
std::string open_line(const Speech& s, const std::vector<Turn>& turns) {
  for (std::size_t k = turns.size(); k-- > 0;) {
    if (!turns[k].question) continue;
    const Standing st = standing(turns, k);
    if (st == Standing::answered) continue;
    const std::string& said = turns[k].said->text;
    const std::string topic = detect_intent(said, s.in.language);
    std::string what = topic == s.in.intent && topic != "other"
                           ? std::string(brief_wording::need(s.lang, topic).open)
                           : "\"" + shorten(valid_only(said), kQuoteMax) + "\"";
    const std::string_view why = st == Standing::unsure       ? s.w.was_unsure
                                 : st == Standing::not_helped ? s.w.did_not_help
                                 : st == Standing::asked_again ? s.w.asked_again
                                 : st == Standing::wanted_person ? s.w.wanted_person
                                                               : s.w.no_answer_yet;
    return sentence(std::string(s.w.open) + what + " (" + std::string(why) + ")");
  }
  if (!turns.empty() && act_of(turns.back()) == DialogueAct::thanks) {
    return sentence(std::string(s.w.open) + std::string(s.w.maybe_nothing_open));
  }
  return sentence(std::string(s.w.open) + std::string(brief_wording::need(s.lang, s.in.intent).open));
}

}  // namespace

std::size_t current_part_start(const std::vector<Event>& events) {
  for (std::size_t i = events.size(); i-- > 0;) {
    if (events[i].kind == EventKind::ai_resumed) return i + 1;
  }
  return 0;
}

std::vector<std::string> summary_lines(const SummaryInput& in) {
  static const Context no_context;
  static const std::vector<Event> no_events;
  SummaryInput safe = in;
  if (!safe.context) safe.context = &no_context;
  const std::vector<Event>& events = in.events ? *in.events : no_events;

  const Parts p = parts_of(events);
  const std::vector<Turn> turns = turns_in(events, p.start, p.end);
  if (turns.empty()) return {};
  const auto waiting_from = static_cast<std::size_t>(
      std::find_if(turns.begin(), turns.end(), [&](const Turn& t) { return p.handoff != kNone && t.at > p.handoff; }) -
      turns.begin());
  const std::vector<Turn> before(turns.begin(), turns.begin() + static_cast<std::ptrdiff_t>(waiting_from));

  const Lang lang = brief_wording::pick(in.summary_language, in.language);
  const Speech s{lang, brief_wording::words(lang), safe};
  std::vector<std::string> lines;
  const auto add = [&](std::string line) {
    if (!line.empty()) lines.push_back(std::move(line));
  };
  add(need_line(s, turns));
  add(checkout_line(s));
  add(earlier_line(s, events, p.start));
  add(tried_line(s, tally(turns, 0, waiting_from)));
  add(handoff_line(s, p.handoff != kNone && accepted_offer(events, before)));
  if (waiting_from < turns.size()) add(waiting_line(s, tally(turns, waiting_from, turns.size())));
  add(open_line(s, turns));
  return lines;
}

}  // namespace duet
