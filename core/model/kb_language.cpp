// Stop words, synonyms and the unsure reply per language (kb_language.hpp). The lists hold function words and the
// filler customers put around a question ("hi", "please", "I need help with"), never topic words.
#include "kb_language.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "text.hpp"

namespace duet::kb {
namespace {

// Sorted at compile time so lookups are a binary search.
template <std::size_t N>
constexpr std::array<std::string_view, N> sorted(std::array<std::string_view, N> words) {
  std::sort(words.begin(), words.end());
  return words;
}

constexpr auto kEnglish = sorted(std::to_array<std::string_view>({
    "a", "about", "after", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been",
    "before", "being", "but", "by", "can", "cannot", "cant", "could", "couldnt", "did", "didnt", "do", "does",
    "doesnt", "doing", "done", "dont", "for", "from", "get", "gets", "getting", "give", "go", "going", "got",
    "had", "has", "hasnt", "have", "havent", "having", "hello", "help", "her", "here", "hey", "hi", "his", "how",
    "i", "id", "if", "ill", "im", "in", "into", "is", "isnt", "it", "its", "ive", "just", "know", "let", "like",
    "me", "might", "mine", "much", "must", "my", "myself", "need", "needs", "no", "not", "of", "ok",
    "okay", "on", "one", "or", "our", "please", "pls", "s", "shall", "she", "should", "so", "some", "someone",
    "something", "still", "t", "tell", "than", "thank", "thanks", "that", "thats", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "to", "too", "u", "up", "us", "very", "want", "wanted",
    "was", "wasnt", "we", "were", "what", "whats", "which", "who", "why", "will", "with",
    "wont", "would", "yes", "you", "your", "yours", "hows", "whys", "whos", "theres", "heres",
    "youre", "theyre", "weve", "youve", "lets", "shouldnt", "wouldnt", "arent", "werent", "hadnt", "anyone",
    "anything", "really", "actually", "maybe", "though", "ever", "every", "many", "lot", "lots"}));

constexpr auto kSwedish = sorted(std::to_array<std::string_view>({
    "alla", "allt", "att", "av", "bara", "bli", "blir", "blev", "då", "de", "dem", "den", "denna", "deras",
    "dessa", "det", "detta", "dig", "din", "dina", "ditt", "du", "där", "efter", "eller", "en", "er", "era",
    "ert", "ett", "fick", "finns", "för", "från", "få", "får", "gick", "gjorde", "gå", "gör", "göra", "ha",
    "hade", "han", "har", "hej", "hjälp", "hon", "hos", "hur", "här", "i", "inga", "ingen", "inget", "inte",
    "jag", "ju", "kan", "kunde", "man", "med", "men", "mig", "min", "mina", "mitt", "mycket", "måste", "ni",
    "nog", "nu", "någon", "något", "några", "och", "ok", "om", "oss", "på", "sa", "sig", "sin", "sina",
    "sitt", "ska", "skall", "skulle", "snälla", "som", "så", "tack", "till", "tja", "upp", "ut", "vad", "var",
    "varför", "varit", "vart", "vem", "vi", "vid", "vilka", "vilken", "vilket", "vill", "ville", "väl",
    "än", "är", "åt", "över", "hallå", "hejsan", "behöver", "kanske", "redan", "också", "fortfarande", "sedan",
    "utan", "vet"}));

constexpr auto kGerman = sorted(std::to_array<std::string_view>({
    "aber", "alle", "alles", "als", "also", "am", "an", "auch", "auf", "aus", "bei", "beim", "bin", "bis",
    "bist", "bitte", "da", "dann", "danke", "das", "dass", "dem", "den", "denn", "der", "des", "dich", "die",
    "dir", "doch", "dort", "du", "durch", "ein", "eine", "einem", "einen", "einer", "eines", "er", "es",
    "etwas", "euch", "euer", "für", "gibt", "habe", "haben", "hallo", "hat", "hatte", "hatten", "hier",
    "hilfe", "ich", "ihm", "ihn", "ihnen", "ihr", "ihre", "ihrem", "ihren", "ihrer", "im", "in", "ist", "ja",
    "jetzt", "kann", "kein", "keine", "keinen", "können", "könnte", "konnte", "mal", "man", "mein", "meine",
    "meinem", "meinen", "meiner", "meines", "mich", "mir", "mit", "möchte", "möchten", "muss", "müssen",
    "nach", "nein", "nicht", "noch", "nur", "ob", "oder", "schon", "sehr", "sein", "sich", "sie", "sind",
    "so", "soll", "sollte", "um", "und", "uns", "unser", "unsere", "vom", "von", "vor", "war", "waren", "was",
    "warum", "weshalb", "wie", "wieso", "will", "wir", "wird", "wo", "wollen", "wurde", "würde",
    "zu", "zum", "zur", "über", "guten", "brauche", "brauchen", "welche",
    "welcher", "welches", "wer", "wieder", "mache", "machen", "geht", "ok", "okay", "gerne", "einfach",
    "eigentlich", "immer", "trotzdem", "bereits", "worden", "werden", "dieser", "diese", "dieses", "diesen"}));

// The chat around a question: greetings, politeness, sign-offs, hedges, dates and currency codes.
// They say nothing about which article is meant, and as unknown words they would count against it.
constexpr auto kEnglishFiller = sorted(std::to_array<std::string_view>({
    "advance", "afternoon", "ago", "anyway", "appreciate", "appreciated", "april", "august", "best", "bother",
    "btw", "cheers", "could", "dear", "december", "dollars", "eur", "euro", "euros", "evening",
    "february", "friday", "gbp", "good", "great", "greetings", "guys", "hiya", "hope", "hoping", "january",
    "july", "june", "kind", "kindly", "kr", "kronor", "lol", "march", "may", "monday", "month",
    "morning", "nok", "november", "october", "oh", "once", "possible", "possibly", "question", "quick",
    "regards", "saturday", "sek", "september", "sincerely", "sorry", "sunday", "sure", "thankyou", "thanx",
    "thursday", "thx", "today", "tuesday", "ty", "um", "usd", "usually", "wednesday", "week", "weeks",
    "well", "wonder", "wondered", "wondering", "yeah", "yesterday", "hopefully", "cool", "awesome",
    "fine", "nice", "hmm", "ah", "folks", "there", "again", "okey", "quickly"}));

constexpr auto kSwedishFiller = sorted(std::to_array<std::string_view>({
    "bra", "eur", "euro", "förra", "förresten", "god", "hälsning", "hälsningar", "hoppas", "idag",
    "igår", "kr", "kronor", "mvh", "mår", "sek", "tjena", "tjenare", "tusen", "undrar", "undrade", "ursäkta",
    "vecka", "veckan", "veckor", "vänlig", "vänliga", "måndags", "tisdags", "onsdags", "torsdags", "fredags",
    "januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
    "november", "december", "fråga", "snabb", "trevlig", "helg", "månad", "månaden", "typ"}));

constexpr auto kGermanFiller = sorted(std::to_array<std::string_view>({
    "dank", "damen", "eur", "euro", "entschuldigung", "frage", "fragen", "freundlichen", "geehrte",
    "geehrter", "gestern", "gruß", "grüße", "heute", "herren", "hoffe", "kurze", "letzte", "letzten", "lg",
    "liebe", "mfg", "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "tag",
    "vielen", "woche", "wochen", "wollte", "januar", "februar", "märz", "april", "mai", "juni", "juli",
    "august", "september", "oktober", "november", "dezember", "schönen", "gut", "monat", "servus", "moin",
    "beste", "herzlichen", "wäre", "toll", "prima", "eigentlich", "ungefähr", "eben", "gerade", "halt"}));

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view w) {
  return std::binary_search(words.begin(), words.end(), w);
}

// Synonym groups, canonical word first. Only words with one meaning in a payments-and-orders setting.
struct Synonyms {
  std::string_view language;
  std::string_view canonical;
  std::vector<std::string_view> others;
};

const std::vector<Synonyms>& synonym_groups() {
  static const std::vector<Synonyms> groups{
      {"en", "merchant", {"shop", "store", "seller", "retailer", "webshop", "webstore"}},
      {"en", "invoice", {"bill"}},
      {"en", "parcel", {"package"}},
      {"en", "instalment", {"installment"}},
      {"en", "cancel", {"cancellation"}},
      {"en", "deliver", {"delivery"}},
      {"en", "extend", {"extension"}},
      {"en", "decline", {"refuse", "reject"}},
      {"en", "phone", {"mobile", "cellphone"}},
      {"en", "colour", {"color"}},
      {"en", "complaint", {"complain"}},
      {"en", "unauthorised", {"unauthorized"}},
      {"en", "2", {"two"}},
      {"en", "3", {"three"}},
      {"en", "4", {"four"}},
      {"en", "5", {"five"}},
      {"en", "6", {"six"}},
      {"en", "12", {"twelve"}},
      {"sv", "faktura", {"räkning"}},
      {"sv", "butik", {"affär", "handlare", "säljare", "webbutik", "webbshop"}},
      {"sv", "avbeställa", {"avboka"}},
      {"sv", "2", {"två"}},
      {"sv", "3", {"tre"}},
      {"sv", "6", {"sex"}},
      {"de", "händler", {"shop", "geschäft", "verkäufer", "laden", "onlineshop"}},
      {"de", "paket", {"sendung", "päckchen"}},
      {"de", "erstattung", {"rückerstattung", "rückzahlung", "gutschrift"}},
      {"de", "stornieren", {"storno", "stornierung", "abbestellen"}},
      {"de", "lieferung", {"zustellung"}},
      {"de", "erhalten", {"bekommen", "bekomme", "bekam", "erhielt", "erhalte"}},
      {"de", "2", {"zwei"}},
      {"de", "3", {"drei"}},
  };
  return groups;
}

// Stemmed synonym -> stemmed canonical word, per language. Built once; read-only afterwards.
const std::unordered_map<std::string, std::string>& synonym_table(std::string_view language) {
  static const auto tables = [] {
    std::unordered_map<std::string, std::unordered_map<std::string, std::string>> out;
    for (const Synonyms& g : synonym_groups()) {
      const std::string language_code(g.language);
      const std::string canonical = text::stem(g.canonical, g.language);
      for (std::string_view other : g.others) out[language_code][text::stem(other, g.language)] = canonical;
    }
    return out;
  }();
  static const std::unordered_map<std::string, std::string> none;
  const auto it = tables.find(std::string(language));
  return it == tables.end() ? none : it->second;
}

}  // namespace

