// The conversation layer (dialogue.hpp): dialogue acts before retrieval, the answer to the assistant's
// own offer, sensitive matters, frustration, repetition, and never the same words twice in a row.
#include <catch2/catch.hpp>

#include "model/conversation.hpp"
#include "model/dialogue.hpp"
#include "model/dialogue_acts.hpp"
#include "model/dialogue_replies.hpp"

using namespace duet;
using A = HandoffAction;
using R = EscalationReason;

namespace {

// A conversation driven through the planner the way the server drives it, with a scripted retrieval.
struct Chat {
  Conversation conv{"c1", "site", "en", 1000};
  std::string language = "en";
  Context context;
  TimeMs now = 1000;
  int cid = 0;
  // Retrieval: what the answer service would say (unsure unless set).
  Answer next_answer = unsure();

  static Answer unsure() {
    Answer a;
    a.unsure = true;
    a.confidence = 0.1;
    a.text = "(kb unsure)";
    return a;
  }
  static Answer article(std::string id, std::string text) {
    Answer a;
    a.article_id = std::move(id);
    a.title = "Title of " + a.article_id;
    a.text = std::move(text);
    a.confidence = 0.8;
    return a;
  }

  AssistantReply say(const std::string& text) {
    TurnInput in;
    in.text = text;
    in.language = language;
    in.state = conv.state();
    in.history = conv.since_ai_resumed();
    in.context = context;
    in.queue_position = conv.queue_position();
    conv.customer_say("m" + std::to_string(++cid), text, ++now);
    const TurnPlan plan = plan_turn(in);
    AssistantReply r = plan.retrieve ? finish_turn(in, plan, next_answer) : plan.reply;
    if (!r.text.empty()) REQUIRE(conv.ai_say(r.text, r.article_id, r.confidence, ++now, r.act).ok());
    if (r.handoff == A::offer) REQUIRE(conv.offer_human(r.reason, ++now).ok());
    if (r.handoff == A::queue) conv.request_human(r.reason, ++now);
    return r;
  }
};

DialogueAct act_of(const std::string& text, const std::string& language = "en") {
  return dialogue::read_acts(text, language).act;
}

}  // namespace

TEST_CASE("dialogue acts are recognised in English, Swedish and German", "[dialogue]") {
  struct Case {
    const char* text;
    const char* language;
    DialogueAct act;
  };
  const Case cases[] = {
      {"hello", "en", DialogueAct::greeting},       {"Hi there!", "en", DialogueAct::greeting},
      {"hej", "sv", DialogueAct::greeting},         {"Hallå!", "sv", DialogueAct::greeting},
      {"Guten Tag", "de", DialogueAct::greeting},   {"moin", "de", DialogueAct::greeting},
      {"thanks!", "en", DialogueAct::thanks},       {"thank you so much for your help 😊", "en", DialogueAct::thanks},
      {"tack så mycket", "sv", DialogueAct::thanks}, {"Vielen Dank!", "de", DialogueAct::thanks},
      {"bye", "en", DialogueAct::goodbye},          {"ok thanks, bye", "en", DialogueAct::goodbye},
      {"hej då", "sv", DialogueAct::goodbye},        {"Tschüss", "de", DialogueAct::goodbye},
      {"yes", "en", DialogueAct::affirm},           {"yes please", "en", DialogueAct::affirm},
      {"ja", "sv", DialogueAct::affirm},            {"ja gerne", "de", DialogueAct::affirm},
      {"no", "en", DialogueAct::deny},              {"no thanks", "en", DialogueAct::deny},
      {"nej tack", "sv", DialogueAct::deny},        {"nein danke", "de", DialogueAct::deny},
      {"that didn't help", "en", DialogueAct::didnt_help}, {"det hjälpte inte", "sv", DialogueAct::didnt_help},
      {"Das hat nicht geholfen", "de", DialogueAct::didnt_help},
      {"how are you?", "en", DialogueAct::small_talk}, {"are you a bot?", "en", DialogueAct::small_talk},
      {"hur mår du?", "sv", DialogueAct::small_talk},  {"Bist du ein Bot?", "de", DialogueAct::small_talk},
      {"tell me a joke", "en", DialogueAct::off_topic}, {"berätta ett skämt", "sv", DialogueAct::off_topic},
      {"👍", "en", DialogueAct::thanks},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    CHECK(act_of(c.text, c.language) == c.act);
  }
}

TEST_CASE("a greeting or thanks in front of a question leaves the question to retrieval", "[dialogue]") {
  for (const char* text : {"hi, where is my refund?", "Hej! När kommer min återbetalning?",
                           "Hallo, wann muss ich die Rechnung bezahlen?", "thanks, and how long does delivery take?"}) {
    INFO(text);
    const auto r = dialogue::read_acts(text, "en");
    CHECK(r.has_content);
    CHECK(r.act == DialogueAct::none);
  }
}

