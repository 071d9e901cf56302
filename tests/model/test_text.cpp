// text.hpp: folding, word splitting and stemming must be Unicode-safe and deterministic, because the
// assistant, the handoff policy and the brief all match customer text through them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "model/text.hpp"

using duet::text::fold;
using duet::text::language_of;
using duet::text::length;
using duet::text::stem;
using duet::text::words;
using Words = std::vector<std::string>;

TEST_CASE("fold lower-cases ASCII and keeps everything else", "[text]") {
  CHECK(fold("Hello, WORLD 42!") == "hello, world 42!");
  CHECK(fold("") == "");
  CHECK(fold("already lower") == "already lower");
}

TEST_CASE("fold lower-cases Latin-1 and Latin Extended-A, keeps ß", "[text]") {
  CHECK(fold("ÅÄÖ åäö") == "åäö åäö");
  CHECK(fold("ÜBERWEISUNG Größe") == "überweisung größe");
  CHECK(fold("STRAßE") == "straße");
  CHECK(fold("ÉCOLE À ÇA Ñ Ø Þ") == "école à ça ñ ø þ");
  CHECK(fold("×÷") == "×÷");  // symbols in the Latin-1 letter range are not letters
  CHECK(fold("ŁÓDŹ ŚWIĘTO") == "łódź święto");
  CHECK(fold("ČEŠTINA Ř Ž Ő Ű") == "čeština ř ž ő ű");
  CHECK(fold("Ÿ") == "ÿ");
  CHECK(fold("İSTANBUL") == "istanbul");
  CHECK(fold("ĲŒ") == "ĳœ");
}

TEST_CASE("fold lower-cases Greek and Cyrillic", "[text]") {
  CHECK(fold("ΑΒΓΔ ΩΣ") == "αβγδ ωσ");
  CHECK(fold("Ά Έ Ή Ί Ό Ύ Ώ Ϊ Ϋ") == "ά έ ή ί ό ύ ώ ϊ ϋ");
  CHECK(fold("ΠΛΗΡΩΜΉ") == "πληρωμή");
  CHECK(fold("ПРИВЕТ Мир") == "привет мир");
  CHECK(fold("ЁЖИК ЄЇЎ") == "ёжик єїў");
  CHECK(fold("ҐӘӨ") == "ґәө");
}

TEST_CASE("fold keeps other scripts and emoji and drops invalid UTF-8", "[text]") {
  CHECK(fold("日本語 👍🏽 مرحبا") == "日本語 👍🏽 مرحبا");
  CHECK(fold("A\xFF" "B") == "ab");                    // stray byte
  CHECK(fold("x\xC3") == "x");                           // truncated sequence at the end
  CHECK(fold("\xC0\xAF" "ok") == "ok");                  // overlong '/' is not a slash
  CHECK(fold("\xED\xA0\x80" "z") == "z");               // UTF-16 surrogate encoded in UTF-8
  CHECK(fold("\xF4\x90\x80\x80" "Q") == "q");           // above U+10FFFF
  CHECK(fold("\xE2\x82" "AB") == "ab");                 // sequence broken by ASCII keeps the ASCII
}

TEST_CASE("words splits on everything but letters and digits", "[text]") {
  CHECK(words("How do I pay my invoice?") == Words{"how", "do", "i", "pay", "my", "invoice"});
  CHECK(words("order #12345, 99.50 SEK") == Words{"order", "12345", "99", "50", "sek"});
  CHECK(words("  \t\n ") == Words{});
  CHECK(words("") == Words{});
  CHECK(words("e-mail/address") == Words{"e", "mail", "address"});
}

TEST_CASE("words drops apostrophes inside words only", "[text]") {
  CHECK(words("I don't know the customer's order") == Words{"i", "dont", "know", "the", "customers", "order"});
  CHECK(words("it\xE2\x80\x99s here") == Words{"its", "here"});  // typographic apostrophe
  CHECK(words("'quoted' word'") == Words{"quoted", "word"});
}

TEST_CASE("words keeps letters of any script", "[text]") {
  CHECK(words("Återbetalning för VAROR") == Words{"återbetalning", "för", "varor"});
  CHECK(words("Rückerstattung: Größe!") == Words{"rückerstattung", "größe"});
  CHECK(words("Πού είναι η ΠΑΡΑΓΓΕΛΊΑ;") == Words{"πού", "είναι", "η", "παραγγελία"});
  CHECK(words("Где мой ЗАКАЗ?") == Words{"где", "мой", "заказ"});
  CHECK(words("注文はどこ？") == Words{"注文はどこ"});
  CHECK(words("café\xCC\x81") == Words{"café\xCC\x81"});  // a combining accent stays in its word
}

TEST_CASE("words splits on emoji, symbols and punctuation outside ASCII", "[text]") {
  CHECK(words("refund👍please") == Words{"refund", "please"});
  CHECK(words("late…again—really") == Words{"late", "again", "really"});
  CHECK(words("«hej» ¿qué? 5€") == Words{"hej", "qué", "5"});
  CHECK(words("👨‍👩‍👧 🇸🇪 ok") == Words{"ok"});
  CHECK(words("a×b÷c") == Words{"a", "b", "c"});
}

TEST_CASE("words survives invalid UTF-8", "[text]") {
  CHECK(words("re\xFF" "fund now") == Words{"refund", "now"});
  CHECK(words("\x80\x80\x80") == Words{});
  CHECK(words("end\xE2\x82") == Words{"end"});
  CHECK(words(std::string("nul\0byte", 8)) == Words{"nul", "byte"});
}

