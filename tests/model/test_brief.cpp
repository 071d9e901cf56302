// The brief a human gets at handoff, built from realistic English and Swedish transcripts, and the fact
// scanner behind it.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/brief.hpp"
#include "model/facts.hpp"
#include "model/text.hpp"

using namespace duet;

namespace {

// A transcript builder: sequence numbers and times go up by one per event.
struct Transcript {
  std::vector<Event> events;

  Event& add(EventKind kind, Speaker speaker, std::string text) {
    Event e;
    e.seq = static_cast<Seq>(events.size()) + 1;
    e.at = 1'700'000'000'000 + e.seq * 1000;
    e.kind = kind;
    e.speaker = speaker;
    e.text = std::move(text);
    events.push_back(e);
    return events.back();
  }
  void customer(std::string text) { add(EventKind::message, Speaker::customer, std::move(text)); }
  void ai(std::string text, std::string article, double confidence = 0.8) {
    Event& e = add(EventKind::message, Speaker::ai, std::move(text));
    e.article_id = std::move(article);
    e.confidence = confidence;
  }
  void note(std::string text) {
    Event& e = add(EventKind::note, Speaker::agent, std::move(text));
    e.author = "Maria";
    e.agent_id = "agent-7";
  }
  void ai_act(std::string text, DialogueAct act) { add(EventKind::message, Speaker::ai, std::move(text)).act = act; }
  void offer(EscalationReason reason) { add(EventKind::offer_human, Speaker::ai, "").reason = reason; }
  void queued(int position) { add(EventKind::queue, Speaker::system, "").position = position; }
  void agent(std::string name, std::string text) {
    add(EventKind::agent_joined, Speaker::agent, "").author = name;
    add(EventKind::state, Speaker::system, "").state = State::with_human;
    add(EventKind::message, Speaker::agent, std::move(text)).author = name;
  }
  void back_to_ai() {
    add(EventKind::agent_left, Speaker::agent, "");
    add(EventKind::ai_resumed, Speaker::system, "");
    state(State::ai, EscalationReason::none);
  }
  void state(State s, EscalationReason reason) {
    Event& e = add(EventKind::state, Speaker::system, "");
    e.state = s;
    e.reason = reason;
  }
};

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const int extra = b < 0x80 ? 0 : (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : (b & 0xF8) == 0xF0 ? 3 : -1;
    if (extra < 0 || i + extra >= s.size() + (extra == 0 ? 1 : 0)) return false;
    for (int k = 1; k <= extra; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += 1 + extra;
  }
  return true;
}

std::vector<Fact> facts(std::string_view text) { return find_facts(text); }

}  // namespace

TEST_CASE("brief: an English refund conversation", "[brief]") {
  Transcript t;
  t.customer("Hi!");
  t.customer("I ordered a jacket, order #A-10293, and paid 349 SEK on 12 March.");
  t.ai("You can return items within 30 days using the return label in your order confirmation.", "returns-how-to");
  t.customer("I sent it back on 2026-03-20 but I still haven't got my refund. My email is anna.svensson@example.com.");
  t.ai("Refunds are paid out within 5 banking days after the merchant registers the return.", "refund-timing");
  t.note("VIP customer, call her on +46 70 123 45 67, she is furious");
  t.ai("Refunds are paid out within 5 banking days after the merchant registers the return.", "refund-timing");
  t.customer("I'm really disappointed, it has been three weeks.");
  t.state(State::waiting_human, EscalationReason::repeated_question);

  Context ctx;
  ctx.page = "https://shop.example/checkout";
  ctx.checkout_step = "payment";
  ctx.order_id = "A-10293";
  ctx.currency = "SEK";
  ctx.cart_total = 349;
  ctx.cart = {{"Rain jacket", 1, 349}};
  ctx.customer_email = "Anna.Svensson@example.com";
  ctx.customer_name = "Anna Svensson";

  const Brief b = make_brief(t.events, ctx, EscalationReason::repeated_question, "en");

  CHECK(b.intent == "refund");
  CHECK(b.sentiment == "negative");
  CHECK(b.reason == EscalationReason::repeated_question);
  CHECK(b.language == "en");
  CHECK(b.context == ctx);
  CHECK(b.ai_answered == std::vector<std::string>{"returns-how-to", "refund-timing"});

  // The context repeats the order, the amount and the email: each fact appears once, first mention first.
  const std::vector<Fact> expected{{"order_id", "#A-10293"},
                                   {"amount", "349 SEK"},
                                   {"date", "12 March"},
                                   {"date", "2026-03-20"},
                                   {"email", "anna.svensson@example.com"}};
  CHECK(b.facts == expected);

  // A summary in the agent's words, short; never the internal note, never the AI's text.
  INFO(b.summary);
  CHECK(b.summary.find("Wants a refund for order #A-10293 (349 SEK, 12 March)") == 0);
  CHECK(b.summary.find("Handed over: asked the same question again") != std::string::npos);
  CHECK(b.summary.find("Hi!") == std::string::npos);
  CHECK(b.summary.find("VIP") == std::string::npos);
  CHECK(b.summary.find("Refunds are paid out") == std::string::npos);
  CHECK(b.summary.find("I sent it back") == std::string::npos);
}