TEST_CASE("a Swedish greeting on an English page is answered in Swedish", "[dialogue]") {
  Chat chat;
  const auto r = chat.say("hej");
  CHECK(r.act == DialogueAct::greeting);
  CHECK(r.text.find("Hej") == 0);
  CHECK(r.handoff == A::none);
}

TEST_CASE("hello is a greeting, not an unsure answer, and it uses the page's payment error", "[dialogue]") {
  Chat chat;
  auto r = chat.say("hello");
  CHECK(r.act == DialogueAct::greeting);
  CHECK(r.text.find("not sure") == std::string::npos);
  CHECK(r.handoff == A::none);

  Chat declined;
  declined.context.payment_error = "card_declined";
  r = declined.say("hi");
  CHECK(r.text.find("payment didn't go through") != std::string::npos);
}

TEST_CASE("the loop is gone: unsure offers a person, and yes queues at once", "[dialogue]") {
  for (auto [language, yes] : {std::pair{"en", "yes"}, {"en", "yes please"}, {"sv", "ja"}, {"sv", "ja tack"},
                               {"de", "ja bitte"}, {"en", "sure, connect me"}}) {
    INFO(language << " " << yes);
    Chat chat;
    chat.language = language;
    chat.conv.set_language(language);
    auto r = chat.say("can I pay with seashells?");
    CHECK(r.act == DialogueAct::unsure);
    CHECK(r.handoff == A::offer);  // the words and the one-tap button go together, the first time too
    CHECK(r.reason == R::low_confidence);
    r = chat.say(yes);
    CHECK(r.handoff == A::queue);
    CHECK(r.reason == R::low_confidence);  // the offer's reason reaches the brief
    CHECK(chat.conv.state() == State::waiting_human);
  }
}

TEST_CASE("no to the offer keeps the assistant and says what it can do", "[dialogue]") {
  Chat chat;
  chat.say("can I pay with seashells?");
  const auto r = chat.say("no thanks");
  CHECK(r.act == DialogueAct::deny);
  CHECK(r.handoff == A::none);
  CHECK(r.text.find("refunds") != std::string::npos);
  CHECK(chat.conv.state() == State::ai);
  // With the offer answered, a later "yes" is not a request for a person.
  CHECK(chat.say("yes").handoff == A::none);
}

TEST_CASE("two unsure answers in a row are worded differently and both offer a person", "[dialogue]") {
  Chat chat;
  const auto first = chat.say("can I pay with seashells?");
  const auto second = chat.say("what about pebbles then?");
  CHECK(first.act == DialogueAct::unsure);
  CHECK(second.act == DialogueAct::unsure);
  CHECK(first.text != second.text);
  CHECK(first.handoff == A::offer);
  CHECK(second.handoff == A::offer);
}

TEST_CASE("thanks after an answer does not repeat the answer", "[dialogue]") {
  Chat chat;
  chat.next_answer = Chat::article("refund-timing", "Refunds reach you in 3-5 business days.");
  const auto answer = chat.say("how long does a refund take?");
  CHECK(answer.article_id == "refund-timing");
  for (const char* text : {"thanks!", "tack", "danke"}) {
    const auto r = chat.say(text);
    CHECK(r.act == DialogueAct::thanks);
    CHECK(r.text.find("3-5") == std::string::npos);
  }
}

TEST_CASE("a reply is never the previous assistant message word for word", "[dialogue]") {
  Chat chat;
  std::string previous;
  for (const char* text : {"hello", "hello", "hello", "thanks", "thanks", "bye", "bye", "tell me a joke",
                           "tell me a joke", "yes", "yes", "no", "no"}) {
    const auto r = chat.say(text);
    INFO(text);
    CHECK(r.text != previous);
    previous = r.text;
  }
}

