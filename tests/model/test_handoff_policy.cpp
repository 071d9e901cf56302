// Handoff policy: realistic customer messages in English, Swedish and German, including everyday questions
// that must not escalate; two unsure answers in a row; repetition; priority between signals; intents.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/handoff_policy.hpp"

using namespace duet;

namespace {

using A = HandoffAction;
using R = EscalationReason;

struct Case {
  const char* message;
  const char* language;
  HandoffAction action;
  EscalationReason reason;
};

HandoffDecision before(const std::string& text, const std::string& language = "en",
                       std::vector<std::string> previous = {}) {
  PolicyInput in;
  in.text = text;
  in.language = language;
  in.previous = std::move(previous);
  return decide_before_answer(in);
}

}  // namespace

TEST_CASE("policy: realistic messages queue, offer or let the assistant answer", "[policy]") {
  const std::vector<Case> cases{
      // Explicit requests queue at once, typed in any of the three languages.
      {"I want to talk to a human", "en", A::queue, R::customer_request},
      {"Can I speak to a real person please?", "en", A::queue, R::customer_request},
      {"agent", "en", A::queue, R::customer_request},
      {"Get me a representative", "en", A::queue, R::customer_request},
      {"operator!", "en", A::queue, R::customer_request},
      {"Can I talk to someone about my refund?", "en", A::queue, R::customer_request},
      {"Jag vill prata med en människa", "sv", A::queue, R::customer_request},
      {"Kan jag få prata med någon på kundtjänst?", "sv", A::queue, R::customer_request},
      {"Jag vill ha en handläggare", "sv", A::queue, R::customer_request},
      {"Manniska tack", "sv", A::queue, R::customer_request},  // typed without the accent
      {"Ich möchte mit einem Mitarbeiter sprechen", "de", A::queue, R::customer_request},
      {"Bitte verbinden Sie mich mit einem Menschen", "de", A::queue, R::customer_request},
      {"Kann ich mit jemandem sprechen?", "de", A::queue, R::customer_request},
      {"Kundendienst bitte", "de", A::queue, R::customer_request},
      {"I want to talk to a human", "sv", A::queue, R::customer_request},  // locale and text disagree
      // Everyday questions the assistant answers.
      {"How do I pay my invoice?", "en", A::none, R::none},
      {"Is the agenda for the update out?", "en", A::none, R::none},
      {"I work in human resources and need to change my email", "en", A::none, R::none},
      {"Are you a human?", "en", A::none, R::none},
      {"When will my refund arrive?", "en", A::none, R::none},
      {"My phone died, can I pay the invoice later?", "en", A::none, R::none},
      {"I can't pay with my Visa card, it keeps saying error", "en", A::none, R::none},
      {"My order #12345 hasn't arrived yet", "en", A::none, R::none},
      {"What does the late fee cost?", "en", A::none, R::none},
      {"Hur betalar jag min faktura?", "sv", A::none, R::none},
      {"Kan jag betala med kort?", "sv", A::none, R::none},
      {"Wie lange dauert die Lieferung?", "de", A::none, R::none},
      {"Ich habe noch nicht bestellt, was kostet der Versand?", "de", A::none, R::none},
      {"THANK YOU SO MUCH!!!", "en", A::none, R::none},
      // Fraud queues at once.
      {"I didn't make this purchase!", "en", A::queue, R::fraud},
      {"There is an unauthorised charge on my account", "en", A::queue, R::fraud},
      {"There is an unauthorized charge on my statement", "en", A::queue, R::fraud},
      {"I think this is a scam", "en", A::queue, R::fraud},
      {"My card was stolen yesterday", "en", A::queue, R::fraud},
      {"Mitt konto har blivit kapat", "sv", A::queue, R::fraud},
      {"Det här är bedrägeri", "sv", A::queue, R::fraud},
      {"Ich habe das nicht bestellt", "de", A::queue, R::fraud},
      {"Das ist Betrug", "de", A::queue, R::fraud},
      // Bereaved and vulnerable customers queue at once.
      {"My husband passed away last month and there are invoices in his name", "en", A::queue, R::bereavement},
      {"Min mamma är avliden, hur avslutar jag hennes konto?", "sv", A::queue, R::bereavement},
      {"Mein Vater ist verstorben", "de", A::queue, R::bereavement},
      {"I'm in hospital and can't reach my bank", "en", A::queue, R::vulnerable_customer},
      {"Jag är allvarligt sjuk och kan inte hantera detta", "sv", A::queue, R::vulnerable_customer},
      {"Ich habe eine Behinderung und komme mit der App nicht klar", "de", A::queue, R::vulnerable_customer},
      // Disputes, hardship and complaints go to a person at once too; a plain double charge is a KB question.
      {"I was charged twice for the same order", "en", A::none, R::none},
      {"I want to dispute this charge", "en", A::queue, R::dispute},
      {"Jag vill bestrida fakturan", "sv", A::queue, R::dispute},
      {"Ich möchte der Rechnung widersprechen", "de", A::queue, R::dispute},
      {"I lost my job and can't afford this month's payment", "en", A::queue, R::financial_hardship},
      {"Mitt ärende har gått till inkasso", "sv", A::queue, R::financial_hardship},
      {"Jag är rädd att det hamnar hos Kronofogden", "sv", A::queue, R::financial_hardship},
      {"Ich habe Schulden und kann nicht zahlen", "de", A::queue, R::financial_hardship},
      {"I want to file a formal complaint", "en", A::queue, R::complaint},
      {"Jag vill lämna ett klagomål", "sv", A::queue, R::complaint},
      {"Ich möchte eine Beschwerde einreichen", "de", A::queue, R::complaint},
      // Frustration: words, capitals, repeated punctuation.
      {"This is useless", "en", A::offer, R::frustration},
      {"wtf is this fee", "en", A::offer, R::frustration},
      {"WHY IS MY PAYMENT STILL NOT REGISTERED", "en", A::offer, R::frustration},
      {"Where is my refund???", "en", A::offer, R::frustration},
      {"Det här är värdelöst", "sv", A::offer, R::frustration},
      {"VARFÖR FUNKAR INTE BETALNINGEN", "sv", A::offer, R::frustration},
      {"Total nutzlos, dieser Chat", "de", A::offer, R::frustration},
      // Several signals: the higher priority wins.
      {"This is useless, I want a human", "en", A::queue, R::customer_request},
      {"Someone used my card, this is ridiculous", "en", A::queue, R::fraud},
      {"I lost my job and want to file a complaint", "en", A::queue, R::financial_hardship},
      {"My husband died and I think his card was used for fraud", "en", A::queue, R::fraud},
  };
  REQUIRE(cases.size() >= 40);
  for (const Case& c : cases) {
    INFO(c.message << " [" << c.language << "]");
    const HandoffDecision d = before(c.message, c.language);
    INFO("got " << to_string(d.action) << " / " << to_string(d.reason) << " (" << d.detail << ")");
    CHECK(d.action == c.action);
    CHECK(d.reason == c.reason);
    CHECK(d.detail.empty() == (c.action == A::none));
  }
}

