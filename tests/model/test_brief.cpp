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