TEST_CASE("sensitive matters go to a person at once with a kind line and a safety step", "[dialogue]") {
  struct Case {
    const char* text;
    const char* language;
    R reason;
    const char* must_say;
  };
  const Case cases[] = {
      {"There's a purchase on my account I don't recognise", "en", R::fraud, "freeze your card"},
      {"someone logged into my account and changed my address", "en", R::fraud, "password"},
      {"Jag har blivit bedragen, någon har handlat med mitt kort", "sv", R::fraud, "spärra"},
      {"Ich habe das nicht bestellt!", "de", R::fraud, "Karte"},
      {"I want to dispute this charge", "en", R::dispute, "dispute"},
      {"I want to file a formal complaint", "en", R::complaint, "complaint"},
      {"I lost my job and can't afford to pay this invoice", "en", R::financial_hardship, "payment plan"},
      {"My invoice went to debt collection", "en", R::financial_hardship, ""},
      {"Min man har gått bort och jag behöver hjälp med hans faktura", "sv", R::bereavement, "förlust"},
      {"I'm in hospital and can't deal with this right now", "en", R::vulnerable_customer, ""},
      {"I want to kill myself", "en", R::vulnerable_customer, "emergency"},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Chat chat;
    chat.language = c.language;
    chat.conv.set_language(c.language);
    const auto r = chat.say(c.text);
    CHECK(r.handoff == A::queue);
    CHECK(r.reason == c.reason);
    CHECK(r.act == DialogueAct::sensitive);
    CHECK(r.text.find(c.must_say) != std::string::npos);
    CHECK(chat.conv.state() == State::waiting_human);
  }
}

TEST_CASE("a plain double charge is a question for the knowledge base, not a dispute", "[dialogue]") {
  Chat chat;
  chat.next_answer = Chat::article("double-charge", "A second charge is usually a reservation that disappears.");
  const auto r = chat.say("I was charged twice");
  CHECK(r.handoff != A::queue);
  CHECK(r.article_id == "double-charge");
}

TEST_CASE("an explicit request queues in every phrasing", "[dialogue]") {
  for (const char* text : {"talk to a human", "I want to speak with a real person", "kan jag prata med en människa?",
                           "Ich möchte mit einem Mitarbeiter sprechen"}) {
    INFO(text);
    Chat chat;
    const auto r = chat.say(text);
    CHECK(r.handoff == A::queue);
    CHECK(r.reason == R::customer_request);
  }
}

TEST_CASE("frustration gets an apology and an offer; again, a person", "[dialogue]") {
  Chat chat;
  auto r = chat.say("this is useless");
  CHECK(r.act == DialogueAct::frustration);
  CHECK(r.handoff == A::offer);
  CHECK(r.reason == R::frustration);
  r = chat.say("ridiculous, still nothing");
  CHECK(r.handoff == A::queue);
  CHECK(r.reason == R::frustration);
}

TEST_CASE("a frustrated question is answered with an apology first", "[dialogue]") {
  Chat chat;
  chat.next_answer = Chat::article("refund-timing", "Refunds reach you in 3-5 business days.");
  const auto r = chat.say("WHERE IS MY REFUND I HAVE WAITED FOR WEEKS");
  CHECK(r.act == DialogueAct::frustration);
  CHECK(r.article_id == "refund-timing");
  CHECK(r.text.find("sorry") != std::string::npos);
  CHECK(r.text.find("3-5") != std::string::npos);
  CHECK(r.handoff == A::offer);
}

TEST_CASE("that didn't help offers a person; said again, queues", "[dialogue]") {
  Chat chat;
  chat.next_answer = Chat::article("refund-timing", "Refunds reach you in 3-5 business days.");
  chat.say("how long does a refund take?");
  auto r = chat.say("that didn't help");
  CHECK(r.act == DialogueAct::didnt_help);
  CHECK(r.handoff == A::offer);
  CHECK(r.reason == R::not_helped);
  r = chat.say("still doesn't help");
  CHECK(r.handoff == A::queue);
  CHECK(r.reason == R::not_helped);
}

TEST_CASE("the same question after an answer goes to a person", "[dialogue]") {
  Chat chat;
  chat.next_answer = Chat::article("refund-timing", "Refunds reach you in 3-5 business days.");
  chat.say("how long does a refund take?");
  const auto r = chat.say("how long does a refund take???");
  CHECK(r.handoff == A::queue);
  CHECK(r.reason == R::repeated_question);
}

TEST_CASE("while waiting for a person the assistant keeps helping and keeps the place", "[dialogue]") {
  Chat chat;
  chat.say("talk to a human");
  REQUIRE(chat.conv.state() == State::waiting_human);
  chat.conv.update_queue(2, 120, ++chat.now);
  chat.next_answer = Chat::article("fees", "There are no fees if you pay on time.");
  auto r = chat.say("are there any fees?");
  CHECK(r.article_id == "fees");
  CHECK(r.handoff == A::none);
  CHECK(chat.conv.state() == State::waiting_human);
  r = chat.say("I want a human");
  CHECK(r.handoff == A::none);  // already on the way: the place, not a second queue entry
  CHECK(r.text.find("number 2") != std::string::npos);
  chat.next_answer = Chat::unsure();
  r = chat.say("can I pay with seashells?");
  CHECK(r.act == DialogueAct::unsure);
  CHECK(r.handoff == A::none);  // no offer: a person is already coming
  CHECK(r.text.find("Would you like") == std::string::npos);
}

