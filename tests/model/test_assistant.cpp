// KbAssistant over the real knowledge base in assets/kb: every article parses, customers' own wording
// finds the right article in English, Swedish and German, and anything else gets an honest "not sure".
#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "model/kb_assistant.hpp"
#include "model/kb_index.hpp"
#include "model/kb_language.hpp"
#include "model/kb_typos.hpp"
#include "model/text.hpp"

#include "kb_fixture.hpp"

namespace {

using duet::Answer;
using duet::Article;
using duet::KbAssistant;
using duet::Question;
using namespace duet::test;

// The words of a question, to prove a test question is not one of the article's own phrasings.
std::vector<std::string> wording(const std::string& s) { return duet::text::words(s); }

struct Case {
  const char* question;
  const char* expected_id;
};

void check_answers(const std::vector<Case>& cases, const std::string& language) {
  for (const Case& c : cases) {
    INFO(language << ": \"" << c.question << "\" should find " << c.expected_id);
    const Article& expected = article(language, c.expected_id);
    for (const std::string& own : expected.questions) REQUIRE(wording(own) != wording(c.question));
    REQUIRE(wording(expected.title) != wording(c.question));
    const Answer a = ask(c.question, language);
    CHECK(a.article_id == c.expected_id);
    CHECK_FALSE(a.unsure);
    CHECK(a.confidence >= 0.35);
    CHECK(a.confidence <= 1.0);
    if (a.article_id == c.expected_id) {
      CHECK(a.text == expected.body);  // the article's own words, in the question's language
      CHECK(a.title == expected.title);
    }
  }
}

void check_unsure(const std::vector<const char*>& questions, const std::string& language, const std::string& reply) {
  for (const char* q : questions) {
    INFO(language << ": \"" << q << "\" is out of scope");
    const Answer a = ask(q, language);
    CHECK(a.unsure);
    CHECK(a.article_id.empty());
    CHECK(a.title.empty());
    CHECK(a.text == reply);
    CHECK(a.confidence >= 0.0);
    CHECK(a.confidence < 0.35);
  }
}

const std::string kUnsureEn = "I'm not sure I can answer that. Would you like to talk to a human?";
const std::string kUnsureSv = "Jag är inte säker på att jag kan svara på det. Vill du prata med en människa?";
const std::string kUnsureDe = "Ich bin mir nicht sicher, ob ich das beantworten kann. Möchten Sie mit einem Menschen sprechen?";

}  // namespace

TEST_CASE("every knowledge-base article parses and is complete", "[assistant]") {
  const auto check_folder = [](const std::string& language, const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      INFO(kb_file(language, id));
      const std::string content = read_file(kb_file(language, id));
      REQUIRE_FALSE(content.empty());
      const auto parsed = duet::parse_article(content, language);
      INFO((parsed ? std::string() : parsed.error()));
      REQUIRE(parsed.ok());
      const Article& a = parsed.value();
      CHECK(a.id == id);
      CHECK(a.language == language);
      CHECK_FALSE(a.title.empty());
      CHECK(a.questions.size() >= 3);
      CHECK(a.questions.size() <= 6);
      CHECK_FALSE(a.tags.empty());
      CHECK(a.body.size() > 100);
      CHECK(a.body.find('\r') == std::string::npos);
    }
  };
  check_folder("en", kEnglishIds);
  check_folder("sv", kTranslatedIds);
  check_folder("de", kTranslatedIds);
  CHECK(kEnglishIds.size() >= 30);
  CHECK(knowledge_base().size() == kEnglishIds.size() + 2 * kTranslatedIds.size());
  CHECK(assistant().size() == knowledge_base().size());
}

TEST_CASE("the knowledge base states the refund timing customers are promised", "[assistant]") {
  CHECK(article("en", "refund-timing").body.find("3-5 business days after the merchant registers") != std::string::npos);
  CHECK(article("sv", "refund-timing").body.find("3-5 bankdagar") != std::string::npos);
  CHECK(article("de", "refund-timing").body.find("3-5 Werktage") != std::string::npos);
}