TEST_CASE("brief: a Swedish declined-payment conversation", "[brief]") {
  Transcript t;
  t.customer("Hej! Min betalning nekades i kassan när jag skulle köpa skor för 1 299 kr.");
  t.ai("Det kan bero på att beloppet är högre än din köpgräns. Prova ett annat betalsätt.", "payment-declined-sv");
  t.customer("Jag har försökt tre gånger nu och det fungerar inte!!!");
  t.customer("Ordernummer 558812, jag behöver skorna till den 12 mars. Ring mig på 070-123 45 67 eller mejla lisa@exempel.se");
  t.note("Kunden verkar arg, kolla ordernummer 999999");
  t.state(State::waiting_human, EscalationReason::customer_request);

  Context ctx;
  ctx.page = "/kassa";
  ctx.payment_error = "card_declined";
  ctx.currency = "SEK";
  ctx.cart_total = 1299;

  const Brief b = make_brief(t.events, ctx, EscalationReason::customer_request, "sv");

  CHECK(b.intent == "payment_declined");
  CHECK(b.sentiment == "angry");
  CHECK(b.language == "sv");
  CHECK(b.reason == EscalationReason::customer_request);
  CHECK(b.ai_answered == std::vector<std::string>{"payment-declined-sv"});
  const std::vector<Fact> expected{{"amount", "1 299 kr"},
                                   {"order_id", "558812"},
                                   {"date", "12 mars"},
                                   {"phone", "070-123 45 67"},
                                   {"email", "lisa@exempel.se"},
                                   {"amount", "1299 SEK"}};
  CHECK(b.facts == expected);  // the note's order number is not there
  INFO(b.summary);
  CHECK(b.summary.find("Kan inte betala: betalningen nekades för order 558812 (1 299 kr, 12 mars)") == 0);
  CHECK(b.summary.find("Kassan: betalfel \"kortet nekades\"") != std::string::npos);
  CHECK(b.summary.find("kunden blev frustrerad") == std::string::npos);  // "!!!" is no act: the AI answered on
  CHECK(b.summary.find("Min betalning nekades i kassan") == std::string::npos);
  CHECK(b.summary.find("999999") == std::string::npos);
}

TEST_CASE("brief: internal notes change nothing", "[brief]") {
  Transcript plain;
  plain.customer("Can I pay my invoice in instalments?");
  plain.ai("Yes, you can split it into 3 payments.", "instalments");
  Transcript with_notes = plain;
  with_notes.note("This customer is useless, order #99999, 5000 SEK, angry!!!");
  with_notes.note("WHY DOES NOBODY READ THE NOTES");

  const Brief a = make_brief(plain.events, {}, EscalationReason::low_confidence, "en");
  const Brief b = make_brief(with_notes.events, {}, EscalationReason::low_confidence, "en");
  CHECK(a == b);
  CHECK(b.sentiment == "neutral");
  CHECK(b.facts.empty());
  CHECK(b.intent == "instalments");
}

TEST_CASE("brief: a rambling customer gets a short summary, not their words", "[brief]") {
  std::string rambling;
  for (int i = 0; rambling.size() < 1500; ++i) {
    rambling += "Jag beställde en blå tröja och två par strumpor från butiken förra veckan och betalade med faktura "
                "men sedan ändrade jag mig och skickade tillbaka allt med posten ";
  }
  Transcript t;
  t.customer(rambling);
  t.customer("Var är mina pengar?");
  const Brief b = make_brief(t.events, {}, EscalationReason::none, "sv");
  INFO(b.summary);
  CHECK(text::length(b.summary) <= 400);
  CHECK(valid_utf8(b.summary));
  CHECK(b.summary.find("Jag beställde en blå tröja") == std::string::npos);
  CHECK(b.summary.find("Fortfarande öppet: ") != std::string::npos);
}

