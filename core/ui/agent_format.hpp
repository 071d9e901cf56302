#pragma once
// Words the agent console shows for model values: waits, reasons, states, speakers, money.
#include <string>

#include "model/agent_session.hpp"

namespace duet::ui {

std::string format_wait(int seconds);                   // "45 s", "4 min 12 s", "1 h 3 min"
std::string reason_label(EscalationReason r);           // "Asked for a human", "Fraud", ...
std::string state_label(State s);                       // "With you", "Back with AI", ...
std::string speaker_label(const AgentLine& l);          // "Customer", "AI assistant", "Maja (you)", "Note by Maja"
// What a screen reader says for one transcript line, e.g. "Customer: Hi" or "Internal note by Maja: ...".
std::string line_label(const AgentLine& l, const std::string& me);
std::string money(double amount, const std::string& currency);  // "349.00 SEK"
// Case- and accent-insensitive "does `text` contain `query`" for the canned-response search.
bool matches(const std::string& text, const std::string& query);

}  // namespace duet::ui
