#pragma once
// One customer conversation with the real server over WebSocket, turn by turn, and what the server
// did in each turn, reduced to a prediction label (see README.md, "What the runner predicts").
#include <memory>
#include <string>

#include "model/types.hpp"
#include "ws_client.hpp"

namespace duet::eval {

struct TurnResult {
  std::string label;  // "queue:<reason>", "answer:<article>", "act:<act>" or "timeout"
  bool offer = false; // an offer_human event came in the turn
  std::string state;  // the conversation's state when the turn ended
};

class LiveConversation {
 public:
  // Connects and says hello with the language's locale and the merchant context (a JSON object).
  // Throws std::runtime_error when no welcome comes within the wait.
  LiveConversation(unsigned short port, const std::string& lang, const std::string& context_json);
  ~LiveConversation();  // ends the conversation (so it leaves the queue) and disconnects

  TurnResult say(const std::string& text);

 private:
  void track(const Event& e);

  std::unique_ptr<test::WsClient> ws_;
  State state_ = State::ai;
  Seq last_seq_ = 0;  // events up to here were seen before: a replayed state event is not a new one
  int sent_ = 0;
};

}  // namespace duet::eval