TEST_CASE("policy: the detail names the signal that fired", "[policy]") {
  CHECK(before("I think this is a scam").detail == "lexicon:scam");
  CHECK(before("Ich möchte mit einem Mitarbeiter sprechen", "de").detail == "lexicon:*mitarbeiter*");
  CHECK(before("WHERE IS MY MONEY YOU PEOPLE").detail == "caps");
  CHECK(before("Hello?? Anyone?!?").detail == "punctuation");
  CHECK(before("Total nutzlos", "de").detail == "lexicon:nutzlos");
}

TEST_CASE("policy: priority when several signals fire", "[policy]") {
  // Each message carries the named signal and every lower one; the highest decides.
  struct Step {
    const char* message;
    EscalationReason reason;
  };
  const std::vector<Step> ladder{
      {"I want a human, someone stole my card after my husband passed away, I dispute this, "
       "I lost my job and I will complain, this is useless",
       R::customer_request},
      {"Someone stole my card after my husband passed away, I dispute this, I lost my job and I will complain, "
       "this is useless",
       R::fraud},
      {"My husband passed away, I dispute this, I lost my job and I will complain, this is useless", R::bereavement},
      {"I'm in hospital, I dispute this, I lost my job and I will complain, this is useless", R::vulnerable_customer},
      {"I dispute this, I lost my job and I will complain, this is useless", R::dispute},
      {"I lost my job and I will complain, this is useless", R::financial_hardship},
      {"I will complain, this is useless", R::complaint},
      {"this is useless", R::frustration},
  };
  for (const Step& s : ladder) {
    INFO(s.message);
    CHECK(before(s.message).reason == s.reason);
  }
  // Frustration outranks repetition.
  CHECK(before("Where is my refund???", "en", {"Where is my refund?"}).reason == R::frustration);
}

TEST_CASE("policy: the same question again offers a human", "[policy]") {
  SECTION("nearly the same words, in another form") {
    const auto d = before("how long does the refund take", "en", {"Hi there", "How long does a refund take?"});
    CHECK(d.action == A::offer);
    CHECK(d.reason == R::repeated_question);
    CHECK(d.detail == "repeated:100%");
  }
  SECTION("inflected forms meet through the stemmer") {
    const auto d = before("When do refunds get paid out to my card", "en",
                          {"When does my refund get paid out to the card?"});
    CHECK(d.reason == R::repeated_question);
  }
  SECTION("German and Swedish") {
    CHECK(before("wann kommt die Rückerstattung", "de", {"Wann kommt meine Rückerstattung?"}).reason ==
          R::repeated_question);
    CHECK(before("Hur lång tid tar återbetalningen", "sv", {"hur lång tid tar återbetalningen?"}).reason ==
          R::repeated_question);
  }
  SECTION("a different question does not count") {
    CHECK(before("How do I change my address?", "en", {"How do I pay my invoice?"}).action == A::none);
    CHECK(before("Can I pay my invoice by card?", "en", {"Can I pay my invoice by bank transfer?"}).action ==
          A::none);
  }
  SECTION("short replies are not questions") {
    CHECK(before("ok", "en", {"ok"}).action == A::none);
    CHECK(before("Yes please", "en", {"yes please"}).action == A::none);
    CHECK(before("Tack!", "sv", {"Tack!"}).action == A::none);
  }
  SECTION("nothing earlier, nothing repeated") { CHECK(before("How long does a refund take?").action == A::none); }
}