TEST_CASE("English stems meet their inflections", "[text]") {
  CHECK(stem("refunds", "en") == "refund");
  CHECK(stem("refunded", "en") == stem("refund", "en"));
  CHECK(stem("refunding", "en") == stem("refund", "en"));
  CHECK(stem("deliveries", "en") == "delivery");
  CHECK(stem("addresses", "en") == "address");
  CHECK(stem("address", "en") == "address");
  CHECK(stem("charged", "en") == stem("charge", "en"));
  CHECK(stem("charges", "en") == stem("charging", "en"));
  CHECK(stem("cancelled", "en") == stem("cancel", "en"));
  CHECK(stem("canceled", "en") == stem("cancelling", "en"));
  CHECK(stem("shipped", "en") == stem("ship", "en"));
  CHECK(stem("invoices", "en") == stem("invoiced", "en"));
  CHECK(stem("applied", "en") == "apply");
  CHECK(stem("agreed", "en") == "agree");
  CHECK(stem("monthly", "en") == "month");
  CHECK(stem("paid", "en") == "pay");
  CHECK(stem("days", "en") == "day");
}

TEST_CASE("English stems leave short and look-alike words alone", "[text]") {
  CHECK(stem("bus", "en") == "bus");
  CHECK(stem("status", "en") == "status");
  CHECK(stem("this", "en") == "this");
  CHECK(stem("need", "en") == "need");
  CHECK(stem("thing", "en") == "thing");
  CHECK(stem("string", "en") == "string");
  CHECK(stem("early", "en") == "early");
  CHECK(stem("free", "en") == "free");
  CHECK(stem("", "en") == "");
}

TEST_CASE("Swedish stems meet their inflections", "[text]") {
  CHECK(stem("betalningar", "sv") == "betalning");
  CHECK(stem("betalningen", "sv") == "betalning");
  CHECK(stem("betalningarna", "sv") == "betalning");
  CHECK(stem("betalning", "sv") == "betalning");
  CHECK(stem("fakturan", "sv") == stem("faktura", "sv"));
  CHECK(stem("fakturor", "sv") == stem("faktura", "sv"));
  CHECK(stem("fakturorna", "sv") == stem("faktura", "sv"));
  CHECK(stem("fakturornas", "sv") == stem("faktura", "sv"));
  CHECK(stem("kortet", "sv") == "kort");
  CHECK(stem("varor", "sv") == stem("varorna", "sv"));
  CHECK(stem("betalar", "sv") == stem("betala", "sv"));
  CHECK(stem("betalade", "sv") == stem("betalat", "sv"));
  CHECK(stem("återbetalningen", "sv") == "återbetalning");
  CHECK(stem("leveransen", "sv") == stem("leverans", "sv"));
  CHECK(stem("adressen", "sv") == stem("adress", "sv"));
  CHECK(stem("och", "sv") == "och");
}

TEST_CASE("German stems meet their inflections and spellings", "[text]") {
  CHECK(stem("rechnungen", "de") == "rechnung");
  CHECK(stem("rechnung", "de") == "rechnung");
  CHECK(stem("zahlungen", "de") == "zahlung");
  CHECK(stem("karten", "de") == stem("karte", "de"));
  CHECK(stem("kunden", "de") == stem("kunde", "de"));
  CHECK(stem("gebühren", "de") == stem("gebühr", "de"));
  CHECK(stem("rückerstattung", "de") == stem("ruckerstattung", "de"));
  CHECK(stem("straße", "de") == stem("strasse", "de"));
  CHECK(stem("adressen", "de") == stem("adresse", "de"));
  CHECK(stem("pakete", "de") == stem("paket", "de"));
  CHECK(stem("möglichkeiten", "de") == "moglichkeit");
  CHECK(stem("ergebnisse", "de") == "ergebnis");
  CHECK(stem("regeln", "de") == stem("regel", "de"));
  // Past participles meet the infinitive.
  CHECK(stem("bezahlt", "de") == stem("bezahlen", "de"));
  CHECK(stem("bestellt", "de") == stem("bestellen", "de"));
  CHECK(stem("storniert", "de") == stem("stornieren", "de"));
  CHECK(stem("erstattet", "de") == stem("erstatten", "de"));
  CHECK(stem("paket", "de") == "paket");  // too short to lose its "et"
  CHECK(stem("zeit", "de") == "zeit");
}

TEST_CASE("stem leaves other languages and odd input unchanged", "[text]") {
  CHECK(stem("refunds", "fr") == "refunds");
  CHECK(stem("refunds", "") == "refunds");
  CHECK(stem("заказы", "ru") == "заказы");
  CHECK(stem("12345", "en") == "12345");
  CHECK(stem("12345", "de") == "12345");
  CHECK(stem("👍👍👍👍", "sv") == "👍👍👍👍");
}

TEST_CASE("stem counts code points, not bytes, for its minimum length", "[text]") {
  // "öre" is three letters (four bytes): too short to strip in Swedish.
  CHECK(stem("öre", "sv") == "öre");
  CHECK(stem("åren", "sv") == "åren");
}

TEST_CASE("language_of takes the primary subtag", "[text]") {
  CHECK(language_of("sv-SE") == "sv");
  CHECK(language_of("de_DE.UTF-8") == "de");
  CHECK(language_of("EN") == "en");
  CHECK(language_of("") == "en");
  CHECK(language_of("fil-PH") == "fil");
  CHECK(language_of("C") == "en");
  CHECK(language_of("*") == "en");
  CHECK(language_of("-SE") == "en");
  CHECK(language_of("s3-XX") == "en");
}

TEST_CASE("length counts code points and invalid bytes", "[text]") {
  CHECK(length("") == 0);
  CHECK(length("abc") == 3);
  CHECK(length("åäö") == 3);
  CHECK(length("ß日👍") == 3);
  CHECK(length("a\xFF" "b") == 3);
  CHECK(length("\xE2\x82") == 2);
}
