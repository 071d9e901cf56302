// The assistant's development set: in-scope phrasings with the article each must find, out-of-scope
// questions that must stay unsure, and a floor on both (a hidden [.dev] test prints the report).
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

#include "kb_fixture.hpp"

using duet::Answer;
using namespace duet::test;

// A development set written for this work from the complaints in issue 10 and our own phrasings (not the
// evaluation set in tests/assistant/, which is kept apart so the KB is not tuned to it). In scope: the
// article each should find. Out of scope: questions the KB cannot answer, which must stay unsure.
namespace {

struct DevCase {
  const char* language;
  const char* question;
  const char* expected_id;
};

const std::vector<DevCase>& dev_in_scope() {
  static const std::vector<DevCase> cases{
      // The complaints in the issue.
      {"en", "how do refunds work?", "refund-timing"},
      {"en", "where is my order?", "delivery-late"},
      {"en", "I was charged twice", "double-charge"},
      {"en", "when do I have to pay?", "due-date"},
      {"sv", "när ska jag betala?", "due-date"},
      {"de", "wann muss ich zahlen?", "due-date"},
      {"en", "Hi there! Hope you're well :) I ordered a jacket last week (order A-10293, 1,299 SEK) and I was wondering how long a refund usually takes once I send it back? Thanks so much!", "refund-timing"},
      // Real typos.
      {"en", "refnd", "refund-timing"},
      {"en", "when do I get my refudn", "refund-timing"},
      {"en", "rembursement still not here", "refund-timing"},
      {"en", "I typed the wrong adress", "change-address"},
      {"en", "my deliverry is late", "delivery-late"},
      {"en", "instalmnet options?", "instalments"},
      {"en", "can I get a refudn for a partial retrun", "partial-refund"},
      {"en", "my paymetn was declined at checkout", "payment-declined-card"},
      {"en", "i was chareged twice", "double-charge"},
      {"en", "how do I cancell my ordr", "cancel-order"},
      {"en", "the invocie never arrived", "invoice-not-received"},
      // Chatty messages with order numbers, amounts, dates, e-mail addresses and emoji.
      {"en", "Hello!! Good morning :) my order #12345 still hasn't arrived, it's been two weeks 😞 could you help? thanks", "delivery-late"},
      {"en", "hey, quick question - I got an invoice for 349 SEK on 2024-05-03 but I'd like to split it into instalments, is that possible? cheers", "instalments"},
      {"en", "Hi, my email is anna.svensson@example.com and I was charged twice for order A-10293 (€12.50). Please help!", "double-charge"},
      {"en", "Good evening, sorry to bother you. I placed an order yesterday and I'd like to cancel it if possible. Order number 88812. Kind regards, Tom", "cancel-order"},
      {"en", "Hi! 👋 So I moved last month and my invoice still goes to my old address, how can I change it? Thank you 🙏", "change-address"},
      {"en", "Hello, I paid 499 kr by bank transfer on 12 March but the app still says I owe it. Ref 5512-8812. Thanks in advance!", "payment-not-registered"},
      {"en", "hi :) my card keeps getting declined when I try to pay 1,250.00 SEK, what should I do?", "payment-declined-card"},
      {"en", "Dear support, the parcel for order #A-55120 says delivered since Monday but it's not here. Best, Sam", "delivery-missing"},
      // Plain questions in the customer's words.
      {"en", "how long until my money comes back", "refund-timing"},
      {"en", "the shop says it refunded me a week ago but I can't see the money", "refund-timing"},
      {"en", "I sent the shoes back, when will I get the money?", "refund-timing"},
      {"en", "the refund was less than I paid", "partial-refund"},
      {"en", "I kept two items and returned one, what happens to the invoice", "partial-refund"},
      {"en", "my order hasn't shown up", "delivery-late"},
      {"en", "it has been ten days and my package still hasn't come", "delivery-late"},
      {"en", "tracking says delivered but nothing at my door", "delivery-missing"},
      {"en", "I want to cancel my order", "cancel-order"},
      {"en", "I bought this by mistake, can I undo it", "cancel-order"},
      {"en", "two identical payments on my card statement", "double-charge"},
      {"en", "you took the money twice", "double-charge"},
      {"en", "I was overcharged", "double-charge"},
      {"en", "when is the payment due", "due-date"},
      {"en", "what is my deadline to pay", "due-date"},
      {"en", "how do I pay", "pay-invoice"},
      {"en", "what's the IBAN to pay my bill", "pay-invoice"},
      {"en", "can I have more time to pay", "extend-due-date"},
      {"en", "could I push the due date back two weeks", "extend-due-date"},
      {"en", "can I pay in installments", "instalments"},
      {"en", "can I pay monthly", "instalments"},
      {"en", "are there any hidden fees", "fees"},
      {"en", "does it cost anything to use pay later", "fees"},
      {"en", "what happens if I pay a few days late", "late-payment"},
      {"en", "I missed the deadline, is there a fee", "late-payment"},
      {"en", "my phone number changed", "change-email"},
      {"en", "I want to delete my account", "close-account"},
      {"en", "what is your phone number", "contact-support"},
      {"en", "when are you open", "contact-support"},
      {"en", "will this affect my credit score", "credit-check"},
      {"en", "my invoice was sent to debt collection", "debt-collection"},
      {"en", "the item I got is broken", "delivery-damaged"},
      {"en", "I received the wrong product", "delivery-damaged"},
      {"en", "the shop refuses to help me with my complaint", "dispute"},
      {"en", "what's the minimum age", "eligibility"},
      {"en", "can I exchange it for a bigger size", "exchange-item"},
      {"en", "I can't afford my bills right now", "financial-hardship"},
      {"en", "there is a purchase on my account I didn't make", "fraud"},
      {"en", "I never received the invoice", "invoice-not-received"},
      {"en", "I can't log in", "login-problems"},
      {"en", "the verification code never arrives", "login-problems"},
      {"en", "can I pay everything off now", "pay-early"},
      {"en", "my direct debit failed", "payment-declined-bank"},
      {"en", "my card got declined at checkout", "payment-declined-card"},
      {"en", "I paid but it still says unpaid", "payment-not-registered"},
      {"en", "what ways can I pay at checkout", "payment-options"},
      {"en", "what personal data do you store", "privacy"},
      {"en", "why was I denied pay later", "purchase-limit"},
      {"en", "I need a receipt", "receipt"},
      {"en", "how do I send back an item", "return-items"},
      {"en", "can I set up autopay", "automatic-payments"},
      {"en", "who is Duet Pay", "about-duet-pay"},
      // Swedish.
      {"sv", "hur betalar jag fakturan", "pay-invoice"},
      {"sv", "jag behöver mer tid att betala", "extend-due-date"},
      {"sv", "mitt kort fungerar inte", "payment-declined-card"},
      {"sv", "när får jag tillbaka mina pengar", "refund-timing"},
      {"sv", "återbetalningen har inte kommit", "refund-timing"},
      {"sv", "återbetalnig", "refund-timing"},
      {"sv", "hur returnerar jag en vara", "return-items"},
      {"sv", "kan jag avboka min beställning", "cancel-order"},
      {"sv", "jag har flyttat och vill ändra adress", "change-address"},
      {"sv", "finns det några avgifter", "fees"},
      {"sv", "jag missade att betala i tid", "late-payment"},
      {"sv", "jag känner inte igen ett köp", "fraud"},
      {"sv", "paketet har inte kommit", "delivery-late"},
      {"sv", "var är min faktura", "invoice-not-received"},
      {"sv", "kan jag betala i delar", "instalments"},
      {"sv", "hur kontaktar jag kundtjänst", "contact-support"},
      {"sv", "när förfaller fakturan", "due-date"},
      {"sv", "Hej! Jag beställde en jacka förra veckan (order 12345, 1 299 kr) och undrar hur lång tid en återbetalning tar om jag skickar tillbaka den? Tack!", "refund-timing"},
      // German.
      {"de", "wie kann ich die rechnung bezahlen", "pay-invoice"},
      {"de", "ich brauche mehr zeit zum bezahlen", "extend-due-date"},
      {"de", "meine karte funktioniert nicht", "payment-declined-card"},
      {"de", "wann bekomme ich mein geld zurück", "refund-timing"},
      {"de", "rückerstatung", "refund-timing"},
      {"de", "wie schicke ich etwas zurück", "return-items"},
      {"de", "bestellung stornieren bitte", "cancel-order"},
      {"de", "ich bin umgezogen, neue adresse", "change-address"},
      {"de", "gibt es gebühren", "fees"},
      {"de", "ich habe vergessen zu zahlen", "late-payment"},
      {"de", "jemand hat in meinem namen bestellt", "fraud"},
      {"de", "wo ist mein paket", "delivery-late"},
      {"de", "ich habe keine rechnung bekommen", "invoice-not-received"},
      {"de", "kann ich in raten zahlen", "instalments"},
      {"de", "wie erreiche ich den kundenservice", "contact-support"},
      {"de", "bis wann muss die rechnung bezahlt sein", "due-date"},
      {"de", "Hallo, guten Tag! Ich habe letzte Woche eine Jacke bestellt (Bestellung A-10293, 89,90 €) und wollte fragen, wie lange die Rückerstattung dauert? Vielen Dank!", "refund-timing"},
  };
  return cases;
}

const std::vector<DevCase>& dev_out_of_scope() {
  static const std::vector<DevCase> cases{
      {"en", "can I pay with bitcoin", ""},
      {"en", "what is your CEO's name", ""},
      {"en", "should I buy Tesla stock", ""},
      {"en", "give me some stock tips", ""},
      {"en", "what's the price of ethereum today", ""},
      {"en", "is it going to rain today", ""},
      {"en", "what's the weather in Stockholm", ""},
      {"en", "who won the world cup", ""},
      {"en", "write me a haiku", ""},
      {"en", "translate hello to french", ""},
      {"en", "what is the best pizza in town", ""},
      {"en", "how do I fix my car", ""},
      {"en", "what time is it in Tokyo", ""},
      {"en", "who is your CEO", ""},
      {"en", "how many employees do you have", ""},
      {"en", "what's your favourite colour", ""},
      {"en", "recommend a laptop", ""},
      {"en", "how old is the universe", ""},
      {"en", "can you help with my homework", ""},
      {"en", "what is quantum computing", ""},
      {"en", "is bitcoin a good investment", ""},
      {"en", "how do I invest in crypto", ""},
      {"en", "book me a flight to London", ""},
      {"en", "what's the square root of 144", ""},
      {"en", "how do I lose weight", ""},
      {"en", "what's a good name for a dog", ""},
      {"en", "tell me about the roman empire", ""},
      {"en", "sing me a song", ""},
      {"en", "do you like football", ""},
      {"en", "how do I cook rice", ""},
      {"en", "which crypto wallet do you support", ""},
      {"en", "what are your quarterly earnings", ""},
      {"en", "Hi! Quick one: what do you think about the election? Thanks :)", ""},
      // Near the domain: payment and shopping words, but nothing the KB answers.
      {"en", "what is the interest rate on a mortgage", ""},
      {"en", "how do I open a savings account", ""},
      {"en", "where can I buy cheap shoes", ""},
      {"en", "my phone screen is cracked, how do I fix it", ""},
      {"en", "what's the exchange rate from euro to dollar", ""},
      {"en", "can you recommend a good credit card", ""},
      {"sv", "kan jag betala med bitcoin", ""},
      {"sv", "vad heter er vd", ""},
      {"sv", "vilka aktier ska jag köpa", ""},
      {"sv", "regnar det i stockholm idag", ""},
      {"sv", "berätta ett skämt", ""},
      {"de", "kann ich mit bitcoin bezahlen", ""},
      {"de", "wie heißt euer chef", ""},
      {"de", "welche aktien soll ich kaufen", ""},
      {"de", "regnet es morgen in berlin", ""},
      {"de", "erzähl mir einen witz", ""},
  };
  return cases;
}

struct DevScore {
  std::size_t correct = 0, rejected = 0;
  std::size_t ranked_first = 0;  // the right article ranked first, confident or not
  std::vector<std::string> misses;
};

DevScore score_dev_set() {
  DevScore s;
  for (const DevCase& c : dev_in_scope()) {
    const Answer a = ask(c.question, c.language);
    const auto top = assistant().top({c.question, c.language, {}}, 1);
    if (!top.empty() && top[0].article->id == c.expected_id) ++s.ranked_first;
    if (a.article_id == c.expected_id) {
      ++s.correct;
    } else {
      s.misses.push_back(std::string(c.language) + " \"" + c.question + "\" -> " + (a.unsure ? "unsure" : a.article_id) +
                         " (" + std::to_string(a.confidence) + "), expected " + c.expected_id);
    }
  }
  for (const DevCase& c : dev_out_of_scope()) {
    const Answer a = ask(c.question, c.language);
    if (a.unsure) {
      ++s.rejected;
    } else {
      s.misses.push_back(std::string(c.language) + " \"" + c.question + "\" out of scope -> " + a.article_id + " (" +
                         std::to_string(a.confidence) + ")");
    }
  }
  return s;
}

}  // namespace

