// The assistant's own lines (dialogue_replies.hpp). Short, warm, honest: it never claims what it cannot
// do, and every line that mentions a person goes out with the one-tap offer (the caller adds it).
#include "dialogue_replies.hpp"

#include "enum_names.hpp"

namespace duet::dialogue {
namespace {

constexpr auto kEnglish = enum_names<Line>(
    "Hi! I'm Duet's assistant. I can help with payments, invoices, refunds, returns and deliveries. What can I do for you?",
    "Hello again! What can I help you with?",
    "Hi! I can see your payment didn't go through just now. I can help with that, or with anything else about your purchase.",
    "You're welcome! Is there anything else I can help with?",
    "Happy to help. Anything else?",
    "Thanks for chatting, and have a great day! You can open this chat again any time.",
    "Great! What would you like to know?",
    "No problem, I'm still here. I can help with invoices, payments, refunds, returns, deliveries and your account. What would you like to know?",
    "Alright. Is there something else I can help with?",
    "Sorry that didn't help. A person from our team can look at your case. Would you like me to connect you?",
    "Sorry I couldn't help with that. I'm connecting you with a person from our team now.",
    "Yes, I'm Duet's AI assistant. A person from our team is one tap away whenever you'd like one.",
    "I'm doing well, thanks for asking! How can I help with your purchase?",
    "That's outside what I can help with here. I can answer questions about payments, invoices, refunds, returns and deliveries.",
    "I can only help with your purchase and payments here. What would you like to know about those?",
    "I'm not sure I can answer that correctly, and I'd rather not guess. Would you like to talk to a person?",
    "I still don't have a reliable answer for that. A person from our team can help. Shall I connect you?",
    "I'm not sure about that one, and I'd rather not guess. The person you're waiting for can help with it.",
    "I'm sorry this has been frustrating.",
    "I'm sorry this has been frustrating. I can connect you with a person right away, or tell me what went wrong and I'll try again.",
    "I'm sorry this is still not sorted. I'm connecting you with a person from our team now.",
    "It looks like my answer didn't solve this. I'm connecting you with a person from our team now.",
    "I think my answer above covers that. If it doesn't, a person from our team can help. Shall I connect you?",
    "Of course. I'm connecting you with a person from our team.",
    "Great, I'm connecting you with a person from our team now.",
    "You're already in the queue for a person. I'm here to help in the meantime.",
    "You're already in the queue for a person (number {n}). I'm here to help in the meantime.",
    "A person will be with you as soon as one is free. Ask me anything in the meantime.",
    "Got it. Anything else I can help with?",
    "I'm sorry, that sounds worrying. To be safe, freeze your card in the Duet Pay app now (Profile > Card > Freeze) and change your password. I'm connecting you with a person who can look into it with you.",
    "I understand. A dispute needs a person to look at it, so I'm connecting you with our team. They will see everything you've told me.",
    "I'm sorry we let you down. I'm passing this to a person on our team so your complaint is handled properly.",
    "Thank you for telling me. A person on our team can go through options like more time or a payment plan with you. I'm connecting you now.",
    "I'm so sorry for your loss. Please take your time. I'm connecting you with a person who can help with the account.",
    "Thank you for telling me. I'm connecting you with a person on our team who can help and make this easier for you.",
    "I'm so sorry you're going through this. If you are in danger or thinking of harming yourself, please call your local emergency number now. I'm connecting you with a person from our team.");

constexpr auto kSwedish = enum_names<Line>(
    "Hej! Jag är Duets assistent. Jag kan hjälpa till med betalningar, fakturor, återbetalningar, returer och leveranser. Vad kan jag göra för dig?",
    "Hej igen! Vad kan jag hjälpa dig med?",
    "Hej! Jag ser att din betalning inte gick igenom nyss. Jag kan hjälpa dig med det, eller med något annat om ditt köp.",
    "Varsågod! Finns det något mer jag kan hjälpa till med?",
    "Kul att kunna hjälpa. Något mer?",
    "Tack för pratstunden och ha en fin dag! Du kan öppna chatten igen när du vill.",
    "Toppen! Vad vill du veta?",
    "Inga problem, jag finns kvar här. Jag kan hjälpa till med fakturor, betalningar, återbetalningar, returer, leveranser och ditt konto. Vad vill du veta?",
    "Okej. Finns det något annat jag kan hjälpa till med?",
    "Förlåt att det inte hjälpte. En person i vårt team kan titta på ditt ärende. Vill du att jag kopplar dig vidare?",
    "Förlåt att jag inte kunde hjälpa till. Jag kopplar dig till en person i vårt team nu.",
    "Ja, jag är Duets AI-assistent. En person i vårt team finns ett tryck bort när du vill.",
    "Jag mår bra, tack som frågar! Hur kan jag hjälpa dig med ditt köp?",
    "Det ligger utanför vad jag kan hjälpa till med här. Jag svarar på frågor om betalningar, fakturor, återbetalningar, returer och leveranser.",
    "Här kan jag bara hjälpa till med ditt köp och dina betalningar. Vad vill du veta om dem?",
    "Jag är inte säker på att jag kan svara rätt på det, och jag vill inte gissa. Vill du prata med en person?",
    "Jag har fortfarande inget säkert svar på det. En person i vårt team kan hjälpa dig. Ska jag koppla dig vidare?",
    "Det är jag inte säker på, och jag vill inte gissa. Personen du väntar på kan hjälpa dig med det.",
    "Förlåt att det här har varit frustrerande.",
    "Förlåt att det här har varit frustrerande. Jag kan koppla dig till en person direkt, eller berätta vad som gick fel så försöker jag igen.",
    "Förlåt att det fortfarande inte är löst. Jag kopplar dig till en person i vårt team nu.",
    "Det verkar som att mitt svar inte löste det. Jag kopplar dig till en person i vårt team nu.",
    "Jag tror att mitt svar ovan besvarar det. Om inte kan en person i vårt team hjälpa dig. Ska jag koppla dig vidare?",
    "Självklart. Jag kopplar dig till en person i vårt team.",
    "Toppen, jag kopplar dig till en person i vårt team nu.",
    "Du står redan i kön till en person. Jag hjälper gärna till under tiden.",
    "Du står redan i kön till en person (plats {n}). Jag hjälper gärna till under tiden.",
    "En person är med dig så snart någon är ledig. Fråga mig gärna under tiden.",
    "Uppfattat. Något mer jag kan hjälpa till med?",
    "Förlåt, det låter oroande. För säkerhets skull: spärra ditt kort i Duet Pay-appen nu (Profil > Kort > Spärra) och byt lösenord. Jag kopplar dig till en person som kan utreda det med dig.",
    "Jag förstår. En tvist behöver en person som tittar på den, så jag kopplar dig till vårt team. De ser allt du har berättat för mig.",
    "Förlåt att vi har gjort dig besviken. Jag lämnar det här till en person i vårt team så att ditt klagomål hanteras ordentligt.",
    "Tack för att du berättar. En person i vårt team kan gå igenom alternativ som anstånd eller en avbetalningsplan med dig. Jag kopplar dig nu.",
    "Jag beklagar verkligen din förlust. Ta den tid du behöver. Jag kopplar dig till en person som kan hjälpa till med kontot.",
    "Tack för att du berättar. Jag kopplar dig till en person i vårt team som kan hjälpa dig och göra det enklare för dig.",
    "Jag är ledsen att du har det så svårt. Om du är i fara eller tänker skada dig själv, ring 112 nu. Jag kopplar dig till en person i vårt team.");

constexpr auto kGerman = enum_names<Line>(
    "Hallo! Ich bin der Assistent von Duet. Ich helfe bei Zahlungen, Rechnungen, Erstattungen, Rücksendungen und Lieferungen. Was kann ich für Sie tun?",
    "Hallo noch einmal! Wobei kann ich helfen?",
    "Hallo! Ich sehe, dass Ihre Zahlung gerade nicht geklappt hat. Dabei kann ich helfen, oder bei allem anderen rund um Ihren Einkauf.",
    "Gern geschehen! Kann ich sonst noch helfen?",
    "Gern geschehen. Noch etwas?",
    "Danke für das Gespräch und einen schönen Tag! Sie können den Chat jederzeit wieder öffnen.",
    "Prima! Was möchten Sie wissen?",
    "Kein Problem, ich bin weiter für Sie da. Ich helfe bei Rechnungen, Zahlungen, Erstattungen, Rücksendungen, Lieferungen und Ihrem Konto. Was möchten Sie wissen?",
    "In Ordnung. Kann ich bei etwas anderem helfen?",
    "Das tut mir leid. Eine Person aus unserem Team kann sich Ihren Fall ansehen. Soll ich Sie verbinden?",
    "Es tut mir leid, dass ich nicht helfen konnte. Ich verbinde Sie jetzt mit einer Person aus unserem Team.",
    "Ja, ich bin der KI-Assistent von Duet. Eine Person aus unserem Team ist jederzeit nur einen Tipp entfernt.",
    "Mir geht es gut, danke der Nachfrage! Wie kann ich bei Ihrem Einkauf helfen?",
    "Dabei kann ich hier leider nicht helfen. Ich beantworte Fragen zu Zahlungen, Rechnungen, Erstattungen, Rücksendungen und Lieferungen.",
    "Hier kann ich nur bei Ihrem Einkauf und Ihren Zahlungen helfen. Was möchten Sie dazu wissen?",
    "Ich bin nicht sicher, ob ich das richtig beantworten kann, und möchte nicht raten. Möchten Sie mit einer Person sprechen?",
    "Dazu habe ich noch keine verlässliche Antwort. Eine Person aus unserem Team kann helfen. Soll ich Sie verbinden?",
    "Da bin ich nicht sicher, und ich möchte nicht raten. Die Person, auf die Sie warten, kann dabei helfen.",
    "Es tut mir leid, dass das so frustrierend ist.",
    "Es tut mir leid, dass das so frustrierend ist. Ich kann Sie sofort mit einer Person verbinden, oder sagen Sie mir, was schiefging, und ich versuche es noch einmal.",
    "Es tut mir leid, dass das immer noch nicht gelöst ist. Ich verbinde Sie jetzt mit einer Person aus unserem Team.",
    "Meine Antwort hat das anscheinend nicht gelöst. Ich verbinde Sie jetzt mit einer Person aus unserem Team.",
    "Ich glaube, meine Antwort oben deckt das ab. Falls nicht, kann eine Person aus unserem Team helfen. Soll ich Sie verbinden?",
    "Natürlich. Ich verbinde Sie mit einer Person aus unserem Team.",
    "Gut, ich verbinde Sie jetzt mit einer Person aus unserem Team.",
    "Sie sind bereits in der Warteschlange für eine Person. Ich helfe Ihnen gern in der Zwischenzeit.",
    "Sie sind bereits in der Warteschlange für eine Person (Platz {n}). Ich helfe Ihnen gern in der Zwischenzeit.",
    "Eine Person ist für Sie da, sobald jemand frei ist. Fragen Sie mich gern in der Zwischenzeit.",
    "Verstanden. Kann ich sonst noch helfen?",
    "Das klingt beunruhigend, das tut mir leid. Sperren Sie zur Sicherheit jetzt Ihre Karte in der Duet-Pay-App (Profil > Karte > Sperren) und ändern Sie Ihr Passwort. Ich verbinde Sie mit einer Person, die das mit Ihnen klärt.",
    "Ich verstehe. Ein Widerspruch muss von einer Person geprüft werden, deshalb verbinde ich Sie mit unserem Team. Dort sieht man alles, was Sie mir erzählt haben.",
    "Es tut mir leid, dass wir Sie enttäuscht haben. Ich gebe das an eine Person in unserem Team weiter, damit Ihre Beschwerde richtig bearbeitet wird.",
    "Danke, dass Sie mir das sagen. Eine Person aus unserem Team kann mit Ihnen Möglichkeiten wie mehr Zeit oder eine Ratenzahlung besprechen. Ich verbinde Sie jetzt.",
    "Mein aufrichtiges Beileid. Nehmen Sie sich Zeit. Ich verbinde Sie mit einer Person, die beim Konto helfen kann.",
    "Danke, dass Sie mir das sagen. Ich verbinde Sie mit einer Person aus unserem Team, die Ihnen hilft und es Ihnen leichter macht.",
    "Es tut mir sehr leid, dass es Ihnen so geht. Wenn Sie in Gefahr sind oder daran denken, sich etwas anzutun, rufen Sie bitte jetzt den Notruf 112 an. Ich verbinde Sie mit einer Person aus unserem Team.");

}  // namespace

std::string line(Line key, std::string_view language, int n) {
  const auto& table = language == "sv" ? kSwedish : language == "de" ? kGerman : kEnglish;
  std::string out(table(key));
  if (const auto at = out.find("{n}"); at != std::string::npos) out.replace(at, 3, std::to_string(n));
  return out;
}

}  // namespace duet::dialogue
