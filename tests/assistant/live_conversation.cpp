#include "live_conversation.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace duet::eval {
namespace {

using namespace std::chrono_literals;
// After the conversation is queued the server may still send the assistant's kind line and its
// typing{off}; this long without a frame ends the turn.
constexpr auto kSettle = 200ms;

std::string locale_of(const std::string& lang) {
  if (lang == "sv") return "sv-SE";
  if (lang == "de") return "de-DE";
  return "en-US";
}

bool is_queue_state(State s) { return s == State::waiting_human || s == State::offline; }

}  // namespace

LiveConversation::LiveConversation(unsigned short port, const std::string& lang, const std::string& context_json)
    : ws_(std::make_unique<test::WsClient>(port, "/ws/customer")) {
  nlohmann::json hello{{"v", 1}, {"type", "hello"}, {"site", "shop"}, {"locale", locale_of(lang)}};
  const auto context = nlohmann::json::parse(context_json);
  if (!context.empty()) hello["context"] = context;
  ws_->send_text(hello.dump());
  auto w = ws_->wait_for<proto::Welcome>();
  if (!w) throw std::runtime_error("no welcome");
  state_ = w->state;
  for (const Event& e : w->events) last_seq_ = std::max(last_seq_, e.seq);
}

LiveConversation::~LiveConversation() {
  try {
    ws_->send(proto::End{});
    ws_->wait_event(EventKind::state, [](const Event& e) { return e.state == State::closed; }, 1s);
  } catch (const std::exception&) {
    // Ending is courtesy (keeps the queue short); the socket closes either way.
  }
}

void LiveConversation::track(const Event& e) {
  if (e.kind == EventKind::state) state_ = e.state;
  last_seq_ = std::max(last_seq_, e.seq);
}

TurnResult LiveConversation::say(const std::string& text) {
  const Seq before = last_seq_;
  ws_->send(proto::Say{"e" + std::to_string(++sent_), text, ""});
  bool ai_spoke = false, queued = false, ended = false;
  std::string article, act = "none";
  EscalationReason reason = EscalationReason::none;
  TurnResult r;
  auto on_message = [&](const proto::Message& m) {
    if (const auto* t = std::get_if<proto::Typing>(&m)) {
      if (t->who == Speaker::ai && !t->on && ai_spoke) ended = true;
      return ended;
    }
    const auto* em = std::get_if<proto::EventMsg>(&m);
    if (!em) return false;
    const Event& e = em->event;
    const bool fresh = e.seq > before;
    track(e);
    if (!fresh) return false;
    if (e.kind == EventKind::message && e.speaker == Speaker::ai) {
      ai_spoke = true;
      if (!e.article_id.empty()) article = e.article_id;
      act = e.act == DialogueAct::none ? "none" : std::string(to_string(e.act));
    } else if (e.kind == EventKind::offer_human) {
      r.offer = true;
    } else if (e.kind == EventKind::state && is_queue_state(e.state) && !queued) {
      queued = true;
      reason = e.reason;
    }
    return queued;
  };
  try {
    ws_->wait_message(on_message);  // bounded by the client's 5 s wait
    while (queued && !ended && ws_->wait_message(on_message, kSettle)) {
    }
  } catch (const std::exception&) {
    // A frame that does not parse: the turn is wrong, like a timeout.
    ended = false, queued = false;
  }
  if (queued) r.label = "queue:" + std::string(to_string(reason));
  else if (!ended) r.label = "timeout";
  else if (!article.empty()) r.label = "answer:" + article;
  else r.label = "act:" + act;
  r.state = std::string(to_string(state_));
  return r;
}

}  // namespace duet::eval