TEST_CASE("English questions in the customer's own words find their article", "[assistant]") {
  check_answers(
      {
          {"what ways are there to pay the bill I got from you", "pay-invoice"},
          {"can I pay the invoice with a credit card", "pay-invoice"},
          {"how long do I have before I must pay", "due-date"},
          {"is it possible to get an extension on my payment", "extend-due-date"},
          {"how much is it to postpone the due date", "extend-due-date"},
          {"3d secure failed when I tried to pay", "payment-declined-card"},
          {"why does my debit card not work when I pay", "payment-declined-card"},
          {"the direct debit from my account bounced", "payment-declined-bank"},
          {"how do I raise my limit", "purchase-limit"},
          {"refund to my card, how many business days", "refund-timing"},
          {"what happens to my instalments after a partial refund", "partial-refund"},
          {"do I need to pay for items I am returning", "return-items"},
          {"can I still cancel my order before it ships", "cancel-order"},
          {"wrong delivery address on my order", "change-address"},
          {"how to update my email address", "change-email"},
          {"is there an interest rate", "fees"},
          {"I forgot my due date and got a reminder fee", "late-payment"},
          {"a collection agency sent me a letter", "debt-collection"},
          {"open a dispute", "dispute"},
          {"I don't recognise this purchase", "fraud"},
          {"close my duet pay account", "close-account"},
          {"parcel is delayed", "delivery-late"},
          {"package says delivered but I don't have it", "delivery-missing"},
          {"my item arrived broken", "delivery-damaged"},
          {"can I split the payment into monthly instalments", "instalments"},
          {"soft credit check", "credit-check"},
          {"can you resend my bill", "invoice-not-received"},
          {"can I pay off everything before the deadline", "pay-early"},
          {"where can I download proof of payment", "receipt"},
          {"delete my personal data", "privacy"},
          {"how do I get in touch with customer service", "contact-support"},
          {"what is the difference between pay in 3 and financing", "payment-options"},
          {"my card was charged twice for the same order", "double-charge"},
          {"my bank transfer is not showing in the app", "payment-not-registered"},
          {"do I have to be 18 to use Duet Pay", "eligibility"},
          {"login code not working", "login-problems"},
          {"turn on autopay", "automatic-payments"},
          {"I lost my job and cannot pay", "financial-hardship"},
          {"swap for another colour", "exchange-item"},
          {"why is the invoice from Duet Pay and not from the shop", "about-duet-pay"},
      },
      "en");
}

TEST_CASE("Swedish questions are answered from the Swedish articles", "[assistant]") {
  check_answers(
      {
          {"hur betalar jag räkningen", "pay-invoice"},
          {"hur många dagar har jag på mig", "due-date"},
          {"kan jag få anstånd med betalningen", "extend-due-date"},
          {"mitt kort nekades i kassan", "payment-declined-card"},
          {"hur lång tid tar det att få pengarna tillbaka", "refund-timing"},
          {"butiken har inte återbetalat", "refund-timing"},
          {"jag vill returnera en tröja", "return-items"},
          {"jag vill avbeställa min order", "cancel-order"},
          {"hur byter jag leveransadress", "change-address"},  // a compound: "leverans" + "adress"
          {"vad kostar en pappersfaktura", "fees"},
          {"jag har glömt att betala, vad händer nu", "late-payment"},
          {"någon har beställt i mitt namn", "fraud"},
          {"min beställning är försenad", "delivery-late"},
          {"jag har inte fått fakturan", "invoice-not-received"},
          {"kan jag dela upp köpet", "instalments"},
      },
      "sv");
}

TEST_CASE("German questions are answered from the German articles", "[assistant]") {
  check_answers(
      {
          {"wie bezahle ich per überweisung", "pay-invoice"},
          {"wie viele tage habe ich zum zahlen", "due-date"},
          {"kann ich meine zahlung aufschieben", "extend-due-date"},
          {"meine kreditkarte wurde abgelehnt", "payment-declined-card"},
          {"wie lange dauert die erstattung", "refund-timing"},
          {"wie kann ich eine jacke zurückschicken", "return-items"},
          {"ich will meine bestellung stornieren", "cancel-order"},
          {"Rechnungsadresse ändern", "change-address"},  // a compound: "Rechnung" + "s" + "Adresse"
          {"was kostet eine papierrechnung", "fees"},
          {"ich habe eine mahnung erhalten", "late-payment"},
          {"ich habe das nicht bestellt", "fraud"},
          {"mein paket ist immer noch nicht da", "delivery-late"},
          {"kann ich in monatsraten zahlen", "instalments"},
      },
      "de");
}