TEST_CASE("off-topic and small talk get short replies without an offer", "[dialogue]") {
  Chat chat;
  auto r = chat.say("what's the weather like in Stockholm?");
  CHECK(r.act == DialogueAct::off_topic);
  CHECK(r.handoff == A::none);
  r = chat.say("are you a bot?");
  CHECK(r.act == DialogueAct::small_talk);
  CHECK(r.text.find("AI") != std::string::npos);
}

TEST_CASE("every reply line exists in every language", "[dialogue]") {
  for (std::string_view language : dialogue::kDialogueLanguages)
    for (std::size_t i = 0; i < enum_count<dialogue::Line>; ++i) {
      INFO(language << " line " << i);
      CHECK_FALSE(dialogue::line(static_cast<dialogue::Line>(i), language).empty());
    }
}

TEST_CASE("a handover says honestly whether a person is there now", "[dialogue]") {
  TurnInput in;
  in.text = "talk to a human";
  in.language = "en";
  in.humans_available = true;
  auto r = plan_turn(in).reply;
  CHECK(r.handoff == A::queue);
  CHECK(r.text.find("connecting you") != std::string::npos);
  in.humans_available = false;
  r = plan_turn(in).reply;
  CHECK(r.text.find("connecting you") == std::string::npos);
  CHECK(r.text.find("Leave a message") != std::string::npos);
  in.text = "Someone stole my card";
  r = plan_turn(in).reply;
  CHECK(r.text.find("freeze your card") != std::string::npos);
  CHECK(r.text.find("Leave a message") != std::string::npos);
}

TEST_CASE("requests for a person typed in a hurry, and matters the first lexicon missed", "[dialogue]") {
  struct Case {
    const char* text;
    R reason;
  };
  const Case cases[] = {
      {"can i speak to a humna", R::customer_request},       {"jag vill prata med en mäniska", R::customer_request},
      {"einen Mitarbieter bitte", R::customer_request},      {"is there a person I can chat with?", R::customer_request},
      {"I have a gambling problem, block me", R::vulnerable_customer},
      {"jag har spelproblem", R::vulnerable_customer},        {"my ex forces me to buy things", R::vulnerable_customer},
      {"my wallet was stolen and someone is shopping with my card", R::fraud},
  };
  for (const Case& c : cases) {
    INFO(c.text);
    Chat chat;
    const auto r = chat.say(c.text);
    CHECK(r.handoff == A::queue);
    CHECK(r.reason == c.reason);
  }
  // Spelt right, the exceptions still hold: a question about the assistant is small talk.
  Chat chat;
  CHECK(chat.say("Are you a human?").handoff == A::none);
  // "Tell me a joke" is off topic, "this is a joke" frustration.
  CHECK(chat.say("tell me a joke").act == DialogueAct::off_topic);
  CHECK(chat.say("this chat is a joke").act == DialogueAct::frustration);
}

TEST_CASE("an article about a matter for a person queues, whatever words found it", "[dialogue]") {
  Chat chat;
  Answer fraud = Chat::article("fraud", "If you don't recognise a purchase, freeze your card.");
  fraud.escalate = R::fraud;
  chat.next_answer = fraud;
  const auto r = chat.say("someone ordered stuff in my name");
  CHECK(r.handoff == A::queue);
  CHECK(r.reason == R::fraud);
  CHECK(r.act == DialogueAct::sensitive);
  CHECK(chat.conv.state() == State::waiting_human);

  Chat reach;
  Answer contact = Chat::article("contact-support", "Tap Talk to a human at the top of this chat.");
  contact.offers_human = true;
  reach.next_answer = contact;
  const auto c = reach.say("what are your opening hours?");
  CHECK(c.article_id == "contact-support");
  CHECK(c.handoff == A::offer);
  CHECK(reach.say("yes").handoff == A::queue);
}

TEST_CASE("the same article for a different question is an honest 'not sure', for the same one a pointer up",
          "[dialogue]") {
  Chat chat;
  chat.next_answer = Chat::article("about-duet-pay", "Duet Pay lets you pay after delivery.");
  chat.say("How does Duet Pay work?");
  auto r = chat.say("Can I get the invoice as a fax?");  // retrieval found the same article again
  CHECK(r.act == DialogueAct::unsure);
  CHECK(r.handoff == A::offer);
  CHECK(r.reason == R::low_confidence);

  Chat again;
  again.next_answer = Chat::article("refund-timing", "Refunds reach you in 3-5 business days.");
  again.say("How long does a refund take?");
  r = again.say("and how long does that take for a card?");
  CHECK(r.text.find("above") != std::string::npos);
  CHECK(r.handoff == A::offer);
}