std::string canonical_term(std::string stemmed, std::string_view language) {
  const auto& table = synonym_table(language);
  const auto it = table.find(stemmed);
  return it == table.end() ? std::move(stemmed) : it->second;
}

bool is_stop_word(std::string_view folded_word, std::string_view language) {
  if (language == "sv") return contains(kSwedish, folded_word);
  if (language == "de") return contains(kGerman, folded_word);
  return contains(kEnglish, folded_word);
}

bool is_filler(std::string_view folded_word, std::string_view language) {
  if (language == "sv") return contains(kSwedishFiller, folded_word);
  if (language == "de") return contains(kGermanFiller, folded_word);
  return contains(kEnglishFiller, folded_word);
}

std::vector<std::pair<std::string, std::string>> synonym_spellings(std::string_view language) {
  const auto& table = synonym_table(language);
  std::vector<std::pair<std::string, std::string>> out(table.begin(), table.end());
  std::sort(out.begin(), out.end());  // the table is a hash map: give callers a stable order
  return out;
}

bool is_follow_up(std::string_view message, std::string_view language) {
  const std::vector<std::string> words = text::words(message);
  if (words.empty()) return false;
  const auto opens_with = [&](std::initializer_list<std::string_view> phrase) {
    if (words.size() < phrase.size()) return false;
    return std::equal(phrase.begin(), phrase.end(), words.begin());
  };
  // Short messages that point back ("that", "it") without naming their topic.
  constexpr std::size_t kShort = 7;
  const auto points_back = [&](std::initializer_list<std::string_view> pronouns) {
    return words.size() <= kShort && std::any_of(words.begin(), words.end(), [&](const std::string& w) {
             return std::find(pronouns.begin(), pronouns.end(), w) != pronouns.end();
           });
  };
  if (language == "sv") {
    return opens_with({"och"}) || opens_with({"men"}) || opens_with({"hur", "är", "det", "med"}) ||
           opens_with({"vad", "gäller"}) || opens_with({"än"}) || opens_with({"också"}) || points_back({"det", "detta", "den"});
  }
  if (language == "de") {
    return opens_with({"und"}) || opens_with({"aber"}) || opens_with({"was", "ist", "mit"}) ||
           opens_with({"wie", "ist", "es", "mit"}) || opens_with({"und", "wenn"}) || opens_with({"auch"}) ||
           points_back({"das", "es", "dies", "dann"});
  }
  return opens_with({"and"}) || opens_with({"but"}) || opens_with({"what", "about"}) || opens_with({"how", "about"}) ||
         opens_with({"what", "if"}) || opens_with({"also"}) || points_back({"that", "it", "this", "then"});
}

std::string_view unsure_reply(std::string_view language) {
  if (language == "sv") return "Jag är inte säker på att jag kan svara på det. Vill du prata med en människa?";
  if (language == "de") return "Ich bin mir nicht sicher, ob ich das beantworten kann. Möchten Sie mit einem Menschen sprechen?";
  return "I'm not sure I can answer that. Would you like to talk to a human?";
}

}  // namespace duet::kb