TEST_CASE("brief: greetings and small words leave no trace, facts do", "[brief]") {
  Transcript t;
  t.customer("Hello. Thanks.");
  t.customer("My parcel with order 44321 never arrived.");
  t.customer("ok");
  t.customer("The tracking page says it was delivered on 3 April to a pickup point in Malmö.");
  t.customer("I paid €59.90 for it.");
  t.customer("Yes.");
  const Brief b = make_brief(t.events, {}, EscalationReason::none, "en");
  INFO(b.summary);
  CHECK(b.summary.find("Has a problem with a delivery for order 44321 (€59.90, 3 April).") == 0);
  CHECK(b.summary.find("AI tried: nothing") != std::string::npos);
  CHECK(b.summary.find("tracking page") == std::string::npos);
  CHECK(b.summary.find("Hello") == std::string::npos);
  CHECK(b.intent == "delivery_problem");
  CHECK(b.facts == std::vector<Fact>{{"order_id", "44321"}, {"date", "3 April"}, {"amount", "€59.90"}});
}

TEST_CASE("brief: empty transcript still carries the context", "[brief]") {
  Context ctx;
  ctx.order_id = "B-7781";
  ctx.currency = "EUR";
  ctx.cart_total = 49.9;
  ctx.customer_email = "kim@example.de";
  ctx.payment_error = "card_declined";
  const Brief b = make_brief({}, ctx, EscalationReason::customer_request, "de");
  CHECK(b.summary.empty());
  CHECK(b.sentiment == "neutral");
  CHECK(b.intent == "payment_declined");  // from the checkout's own error
  CHECK(b.ai_answered.empty());
  CHECK(b.facts == std::vector<Fact>{{"order_id", "B-7781"}, {"amount", "49.90 EUR"}, {"email", "kim@example.de"}});
}

TEST_CASE("brief: sentiment", "[brief]") {
  const auto of = [](std::vector<std::string> said) {
    Transcript t;
    for (auto& s : said) t.customer(s);
    return make_brief(t.events, {}, EscalationReason::none, "en").sentiment;
  };
  CHECK(of({"How do I pay my invoice?"}) == "neutral");
  CHECK(of({"Thanks, that was really helpful!"}) == "positive");
  CHECK(of({"Tack, toppen!"}) == "positive");
  CHECK(of({"Danke, das war hilfreich"}) == "positive");
  CHECK(of({"No problem, thanks"}) == "positive");
  CHECK(of({"My payment failed again and I'm worried"}) == "negative");
  CHECK(of({"Det fungerar inte, tyvärr"}) == "negative");
  CHECK(of({"Das ist leider nicht gut"}) == "negative");
  CHECK(of({"This is ridiculous"}) == "angry");
  CHECK(of({"WHERE IS MY MONEY YOU PEOPLE"}) == "angry");
  CHECK(of({"Das ist eine Frechheit"}) == "angry");
  CHECK(of({"THANK YOU SO MUCH!!!"}) == "positive");
}

