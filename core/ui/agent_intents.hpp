#pragma once
// What the agent console asks for. The views return these; the platform layer applies them to the
// AgentSession (the views never touch the network).
#include <string>
#include <vector>

#include "model/agent_session.hpp"

namespace duet::ui {

struct AgentIntent {
  enum class Kind {
    sign_in,       // text: token
    sign_out,
    set_status,    // flag: available, number: capacity
    accept,        // conversation
    say,           // conversation, text
    note,          // conversation, text (internal, never to the customer)
    return_to_ai,  // conversation
    transfer,      // conversation, text: to agent (empty: back to the queue), text2: note for the next agent
    resolve,       // conversation
    select,        // conversation
    close_tab,     // conversation
    offers_seen,
    typing,        // conversation, flag
  };
  Kind kind = Kind::select;
  std::string conversation;
  std::string text;
  std::string text2;
  bool flag = false;
  int number = 0;
};

using AgentIntents = std::vector<AgentIntent>;

void apply(AgentSession& session, const AgentIntents& intents, TimeMs now);

}  // namespace duet::ui
