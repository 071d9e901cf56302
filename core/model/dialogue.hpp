#pragma once
// The conversation layer: what the assistant does with one customer message. It recognises dialogue
// acts before retrieval ("hello", "yes" to its own offer, "that didn't help"), sends sensitive matters
// to a person at once with a kind line, offers a person whenever it is unsure or the customer is
// frustrated (and queues when that happens again), and never says the same thing twice in a row.
// Pure and deterministic: the server, the harness and the tests share it.
//
//   plan_turn(input)                  -> a reply now, or "retrieve" (ask the answer service)
//   finish_turn(input, plan, answer)  -> the reply once retrieval (KB or LLM) has answered
#include <string>
#include <vector>

#include "assistant.hpp"
#include "handoff_policy.hpp"
#include "types.hpp"

namespace duet {

struct TurnInput {
  std::string text;            // the customer's message
  std::string language;        // the conversation's ("en", "sv", "de", ...)
  State state = State::ai;     // ai, or waiting_human/offline while the customer waits for a person
  std::vector<Event> history;  // customer-visible events since the last ai_resumed, before this message
  Context context;             // the merchant's page and cart
  int queue_position = 0;      // while waiting, when known
};

// What the assistant says and does. An offer always goes out with its text (an offer_human event right
// after the message), so what the customer reads and the buttons never disagree.
struct AssistantReply {
  std::string text;              // empty: nothing to say (the queue card speaks)
  DialogueAct act = DialogueAct::none;
  std::string article_id;        // the article the text answers with, if any
  std::string title;
  double confidence = 1;
  bool generated = false;        // worded by an LLM
  HandoffAction handoff = HandoffAction::none;
  EscalationReason reason = EscalationReason::none;
  std::string detail;            // which signal decided ("affirm_offer", "lexicon:scam", ...), for logs
};

struct TurnPlan {
  AssistantReply reply;           // complete unless `retrieve`
  bool retrieve = false;          // ask the answer service, then finish_turn
  DialogueAct unsure_as = DialogueAct::none;  // retrieval unsure: answer as this act (small talk, off topic)
  bool frustrated = false;        // an apology goes first, and a person is offered
};

TurnPlan plan_turn(const TurnInput& in);
AssistantReply finish_turn(const TurnInput& in, const TurnPlan& plan, const Answer& answer);

}  // namespace duet