TEST_CASE("brief: facts in many spellings", "[brief]") {
  struct FactCase {
    const char* text;
    std::vector<Fact> facts;
  };
  const std::vector<FactCase> cases{
      {"my order is #12345", {{"order_id", "#12345"}}},
      {"Order 12345 and order no. 67890", {{"order_id", "12345"}, {"order_id", "67890"}}},
      {"order number: A-10293", {{"order_id", "A-10293"}}},
      {"It's about A-10293.", {{"order_id", "A-10293"}}},
      {"ordernummer 123456", {{"order_id", "123456"}}},
      {"Meine Bestellnummer ist 4711-22", {{"order_id", "4711-22"}}},
      {"Bestell-Nr. 998877", {{"order_id", "998877"}}},
      {"It cost 349 SEK", {{"amount", "349 SEK"}}},
      {"I paid €49.90 yesterday", {{"amount", "€49.90"}}},
      {"Es hat 49,90 € gekostet", {{"amount", "49,90 €"}}},
      {"only $12!", {{"amount", "$12"}}},
      {"det kostade 349:- och frakt 49 kr", {{"amount", "349:-"}, {"amount", "49 kr"}}},
      {"totalt 1 299 kr", {{"amount", "1 299 kr"}}},
      {"EUR 1.299,00 insgesamt", {{"amount", "EUR 1.299,00"}}},
      {"due on 12 March", {{"date", "12 March"}}},
      {"due on March 12th, 2026", {{"date", "March 12th, 2026"}}},
      {"on 2026-03-12", {{"date", "2026-03-12"}}},
      {"on 12/03 please", {{"date", "12/03"}}},
      {"förfaller den 12 mars", {{"date", "12 mars"}}},
      {"fällig am 12. März 2026", {{"date", "12. März 2026"}}},
      {"am 12.03.2026 bezahlt", {{"date", "12.03.2026"}}},
      {"write to Anna.B+shop@mail.example.co.uk.", {{"email", "Anna.B+shop@mail.example.co.uk"}}},
      {"call +46 70 123 45 67 today", {{"phone", "+46 70 123 45 67"}}},
      {"ruf an: +49 151 23456789", {{"phone", "+49 151 23456789"}}},
      {"ring 0701234567", {{"phone", "0701234567"}}},
      // Numbers without a currency, version numbers, counts and fractions are not facts.
      {"I have 3 kids and 2 dogs", {}},
      {"version 12.03 of the app", {}},
      {"it costs 12.50 I think", {}},
      {"pay 1/3 now", {}},
      {"my order from last week", {}},
      {"the agenda@ is @ nothing", {}},
  };
  for (const auto& c : cases) {
    INFO(c.text);
    CHECK(facts(c.text) == c.facts);
  }
}

TEST_CASE("brief: facts are the same whatever their spelling", "[brief]") {
  CHECK(fact_key({"order_id", "#A-10293"}) == fact_key({"order_id", "a10293"}));
  CHECK(fact_key({"email", "Anna@Example.com"}) == fact_key({"email", "anna@example.com"}));
  CHECK(fact_key({"amount", "349 SEK"}) == fact_key({"amount", "349SEK"}));
  CHECK(fact_key({"order_id", "12345"}) != fact_key({"amount", "12345"}));
}

TEST_CASE("brief: hostile input never crashes", "[brief]") {
  const std::vector<std::string> inputs{
      std::string(4000, '#'),
      std::string(4000, '1'),
      std::string(4000, '.'),
      "\xff\xfe\xc3\x28 order \xe2\x82 #\xe2\x82\xac",
      std::string(2000, '@') + std::string(2000, 'a'),
      "+++++(((((00000)))))-----     ",
      "€€€ $$$ £££ 12 € 1.2.3.4.5.6 12/12/12/12 2026-13-45 32/13",
  };
  for (const auto& in : inputs) {
    Transcript t;
    t.customer(in);
    const Brief b = make_brief(t.events, {}, EscalationReason::none, "en");
    CHECK(text::length(b.summary) <= 400);
    CHECK(valid_utf8(b.summary));
  }
  CHECK(facts("2026-13-45 32/13").empty());
}

TEST_CASE("with a title lookup the brief names the articles the AI answered with", "[brief]") {
  duet::Event q;
  q.seq = 1, q.kind = duet::EventKind::message, q.speaker = duet::Speaker::customer, q.text = "my card was declined";
  duet::Event a;
  a.seq = 2, a.kind = duet::EventKind::message, a.speaker = duet::Speaker::ai, a.text = "Cards are declined when...";
  a.article_id = "payment-declined-card";
  duet::Event unknown = a;
  unknown.seq = 3, unknown.article_id = "not-in-kb";
  auto titles = [](const std::string& id, const std::string& lang) -> std::string {
    return id == "payment-declined-card" && lang == "en" ? "Why was my card declined?" : "";
  };
  auto b = duet::make_brief({q, a, unknown}, {}, duet::EscalationReason::customer_request, "en", titles);
  CHECK(b.ai_answered == std::vector<std::string>{"Why was my card declined?", "not-in-kb"});
}

// --- the summary an agent reads: the same conversation in each agent language ---------------------------

