// The phrase lists behind read_acts (dialogue_acts.hpp), per language, written as customers type them
// (syntax in lexicon.hpp; accents optional). Fillers are words that never make a message a question of
// its own: "thanks SO much for your help!" is thanks, "hi there team" a greeting.
#include <map>
#include <set>

#include "dialogue_acts.hpp"

namespace duet::dialogue {
namespace {

using lexicon::PhraseList;

struct ActLists {
  PhraseList greeting, thanks, goodbye, affirm, deny, didnt_help, small_talk, off_topic;
};

const ActLists& english() {
  static const ActLists l{
      {{"hi"}, {"hello"}, {"hey"}, {"heya"}, {"hiya"}, {"howdy"}, {"yo"}, {"good morning"}, {"good afternoon"},
       {"good evening"}, {"morning"}, {"greetings"}, {"hallo"}, {"helo"}, {"hello there"}, {"hi there"}, {"heyy*"}, {"hii*"},
       {"helloo*"}, {"hellooo*"}},
      {{"thanks"}, {"thank you"}, {"thank u"}, {"thankyou"}, {"thx"}, {"ty"}, {"tnx"}, {"cheers"},
       {"much appreciated"}, {"appreciate it"}, {"thanks a lot"}, {"many thanks"}, {"great thanks"},
       {"that helped"}, {"that helps"}, {"helpful"}, {"perfect"}, {"awesome"}, {"brilliant"}, {"lovely"}},
      {{"bye"}, {"goodbye"}, {"good bye"}, {"bye bye"}, {"see you"}, {"see ya"}, {"later"}, {"have a nice day"},
       {"have a good day"}, {"have a great day"}, {"take care"}, {"thats all"}, {"that's all"}, {"that is all"},
       {"nothing else"}, {"all good"}, {"im done"}, {"i'm done"}, {"all set"}},
      {{"yes"}, {"yes please"}, {"yeah"}, {"yea"}, {"yep"}, {"yup"}, {"ya"}, {"sure"}, {"ok"}, {"okay"}, {"k"},
       {"please"}, {"please do"}, {"go ahead"}, {"do it"}, {"of course"}, {"definitely"}, {"absolutely"},
       {"certainly"}, {"why not"}, {"that would be great"}, {"that'd be great"}, {"sounds good"}, {"correct"},
       {"right"}, {"y"}},
      {{"no"}, {"nope"}, {"nah"}, {"no thanks"}, {"no thank you"}, {"not now"}, {"not yet"}, {"no need"},
       {"i'm fine"}, {"im fine"}, {"i am fine"}, {"not really"}, {"don't"}, {"dont"}, {"n"}, {"no way"},
       {"not necessary"}, {"i'm good"}, {"im good"}},
      {{"didn't help"}, {"did not help"}, {"doesn't help"}, {"does not help"}, {"not helpful"},
       {"wasn't helpful"}, {"was not helpful"}, {"not what i asked"}, {"not what i meant"},
       {"didn't answer"}, {"did not answer"}, {"doesn't answer"}, {"does not answer"}, {"not my question"},
       {"that's not it"}, {"thats not it"}, {"wrong answer"}, {"not the answer"}, {"no help"},
       {"that doesn't help"}, {"not relevant"}, {"irrelevant"}, {"still doesn't help"}, {"still not helping"},
       {"still didn't help"}, {"still not helpful"}, {"doesn't help either"}},
      {{"how are you"}, {"how r u"}, {"how are u"}, {"how's it going"}, {"hows it going"}, {"what's up"},
       {"whats up"}, {"sup"}, {"are you a bot"}, {"are you a robot"}, {"are you human"}, {"are you a human"},
       {"are you real"}, {"are you a real person"}, {"are you an ai"}, {"are you ai"}, {"is this a bot"},
       {"is this a real person"}, {"who are you"}, {"who am i talking to"}, {"who is this"},
       {"who am i speaking to"}, {"who am i chatting with"}, {"what are you"}, {"what's your name"},
       {"whats your name"}, {"what is your name"}, {"what can you do"}, {"what do you do"}, {"nice to meet you"},
       {"you're nice"}, {"you are nice"}, {"i love you"}, {"how old are you"}},
      {{"joke"}, {"jokes"}, {"weather"}, {"poem"}, {"song"}, {"recipe"}, {"football"}, {"soccer"},
       {"capital of"}, {"meaning of life"}, {"who won"}, {"write me"}, {"write a"}, {"sing"}, {"movie"},
       {"horoscope"}, {"lottery"}, {"stock tip*"}, {"bitcoin price"}, {"president"}, {"prime minister"}, {"king of"}, {"queen of"}, {"homework"},
       {"translate"}, {"play a game"}, {"tell me a story"}, {"favourite colour"}, {"favorite color"}}};
  return l;
}

const ActLists& swedish() {
  static const ActLists l{
      {{"hej"}, {"hejsan"}, {"hallå"}, {"tjena"}, {"tja"}, {"tjenare"}, {"god morgon"}, {"god dag"},
       {"god kväll"}, {"goddag"}, {"morsning"}, {"hej hej"}, {"hallå där"}},
      {{"tack"}, {"tackar"}, {"tack så mycket"}, {"tusen tack"}, {"stort tack"}, {"tack för hjälpen"},
       {"tack snälla"}, {"det hjälpte"}, {"det hjälper"}, {"toppen"}, {"perfekt"}, {"schysst"}},
      {{"hej då"}, {"hejdå"}, {"adjö"}, {"vi hörs"}, {"ha det bra"}, {"ha en bra dag"}, {"ha en trevlig dag"},
       {"det var allt"}, {"inget mer"}, {"klart"}, {"ses"}},
      {{"ja"}, {"ja tack"}, {"japp"}, {"jepp"}, {"jo"}, {"absolut"}, {"gärna"}, {"ja gärna"}, {"visst"},
       {"självklart"}, {"okej"}, {"ok"}, {"kör"}, {"gör det"}, {"snälla"}, {"ja snälla"}, {"precis"},
       {"stämmer"}, {"det vore bra"}},
      {{"nej"}, {"nej tack"}, {"nä"}, {"nää"}, {"nope"}, {"inte nu"}, {"inte än"}, {"behövs inte"},
       {"det behövs inte"}, {"nej det är bra"}, {"det är bra"}, {"nej då"}},
      {{"hjälpte inte"}, {"hjälper inte"}, {"det hjälpte inte"}, {"inte till hjälp"}, {"var inte till hjälp"},
       {"inte det jag frågade"}, {"svarar inte på"}, {"svarade inte på"}, {"fel svar"}, {"inte relevant"},
       {"inte min fråga"}, {"hjälper fortfarande inte"}, {"hjälpte fortfarande inte"}, {"hjälper inte heller"}},
      {{"hur mår du"}, {"hur är läget"}, {"läget"}, {"är du en robot"}, {"är du en bot"}, {"är du en människa"},
       {"är du människa"}, {"är du riktig"}, {"är du en ai"}, {"vem är du"}, {"vad heter du"},
       {"vad kan du"}, {"vad gör du"}, {"trevligt att träffas"}, {"vem pratar jag med"},
       {"vem chattar jag med"}},
      {{"skämt"}, {"vitsar"}, {"vits"}, {"vädret"}, {"väder"}, {"dikt"}, {"låt"}, {"recept"}, {"fotboll"},
       {"huvudstad"}, {"statsminister"}, {"kungen"}, {"presidenten"}, {"meningen med livet"}, {"vem vann"}, {"skriv en"}, {"sjung"}, {"film"}, {"horoskop"},
       {"lotto"}, {"aktietips"}, {"läxa"}, {"läxor"}, {"översätt"}, {"berätta en saga"}}};
  return l;
}

const ActLists& german() {
  static const ActLists l{
      {{"hallo"}, {"hi"}, {"hey"}, {"guten tag"}, {"guten morgen"}, {"guten abend"}, {"moin"}, {"moin moin"},
       {"servus"}, {"grüß gott"}, {"grüezi"}, {"grüß dich"}, {"tag"}, {"hallöchen"}},
      {{"danke"}, {"danke schön"}, {"dankeschön"}, {"vielen dank"}, {"danke sehr"}, {"besten dank"},
       {"herzlichen dank"}, {"merci"}, {"danke für die hilfe"}, {"das hat geholfen"}, {"das hilft"}, {"hilft mir"}, {"super"}, {"perfekt"},
       {"prima"}},
      {{"tschüss"}, {"tschüs"}, {"auf wiedersehen"}, {"ciao"}, {"bis dann"}, {"bis bald"}, {"schönen tag"},
       {"einen schönen tag"}, {"das wars"}, {"das war's"}, {"das war alles"}, {"sonst nichts"}, {"mach's gut"}},
      {{"ja"}, {"ja bitte"}, {"jawohl"}, {"jep"}, {"jo"}, {"gerne"}, {"gern"}, {"klar"}, {"natürlich"},
       {"sicher"}, {"okay"}, {"ok"}, {"bitte"}, {"genau"}, {"richtig"}, {"auf jeden fall"}, {"mach das"},
       {"ja gerne"}, {"das wäre gut"}, {"stimmt"}},
      {{"nein"}, {"nein danke"}, {"nö"}, {"nee"}, {"ne"}, {"nicht jetzt"}, {"noch nicht"}, {"lieber nicht"},
       {"nicht nötig"}, {"brauche ich nicht"}, {"passt schon"}},
      {{"hat nicht geholfen"}, {"hilft nicht"}, {"hilft mir nicht"}, {"nicht hilfreich"}, {"war nicht hilfreich"},
       {"bringt nichts"}, {"nicht das was ich gefragt habe"}, {"beantwortet nicht"}, {"keine antwort auf"},
       {"falsche antwort"}, {"nicht relevant"}, {"nicht meine frage"}, {"immer noch nicht geholfen"},
       {"hilft immer noch nicht"}, {"hilft auch nicht"}},
      {{"wie geht's"}, {"wie gehts"}, {"wie geht es dir"}, {"wie geht es ihnen"}, {"bist du ein bot"},
       {"bist du ein roboter"}, {"bist du ein mensch"}, {"sind sie ein mensch"}, {"bist du echt"},
       {"bist du eine ki"}, {"wer bist du"}, {"wie heißt du"}, {"was kannst du"}, {"was machst du"}, {"mit wem spreche ich"},
       {"mit wem chatte ich"}},
      {{"witz"}, {"witze"}, {"wetter"}, {"gedicht"}, {"lied"}, {"rezept"}, {"fußball"}, {"hauptstadt"}, {"bundeskanzler"}, {"kanzler"}, {"präsident"},
       {"sinn des lebens"}, {"wer hat gewonnen"}, {"schreib mir"}, {"schreibe ein"}, {"sing"}, {"film"},
       {"horoskop"}, {"lotto"}, {"aktientipp*"}, {"hausaufgaben"}, {"übersetze"}, {"erzähl eine geschichte"}}};
  return l;
}

const ActLists* lists_for(std::string_view language) {
  if (language == "en") return &english();
  if (language == "sv") return &swedish();
  if (language == "de") return &german();
  return nullptr;
}

}  // namespace

const lexicon::PhraseList& act_phrases(DialogueAct act, std::string_view language) {
  static const PhraseList none{{}};
  const ActLists* l = lists_for(language);
  if (l == nullptr) return none;
  switch (act) {
    case DialogueAct::greeting: return l->greeting;
    case DialogueAct::thanks: return l->thanks;
    case DialogueAct::goodbye: return l->goodbye;
    case DialogueAct::affirm: return l->affirm;
    case DialogueAct::deny: return l->deny;
    case DialogueAct::didnt_help: return l->didnt_help;
    case DialogueAct::small_talk: return l->small_talk;
    case DialogueAct::off_topic: return l->off_topic;
    default: return none;
  }
}

// Words that never make a message a question of its own, in any language.
bool is_filler(std::string_view word) {
  static const std::set<std::string, std::less<>> fillers = [] {
    std::set<std::string, std::less<>> out;
    for (std::string_view w :
         {"so", "much", "lot", "very", "really", "there", "guys", "team", "all", "everyone", "folks", "mate", "dear",
          "sir", "madam", "help", "helping", "info", "information", "answer", "reply", "oh", "ah", "well", "great",
          "good", "nice", "cool", "fine", "day", "again", "anyway", "duet", "bot", "assistant", "quick", "for",
          "wow", "lol", "haha", "tell", "me", "give", "something", "another", "berätta", "ge", "något", "en", "erzähl", "erzähle", "sag", "etwas", "einen", "mir", "hmm", "um", "uh", "thing", "things", "too", "one", "more", "question", "the",
          "och", "så", "mycket", "hjälpen", "bra", "dig", "er", "alla", "ni", "nu", "då", "hmm", "för", "igen",
          "fint", "schyst", "lite", "dag", "svaret", "info", "och", "ok", "idag", "today", "heute", "tonight", "ikväll",
          "vielen", "viel", "sehr", "für", "die", "hilfe", "gut", "alles", "ihnen", "dir", "euch", "mal", "also",
          "schön", "tag", "na", "ach", "jetzt", "nochmal", "antwort", "zusammen"})
      for (auto& x : lexicon::words_of(w)) out.insert(x);
    return out;
  }();
  return lexicon::is_stop_word(word) || fillers.count(word) > 0;
}

}  // namespace duet::dialogue