TEST_CASE("the language is taken from a full locale and falls back to English", "[assistant]") {
  const Answer swedish = ask("min beställning är försenad", "sv-SE");
  CHECK(swedish.article_id == "delivery-late");
  CHECK(swedish.text == article("sv", "delivery-late").body);

  // No French articles: English ones answer, and an unsure reply is in English too.
  const Answer french = ask("my item arrived broken", "fr-FR");
  CHECK(french.article_id == "delivery-damaged");
  CHECK(french.text == article("en", "delivery-damaged").body);
  CHECK(ask("quel temps fait-il demain", "fr").text == kUnsureEn);
  CHECK(ask("my item arrived broken", "").article_id == "delivery-damaged");

  // A language never mixes with another: English words in a Swedish chat do not match Swedish articles.
  CHECK(ask("my item arrived broken", "sv").unsure);
}

TEST_CASE("typos and inflections still find the article", "[assistant]") {
  check_answers(
      {
          {"my paymnet was declined", "payment-declined-card"},           // swapped letters
          {"how do I cancle my order", "cancel-order"},                   // swapped letters
          {"invoise not received", "invoice-not-received"},               // a wrong letter
          {"how long does a refnud take", "refund-timing"},               // swapped letters
          {"refunded money still missing", "refund-timing"},              // refunded -> refund
          {"my card was charged twice for the same order", "double-charge"},  // charged -> charge
          {"can my invoices be charged to my card automatically", "automatic-payments"},  // -ly, plural
          {"cancelling orders", "cancel-order"},                          // -ing, plural
          {"DELIVERIES DELAYED", "delivery-late"},                        // case and plural
      },
      "en");
  check_answers({{"betalningen med kortet nekades", "payment-declined-card"}}, "sv");  // definite forms
  check_answers({{"Gebühren für Rechnungen", "fees"}, {"Gebuhren", "fees"}}, "de");       // plurals, umlaut typed plain
}

TEST_CASE("out-of-scope questions are unsure and name no article", "[assistant]") {
  check_unsure(
      {
          "what's the weather like tomorrow",
          "who will win the football match tonight",
          "give me a recipe for pancakes",
          "what is the meaning of life",
          "tell me a joke",
          "what is the capital of France",
          "can you write a poem about cats",
          "how tall is the Eiffel tower",
          "recommend a good movie",
          "how do I bake bread",
          "what is 2 plus 2",
          "who is the president",
          "how many goals did Zlatan score",
          "hello",
          "asdfgh qwerty",
      },
      "en", kUnsureEn);
  check_unsure({"vad blir vädret i morgon", "vem vinner fotbollsmatchen", "vad är meningen med livet", "recept på pannkakor"},
               "sv", kUnsureSv);
  check_unsure({"wie wird das wetter morgen", "wer gewinnt das fußballspiel", "was ist der sinn des lebens", "rezept für pfannkuchen"},
               "de", kUnsureDe);
}

TEST_CASE("empty, odd and hostile input is unsure, never a crash", "[assistant]") {
  check_unsure({"", "   ", "?!?!", "👍👍👍", "\xFF\xFE\xC3", "how do I", "I want to know"}, "en", kUnsureEn);
  std::string long_question;
  for (int i = 0; i < 2000; ++i) long_question += "lorem ipsum ";
  check_unsure({long_question.c_str()}, "en", kUnsureEn);
  // A broken byte inside a real question does not hide it.
  CHECK(ask("my item arrived\xFF broken").article_id == "delivery-damaged");
}

TEST_CASE("the same question always gets the same answer", "[assistant]") {
  const Answer first = ask("the direct debit from my account bounced");
  for (int i = 0; i < 3; ++i) {
    const Answer again = ask("the direct debit from my account bounced");
    CHECK(again.article_id == first.article_id);
    CHECK(again.confidence == first.confidence);
  }
  KbAssistant rebuilt(knowledge_base());
  CHECK(rebuilt.answer({"the direct debit from my account bounced", "en", {}}).confidence == first.confidence);
}

