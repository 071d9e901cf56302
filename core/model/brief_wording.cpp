// The summary's words (brief_wording.hpp). One table per kind of phrase, each row in en, sv, de.
#include "brief_wording.hpp"

#include <array>

#include "enum_names.hpp"
#include "text.hpp"

namespace duet::brief_wording {
namespace {

template <class T>
const T& in(Lang l, const std::array<T, 3>& by_language) {
  return by_language[static_cast<std::size_t>(l)];
}

struct NeedRow {
  std::string_view intent;
  std::array<Need, 3> by_language;
};

// The intents of lexicon_intents.cpp, and "other" last as the fallback.
constexpr std::array<NeedRow, 16> kNeeds{{
    {"fraud",
     {{{"Possible fraud: reports a purchase they did not make", "the unrecognised purchase"},
       {"Möjligt bedrägeri: anmäler ett köp kunden inte gjort", "det okända köpet"},
       {"Möglicher Betrug: meldet einen Kauf, den der Kunde nicht getätigt hat", "der unbekannte Kauf"}}}},
    {"dispute",
     {{{"Disputes a charge", "the disputed charge"},
       {"Bestrider en debitering", "den bestridda debiteringen"},
       {"Beanstandet eine Abbuchung", "die beanstandete Abbuchung"}}}},
    {"payment_declined",
     {{{"Cannot pay: the payment was declined", "the declined payment"},
       {"Kan inte betala: betalningen nekades", "den nekade betalningen"},
       {"Kann nicht bezahlen: die Zahlung wurde abgelehnt", "die abgelehnte Zahlung"}}}},
    {"account_closing",
     {{{"Wants to close their account", "closing the account"},
       {"Vill avsluta sitt konto", "avslutet av kontot"},
       {"Möchte das Konto schließen", "die Kontoschließung"}}}},
    {"change_email",
     {{{"Wants to change their email address", "the new email address"},
       {"Vill byta e-postadress", "bytet av e-postadress"},
       {"Möchte die E-Mail-Adresse ändern", "die neue E-Mail-Adresse"}}}},
    {"change_address",
     {{{"Wants to change their address", "the new address"},
       {"Vill ändra sin adress", "adressändringen"},
       {"Möchte die Adresse ändern", "die Adressänderung"}}}},
    {"cancel_order",
     {{{"Wants a cancellation", "the cancellation"},
       {"Vill ha en avbokning", "avbokningen"},
       {"Möchte eine Stornierung", "die Stornierung"}}}},
    {"refund",
     {{{"Wants a refund", "the refund"},
       {"Vill ha en återbetalning", "återbetalningen"},
       {"Möchte eine Erstattung", "die Erstattung"}}}},
    {"return",
     {{{"Wants to return an item", "the return"},
       {"Vill returnera en vara", "returen"},
       {"Möchte einen Artikel zurückschicken", "die Rücksendung"}}}},
    {"due_date_extension",
     {{{"Wants more time to pay", "a later due date"},
       {"Vill ha mer tid att betala", "en senare förfallodag"},
       {"Möchte mehr Zeit zum Bezahlen", "ein späteres Fälligkeitsdatum"}}}},
    {"instalments",
     {{{"Wants to pay in instalments", "the instalment plan"},
       {"Vill dela upp betalningen", "delbetalningen"},
       {"Möchte in Raten zahlen", "die Ratenzahlung"}}}},
    {"delivery_problem",
     {{{"Has a problem with a delivery", "the delivery"},
       {"Har problem med en leverans", "leveransen"},
       {"Hat ein Problem mit einer Lieferung", "die Lieferung"}}}},
    {"late_payment",
     {{{"Has a late payment or a reminder", "the late payment"},
       {"Har en sen betalning eller en påminnelse", "den sena betalningen"},
       {"Hat eine verspätete Zahlung oder eine Mahnung", "die verspätete Zahlung"}}}},
    {"fees",
     {{{"Asks about fees", "the fees"},
       {"Undrar över avgifter", "avgifterna"},
       {"Fragt nach Gebühren", "die Gebühren"}}}},
    {"pay_invoice",
     {{{"Wants to pay an invoice", "paying the invoice"},
       {"Vill betala en faktura", "betalningen av fakturan"},
       {"Möchte eine Rechnung bezahlen", "die Bezahlung der Rechnung"}}}},
    {"other",
     {{{"Needs help (topic not recognised)", "the customer's question"},
       {"Behöver hjälp (ämnet okänt)", "kundens fråga"},
       {"Braucht Hilfe (Thema unbekannt)", "die Frage des Kunden"}}}},
}};

// One name per reason, in enum order; the compiler checks the count.
constexpr std::array<EnumNames<EscalationReason>, 3> kReasons{{
    enum_names<EscalationReason>("", "asked for a person", "the AI was not sure of an answer",
                                 "the AI's answers did not help", "the customer is frustrated",
                                 "asked the same question again", "possible fraud", "disputes a charge",
                                 "financial hardship", "a formal complaint",
                                 "may be a vulnerable customer, take care", "bereavement, be gentle",
                                 "transferred by another agent", "the previous agent was disconnected"),
    enum_names<EscalationReason>("", "bad om en människa", "AI:n var osäker på svaret", "AI:ns svar hjälpte inte",
                                 "kunden är frustrerad", "ställde samma fråga igen", "möjligt bedrägeri",
                                 "bestrider en debitering", "ekonomiska svårigheter", "ett formellt klagomål",
                                 "kan vara en sårbar kund, var varsam", "dödsfall, var varsam",
                                 "överlämnad av en annan handläggare", "förra handläggaren tappade anslutningen"),
    enum_names<EscalationReason>("", "hat nach einem Menschen gefragt", "die KI war sich bei der Antwort unsicher",
                                 "die Antworten der KI haben nicht geholfen", "der Kunde ist frustriert",
                                 "hat dieselbe Frage erneut gestellt", "möglicher Betrug",
                                 "beanstandet eine Abbuchung", "finanzielle Notlage", "eine formelle Beschwerde",
                                 "möglicherweise schutzbedürftig, bitte behutsam", "Trauerfall, bitte behutsam",
                                 "von einem anderen Mitarbeiter übergeben",
                                 "die Verbindung des vorherigen Mitarbeiters ist abgebrochen"),
}};

struct ErrorRow {
  std::string_view code;
  std::array<std::string_view, 3> by_language;
};

constexpr std::array<ErrorRow, 8> kPaymentErrors{{
    {"card_declined", {"card declined", "kortet nekades", "Karte abgelehnt"}},
    {"insufficient_funds", {"insufficient funds", "otillräckligt saldo", "Deckung nicht ausreichend"}},
    {"expired_card", {"card expired", "kortet har gått ut", "Karte abgelaufen"}},
    {"incorrect_cvc", {"wrong security code", "fel säkerhetskod", "falscher Sicherheitscode"}},
    {"authentication_failed", {"card verification failed", "kortverifieringen misslyckades",
                               "Kartenprüfung fehlgeschlagen"}},
    {"limit_exceeded", {"limit exceeded", "gränsen överskriden", "Limit überschritten"}},
    {"processing_error", {"processing error", "tekniskt fel vid betalningen", "Verarbeitungsfehler"}},
    {"fraud_suspected", {"blocked as suspected fraud", "spärrad som misstänkt bedrägeri",
                         "als Betrugsverdacht gesperrt"}},
}};

constexpr std::array<Words, 3> kWords{{
    {"for order", "", "Checkout: ", "payment error", "at step", "cart",
     "Earlier: {x} helped and handed back to the AI", "Earlier: {x} helped with {t} and handed back to the AI",
     "a human", "AI tried: ", "nothing before the handoff", "no article fit", "and {x} more",
     "the customer said it did not help", "the customer asked the same again", "the customer got frustrated",
     "the customer said thanks", "the AI was unsure once", "the AI was unsure {x} times", "Handed over: ",
     "the customer said yes to the offer of a human", "While waiting: ", "asked 1 more question",
     "asked {x} more questions", "the AI answered with ", "the customer said thanks, it may be solved",
     "kept chatting, no new question", "left a message for later", "Still open: ",
     "maybe nothing, the customer thanked the AI; check it is solved", "no answer yet", "the AI was unsure",
     "the answer did not help", "still wanted a person after the answer"},
    {"för order", "", "Kassan: ", "betalfel", "i steget", "varukorg",
     "Tidigare: {x} hjälpte till och lämnade tillbaka till AI:n",
     "Tidigare: {x} hjälpte till med {t} och lämnade tillbaka till AI:n", "en människa", "AI:n försökte: ",
     "inget före överlämningen", "ingen artikel passade", "och {x} till", "kunden sa att det inte hjälpte",
     "kunden frågade samma sak igen", "kunden blev frustrerad", "kunden tackade", "AI:n var osäker en gång",
     "AI:n var osäker {x} gånger", "Överlämnad: ", "kunden tackade ja till en människa", "Under väntan: ",
     "ställde 1 fråga till", "ställde {x} frågor till", "AI:n svarade med ",
     "kunden tackade, det kan vara löst", "pratade vidare, ingen ny fråga", "lämnade ett meddelande till senare", "Fortfarande öppet: ",
     "kanske inget, kunden tackade AI:n; kontrollera att det är löst", "inget svar än", "AI:n var osäker",
     "svaret hjälpte inte", "ville ändå ha en människa efter svaret"},
    {"", "Bestellung", "Kasse: ", "Zahlungsfehler", "im Schritt", "Warenkorb",
     "Vorher: {x} hat geholfen und an die KI zurückgegeben",
     "Vorher: {x} hat geholfen (Thema: {t}) und an die KI zurückgegeben", "ein Mitarbeiter", "KI versucht: ",
     "nichts vor der Übergabe", "kein Artikel passte", "und {x} weitere",
     "der Kunde sagte, es habe nicht geholfen", "der Kunde fragte dasselbe erneut", "der Kunde wurde ungeduldig",
     "der Kunde bedankte sich", "die KI war einmal unsicher", "die KI war {x}-mal unsicher", "Übergabe: ",
     "der Kunde nahm das Angebot eines Menschen an", "Während des Wartens: ", "1 weitere Frage gestellt",
     "{x} weitere Fragen gestellt", "die KI antwortete mit ", "der Kunde bedankte sich, vielleicht gelöst",
     "weiter geplaudert, keine neue Frage", "hat eine Nachricht für später hinterlassen", "Noch offen: ",
     "vielleicht nichts, der Kunde bedankte sich bei der KI; bitte prüfen, ob es gelöst ist",
     "noch keine Antwort", "die KI war unsicher", "die Antwort half nicht",
     "wollte nach der Antwort trotzdem einen Menschen"},
}};

}  // namespace

Lang pick(std::string_view wanted, std::string_view conversation_language) {
  const std::string code = text::language_of(wanted.empty() ? conversation_language : wanted);
  if (code == "sv") return Lang::sv;
  if (code == "de") return Lang::de;
  return Lang::en;
}

Need need(Lang l, std::string_view intent) {
  for (const NeedRow& row : kNeeds) {
    if (row.intent == intent) return in(l, row.by_language);
  }
  return in(l, kNeeds.back().by_language);
}

std::string_view reason(Lang l, EscalationReason r) { return in(l, kReasons)(r); }

std::string payment_error(Lang l, std::string_view code) {
  for (const ErrorRow& row : kPaymentErrors) {
    if (row.code == code) return std::string(in(l, row.by_language));
  }
  std::string out(code);
  for (char& c : out) {
    if (c == '_') c = ' ';
  }
  return out;
}

const Words& words(Lang l) { return in(l, kWords); }

std::string fill(std::string_view pattern, std::string_view x, std::string_view t) {
  std::string out;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern.substr(i, 3) == "{x}") {
      out += x, i += 2;
    } else if (pattern.substr(i, 3) == "{t}") {
      out += t, i += 2;
    } else {
      out += pattern[i];
    }
  }
  return out;
}

}  // namespace duet::brief_wording