namespace {

const std::vector<std::string> kAgentLanguages{"en", "sv", "de"};

// Titles per article and language, as the KB would give them.
std::string kb_title(const std::string& id, const std::string& lang) {
  struct Row {
    const char *id, *en, *sv, *de;
  };
  static const std::vector<Row> rows{
      {"refund-timing", "When will I get my refund?", "När får jag min återbetalning?", "Wann bekomme ich meine Erstattung?"},
      {"payment-declined-card", "Why was my card declined?", "Varför nekades mitt kort?", "Warum wurde meine Karte abgelehnt?"},
      {"change-address", "Changing the delivery address", "Ändra leveransadressen", "Lieferadresse ändern"},
      {"delivery-times", "How long does delivery take?", "Hur lång är leveranstiden?", "Wie lange dauert die Lieferung?"},
      {"instalments", "Paying in instalments", "Dela upp betalningen", "Ratenzahlung"},
  };
  for (const Row& r : rows) {
    if (id == r.id) return lang == "sv" ? r.sv : lang == "de" ? r.de : r.en;
  }
  return "";
}

// The fixed labels of each line, per agent language.
struct Labels {
  const char *tried, *handed, *waiting, *open;
};
Labels labels(const std::string& lang) {
  if (lang == "sv") return {"AI:n försökte: ", "Överlämnad: ", "Under väntan: ", "Fortfarande öppet: "};
  if (lang == "de") return {"KI versucht: ", "Übergabe: ", "Während des Wartens: ", "Noch offen: "};
  return {"AI tried: ", "Handed over: ", "While waiting: ", "Still open: "};
}

// One phrase per agent language.
struct Said {
  const char *en, *sv, *de;
  std::string in(const std::string& lang) const { return lang == "sv" ? sv : lang == "de" ? de : en; }
};

// The index of the first summary line containing `what`, or -1.
int line_of(const Brief& b, const std::string& what) {
  for (std::size_t i = 0; i < b.summary_lines.size(); ++i) {
    if (b.summary_lines[i].find(what) != std::string::npos) return static_cast<int>(i);
  }
  return -1;
}

// The summary is not the customer's messages: at most one of them appears, and only a short one.
void check_not_glued(const Brief& b, const Transcript& t) {
  int quoted = 0;
  for (const Event& e : t.events) {
    if (e.kind != EventKind::message || e.speaker != Speaker::customer || text::length(e.text) < 12) continue;
    if (b.summary.find(e.text) != std::string::npos) {
      ++quoted;
      CHECK(text::length(e.text) <= 80);
    }
  }
  CHECK(quoted <= 1);
  CHECK(text::length(b.summary) <= 600);
  CHECK(valid_utf8(b.summary));
}

// What every summary says, in order: the need first, then what the AI tried, why a human, what is open.
void check_shape(const Brief& b, const std::string& lang, const std::string& need, const std::string& reason,
                 const std::string& open) {
  const Labels l = labels(lang);
  INFO(lang << ": " << b.summary);
  CHECK(b.summary_lines.size() >= 4);
  CHECK(line_of(b, need) == 0);
  const int tried = line_of(b, l.tried), handed = line_of(b, std::string(l.handed) + reason),
            open_at = line_of(b, std::string(l.open) + open);
  CHECK(tried > 0);
  CHECK(handed > tried);
  CHECK(open_at == static_cast<int>(b.summary_lines.size()) - 1);
  std::string joined;
  for (const auto& line : b.summary_lines) joined += (joined.empty() ? "" : " ") + line;
  CHECK(b.summary == joined);
  for (const auto& line : b.summary_lines) CHECK(line.back() == '.');
}

Brief brief_in(const Transcript& t, const Context& ctx, EscalationReason reason, const std::string& customer_lang,
               const std::string& agent_lang) {
  return make_brief(t.events, ctx, reason, customer_lang, kb_title, agent_lang);
}

}  // namespace

TEST_CASE("summary: a refund with an order id and an amount, an answer that did not help", "[brief][summary]") {
  Transcript t;
  t.customer("Hi, I returned order #A-10293 two weeks ago, it was 349 SEK. When do I get my refund?");
  t.ai("Refunds are paid within 5 banking days after the merchant registers the return.", "refund-timing");
  t.customer("That didn't help at all");
  t.ai_act("Sorry about that. Would you like to talk to a person?", DialogueAct::didnt_help);
  t.offer(EscalationReason::not_helped);
  t.customer("I want to talk to a real person");
  t.state(State::waiting_human, EscalationReason::customer_request);

  const Said need{"Wants a refund for order #A-10293 (349 SEK)", "Vill ha en återbetalning för order #A-10293 (349 SEK)",
                  "Möchte eine Erstattung (Bestellung #A-10293, 349 SEK)"};
  const Said reason{"asked for a person", "bad om en människa", "hat nach einem Menschen gefragt"};
  const Said open{"the refund", "återbetalningen", "die Erstattung"};
  const Said didnt{"said it did not help", "sa att det inte hjälpte", "es habe nicht geholfen"};
  for (const auto& lang : kAgentLanguages) {
    const Brief s = brief_in(t, {}, EscalationReason::customer_request, "en", lang);
    INFO(lang << ": " << s.summary);
    check_shape(s, lang, need.in(lang), reason.in(lang), open.in(lang));
    CHECK(s.summary.find(kb_title("refund-timing", lang)) != std::string::npos);  // the title, in the agent's language
    CHECK(line_of(s, didnt.in(lang)) == line_of(s, labels(lang).tried));
    CHECK(s.summary.find("When do I get my refund") == std::string::npos);
    check_not_glued(s, t);
  }
}