TEST_CASE("the threshold decides between answering and offering a human", "[assistant]") {
  const Question partly{"I only got part of my money back", "en", {}};
  const double confidence = assistant().answer(partly).confidence;
  REQUIRE(confidence > 0.0);
  REQUIRE(confidence < 1.0);

  KbAssistant eager(knowledge_base(), 0.0);
  CHECK_FALSE(eager.answer(partly).unsure);
  KbAssistant strict(knowledge_base(), confidence + 0.01);
  const Answer refused = strict.answer(partly);
  CHECK(refused.unsure);
  CHECK(refused.article_id.empty());
  CHECK(refused.confidence == confidence);  // the confidence is still reported for the handoff policy
  KbAssistant exact(knowledge_base(), confidence);
  CHECK_FALSE(exact.answer(partly).unsure);
  // Nothing matches at all: unsure even at threshold 0.
  CHECK(eager.answer({"what is the meaning of life", "en", {}}).unsure);
  // Thresholds outside [0,1] are clamped; one that is not a number never lets an answer through.
  CHECK_FALSE(KbAssistant(knowledge_base(), -3.0).answer(partly).unsure);
  CHECK(KbAssistant(knowledge_base(), 7.0).answer(partly).unsure);
  CHECK(KbAssistant(knowledge_base(), std::nan("")).answer(partly).unsure);
}

TEST_CASE("a vague follow-up is understood from the previous message", "[assistant]") {
  const std::string vague = "and how long will that take?";
  const Answer refund = assistant().answer({vague, "en", {"I returned my jacket, I want my money back"}});
  CHECK(refund.article_id == "refund-timing");
  CHECK_FALSE(refund.unsure);
  const Answer parcel = assistant().answer({vague, "en", {"my parcel is delayed, I ordered a week ago"}});
  CHECK(parcel.article_id == "delivery-late");
  // A clear question ignores the history.
  const Answer clear = assistant().answer({"how do I get in touch with customer service", "en", {"my parcel is delayed"}});
  CHECK(clear.article_id == "contact-support");
  // History cannot make an out-of-scope question answerable.
  CHECK(assistant().answer({"tell me a joke", "en", {"what is the meaning of life"}}).unsure);
}

TEST_CASE("an assistant without articles is always unsure", "[assistant]") {
  KbAssistant empty({});
  CHECK(empty.size() == 0);
  const Answer a = empty.answer({"how do I pay my invoice", "de", {}});
  CHECK(a.unsure);
  CHECK(a.article_id.empty());
  CHECK(a.text == kUnsureDe);
  CHECK(a.confidence == 0.0);
}

TEST_CASE("a single article still ranks sensibly", "[assistant]") {
  Article only;
  only.id = "refund-timing";
  only.language = "en";
  only.title = "When will I get my refund?";
  only.questions = {"How long does a refund take?"};
  only.body = "Refunds reach you in 3-5 business days.";
  KbAssistant one({only});
  CHECK(one.answer({"when do I get my refund", "en", {}}).article_id == "refund-timing");
  CHECK(one.answer({"what is the weather in Paris", "en", {}}).unsure);
}

TEST_CASE("parse_article reads the header, lists and body", "[assistant]") {
  const auto parsed = duet::parse_article(
      "\xEF\xBB\xBF\r\n---\r\nid: pay-early\r\n# a comment line\r\ntitle:  Can I pay early? \r\n"
      "questions: Pay before the due date? |  | Pay off now?\r\ntags: early, , pay off\r\n---\r\n\r\n"
      "Yes, always free.\r\n\r\nIn the app.\r\n\r\n",
      "en");
  REQUIRE(parsed.ok());
  const Article& a = parsed.value();
  CHECK(a.id == "pay-early");
  CHECK(a.language == "en");
  CHECK(a.title == "Can I pay early?");
  CHECK(a.questions == std::vector<std::string>{"Pay before the due date?", "Pay off now?"});
  CHECK(a.tags == std::vector<std::string>{"early", "pay off"});
  CHECK(a.body == "Yes, always free.\n\nIn the app.");

  // Questions and tags are optional; a "---" inside the body is text.
  const auto minimal = duet::parse_article("---\nid: x1\ntitle: T\n---\nfirst\n---\nsecond", "sv");
  REQUIRE(minimal.ok());
  CHECK(minimal.value().questions.empty());
  CHECK(minimal.value().tags.empty());
  CHECK(minimal.value().body == "first\n---\nsecond");
  CHECK(minimal.value().language == "sv");
}

