// The conversation layer inside the hub: what a customer meets on /ws/customer, frame by frame.
#include <catch2/catch.hpp>

#include "hub_fixture.hpp"

using namespace duet;
using namespace duet::test;

namespace {

const server::Peer kNoOrigin{"127.0.0.1", std::nullopt};

std::string hello(HubWorld& w, server::SessionId s, Context context = {}) {
  w.hub->customer_open(s, kNoOrigin);
  proto::Hello h;
  h.site = "shop";
  h.locale = "en-GB";
  h.context = std::move(context);
  w.hub->customer_frame(s, h);
  const auto welcome = first_of<proto::Welcome>(w.take(s));
  REQUIRE(welcome);
  return welcome->conversation;
}

void agent_online(HubWorld& w, server::SessionId s) {
  const std::string token = w.add_agent("Sara");
  w.hub->agent_open(s, kNoOrigin);
  w.hub->agent_frame(s, proto::AgentHello{token});
  w.hub->agent_frame(s, proto::Status{true, 3});
  w.take(s);
}

int cid = 0;
std::vector<proto::Message> say(HubWorld& w, server::SessionId s, const std::string& text) {
  w.hub->customer_frame(s, proto::Say{"m" + std::to_string(++cid), text, ""});
  return w.take(s);
}

std::optional<Event> ai_message(const std::vector<proto::Message>& ms) {
  auto messages = events_of(ms, EventKind::message);
  for (auto it = messages.rbegin(); it != messages.rend(); ++it)
    if (it->speaker == Speaker::ai) return *it;
  return std::nullopt;
}

std::optional<State> entered(const std::vector<proto::Message>& ms) {
  auto states = events_of(ms, EventKind::state);
  if (states.empty()) return std::nullopt;
  return states.back().state;
}

// An answer service that streams a scripted answer in pieces, from another thread like an LLM would.
class StreamingAnswers final : public server::AnswerService {
 public:
  void ask(Question q, server::AnswerPiece on_piece, std::function<void(Answer)> done) override {
    asked.push_back(q);
    for (const char* piece : {"Refunds reach ", "you in 3-5 ", "business days."})
      if (on_piece) on_piece(piece);
    Answer a;
    a.text = "Refunds reach you in 3-5 business days.";
    a.article_id = "refund-timing";
    a.title = "When will I get my refund?";
    a.confidence = 0.9;
    a.generated = true;
    done(a);
  }
  std::vector<Question> asked;
};

}  // namespace

TEST_CASE("hub assistant: hello is greeted, and every AI turn ends with typing off", "[hub]") {
  HubWorld w;
  hello(w, 1);
  auto ms = say(w, 1, "hello");
  INFO(describe(ms));
  const auto ai = ai_message(ms);
  REQUIRE(ai);
  CHECK(ai->act == DialogueAct::greeting);
  CHECK(ai->text.find("not sure") == std::string::npos);
  CHECK(events_of(ms, EventKind::offer_human).empty());
  const auto typing = all_of<proto::Typing>(ms);
  REQUIRE_FALSE(typing.empty());
  CHECK_FALSE(typing.back().on);
  CHECK(w.metrics.replies(DialogueAct::greeting) == 1);
}

TEST_CASE("hub assistant: unsure comes with a one-tap offer, and yes queues at once", "[hub]") {
  HubWorld w;
  agent_online(w, 10);
  hello(w, 1);
  auto ms = say(w, 1, "Can I pay with seashells from the beach?");
  INFO(describe(ms));
  auto ai = ai_message(ms);
  REQUIRE(ai);
  CHECK(ai->act == DialogueAct::unsure);
  auto offers = events_of(ms, EventKind::offer_human);
  REQUIRE(offers.size() == 1);  // the first unsure answer already carries the button
  CHECK(offers[0].reason == EscalationReason::low_confidence);
  CHECK(offers[0].seq == ai->seq + 1);  // right after the words it belongs to

  ms = say(w, 1, "yes");
  INFO(describe(ms));
  CHECK(entered(ms) == State::waiting_human);
  CHECK(events_of(ms, EventKind::state).back().reason == EscalationReason::low_confidence);
  CHECK_FALSE(events_of(ms, EventKind::queue).empty());
  CHECK(w.metrics.escalations(EscalationReason::low_confidence) == 1);
  auto agent = w.take(10);
  auto offer = first_of<proto::Offer>(agent);
  REQUIRE(offer);
  CHECK(offer->brief.reason == EscalationReason::low_confidence);
}