TEST_CASE("summary: a declined card with the checkout's payment error", "[brief][summary]") {
  Transcript t;
  t.customer("hej");
  t.ai_act("Hej! Jag ser att kortbetalningen inte gick igenom. Vad kan jag hjälpa till med?", DialogueAct::greeting);
  t.customer("Mitt kort nekades när jag skulle betala, varför?");
  t.ai("Ett kort kan nekas om beloppet överstiger köpgränsen.", "payment-declined-card");
  t.state(State::waiting_human, EscalationReason::customer_request);  // the "talk to a human" button

  Context ctx;
  ctx.checkout_step = "payment";
  ctx.payment_error = "card_declined";
  ctx.currency = "SEK";
  ctx.cart_total = 1299;

  const Said need{"Cannot pay: the payment was declined", "Kan inte betala: betalningen nekades",
                  "Kann nicht bezahlen: die Zahlung wurde abgelehnt"};
  const Said error{"payment error \"card declined\", at step \"payment\", cart 1299 SEK",
                   "betalfel \"kortet nekades\", i steget \"payment\", varukorg 1299 SEK",
                   "Zahlungsfehler \"Karte abgelehnt\", im Schritt \"payment\", Warenkorb 1299 SEK"};
  const Said reason{"asked for a person", "bad om en människa", "hat nach einem Menschen gefragt"};
  const Said open{"the declined payment", "den nekade betalningen", "die abgelehnte Zahlung"};
  for (const auto& lang : kAgentLanguages) {
    const Brief b = brief_in(t, ctx, EscalationReason::customer_request, "sv", lang);
    INFO(lang << ": " << b.summary);
    CHECK(b.intent == "payment_declined");
    check_shape(b, lang, need.in(lang), reason.in(lang), open.in(lang));
    CHECK(line_of(b, error.in(lang)) == 1);  // the page's own error, right after the need
    CHECK(b.summary.find(kb_title("payment-declined-card", lang)) != std::string::npos);
    CHECK(b.summary.find("hej") == std::string::npos);
    check_not_glued(b, t);
  }
}

TEST_CASE("summary: a fraud escalation goes straight to a human", "[brief][summary]") {
  Transcript t;
  t.customer("Es gibt eine Zahlung über 89,90 € vom 3. März, die ich nie gemacht habe. Betrug?");
  t.ai_act("Das klingt ernst. Bitte sperren Sie Ihre Karte in der App. Ich verbinde Sie mit einem Menschen.",
           DialogueAct::sensitive);
  t.state(State::waiting_human, EscalationReason::fraud);

  const Said need{"Possible fraud: reports a purchase they did not make", "Möjligt bedrägeri: anmäler ett köp",
                  "Möglicher Betrug: meldet einen Kauf"};
  const Said reason{"possible fraud", "möjligt bedrägeri", "möglicher Betrug"};
  const Said nothing{"nothing before the handoff", "inget före överlämningen", "nichts vor der Übergabe"};
  const Said open{"the unrecognised purchase (no answer yet)", "det okända köpet (inget svar än)",
                  "der unbekannte Kauf (noch keine Antwort)"};
  for (const auto& lang : kAgentLanguages) {
    const Brief b = brief_in(t, {}, EscalationReason::fraud, "de", lang);
    INFO(lang << ": " << b.summary);
    CHECK(b.intent == "fraud");
    check_shape(b, lang, need.in(lang), reason.in(lang), open.in(lang));
    CHECK(b.summary_lines[0].find("89,90 €") != std::string::npos);
    CHECK(b.summary_lines[0].find("3. März") != std::string::npos);
    CHECK(line_of(b, nothing.in(lang)) == line_of(b, labels(lang).tried));
    check_not_glued(b, t);
  }
}