TEST_CASE("parse_article rejects broken files with a clear error", "[assistant]") {
  struct Bad {
    const char* text;
    const char* language;
    const char* error_contains;
  };
  const std::vector<Bad> table{
      {"", "en", "missing header"},
      {"\n  \n", "en", "missing header"},
      {"id: a\ntitle: b\n---\nbody", "en", "missing header"},
      {"Just some text", "en", "missing header"},
      {"---\nid: a\ntitle: b\nbody without a closing line", "en", "line 4"},
      {"---\nid: a\ntitle: b\n", "en", "unterminated header"},
      {"---\ntitle: b\n---\nbody", "en", "missing id"},
      {"---\nid:\ntitle: b\n---\nbody", "en", "id \"\" may contain only"},
      {"---\nid: a\n---\nbody", "en", "missing title"},
      {"---\nid: a\ntitle:\n---\nbody", "en", "missing title"},
      {"---\nid: a\ntitle: b\n---\n", "en", "empty body"},
      {"---\nid: a\ntitle: b\n---\n \n\t\n", "en", "empty body"},
      {"---\nid: Refund Timing\ntitle: b\n---\nbody", "en", "line 2: id \"Refund Timing\" may contain only"},
      {"---\nid: -a\ntitle: b\n---\nbody", "en", "may contain only"},
      {"---\nid: a\ntitle: b\nauthor: me\n---\nbody", "en", "line 4: unknown key \"author\""},
      {"---\nid: a\nid: b\ntitle: c\n---\nbody", "en", "line 3: duplicate key \"id\""},
      {"---\nid: a\ntitle: b\ntitle: c\n---\nbody", "en", "duplicate key \"title\""},
      {"---\nid: a\ntitle: b\ntags: x\ntags: y\n---\nbody", "en", "duplicate key \"tags\""},
      {"---\nid: a\ntitle: b\nquestions: x\nquestions: y\n---\nbody", "en", "duplicate key \"questions\""},
      {"---\nid: a\ntitle b\n---\nbody", "en", "line 3: expected \"key: value\""},
      {"---\nid: a\ntitle: caf\xC3\n---\nbody", "en", "not valid UTF-8"},
      {"---\nid: a\ntitle: b\n---\n\xED\xA0\x80", "en", "not valid UTF-8"},
      {"---\nid: a\ntitle: b\n---\nbody", "", "missing language"},
  };
  for (const Bad& bad : table) {
    INFO("input: " << bad.text);
    const auto parsed = duet::parse_article(bad.text, bad.language);
    REQUIRE_FALSE(parsed.ok());
    CHECK_THAT(parsed.error(), Catch::Matchers::Contains(bad.error_contains));
  }
}

TEST_CASE("top(k) returns the k best distinct articles, best first, with their confidences", "[assistant]") {
  const Question q{"how long does a refund take after a partial return", "en", {}};
  const auto ranked = assistant().top(q, 4);
  REQUIRE(ranked.size() == 4);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    REQUIRE(ranked[i].article != nullptr);
    CHECK(ranked[i].article->language == "en");
    CHECK(ranked[i].confidence >= 0.0);
    CHECK(ranked[i].confidence <= 1.0);
    for (std::size_t j = 0; j < i; ++j) CHECK(ranked[j].article != ranked[i].article);
    if (i > 0) CHECK(ranked[i].confidence <= ranked[i - 1].confidence);
  }
  // The first is the answer's article (confident or not), with the answer's confidence.
  const Answer a = KbAssistant(knowledge_base(), 0.0).answer(q);
  CHECK(ranked[0].article->id == a.article_id);
  CHECK(ranked[0].confidence == a.confidence);
  CHECK(assistant().top(q, 1).size() == 1);
  CHECK(assistant().top(q, 0).empty());
  // Asking for more than the language has gives what matched, no more.
  CHECK(assistant().top({"refund", "sv", {}}, 100).size() <= 15);
  CHECK(assistant().top({"", "en", {}}, 3).empty());
  // Articles outlive the call: they belong to the assistant.
  CHECK(ranked[0].article->title == article("en", ranked[0].article->id).title);
}

