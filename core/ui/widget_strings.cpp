#include "ui/widget_strings.hpp"

#include "model/text.hpp"

namespace duet::ui {
namespace {

const WidgetStrings kEnglish{
    "en", "Help with your order", "AI assistant · replies instantly", "Waiting for a human",
    "{name} (human) is helping you", "Our team is away right now", "This chat has ended",
    "Talk to a human", "Human requested", "Close chat",
    "Hi! I'm the AI assistant. Ask me anything about your order, delivery or payment — or talk to a human at any time.",
    "You", "AI assistant", "AI", "{name} (human)", "{name}, human agent",
    "{name} (human) joined", "{name} left the chat", "You're back with the AI assistant",
    "You're in the queue for a human", "No one is available right now", "The chat has ended",
    "You're number {n} in the queue", "You're next in the queue", "About {min} min", "Less than a minute",
    "We're finding the right person for you",
    "Yes, talk to a human",
    "Write a message…", "Send", "Not sent yet", "AI assistant is typing…", "{name} is typing…",
    "Reconnecting…", "Your messages are kept and will be sent when we're back.",
    "Leave us a message", "No one from our team is available right now. Leave a message and we'll get back to you.",
    "Email or phone", "How can we help?", "Send message", "Thanks! We'll get back to you soon.",
    "Message left for the team", "How did we do?", "Rate {n} of 5", "You rated {n} of 5",
    "Thank you for your feedback!", "Conversation",
    "No thanks", "I'm all set — leave the queue",
    "Meanwhile the AI assistant can keep helping — just write.", "Back to the chat",
    "This chat is full, so your message wasn't sent. It's back in the box: tap “Talk to a human” to go on in a new chat.",
    "Your message wasn't sent. It's back in the box, so you can change it and try again.",
    "This message is too long to send: {n} characters, and the limit is {max}. Shorten it or split it into two messages. It stays here until you send it.",
    "Add an email or phone number so we can get back to you. Your message is kept.",
    "Write your message first.", ",", "New messages",
    "Hi! I'm the AI assistant. I can see your card payment was just declined, so no money was taken. I can help you sort it out, or talk to a human at any time.",
    "Hi! I'm the AI assistant. I can see your payment didn't go through just now. I can help you sort it out, or talk to a human at any time.",
    "Sorry it wasn't better. What went wrong? A few words help us fix it.", "What went wrong? (optional)", "Send rating",
    "Earlier conversation", "You asked for a person: a new conversation starts here.",
    "I'm all set — back to the assistant",
    "Did this answer your question?", "Yes, thanks", "No", "Read more", "Sent", "Delivered", "Read"};

const WidgetStrings kSwedish{
    "sv", "Hjälp med din beställning", "AI-assistent · svarar direkt", "Väntar på en människa",
    "{name} (människa) hjälper dig", "Vårt team är inte tillgängligt just nu", "Chatten är avslutad",
    "Prata med en människa", "Människa efterfrågad", "Stäng chatten",
    "Hej! Jag är AI-assistenten. Fråga mig om din beställning, leverans eller betalning — eller prata med en människa när du vill.",
    "Du", "AI-assistent", "AI", "{name} (människa)", "{name}, mänsklig handläggare",
    "{name} (människa) anslöt", "{name} lämnade chatten", "Du pratar med AI-assistenten igen",
    "Du står i kö till en människa", "Ingen är tillgänglig just nu", "Chatten är avslutad",
    "Du är nummer {n} i kön", "Du är näst på tur", "Cirka {min} min", "Mindre än en minut",
    "Vi letar efter rätt person åt dig",
    "Ja, prata med en människa",
    "Skriv ett meddelande…", "Skicka", "Inte skickat ännu", "AI-assistenten skriver…", "{name} skriver…",
    "Återansluter…", "Dina meddelanden sparas och skickas när vi är tillbaka.",
    "Lämna ett meddelande", "Ingen i vårt team är tillgänglig just nu. Lämna ett meddelande så hör vi av oss.",
    "E-post eller telefon", "Hur kan vi hjälpa dig?", "Skicka meddelande", "Tack! Vi hör av oss snart.",
    "Meddelande lämnat till teamet", "Hur gick det?", "Betygsätt {n} av 5", "Du gav betyget {n} av 5",
    "Tack för ditt omdöme!", "Konversation",
    "Nej tack", "Jag har fått hjälp — lämna kön",
    "Under tiden kan AI-assistenten hjälpa dig vidare — skriv bara.", "Tillbaka till chatten",
    "Chatten är full, så ditt meddelande skickades inte. Det ligger kvar i rutan: tryck på ”Prata med en människa” för att fortsätta i en ny chatt.",
    "Ditt meddelande skickades inte. Det ligger kvar i rutan, så att du kan ändra det och försöka igen.",
    "Meddelandet är för långt för att skickas: {n} tecken, och gränsen är {max}. Korta ner det eller dela upp det i två meddelanden. Det ligger kvar här tills du skickar det.",
    "Lägg till en e-postadress eller ett telefonnummer så att vi kan svara dig. Ditt meddelande finns kvar.",
    "Skriv ditt meddelande först.", "\xC2\xA0", "Nya meddelanden",
    "Hej! Jag är AI-assistenten. Jag ser att din kortbetalning nyss nekades, så inga pengar har dragits. Jag kan hjälpa dig att lösa det — eller prata med en människa när du vill.",
    "Hej! Jag är AI-assistenten. Jag ser att din betalning inte gick igenom nyss. Jag kan hjälpa dig att lösa det — eller prata med en människa när du vill.",
    "Tråkigt att det inte blev bättre. Vad gick fel? Några ord hjälper oss att rätta till det.", "Vad gick fel? (frivilligt)", "Skicka betyg",
    "Tidigare konversation", "Du bad om en människa: här börjar en ny konversation.",
    "Jag har fått hjälp — tillbaka till assistenten",
    "Fick du svar på din fråga?", "Ja, tack", "Nej", "Läs mer", "Skickat", "Levererat", "Läst"};

const WidgetStrings kGerman{
    "de", "Hilfe zu Ihrer Bestellung", "KI-Assistent · antwortet sofort", "Warten auf einen Menschen",
    "{name} (Mensch) hilft Ihnen", "Unser Team ist gerade nicht erreichbar", "Der Chat ist beendet",
    "Mit einem Menschen sprechen", "Mensch angefragt", "Chat schließen",
    "Hallo! Ich bin der KI-Assistent. Fragen Sie mich zu Bestellung, Lieferung oder Zahlung — oder sprechen Sie jederzeit mit einem Menschen.",
    "Sie", "KI-Assistent", "KI", "{name} (Mensch)", "{name}, menschlicher Mitarbeiter",
    "{name} (Mensch) ist beigetreten", "{name} hat den Chat verlassen", "Sie sprechen wieder mit dem KI-Assistenten",
    "Sie warten auf einen Menschen", "Gerade ist niemand erreichbar", "Der Chat ist beendet",
    "Sie sind Nummer {n} in der Warteschlange", "Sie sind als Nächste dran", "Etwa {min} Min.", "Weniger als eine Minute",
    "Wir suchen die richtige Person für Sie",
    "Ja, mit einem Menschen sprechen",
    "Nachricht schreiben…", "Senden", "Noch nicht gesendet", "Der KI-Assistent schreibt…", "{name} schreibt…",
    "Verbindung wird wiederhergestellt…", "Ihre Nachrichten bleiben erhalten und werden gesendet, sobald wir zurück sind.",
    "Hinterlassen Sie eine Nachricht", "Gerade ist niemand aus unserem Team erreichbar. Hinterlassen Sie eine Nachricht, wir melden uns.",
    "E-Mail oder Telefon", "Wie können wir helfen?", "Nachricht senden", "Danke! Wir melden uns bald.",
    "Nachricht an das Team hinterlassen", "Wie war unser Service?", "Mit {n} von 5 bewerten", "Sie haben {n} von 5 vergeben",
    "Danke für Ihr Feedback!", "Unterhaltung",
    "Nein danke", "Erledigt — Warteschlange verlassen",
    "In der Zwischenzeit hilft Ihnen der KI-Assistent weiter — schreiben Sie einfach.", "Zurück zum Chat",
    "Dieser Chat ist voll, Ihre Nachricht wurde nicht gesendet. Sie steht wieder im Eingabefeld: Tippen Sie auf „Mit einem Menschen sprechen“, um in einem neuen Chat weiterzumachen.",
    "Ihre Nachricht wurde nicht gesendet. Sie steht wieder im Eingabefeld, damit Sie sie ändern und erneut senden können.",
    "Diese Nachricht ist zu lang zum Senden: {n} Zeichen, erlaubt sind {max}. Kürzen Sie sie oder teilen Sie sie in zwei Nachrichten auf. Sie bleibt hier, bis Sie sie senden.",
    "Geben Sie eine E-Mail-Adresse oder Telefonnummer an, damit wir Ihnen antworten können. Ihre Nachricht bleibt erhalten.",
    "Schreiben Sie zuerst Ihre Nachricht.", ".", "Neue Nachrichten",
    "Hallo! Ich bin der KI-Assistent. Ich sehe, dass Ihre Kartenzahlung gerade abgelehnt wurde, es wurde also nichts abgebucht. Ich helfe Ihnen gern weiter — oder sprechen Sie jederzeit mit einem Menschen.",
    "Hallo! Ich bin der KI-Assistent. Ich sehe, dass Ihre Zahlung gerade nicht durchgegangen ist. Ich helfe Ihnen gern weiter — oder sprechen Sie jederzeit mit einem Menschen.",
    "Schade, dass es nicht besser war. Was ist schiefgelaufen? Ein paar Worte helfen uns, es zu verbessern.", "Was ist schiefgelaufen? (optional)", "Bewertung senden",
    "Frühere Unterhaltung", "Sie haben nach einem Menschen gefragt: Hier beginnt eine neue Unterhaltung.",
    "Erledigt — zurück zum Assistenten",
    "Hat das Ihre Frage beantwortet?", "Ja, danke", "Nein", "Weiterlesen", "Gesendet", "Zugestellt", "Gelesen"};

void replace_all(std::string& s, std::string_view key, std::string_view value) {
  for (std::size_t at = s.find(key); at != std::string::npos; at = s.find(key, at + value.size()))
    s.replace(at, key.size(), value);
}

std::string grouped(std::size_t n, const char* separator) {
  std::string digits = std::to_string(n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += separator;
    out += digits[i];
  }
  return out;
}

}  // namespace

const WidgetStrings& widget_strings(std::string_view locale) {
  const std::string lang = text::language_of(locale);
  if (lang == "sv") return kSwedish;
  if (lang == "de") return kGerman;
  return kEnglish;
}

std::string fill(const char* tmpl, std::string_view name, int n) {
  std::string s = tmpl;
  replace_all(s, "{name}", name);
  replace_all(s, "{n}", std::to_string(n));
  replace_all(s, "{min}", std::to_string(n));
  return s;
}

std::string too_long_notice(const WidgetStrings& s, std::size_t chars, std::size_t max_chars) {
  std::string out = s.text_too_long;
  replace_all(out, "{n}", grouped(chars, s.digit_group));
  replace_all(out, "{max}", grouped(max_chars, s.digit_group));
  return out;
}

}  // namespace duet::ui