TEST_CASE("summary: unsure, then yes to the offer of a human", "[brief][summary]") {
  Transcript t;
  t.customer("Can I pay with a gift card from another shop?");
  t.ai_act("I'm not sure I can answer that. Would you like to talk to a human?", DialogueAct::unsure);
  t.offer(EscalationReason::low_confidence);
  t.customer("yes please");
  t.ai_act("Connecting you with a human now.", DialogueAct::affirm);
  t.state(State::waiting_human, EscalationReason::low_confidence);

  const Said need{"Needs help", "Behöver hjälp", "Braucht Hilfe"};
  const Said reason{"the AI was not sure of an answer; the customer said yes to the offer of a human",
                    "AI:n var osäker på svaret; kunden tackade ja till en människa",
                    "die KI war sich bei der Antwort unsicher; der Kunde nahm das Angebot eines Menschen an"};
  const Said tried{"no article fit; the AI was unsure once", "ingen artikel passade; AI:n var osäker en gång",
                   "kein Artikel passte; die KI war einmal unsicher"};
  const Said open{"\"Can I pay with a gift card from another shop?\" (the AI was unsure)",
                  "\"Can I pay with a gift card from another shop?\" (AI:n var osäker)",
                  "\"Can I pay with a gift card from another shop?\" (die KI war unsicher)"};
  for (const auto& lang : kAgentLanguages) {
    const Brief b = brief_in(t, {}, EscalationReason::low_confidence, "en", lang);
    INFO(lang << ": " << b.summary);
    check_shape(b, lang, need.in(lang), reason.in(lang), open.in(lang));  // the question quoted once: it has no name
    CHECK(line_of(b, tried.in(lang)) == line_of(b, labels(lang).tried));
    CHECK(b.summary.find("yes please") == std::string::npos);
    check_not_glued(b, t);
  }
}

TEST_CASE("summary: the customer chatted with the AI while waiting", "[brief][summary]") {
  Transcript t;
  t.customer("I need to change the delivery address for order 55121");
  t.ai("You can change the address until the parcel has left the warehouse.", "change-address");
  t.customer("Let me talk to a person please");
  t.state(State::waiting_human, EscalationReason::customer_request);
  t.queued(3);
  t.customer("Meanwhile: how long does delivery usually take?");
  t.ai("Delivery takes 2-4 working days.", "delivery-times");
  t.customer("thanks!");
  t.ai_act("You're welcome! You keep your place in the queue.", DialogueAct::thanks);

  const Said need{"Wants to change their address for order 55121", "Vill ändra sin adress för order 55121",
                  "Möchte die Adresse ändern (Bestellung 55121)"};
  const Said reason{"asked for a person", "bad om en människa", "hat nach einem Menschen gefragt"};
  const Said waiting{"asked 1 more question", "ställde 1 fråga till", "1 weitere Frage gestellt"};
  const Said solved{"it may be solved", "det kan vara löst", "vielleicht gelöst"};
  const Said open{"the new address (still wanted a person after the answer)",
                  "adressändringen (ville ändå ha en människa efter svaret)",
                  "die Adressänderung (wollte nach der Antwort trotzdem einen Menschen)"};
  for (const auto& lang : kAgentLanguages) {
    const Brief b = brief_in(t, {}, EscalationReason::customer_request, "en", lang);
    INFO(lang << ": " << b.summary);
    check_shape(b, lang, need.in(lang), reason.in(lang), open.in(lang));
    const int tried = line_of(b, labels(lang).tried), wait = line_of(b, labels(lang).waiting);
    CHECK(line_of(b, kb_title("change-address", lang)) == tried);
    CHECK(wait > line_of(b, labels(lang).handed));
    CHECK(line_of(b, waiting.in(lang)) == wait);
    CHECK(line_of(b, kb_title("delivery-times", lang)) == wait);  // answered while waiting, not "tried before"
    CHECK(line_of(b, solved.in(lang)) == wait);
    check_not_glued(b, t);
  }
}