TEST_CASE("real typos find their article", "[assistant]") {
  for (const auto& [question, id] : std::vector<std::pair<const char*, const char*>>{
           {"refnd", "refund-timing"},
           {"my refudn has not arrived", "refund-timing"},
           {"rembursement", "refund-timing"},
           {"I need to change my adress", "change-address"},
           {"deliverry is late", "delivery-late"},
           {"instalmnet", "instalments"},
       }) {
    INFO(question);
    CHECK(ask(question).article_id == id);
  }
  CHECK(ask("återbetalnig", "sv").article_id == "refund-timing");
  CHECK(ask("rückerstatung", "de").article_id == "refund-timing");  // a synonym's own spelling, misspelt
}

TEST_CASE("typo correction: edit distance by word length, bounded work", "[assistant]") {
  using duet::kb::TypoBudget;
  using duet::kb::TypoIndex;
  TypoIndex index;
  index.add("refund", 0);
  index.add("reimbursement", 1);
  index.add("instalment", 2);
  index.add("card", 3);
  const auto near = [&](std::string_view word) {
    TypoBudget budget;
    std::vector<std::uint32_t> ids;
    for (const auto& t : index.near(word, budget)) ids.push_back(t.id);
    return ids;
  };
  CHECK(near("refnd") == std::vector<std::uint32_t>{0});          // a letter dropped
  CHECK(near("refudn") == std::vector<std::uint32_t>{0});         // neighbours swapped
  CHECK(near("refunds") == std::vector<std::uint32_t>{0});        // a letter added
  CHECK(near("rembursement") == std::vector<std::uint32_t>{1});   // long: one edit
  CHECK(near("reimbursment") == std::vector<std::uint32_t>{1});
  CHECK(near("rimbursment") == std::vector<std::uint32_t>{1});    // long: two edits
  CHECK(near("instalmnet") == std::vector<std::uint32_t>{2});
  CHECK(near("carf") == std::vector<std::uint32_t>{3});           // four letters: one edit
  CHECK(near("rfnd").empty());                                      // four letters, two edits: too far
  CHECK(near("crd").empty());                                       // too short to correct
  CHECK(near("refund").empty());                                    // known: nothing to correct
  CHECK(TypoIndex::max_distance(3) == 0);
  CHECK(TypoIndex::max_distance(4) == 1);
  CHECK(TypoIndex::max_distance(7) == 1);
  CHECK(TypoIndex::max_distance(8) == 2);
  CHECK(TypoIndex::max_distance(TypoIndex::kMaxLength + 1) == 0);

  // A 4,000-letter word is not looked at past kMaxLength + 1 letters: no probe, no candidate.
  TypoBudget budget;
  CHECK(index.near(std::string(4000, 'r'), budget).empty());
  CHECK(budget.probes == 0);
  CHECK(budget.candidates == 0);
  // A word never costs more than its bounded deletion neighbourhood and candidate cap.
  TypoBudget one;
  index.near("abcdefghijklmnopqrst", one);
  CHECK(one.probes <= TypoIndex::kMaxProbesPerWord);
  CHECK(one.candidates <= TypoIndex::kMaxCandidates);
  // A spent budget stops the search.
  TypoBudget spent;
  spent.probes_left = 0;
  CHECK(index.near("refnd", spent).empty());
  CHECK(spent.probes == 0);
}