TEST_CASE("policy: odd input never escalates by accident or crashes", "[policy]") {
  CHECK(before("").action == A::none);
  CHECK(before("   \n\t ").action == A::none);
  CHECK(before("\xff\xfe\xc3 broken \xe2\x82 bytes").action == A::none);
  CHECK(before("😀😀😀").action == A::none);
  CHECK(before(std::string(4000, 'a')).action == A::none);
  CHECK(before("human", "xx").action == A::queue);  // an unknown language still matches every lexicon
}

TEST_CASE("policy: action names", "[policy]") {
  CHECK(to_string(A::none) == "none");
  CHECK(to_string(A::offer) == "offer");
  CHECK(to_string(A::queue) == "queue");
}

TEST_CASE("policy: intent of realistic messages", "[policy]") {
  struct IntentCase {
    const char* message;
    const char* language;
    const char* intent;
  };
  const std::vector<IntentCase> cases{
      {"My card was declined at checkout", "en", "payment_declined"},
      {"Betalningen nekades", "sv", "payment_declined"},
      {"Meine Zahlung wurde abgelehnt", "de", "payment_declined"},
      {"How do I pay my invoice?", "en", "pay_invoice"},
      {"Hur betalar jag min faktura?", "sv", "pay_invoice"},
      {"Wie kann ich meine Rechnung bezahlen?", "de", "pay_invoice"},
      {"Can I get an extension on my due date?", "en", "due_date_extension"},
      {"Kan jag få anstånd med betalningen?", "sv", "due_date_extension"},
      {"Kann ich die Zahlung aufschieben?", "de", "due_date_extension"},
      {"When will I get my refund?", "en", "refund"},
      {"I returned the jacket but haven't got my refund yet", "en", "refund"},
      {"När får jag tillbaka pengarna?", "sv", "refund"},
      {"Wann bekomme ich mein Geld zurück?", "de", "refund"},
      {"How do I return an item?", "en", "return"},
      {"Jag vill returnera en tröja", "sv", "return"},
      {"Wie funktioniert die Rücksendung?", "de", "return"},
      {"I want to cancel my order", "en", "cancel_order"},
      {"Kan jag avbryta min beställning?", "sv", "cancel_order"},
      {"Ich möchte meine Bestellung stornieren", "de", "cancel_order"},
      {"I need to change my delivery address", "en", "change_address"},
      {"Jag har flyttat, hur ändrar jag adress?", "sv", "change_address"},
      {"Wie ändere ich meine Lieferadresse?", "de", "change_address"},
      {"How do I update my email address?", "en", "change_email"},
      {"Hur byter jag e-postadress?", "sv", "change_email"},
      {"Ich möchte meine E-Mail-Adresse ändern", "de", "change_email"},
      {"Why was I charged a fee?", "en", "fees"},
      {"Finns det någon avgift för fakturan?", "sv", "fees"},
      {"Welche Gebühren fallen an?", "de", "fees"},
      {"I missed a payment, will I get a late fee?", "en", "late_payment"},
      {"Jag har fått en påminnelse", "sv", "late_payment"},
      {"Ich habe eine Mahnung bekommen", "de", "late_payment"},
      {"I want to dispute this charge", "en", "dispute"},
      {"There is a purchase I didn't make", "en", "fraud"},
      {"Someone hacked my account", "en", "fraud"},
      {"How do I close my account?", "en", "account_closing"},
      {"Jag vill avsluta mitt konto", "sv", "account_closing"},
      {"Ich möchte mein Konto löschen", "de", "account_closing"},
      {"My package hasn't arrived", "en", "delivery_problem"},
      {"Mitt paket har inte kommit", "sv", "delivery_problem"},
      {"Mein Paket ist nicht angekommen", "de", "delivery_problem"},
      {"Can I pay in instalments?", "en", "instalments"},
      {"Kan jag delbetala?", "sv", "instalments"},
      {"Kann ich in Raten zahlen?", "de", "instalments"},
      {"Hello!", "en", "other"},
      {"What's the weather like?", "en", "other"},
      {"", "en", "other"},
  };
  for (const auto& c : cases) {
    INFO(c.message << " [" << c.language << "]");
    CHECK(detect_intent(c.message, c.language) == c.intent);
  }
}