TEST_CASE("summary: a follow-up after a human handed back to the AI", "[brief][summary]") {
  Transcript t;
  t.customer("Var är min återbetalning för order 77120?");
  t.ai("Återbetalningar görs inom 5 bankdagar.", "refund-timing");
  t.customer("Jag vill prata med en människa");
  t.state(State::waiting_human, EscalationReason::customer_request);
  t.agent("Maria", "Hej! Jag har kollat, pengarna kommer i morgon.");
  t.back_to_ai();
  t.customer("En sak till: kan jag dela upp min nästa faktura?");
  t.ai_act("Jag är inte säker. Vill du prata med en människa?", DialogueAct::unsure);
  t.offer(EscalationReason::low_confidence);
  t.customer("ja");
  t.state(State::waiting_human, EscalationReason::low_confidence);

  const Said need{"Wants to pay in instalments", "Vill dela upp betalningen", "Möchte in Raten zahlen"};
  const Said earlier{"Earlier: Maria helped with the refund and handed back to the AI",
                     "Tidigare: Maria hjälpte till med återbetalningen och lämnade tillbaka till AI:n",
                     "Vorher: Maria hat geholfen (Thema: die Erstattung) und an die KI zurückgegeben"};
  const Said reason{"the AI was not sure of an answer; the customer said yes", "AI:n var osäker på svaret; kunden tackade ja",
                    "die KI war sich bei der Antwort unsicher; der Kunde nahm das Angebot"};
  const Said open{"the instalment plan (the AI was unsure)", "delbetalningen (AI:n var osäker)",
                  "die Ratenzahlung (die KI war unsicher)"};
  for (const auto& lang : kAgentLanguages) {
    const Brief b = brief_in(t, {}, EscalationReason::low_confidence, "sv", lang);
    INFO(lang << ": " << b.summary);
    CHECK(b.intent == "instalments");  // the need now, not the one a human already solved
    check_shape(b, lang, need.in(lang), reason.in(lang), open.in(lang));
    CHECK(line_of(b, earlier.in(lang)) == 1);
    CHECK(b.summary.find(kb_title("refund-timing", lang)) == std::string::npos);  // tried before the human: done
    CHECK(b.summary.find("77120") == std::string::npos);
    check_not_glued(b, t);
  }
}

TEST_CASE("summary: pure, and the language falls back to English", "[brief][summary]") {
  Transcript t;
  t.customer("Can I get more time to pay my invoice?");
  t.ai("You can extend the due date by 14 days in the app.", "due-date-extension");
  t.customer("thanks");
  t.ai_act("Glad to help!", DialogueAct::thanks);
  const Brief a = make_brief(t.events, {}, EscalationReason::customer_request, "fr", kb_title);
  const Brief b = make_brief(t.events, {}, EscalationReason::customer_request, "fr", kb_title);
  CHECK(a == b);
  CHECK(a.summary.find("Wants more time to pay") == 0);  // "fr" reads English
  CHECK(make_brief(t.events, {}, EscalationReason::customer_request, "de-AT").summary.find("Möchte mehr Zeit") == 0);
  CHECK(make_brief(t.events, {}, EscalationReason::customer_request, "en", {}, "sv-SE").summary.find("Vill ha mer tid") == 0);
  // An answer the customer thanked for leaves nothing obviously open.
  CHECK(line_of(a, "Still open: maybe nothing") == static_cast<int>(a.summary_lines.size()) - 1);
  CHECK(a.summary.find("\"due-date-extension\"") != std::string::npos);  // no title known: the id
}

TEST_CASE("summary: a message left for later while offline", "[brief][summary]") {
  Transcript t;
  t.customer("I want to cancel order 99812");
  t.ai("You can cancel an order until it has shipped.", "cancel-order");
  t.customer("It has shipped already. Can I talk to a human?");
  t.state(State::waiting_human, EscalationReason::customer_request);
  t.state(State::offline, EscalationReason::customer_request);
  Event& left = t.add(EventKind::offline_message, Speaker::customer, "Please cancel it anyway and call me");
  left.contact = "+46 70 123 45 67";
  const Brief b = make_brief(t.events, {}, EscalationReason::customer_request, "en");
  INFO(b.summary);
  CHECK(b.summary.find("Wants a cancellation for order 99812") == 0);
  CHECK(line_of(b, "Still open: the cancellation (") >= 0);
  CHECK(line_of(b, "While waiting: left a message for later") > line_of(b, "Handed over: asked for a person"));
  CHECK(b.summary.find("asked 1 more question") == std::string::npos);
  CHECK(line_of(b, "Still open: ") == static_cast<int>(b.summary_lines.size()) - 1);
  check_not_glued(b, t);
}