TEST_CASE("hub assistant: a sensitive matter gets a kind line and goes to the queue in the same turn", "[hub]") {
  HubWorld w;
  agent_online(w, 10);
  hello(w, 1);
  auto ms = say(w, 1, "There is a purchase on my account I don't recognise");
  INFO(describe(ms));
  auto ai = ai_message(ms);
  REQUIRE(ai);
  CHECK(ai->act == DialogueAct::sensitive);
  CHECK(ai->text.find("freeze your card") != std::string::npos);
  const auto states = events_of(ms, EventKind::state);
  // Fraud needs an agent with the fraud skill; Sara has none, so it is the offline path at once (one
  // truthful state, never "in the queue" first), reason kept.
  REQUIRE(states.size() == 1);
  CHECK(states.back().state == State::offline);
  CHECK(states.back().reason == EscalationReason::fraud);
}

TEST_CASE("hub assistant: while waiting the assistant answers, the place is kept, and leave_queue returns to AI",
          "[hub]") {
  HubWorld w;
  agent_online(w, 10);
  const std::string id = hello(w, 1);
  hello(w, 2);
  say(w, 2, "talk to a human");  // someone ahead in the queue
  say(w, 1, "I want to talk to a person");
  w.take(10);
  auto ms = say(w, 1, "How long does a refund take?");
  INFO(describe(ms));
  auto ai = ai_message(ms);
  REQUIRE(ai);
  CHECK(ai->article_id == "refund-timing");
  CHECK_FALSE(entered(ms));  // still waiting
  CHECK(events_of(ms, EventKind::offer_human).empty());

  w.hub->customer_frame(1, proto::LeaveQueue{});
  ms = w.take(1);
  INFO(describe(ms));
  CHECK(entered(ms) == State::ai);
  // The agent's latest queue no longer lists the customer who left.
  const auto queues = all_of<proto::Queue>(w.take(10));
  REQUIRE_FALSE(queues.empty());
  for (const auto& e : queues.back().entries) CHECK(e.conversation != id);
  w.hub->customer_frame(1, proto::LeaveQueue{});  // idempotent
  CHECK(events_of(w.take(1), EventKind::state).empty());
}

TEST_CASE("hub assistant: a streaming answer reaches the customer in pieces, then once as a message", "[hub]") {
  StreamingAnswers streaming;
  HubWorld w;
  w.answer_override = &streaming;
  w.restart();
  Context context;
  context.payment_error = "card_declined";
  context.page = "/checkout";
  hello(w, 1, context);
  say(w, 1, "hi");
  auto ms = say(w, 1, "How long does a refund take?");
  INFO(describe(ms));
  const auto pieces = all_of<proto::Stream>(ms);
  REQUIRE(pieces.size() == 3);
  std::string streamed;
  for (const auto& p : pieces) streamed += p.text;
  CHECK(streamed == "Refunds reach you in 3-5 business days.");
  const auto said = events_of(ms, EventKind::message);
  REQUIRE(said.size() == 2);
  CHECK(pieces[0].reply_to == said[0].seq);
  CHECK(said[1].text == streamed);  // stored once, whole
  CHECK(said[1].reply_to == said[0].seq);  // and says which message it answers
  const auto typing = all_of<proto::Typing>(ms);
  REQUIRE_FALSE(typing.empty());
  CHECK(typing.back().reply_to == said[0].seq);
  CHECK(said[1].article_id == "refund-timing");
  // The question carried the conversation and the page.
  REQUIRE(streaming.asked.size() == 1);
  CHECK(streaming.asked[0].context.payment_error == "card_declined");
  REQUIRE(streaming.asked[0].conversation.size() == 2);  // "hi" and the greeting
  CHECK(streaming.asked[0].conversation[1].speaker == Speaker::ai);
}
