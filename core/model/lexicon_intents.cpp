// Intent lexicons for detect_intent (handoff_policy.hpp), in English, Swedish and German. Each matched
// phrase adds its weight to its intent; the highest total wins and ties go to the intent listed first,
// so specific intents (fraud, dispute) come before broad ones (pay_invoice). Weights: 3 for a phrase that
// names the intent on its own, 2 for a strong hint, 1 for a supporting word that counts only next to a
// stronger phrase of the same intent ("card" alone is not a declined payment).
#include "lexicon.hpp"

namespace duet::lexicon {

namespace {

// An email or postal address mentioned in passing is not a wish to change it: these verbs tip the balance.
PhraseList changing(std::initializer_list<Entry> what) {
  std::vector<Entry> all(what);
  for (std::string_view verb : {"change", "update", "new", "wrong", "correct", "ändra*", "byta", "byter",
                                "uppdatera*", "ny", "nya", "ändern", "ändere", "aktualisier*", "neue*",
                                "falsche*", "korrigier*"}) {
    all.push_back({verb, 1});
  }
  return PhraseList(all);
}

}  // namespace

const std::vector<Intent>& intents() {
  static const std::vector<Intent> list{
      {"fraud",
       {{"fraud*", 3}, {"scam*", 3}, {"stolen", 1}, {"card + stolen", 3}, {"unauthori*", 3}, {"hacked", 3}, {"identity theft", 3},
        {"purchase + didn't make", 3}, {"payment + didn't make", 3}, {"never ordered", 3},
        {"didn't order this", 3}, {"don't recogni*", 3}, {"bedrägeri*", 3}, {"*bedrägeri", 3}, {"kapad*", 3},
        {"stul*", 1}, {"kort* + stul*", 3}, {"har inte beställt", 3}, {"känner inte igen", 3}, {"obehörig*", 3}, {"betrug", 3},
        {"*betrug", 3}, {"betrüger*", 3}, {"gestohlen*", 1}, {"karte + gestohlen*", 3}, {"nicht bestellt", 3}, {"gehackt", 3},
        {"nicht autorisiert", 3}}},
      {"dispute",
       {{"dispute*", 3}, {"disputing", 3}, {"chargeback", 3}, {"charged twice", 3}, {"double charged", 3},
        {"not as described", 3}, {"wrong amount", 3}, {"overcharged", 3}, {"bestrid*", 3}, {"tvist", 3},
        {"reklamation", 2}, {"dragit dubbelt", 3}, {"fel belopp", 3}, {"widerspruch", 3},
        {"widersprechen", 3}, {"beanstand*", 3}, {"doppelt abgebucht", 3}, {"falscher betrag", 3},
        {"rückbuchung", 3}}},
      {"payment_declined",
       {{"declined", 3}, {"decline", 2}, {"denied", 2}, {"rejected", 2}, {"not approved", 3},
        {"payment failed", 3}, {"payment didn't go through", 3}, {"won't accept", 2},
        {"can't pay with", 2}, {"card + doesn't work", 3}, {"card + not working", 3}, {"card", 1}, {"checkout", 1}, {"nekad*", 3}, {"nekas", 3}, {"avslag", 3},
        {"avslogs", 3}, {"inte godkänd", 3}, {"gick inte igenom", 3}, {"misslyckades", 2}, {"fick nej", 3},
        {"kortet", 1}, {"kort* + fungerar inte", 3}, {"kort* + funkar inte", 3}, {"abgelehnt", 3}, {"nicht akzeptiert", 2}, {"fehlgeschlagen", 2},
        {"nicht genehmigt", 3}, {"karte", 1}, {"karte + funktioniert nicht", 3}, {"kann nicht mit", 2}}},
      {"account_closing",
       {{"close + account", 3}, {"delete + account", 3}, {"remove + account", 3}, {"deactivate", 2},
        {"delete my data", 3}, {"gdpr", 2}, {"avsluta + konto*", 3}, {"radera + konto*", 3},
        {"ta bort + konto*", 3}, {"stänga + konto*", 3}, {"konto + löschen", 3}, {"konto + schließen", 3},
        {"konto + kündigen", 3}, {"account + löschen", 3}, {"daten löschen", 3}}},
      {"change_email",
       changing({{"email", 2}, {"e-mail", 2}, {"e-post*", 2}, {"epost*", 2}, {"mejl*", 2}, {"mailadress*", 2},
                 {"email address", 1}, {"e-mail adresse", 1}, {"e-postadress*", 1}})},
      {"change_address",
       changing({{"*address*", 2}, {"moved", 2}, {"*adress*", 2}, {"flyttat", 2}, {"*anschrift", 2},
                 {"umgezogen", 2}})},
      {"cancel_order",
       {{"cancel*", 3}, {"avbryt*", 3}, {"avboka", 3}, {"annuller*", 3}, {"ångra + köp*", 3},
        {"ångra + beställning*", 3}, {"storn*", 3}, {"abbestellen", 3}, {"bestellung + zurückziehen", 3}}},
      {"refund",
       {{"refund*", 3}, {"money back", 3}, {"reimburse*", 3}, {"credited", 2}, {"credit note", 2},
        {"återbetal*", 3}, {"pengar* + tillbaka", 3}, {"*erstattung", 3}, {"erstatt*", 2},
        {"geld + zurück", 3}, {"rückzahlung", 3}, {"gutschrift", 2}}},
      {"return",
       {{"return", 2}, {"returns", 2}, {"returned", 2}, {"returning", 2}, {"send back", 3},
        {"send it back", 3}, {"sent back", 2}, {"return label", 3}, {"retur", 3}, {"returen", 3}, {"returnera*", 3}, {"returnering*", 3}, {"skicka tillbaka", 3},
        {"ångerrätt", 2}, {"rücksendung", 3}, {"zurückschicken", 3}, {"zurücksenden", 3}, {"retoure*", 3},
        {"widerruf*", 2}}},
      {"due_date_extension",
       {{"extend", 3}, {"extension", 3}, {"more time", 3}, {"postpone", 3}, {"due date", 2},
        {"pay later", 2}, {"later date", 2}, {"förläng*", 3}, {"skjuta upp", 3}, {"anstånd", 3},
        {"mer tid", 3}, {"förfallodag*", 2}, {"verlänger*", 3}, {"aufschieben", 3}, {"mehr zeit", 3},
        {"zahlungsaufschub", 3}, {"fälligkeit*", 2}, {"stundung", 3}}},
      {"instalments",
       {{"instalment*", 3}, {"installment*", 3}, {"split + payment*", 3}, {"monthly payment*", 3},
        {"part payment", 3}, {"payment plan", 3}, {"pay in 3", 3}, {"financing", 2}, {"delbetal*", 3},
        {"dela upp", 3}, {"avbetalning*", 3}, {"månadsbetalning*", 3}, {"raten*", 3}, {"in raten", 3},
        {"teilzahlung", 3}, {"finanzierung", 2}}},
      {"delivery_problem",
       {{"delivery", 2}, {"delivered", 2}, {"hasn't arrived", 3}, {"not arrived", 3}, {"never arrived", 3},
        {"didn't arrive", 3}, {"not received", 2}, {"haven't received", 2}, {"package", 2}, {"parcel", 2},
        {"tracking", 2}, {"shipping", 1}, {"where is my order", 3}, {"leverans*", 2}, {"levererad*", 2},
        {"paket*", 2}, {"*paket", 2}, {"inte kommit", 3}, {"kommit fram", 3}, {"spårning*", 2},
        {"lieferung", 2}, {"geliefert", 2}, {"sendung*", 2}, {"nicht angekommen", 3},
        {"nicht erhalten", 2}, {"nicht geliefert", 3}}},
      {"late_payment",
       {{"late", 1}, {"late + pay*", 3}, {"overdue", 3}, {"reminder", 3}, {"missed + payment", 3}, {"forgot to pay", 3},
        {"late fee", 3}, {"påminnelse*", 3}, {"försen*", 2}, {"glömde betala", 3}, {"glömt att betala", 3},
        {"förfallen", 3}, {"*mahnung", 3}, {"mahngebühr*", 3}, {"verspät*", 2}, {"überfällig", 3},
        {"zu spät", 3}, {"vergessen zu zahlen", 3}}},
      {"fees",
       {{"fee", 3}, {"fees", 3}, {"charge", 1}, {"charged", 1}, {"cost*", 2}, {"interest", 2},
        {"*avgift*", 3}, {"kostnad*", 2}, {"kostar", 2}, {"ränta", 2}, {"*gebühr*", 3}, {"kosten", 2},
        {"kostet", 2}, {"zinsen", 2}}},
      {"pay_invoice",
       {{"invoice*", 2}, {"bill", 2}, {"ocr", 2}, {"bankgiro", 2}, {"*faktura*", 2}, {"*rechnung*", 2},
        {"überweis*", 2}, {"pay", 1}, {"payment", 1}, {"betal*", 1}, {"bezahl*", 1}, {"zahlen", 1}}},
  };
  return list;
}

}  // namespace duet::lexicon