TEST_CASE("issue 10's missed articles are found", "[assistant]") {
  CHECK(ask("how do refunds work?").article_id == "refund-timing");
  CHECK(ask("where is my order?").article_id == "delivery-late");
  CHECK(ask("I was charged twice").article_id == "double-charge");
  CHECK(ask("when do I have to pay?").article_id == "due-date");
  CHECK(ask("när ska jag betala?", "sv").article_id == "due-date");
  CHECK(ask("wann muss ich zahlen?", "de").article_id == "due-date");
  // A long friendly message: greetings, an order number, an amount and thanks around the question.
  const Answer chatty = ask(
      "Hi there! Hope you're well :) I ordered a jacket last week (order A-10293, 1,299 SEK) and I was wondering "
      "how long a refund usually takes once I send it back? Thanks so much!");
  CHECK(chatty.article_id == "refund-timing");
  CHECK_FALSE(chatty.unsure);
  // The facts around it change nothing: the question alone and the question with them agree.
  CHECK(ask("Hello! Order #12345, 349 SEK, paid 2024-05-03, anna@example.com: my card was declined 😞 thanks!").article_id ==
        "payment-declined-card");
  for (const char* out : {"can I pay with bitcoin", "what is your CEO's name", "give me some stock tips",
                          "is it going to rain today", "should I invest in crypto"}) {
    INFO(out);
    CHECK(ask(out).unsure);
  }
}

TEST_CASE("the development set stays above its floor", "[assistant]") {
  // Floors a little under what the set scores now (see the [.dev] report), so a change that loses
  // articles or lets out-of-scope questions through fails here.
  const DevScore s = score_dev_set();
  for (const std::string& m : s.misses) UNSCOPED_INFO(m);
  CHECK(dev_in_scope().size() >= 100);
  CHECK(dev_out_of_scope().size() >= 40);
  CHECK(s.correct * 100 >= dev_in_scope().size() * 83);
  CHECK(s.ranked_first * 100 >= dev_in_scope().size() * 90);
  CHECK(s.rejected * 100 >= dev_out_of_scope().size() * 92);
}

// Prints the development-set accuracy and every miss: `duet_model_tests "[.dev]"`.
TEST_CASE("development set report", "[.dev]") {
  const DevScore s = score_dev_set();
  for (const std::string& m : s.misses) std::printf("miss: %s\n", m.c_str());
  std::printf("in scope answered right: %zu/%zu (ranked first: %zu), out of scope rejected: %zu/%zu\n", s.correct,
              dev_in_scope().size(), s.ranked_first, s.rejected, dev_out_of_scope().size());
}