TEST_CASE("a huge message costs a bounded amount of typo work", "[assistant]") {
  std::map<std::string, std::vector<const Article*>> by_language;
  for (const Article& a : knowledge_base()) by_language[a.language].push_back(&a);
  for (const auto& [language, list] : by_language) {
    INFO(language);
    const duet::kb::LanguageIndex index(language, list);
    // One 4,000-letter word: nothing corrected, nothing probed.
    const auto word = index.rank(std::string(4000, 'x'));
    CHECK(word.typo_probes == 0);
    CHECK(word.ranked.empty());
    // 4,000 bytes of distinct unknown 9-letter words: the message budget caps the work.
    std::string message;
    for (int i = 0; message.size() < 4000; ++i) message += "qzvkwplm" + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i / 26 % 10) + " ";
    std::string letters;
    for (int i = 0; letters.size() < 4000; ++i) {
      std::string w = "qzvkwplmx";
      w[static_cast<std::size_t>(i % 9)] = static_cast<char>('a' + i % 26);
      letters += w + " ";
    }
    const auto many = index.rank(letters);
    CHECK(many.typo_probes <= duet::kb::TypoBudget::kProbesPerMessage);
    CHECK(many.typo_candidates <= 64 * duet::kb::TypoIndex::kMaxCandidates);
    CHECK(index.rank(message).typo_probes <= duet::kb::TypoBudget::kProbesPerMessage);
  }
}

TEST_CASE("follow-ups read the previous turn, from the history or the conversation", "[assistant]") {
  using duet::Speaker;
  using duet::Turn;
  const auto with_history = [](const char* text, const char* language, std::vector<std::string> history) {
    return assistant().answer(Question{text, language, std::move(history)});
  };
  const auto with_conversation = [](const char* text, const char* language, std::vector<Turn> turns) {
    Question q{text, language, {}};
    q.conversation = std::move(turns);
    return assistant().answer(q);
  };
  CHECK(with_history("and how long does that take?", "en", {"I sent the dress back and want my money back"}).article_id == "refund-timing");
  CHECK(with_history("and how long does that take?", "en", {"my parcel has not arrived, it is late"}).article_id == "delivery-late");
  CHECK(with_history("what about in Sweden?", "en", {"what does a paper invoice cost"}).article_id == "fees");
  CHECK(with_history("och hur lång tid tar det?", "sv", {"jag vill ha tillbaka pengarna för tröjan"}).article_id == "refund-timing");
  CHECK(with_history("und wie lange dauert das?", "de", {"ich möchte mein Geld zurück"}).article_id == "refund-timing");
  // The same from the conversation, when the caller passes turns rather than history.
  const Answer from_turns = with_conversation(
      "and how long does that take?", "en",
      {Turn{Speaker::customer, "I sent the dress back and want my money back", ""},
       Turn{Speaker::ai, "Refunds reach you in 3-5 business days ...", "refund-timing"},
       Turn{Speaker::customer, "and how long does that take?", ""}});
  CHECK(from_turns.article_id == "refund-timing");
  CHECK_FALSE(from_turns.unsure);
  // A clear new question is answered on its own, follow-up words or not.
  CHECK(with_history("and can I pay the invoice by bank transfer?", "en", {"my parcel is late"}).article_id == "pay-invoice");
  // Context never makes an out-of-scope follow-up answerable.
  CHECK(with_history("and what about bitcoin?", "en", {"tell me a joke"}).unsure);
  CHECK(duet::kb::is_follow_up("and how long does that take?", "en"));
  CHECK(duet::kb::is_follow_up("What about in Sweden?", "en"));
  CHECK(duet::kb::is_follow_up("och hur lång tid tar det?", "sv"));
  CHECK(duet::kb::is_follow_up("Was ist mit der Gebühr?", "de"));
  CHECK_FALSE(duet::kb::is_follow_up("how do I pay my invoice by bank transfer from my savings account", "en"));
  CHECK_FALSE(duet::kb::is_follow_up("", "en"));
}

TEST_CASE("a vague question on a page with a payment error is read with the page's words", "[assistant]") {
  Question q;
  q.text = "what went wrong?";
  q.language = "en";
  q.context.payment_error = "card_declined";
  const Answer with_page = assistant().answer(q);
  CHECK(with_page.article_id == "payment-declined-card");
  CHECK_FALSE(with_page.unsure);
  // The page never overrides a clear question.
  q.text = "How long does a refund take?";
  CHECK(assistant().answer(q).article_id == "refund-timing");
}
