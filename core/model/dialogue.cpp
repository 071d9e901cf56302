// plan_turn and finish_turn (dialogue.hpp). The order of the checks is the policy: sensitive matters
// and explicit requests first, then answers to the assistant's own offer, then "that didn't help" and
// frustration, a repeated question, pure dialogue acts, and only then retrieval.
#include "dialogue.hpp"

#include <algorithm>
#include <optional>

#include "dialogue_acts.hpp"
#include "dialogue_replies.hpp"
#include "kb_language.hpp"
#include "lexicon.hpp"
#include "text.hpp"

namespace duet {
namespace {

using dialogue::Line;
using dialogue::line;

// A "yes" with a few more words ("yes please, connect me") still answers the offer.
constexpr std::size_t kAffirmMaxWords = 6;
// Below this similarity to the question an article answered, a message is about something else.
constexpr double kSameTopic = 0.3;

// What the transcript so far says about this turn.
struct Recent {
  std::optional<EscalationReason> pending_offer;  // the assistant's last move was an offer of a person
  const Event* last_ai = nullptr;                 // the assistant's last message
  const Event* last_answer = nullptr;             // its last answer from an article
  std::vector<const Event*> answered;             // customer messages an article answered right after
  std::vector<std::string> customer_texts;
  int said_before(DialogueAct a) const {
    return static_cast<int>(std::count_if(ai_acts.begin(), ai_acts.end(), [a](DialogueAct x) { return x == a; }));
  }
  std::vector<DialogueAct> ai_acts;
};

bool is_ai_message(const Event& e) { return e.kind == EventKind::message && e.speaker == Speaker::ai; }
bool is_customer_message(const Event& e) { return e.kind == EventKind::message && e.speaker == Speaker::customer; }

Recent read_recent(const std::vector<Event>& history) {
  Recent r;
  const Event* last_customer = nullptr;
  for (const Event& e : history) {
    if (is_customer_message(e)) {
      r.customer_texts.push_back(e.text);
      last_customer = &e;
    } else if (is_ai_message(e)) {
      r.last_ai = &e;
      r.ai_acts.push_back(e.act);
      if (!e.article_id.empty()) {
        r.last_answer = &e;
        if (last_customer) r.answered.push_back(last_customer);
      }
    }
  }
  // Pending: nothing but the assistant's own messages since its offer.
  for (auto it = history.rbegin(); it != history.rend(); ++it) {
    if (is_ai_message(*it)) continue;
    if (it->kind == EventKind::offer_human) r.pending_offer = it->reason;
    break;
  }
  return r;
}

bool waiting(State s) { return s == State::waiting_human || s == State::offline; }

std::string_view supported(std::string_view language) {
  for (std::string_view l : dialogue::kDialogueLanguages)
    if (l == language) return l;
  return "en";
}

AssistantReply say(Line key, std::string_view language, DialogueAct act, int n = 0) {
  AssistantReply r;
  r.text = line(key, language, n);
  r.act = act;
  return r;
}

AssistantReply with(AssistantReply r, HandoffAction handoff, EscalationReason reason, std::string detail) {
  r.handoff = handoff;
  r.reason = reason;
  r.detail = std::move(detail);
  return r;
}

// While waiting, a person is already on the way: the place instead of another offer or queue.
AssistantReply already_queued(const TurnInput& in, std::string_view language, DialogueAct act) {
  return in.queue_position > 0 ? say(Line::already_queued_place, language, act, in.queue_position)
                               : say(Line::already_queued, language, act);
}

Line sensitive_line(EscalationReason reason, std::string_view detail) {
  switch (reason) {
    case EscalationReason::fraud: return Line::sensitive_fraud;
    case EscalationReason::dispute: return Line::sensitive_dispute;
    case EscalationReason::complaint: return Line::sensitive_complaint;
    case EscalationReason::financial_hardship: return Line::sensitive_hardship;
    case EscalationReason::bereavement: return Line::sensitive_bereavement;
    case EscalationReason::vulnerable_customer: {
      for (std::string_view crisis : {"suicid", "kill myself", "self harm", "självmord", "ta livet", "selbstmord"})
        if (detail.find(crisis) != std::string_view::npos) return Line::sensitive_crisis;
      return Line::sensitive_vulnerable;
    }
    default: return Line::to_human;
  }
}

// "Are you a bot?" is answered differently from "how are you?".
bool asks_about_the_assistant(std::string_view text) {
  for (const auto& w : lexicon::words_of(text))
    for (std::string_view b : {"bot", "robot", "human", "ai", "real", "person", "manniska", "mensch", "ki", "roboter"})
      if (w == b) return true;
  return false;
}

std::size_t word_count(std::string_view text) { return lexicon::words_of(text).size(); }

// The customer asks again what an article already answered.
bool repeats_an_answered_question(const TurnInput& in, const Recent& recent) {
  return std::any_of(recent.answered.begin(), recent.answered.end(), [&](const Event* e) {
    return similarity(in.text, e->text, in.language) >= kSameQuestion;
  });
}

AssistantReply pure_act(const TurnInput& in, const dialogue::ActReading& acts, const Recent& recent) {
  const std::string_view language = supported(acts.language);
  const bool again = recent.said_before(acts.act) > 0;
  switch (acts.act) {
    case DialogueAct::greeting:
      if (!again && !in.context.payment_error.empty()) return say(Line::greeting_payment_error, language, acts.act);
      return say(again ? Line::greeting_again : Line::greeting, language, acts.act);
    case DialogueAct::thanks: return say(again ? Line::thanks_again : Line::thanks, language, acts.act);
    case DialogueAct::goodbye: return say(Line::goodbye, language, acts.act);
    case DialogueAct::affirm: return say(Line::affirm, language, acts.act);
    case DialogueAct::deny: return say(Line::deny, language, acts.act);
    case DialogueAct::small_talk:
      return say(asks_about_the_assistant(in.text) ? Line::small_talk_bot : Line::small_talk, language, acts.act);
    case DialogueAct::off_topic: return say(again ? Line::off_topic_again : Line::off_topic, language, acts.act);
    default: return say(Line::affirm, language, acts.act);
  }
}

// Never the previous assistant message word for word: the other wording of the same line, or a short
// acknowledgement.
AssistantReply fresh(AssistantReply r, const Recent& recent, std::string_view language) {
  if (!recent.last_ai || r.text.empty() || r.text != recent.last_ai->text) return r;
  for (auto [a, b] : {std::pair{Line::greeting, Line::greeting_again}, {Line::thanks, Line::thanks_again},
                      {Line::off_topic, Line::off_topic_again}, {Line::unsure, Line::unsure_again},
                      {Line::already_queued, Line::still_waiting}, {Line::frustration, Line::apology}}) {
    if (r.text == line(a, language)) return r.text = line(b, language), r;
    if (r.text == line(b, language)) return r.text = line(a, language), r;
  }
  if (r.text.find(line(Line::already_queued_place, language).substr(0, 20)) == 0)
    return r.text = line(Line::still_waiting, language), r;
  if (!r.article_id.empty()) return r.text = line(Line::answered_above, language), r;
  r.text = line(Line::got_it, language);
  return r;
}

TurnPlan plan_once(const TurnInput& in, const Recent& recent) {
  const dialogue::ActReading acts = dialogue::read_acts(in.text, supported(text::language_of(in.language)));
  const std::string_view language = supported(text::language_of(in.language));
  const bool is_waiting = waiting(in.state);
  TurnPlan plan;

  const HandoffDecision signal = decide_before_answer(PolicyInput{in.text, in.language, recent.customer_texts, 0});
  // 1. A person at once: asked for, or a matter only a person should handle.
  if (signal.action == HandoffAction::queue) {
    if (is_waiting) {
      plan.reply = already_queued(in, language, DialogueAct::none);
      return plan;
    }
    const bool asked = signal.reason == EscalationReason::customer_request;
    plan.reply = with(say(asked ? Line::to_human : sensitive_line(signal.reason, signal.detail), language,
                          asked ? DialogueAct::none : DialogueAct::sensitive),
                      HandoffAction::queue, signal.reason, signal.detail);
    return plan;
  }

  // 2. The answer to the assistant's own offer of a person.
  if (recent.pending_offer && !is_waiting) {
    const bool yes = acts.has(DialogueAct::affirm) && !acts.has(DialogueAct::deny) &&
                     (!acts.has_content || word_count(in.text) <= kAffirmMaxWords);
    if (yes) {
      plan.reply = with(say(Line::to_human_offer, language, DialogueAct::affirm), HandoffAction::queue,
                        *recent.pending_offer, "affirm_offer");
      return plan;
    }
    if (acts.act == DialogueAct::deny) {
      plan.reply = say(Line::deny_offer, supported(acts.language), DialogueAct::deny);
      return plan;
    }
  }

  // 3. "That didn't help": an apology and a person offered; said again, a person.
  if (acts.has(DialogueAct::didnt_help)) {
    if (is_waiting) {
      plan.reply = already_queued(in, language, DialogueAct::didnt_help);
    } else if (recent.said_before(DialogueAct::didnt_help) > 0) {
      plan.reply = with(say(Line::didnt_help_again, language, DialogueAct::didnt_help), HandoffAction::queue,
                        EscalationReason::not_helped, "didnt_help_again");
    } else {
      plan.reply = with(say(Line::didnt_help, language, DialogueAct::didnt_help), HandoffAction::offer,
                        EscalationReason::not_helped, "didnt_help");
    }
    return plan;
  }

  // 4. Frustration: an apology and a person offered (with the answer, if there is a question); again, a person.
  if (signal.reason == EscalationReason::frustration) {
    if (!is_waiting && recent.said_before(DialogueAct::frustration) > 0) {
      plan.reply = with(say(Line::frustration_again, language, DialogueAct::frustration), HandoffAction::queue,
                        EscalationReason::frustration, signal.detail);
      return plan;
    }
    if (!acts.has_content) {
      plan.reply = is_waiting ? already_queued(in, language, DialogueAct::frustration)
                              : with(say(Line::frustration, language, DialogueAct::frustration), HandoffAction::offer,
                                     EscalationReason::frustration, signal.detail);
      return plan;
    }
    plan.frustrated = true;
  }

  // 5. The same question again after an article answered it: the answer did not do it.
  if (!is_waiting && repeats_an_answered_question(in, recent)) {
    plan.reply = with(say(Line::repeated_again, language, DialogueAct::none), HandoffAction::queue,
                      EscalationReason::repeated_question, signal.detail.empty() ? "repeated" : signal.detail);
    return plan;
  }

  // 6. A pure dialogue act: a short, fitting reply, no retrieval.
  if (!acts.has_content && acts.act != DialogueAct::none && !plan.frustrated) {
    plan.reply = pure_act(in, acts, recent);
    return plan;
  }

  // 7. A question: retrieval answers it.
  plan.retrieve = true;
  if (acts.has(DialogueAct::off_topic)) plan.unsure_as = DialogueAct::off_topic;
  else if (acts.has(DialogueAct::small_talk)) plan.unsure_as = DialogueAct::small_talk;
  return plan;
}

AssistantReply finish_once(const TurnInput& in, const TurnPlan& plan, const Answer& answer, const Recent& recent) {
  const std::string_view language = supported(text::language_of(in.language));
  const bool is_waiting = waiting(in.state);
  const auto offer = [&](AssistantReply r, EscalationReason reason, std::string detail) {
    return is_waiting ? r : with(std::move(r), HandoffAction::offer, reason, std::move(detail));
  };

  AssistantReply r;
  if (answer.unsure) {
    if (plan.frustrated) {
      r = is_waiting ? already_queued(in, language, DialogueAct::frustration)
                     : offer(say(Line::frustration, language, DialogueAct::frustration), EscalationReason::frustration,
                             "frustration");
    } else if (plan.unsure_as == DialogueAct::off_topic) {
      r = say(recent.said_before(DialogueAct::off_topic) ? Line::off_topic_again : Line::off_topic, language,
              DialogueAct::off_topic);
    } else if (plan.unsure_as == DialogueAct::small_talk) {
      r = say(asks_about_the_assistant(in.text) ? Line::small_talk_bot : Line::small_talk, language,
              DialogueAct::small_talk);
    } else if (is_waiting) {
      r = say(Line::unsure_waiting, language, DialogueAct::unsure);
    } else {
      // Two unsure answers in a row are worded differently; each offers a person.
      const bool again = recent.last_ai && recent.last_ai->act == DialogueAct::unsure;
      r = offer(say(again ? Line::unsure_again : Line::unsure, language, DialogueAct::unsure),
                EscalationReason::low_confidence, again ? "unsure_again" : "unsure");
    }
    r.confidence = answer.confidence;
    return r;
  }

  // Retrieval recognised a sensitive matter the lexicon missed ("someone ordered stuff in my name"):
  // the kind line and a person, as if the lexicon had caught it.
  if (answer.escalate != EscalationReason::none && !is_waiting) {
    r = with(say(sensitive_line(answer.escalate, {}), language, DialogueAct::sensitive), HandoffAction::queue,
             answer.escalate, "article:" + answer.article_id);
    r.confidence = answer.confidence;
    return r;
  }
  r.article_id = answer.article_id;
  r.title = answer.title;
  r.confidence = answer.confidence;
  r.generated = answer.generated;
  // The article just given, again. Asked again in other words, or as a follow-up ("and how long does
  // that take?"): point up rather than repeat it. A different question that only finds the same article
  // is one the knowledge base does not answer ("can I get the invoice as a fax?" after "how does Duet
  // Pay work?"): say so honestly.
  if (recent.last_ai && recent.last_ai == recent.last_answer && recent.last_answer->article_id == answer.article_id) {
    const bool same_topic = (!recent.answered.empty() &&
                             similarity(in.text, recent.answered.back()->text, in.language) >= kSameTopic) ||
                            kb::is_follow_up(in.text, language);
    if (same_topic) {
      r.text = line(Line::answered_above, language);
      return offer(std::move(r), EscalationReason::repeated_question, "answered_above");
    }
    Answer none;
    none.unsure = true;
    none.confidence = answer.confidence;
    TurnPlan plain = plan;
    plain.frustrated = false;
    return finish_once(in, plain, none, recent);
  }
  if (plan.frustrated) {
    r.text = line(Line::apology, language) + "\n\n" + answer.text;
    r.act = DialogueAct::frustration;
    return offer(std::move(r), EscalationReason::frustration, "frustration");
  }
  r.text = answer.text;
  // "How do I reach you?": the answer, and the person it talks about one tap away.
  if (answer.offers_human) return offer(std::move(r), EscalationReason::customer_request, "article_offers_human");
  return r;
}

// A reply that hands over says whether a person is there now, so it never contradicts the offline card.
AssistantReply handover(AssistantReply r, const TurnInput& in, std::string_view language) {
  if (r.handoff != HandoffAction::queue) return r;
  const std::string tail = line(in.humans_available ? Line::connecting : Line::no_one_now, language);
  r.text = r.text.empty() ? tail : r.text + " " + tail;
  return r;
}

}  // namespace

TurnPlan plan_turn(const TurnInput& in) {
  const Recent recent = read_recent(in.history);
  TurnPlan plan = plan_once(in, recent);
  const std::string_view language = supported(text::language_of(in.language));
  if (!plan.retrieve) plan.reply = handover(fresh(std::move(plan.reply), recent, language), in, language);
  return plan;
}

AssistantReply finish_turn(const TurnInput& in, const TurnPlan& plan, const Answer& answer) {
  if (!plan.retrieve) return plan.reply;
  const Recent recent = read_recent(in.history);
  const std::string_view language = supported(text::language_of(in.language));
  return handover(fresh(finish_once(in, plan, answer, recent), recent, language), in, language);
}

}  // namespace duet
