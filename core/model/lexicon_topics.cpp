// The phrase lists behind the escalation topics and the brief's sentiment, in English, Swedish and German
// (syntax in lexicon.hpp). Phrases are written as customers type them; accents are optional on both sides.
// Exceptions keep everyday phrases from escalating: "human resources", "my phone died", "I can't pay with
// this card" (a payment problem, not hardship).
#include <set>

#include "lexicon.hpp"

namespace duet::lexicon {
namespace {

const PhraseList& explicit_request() {
  static const PhraseList list{
      {// en
       {"human"}, {"humans"}, {"human being"}, {"real person"}, {"live person"}, {"actual person"},
       {"speak to a person"}, {"talk to a person"}, {"speak with a person"}, {"talk with a person"},
       {"agent"}, {"agents"}, {"representative"}, {"operator"}, {"talk to someone"}, {"speak to someone"},
       {"talk with someone"}, {"speak with someone"}, {"talk to somebody"}, {"speak to somebody"},
       {"customer service"}, {"customer support"}, {"support team"}, {"call me"}, {"callback"},
       {"person + talk"}, {"person + speak"}, {"person + chat"}, {"put me through"}, {"staff member"},
       {"someone real"}, {"somebody real"}, {"real human"}, {"not a bot"}, {"no bot"}, {"don't want a bot"},
       // sv
       {"människa"}, {"människor"}, {"mänsklig"}, {"riktig person"}, {"verklig person"}, {"levande person"},
       {"prata med någon"}, {"tala med någon"}, {"prata med en person"}, {"handläggare"}, {"kundtjänst"},
       {"kundservice"}, {"kundsupport"}, {"ring mig"}, {"ringa upp mig"},
       {"person + prata"}, {"person + chatta"}, {"person + tala"}, {"någon på riktigt"}, {"inte en bot"},
       // de
       {"mensch"}, {"menschen"}, {"echte person"}, {"echten person"}, {"echter person"}, {"*mitarbeiter*"},
       {"mit jemandem sprechen"}, {"mit jemandem reden"}, {"mit jemand sprechen"}, {"kundendienst"},
       {"kundenservice"}, {"kundenbetreuung"}, {"sachbearbeiter*"}, {"berater"}, {"beraterin"},
       {"rückruf"}, {"ruf mich an"}, {"rufen sie mich an"}, {"jemand* + sprechen"}, {"jemand* + chatten"}, {"jemand* + reden"},
       {"person + sprechen"}, {"person + chatten"}, {"persönlich"}, {"kein bot"}, {"keinen bot"}},
      {// Questions about the assistant itself and other kinds of humans and agents.
       "human resources", "human error", "human rights", "are you a human", "are you human",
       "are you a real person", "is this a human", "are you a bot", "travel agent", "delivery agent",
       "customs agent", "shipping agent", "agent fee", "agent fees", "collection agent", "collection agents", "mobile operator",
       "network operator", "phone operator", "tour operator", "är du en människa", "är du människa",
       "är du en riktig person", "är du en bot", "bist du ein mensch", "sind sie ein mensch",
       "bist du ein bot"}};
  return list;
}

const PhraseList& fraud() {
  static const PhraseList list{
      {// en
       {"fraud"}, {"fraudulent"}, {"fraudster*"}, {"scam"}, {"scammed"}, {"scammer*"}, {"stolen card"},
       {"card was stolen"}, {"card has been stolen"}, {"card got stolen"}, {"stole my card"},
       {"stolen credit card"}, {"identity theft"}, {"stolen identity"}, {"identity was stolen"},
       {"stole my identity"}, {"didn't make this purchase"}, {"did not make this purchase"},
       {"didn't make these purchases"}, {"didn't make this payment"}, {"did not make this payment"},
       {"didn't make this order"}, {"didn't place this order"}, {"did not place this order"},
       {"never placed this order"}, {"never placed an order"}, {"never ordered"}, {"didn't order this"},
       {"didn't order that"}, {"didn't order anything"}, {"did not order this"}, {"did not order anything"},
       {"not my purchase"}, {"wasn't me"}, {"unauthori*"}, {"don't recogni*"}, {"do not recogni*"},
       {"didn't authori*"}, {"did not authori*"}, {"hacked"}, {"phishing"}, {"someone used my"},
       {"somebody used my"}, {"someone else used"}, {"without my permission"}, {"without my consent"},
       {"someone logged into"}, {"someone logged in to"}, {"someone accessed my account"},
       {"someone has access to my account"}, {"took over my account"}, {"account takeover"},
       {"purchase + didn't make"}, {"purchase + did not make"}, {"order + didn't make"},
       {"order + didn't place"}, {"payment + didn't make"}, {"login code + didn't ask"}, {"code + didn't request"},
       {"stolen + wallet"}, {"stolen + my id"}, {"stolen + identity"}, {"shopping with my"}, {"using my identity"},
       {"using my name"}, {"in my name + didn't"}, {"in my name + not me"},
       {"account was taken over"}, {"someone changed my password"}, {"locked out of my account + someone"},
       // sv
       {"bedrägeri"}, {"bedrägerier"}, {"*bedrägeri"}, {"bedragen"}, {"bedragare"}, {"blivit blåst"},
       {"bluff"}, {"kapad"}, {"kapat"}, {"kapats"}, {"kapning"}, {"*kapning"}, {"identitetsstöld"},
       {"stulet kort"}, {"stulna kort"}, {"kortet stulet"}, {"kortet är stulet"}, {"kortet blev stulet"},
       {"stulit mitt kort"}, {"har inte gjort detta köp"}, {"inte gjort köpet"}, {"har inte beställt"},
       {"aldrig beställt"}, {"har inte handlat"}, {"aldrig handlat"}, {"känner inte igen"}, {"obehörig*"},
       {"hackad"}, {"hackat"}, {"hackats"}, {"nätfiske"}, {"utan mitt medgivande"}, {"utan min tillåtelse"},
       {"polisanmälan"}, {"polisanmäla"}, {"någon har loggat in"}, {"någon loggade in"},
       {"någon har tagit över"}, {"tagit över mitt konto"}, {"någon har ändrat mitt lösenord"},
       {"köp + inte har gjort"}, {"köp + inte gjort"}, {"köp + har inte gjort"}, {"beställning + inte gjort"},
       {"plånbok* + stul*"}, {"handlat i mitt namn"}, {"handlar i mitt namn"}, {"använt mitt namn"},
       // de
       {"betrug"}, {"*betrug"}, {"betrüger*"}, {"betrügerisch*"}, {"abzocke"}, {"abgezockt"},
       {"karte gestohlen"}, {"karte wurde gestohlen"}, {"gestohlene karte"}, {"gestohlenen karte"},
       {"identitätsdiebstahl"}, {"nicht bestellt"}, {"nie bestellt"}, {"niemals bestellt"},
       {"nicht autorisiert"}, {"unautorisiert"}, {"nicht von mir"}, {"war ich nicht"}, {"kenne ich nicht"},
       {"gehackt"}, {"kartenmissbrauch"}, {"ohne meine zustimmung"}, {"ohne mein wissen"},
       {"strafanzeige"}, {"jemand hat sich eingeloggt"}, {"jemand hat sich angemeldet"},
       {"konto übernommen"}, {"jemand hat mein passwort geändert"}, {"zugriff auf mein konto"}, {"kauf + nicht gemacht"}, {"kauf + nicht getätigt"}, {"bestellung + nicht gemacht"},
       {"mit meinen daten"}, {"geldbörse + gestohlen"}, {"portemonnaie + gestohlen"},
       {"in meinem namen + bestellt"}, {"mit meinem namen"}},
      {"har inte beställt än", "har inte beställt ännu", "noch nicht bestellt", "nicht bestellt werden"}};
  return list;
}

const PhraseList& bereavement() {
  static const PhraseList list{
      {// en
       {"passed away"}, {"died"}, {"has died"}, {"death"}, {"deceased"}, {"funeral"}, {"bereavement"},
       {"bereaved"}, {"widow"}, {"widowed"}, {"widower"}, {"late husband"}, {"late wife"}, {"late mother"},
       {"late father"}, {"late mum"}, {"late mom"}, {"late dad"}, {"late partner"}, {"executor"},
       {"lost my husband"}, {"lost my wife"}, {"lost my mother"}, {"lost my father"}, {"lost my mum"},
       {"lost my mom"}, {"lost my dad"}, {"lost my son"}, {"lost my daughter"}, {"lost my partner"},
       // sv
       {"avliden"}, {"avlidne"}, {"avlidit"}, {"avled"}, {"gått bort"}, {"gick bort"}, {"har dött"},
       {"dödsfall"}, {"dödsbo*"}, {"begravning*"}, {"änka"}, {"änkling"}, {"mamma dog"}, {"pappa dog"},
       {"mor dog"}, {"far dog"}, {"man dog"}, {"fru dog"}, {"make dog"}, {"maka dog"}, {"sambo dog"},
       // de
       {"verstorben"}, {"verstorbene*"}, {"gestorben"}, {"tod"}, {"todesfall"}, {"beerdigung"},
       {"nachlass"}, {"witwe"}, {"witwer"}, {"trauerfall"}, {"hinterbliebene*"}},
      {"phone died", "battery died", "laptop died", "computer died", "tablet died", "phone has died",
       "battery has died"}};
  return list;
}

const PhraseList& vulnerable() {
  static const PhraseList list{
      {// en
       {"seriously ill"}, {"terminally ill"}, {"very ill"}, {"critically ill"}, {"cancer"}, {"hospital"},
       {"hospitalised"}, {"hospitalized"}, {"disability"}, {"disabled"}, {"dementia"}, {"alzheimer*"},
       {"mental health"}, {"depression"}, {"depressed"}, {"suicidal"}, {"suicide"}, {"kill myself"},
       {"self harm"}, {"abuse"}, {"abused"}, {"abusive"}, {"domestic violence"}, {"carer"}, {"care home"},
       {"power of attorney"}, {"can't cope"}, {"struggling to cope"}, {"blind"}, {"visually impaired"},
       {"deaf"}, {"chemo*"}, {"vulnerable"},
       {"gambling"}, {"gambler"}, {"addiction"}, {"addicted"}, {"forces me"}, {"forced me"}, {"forcing me"},
       {"coerc*"}, {"threaten*"}, {"block me from"}, {"self exclusion"}, {"self-exclusion"},
       // sv
       {"allvarligt sjuk"}, {"svårt sjuk"}, {"mycket sjuk"}, {"dödssjuk"}, {"cancer"}, {"sjukhus*"},
       {"inlagd"}, {"funktionsnedsättning"}, {"funktionshinder"}, {"funktionsvariation"}, {"demens"},
       {"dement"}, {"psykisk ohälsa"}, {"psykiskt sjuk"}, {"deprimerad"}, {"självmord*"},
       {"ta livet av mig"}, {"misshandel"}, {"misshandlad"}, {"våld i nära relation"}, {"övergrepp"},
       {"god man"}, {"förvaltare"}, {"fullmakt"}, {"synskadad"}, {"döv"},
       {"spelproblem"}, {"spelberoende"}, {"spelmissbruk"}, {"spelmissbrukare"}, {"beroende"}, {"tvingar mig"},
       {"tvingade mig"}, {"hotar mig"}, {"spärra mig"},
       // de
       {"schwer krank"}, {"schwerkrank"}, {"todkrank"}, {"sehr krank"}, {"krebs"}, {"krankenhaus"},
       {"klinik"}, {"behinderung"}, {"behindert"}, {"schwerbehindert*"}, {"demenz"}, {"psychisch krank"},
       {"depression*"}, {"depressiv"}, {"suizid*"}, {"selbstmord*"}, {"missbrauch"}, {"misshandlung"},
       {"misshandelt"}, {"häusliche gewalt"}, {"gewalt"}, {"betreuer*"}, {"vollmacht"}, {"pflegefall"},
       {"pflegeheim"}, {"blind"}, {"sehbehindert"}, {"gehörlos"}, {"chemotherapie"},
       {"spielsucht"}, {"spielsüchtig"}, {"glücksspiel*"}, {"süchtig"}, {"zwingt mich"}, {"gezwungen"},
       {"bedroht mich"}, {"sperren sie mich"}},
      {}};
  return list;
}

const PhraseList& dispute() {
  static const PhraseList list{
      {// en
       {"dispute"}, {"disputed"}, {"disputing"}, {"chargeback"}, {"charge back"}, {"not as described"},
       {"wrong amount"}, {"incorrect amount"}, {"overcharged"},
       {"still charged"}, {"still being charged"}, {"still invoiced"}, {"returned + still"},
       {"sent it back + still"}, {"merchant refuses"}, {"seller refuses"}, {"store refuses"},
       {"shop refuses"}, {"merchant won't"}, {"seller won't"}, {"store won't"}, {"shop won't"},
       {"refuses to refund"}, {"refused to refund"}, {"won't refund"}, {"disagree"},
       // sv
       {"bestrid*"}, {"tvist"}, {"invändning"}, {"reklamation"}, {"reklamera*"}, {"inte som beskrivet"},
       {"fel belopp"}, {"överdebiter*"},
       {"returnerat + fortfarande"}, {"skickat tillbaka + fortfarande"}, {"säljaren vägrar"},
       {"butiken vägrar"}, {"handlaren vägrar"}, {"vägrar återbetala"}, {"håller inte med"},
       // de
       {"widerspruch"}, {"widersprechen"}, {"reklamation"}, {"reklamier*"}, {"beanstand*"}, {"streitfall"},
       {"rückbuchung"}, {"falscher betrag"},
       {"falschen betrag"}, {"nicht wie beschrieben"},
       {"händler weigert"}, {"verkäufer weigert"}, {"weigert sich"}, {"anfechten"}, {"bestreiten"}, {"zurückgeschickt + immer noch"},
       {"zurückgesendet + immer noch"}, {"nicht einverstanden"}},
      {}};
  return list;
}

const PhraseList& hardship() {
  static const PhraseList list{
      {// en
       {"can't afford"}, {"cannot afford"}, {"can not afford"}, {"can't pay"}, {"cannot pay"},
       {"can not pay"}, {"unable to pay"}, {"struggling to pay"}, {"struggling financially"},
       {"financial difficult*"}, {"financial hardship"}, {"financial problems"}, {"money problems"},
       {"money is tight"}, {"no money"}, {"lost my job"}, {"lost my income"}, {"unemployed"}, {"laid off"},
       {"made redundant"}, {"redundancy"}, {"no income"}, {"in debt"}, {"debt"}, {"debts"},
       {"debt collect*"}, {"collection agenc*"}, {"collections agenc*"}, {"collection agent*"},
       {"bailiff*"}, {"bankrupt*"}, {"insolvency"},
       // sv
       {"har inte råd"}, {"inte råd"}, {"kan inte betala"}, {"kan inte längre betala"},
       {"klarar inte att betala"}, {"klarar inte av att betala"}, {"arbetslös"}, {"förlorat jobbet"},
       {"förlorat mitt jobb"}, {"blivit av med jobbet"}, {"blev av med jobbet"}, {"varslad"}, {"uppsagd"},
       {"skulder"}, {"skuldsatt"}, {"skuldsanering"}, {"betalningssvårigheter"}, {"ekonomiska svårigheter"},
       {"ekonomiska problem"}, {"dålig ekonomi"}, {"ont om pengar"}, {"inga pengar"}, {"inkasso*"},
       {"*inkasso"}, {"kronofogde*"}, {"betalningsanmärkning*"},
       // de
       {"schulden"}, {"verschuldet"}, {"überschuldet"}, {"inkasso*"}, {"*inkasso"}, {"kann nicht zahlen"},
       {"kann nicht bezahlen"}, {"kann + nicht bezahlen"}, {"kann + nicht mehr zahlen"}, {"nicht leisten"},
       {"arbeitslos"}, {"job verloren"}, {"arbeit verloren"}, {"arbeitsplatz verloren"},
       {"zahlungsunfähig"}, {"zahlungsschwierigkeit*"}, {"finanzielle schwierigkeiten"},
       {"finanzielle probleme"}, {"geldprobleme"}, {"geldsorgen"}, {"kein geld"}, {"pleite"},
       {"insolvenz"}, {"privatinsolvenz"}, {"gerichtsvollzieher"}, {"schufa"}},
      {// A payment method that does not work is a payment problem, not hardship.
       "can't pay with", "cannot pay with", "can not pay with", "can't pay by", "cannot pay by",
       "can't pay using", "cannot pay using", "can't pay online", "cannot pay online", "kan inte betala med",
       "kan inte betala via", "kan inte betala online", "kann nicht mit"}};
  return list;
}

const PhraseList& complaint() {
  static const PhraseList list{
      {// en
       {"complaint"}, {"complaints"}, {"complain"}, {"complaining"}, {"ombudsman"}, {"consumer protection"},
       {"trading standards"}, {"lawyer"}, {"solicitor"}, {"legal action"}, {"sue you"},
       {"take you to court"}, {"report you"},
       // sv
       {"klagomål"}, {"klaga"}, {"klagar"}, {"anmäla er"}, {"anmäler er"}, {"reklamationsnämnden"},
       {"konsumentverket"}, {"konsumentombudsmannen"}, {"advokat"}, {"jurist"}, {"stämma er"},
       // de
       {"beschwerde*"}, {"beschweren"}, {"beschwere"}, {"verbraucherzentrale"}, {"verbraucherschutz"},
       {"ombudsmann"}, {"schlichtungsstelle"}, {"anwalt"}, {"rechtsanwalt"}, {"anwältin"}, {"verklagen"},
       {"klage einreichen"}, {"rechtliche schritte"}},
      {}};
  return list;
}

const PhraseList& frustration() {
  static const PhraseList list{
      {// en
       {"useless"}, {"ridiculous"}, {"wtf"}, {"stupid"}, {"pathetic"}, {"is a joke"}, {"what a joke"}, {"such a joke"}, {"terrible"}, {"awful"},
       {"horrible"}, {"worst"}, {"unacceptable"}, {"annoying"}, {"annoyed"}, {"frustrated"},
       {"frustrating"}, {"fed up"}, {"sick of"}, {"sick and tired"}, {"not helpful"}, {"unhelpful"},
       {"not helping"}, {"doesn't help"}, {"pointless"}, {"waste of time"}, {"angry"}, {"furious"},
       {"livid"}, {"bullshit"}, {"crap"}, {"fuck*"}, {"shit*"}, {"damn"}, {"ffs"}, {"already told you"},
       {"already said that"}, {"already asked"}, {"you don't understand"}, {"not what i asked"},
       {"answer my question"}, {"dumb"}, {"idiot*"}, {"incompetent"}, {"disgrace*"},
       // sv
       {"värdelös"}, {"värdelöst"}, {"värdelösa"}, {"löjlig*"}, {"är ett skämt"}, {"vilket skämt"}, {"patetisk*"}, {"sämst"},
       {"sämsta"}, {"irriterad"}, {"irriterande"}, {"frustrerad"}, {"frustrerande"}, {"trött på"},
       {"less på"}, {"arg"}, {"förbannad"}, {"jävla"}, {"jävlar"}, {"vad fan"}, {"för fan"},
       {"fan också"}, {"helvete"}, {"skit"}, {"skitsnack"}, {"oacceptabel*"}, {"hjälper inte"},
       {"hjälper ju inte"}, {"du förstår inte"}, {"förstår du inte"}, {"redan sagt"}, {"redan frågat"},
       {"svara på frågan"}, {"inkompetent*"}, {"korkad"},
       // de
       {"nutzlos"}, {"sinnlos"}, {"lächerlich"}, {"unverschämt"}, {"frechheit"}, {"katastrophe"},
       {"katastrophal"}, {"schrecklich"}, {"furchtbar"}, {"ärgerlich"}, {"verärgert"}, {"genervt"},
       {"nervt"}, {"sauer"}, {"wütend"}, {"frustriert"}, {"frustrierend"}, {"mist"}, {"scheiß*"},
       {"verdammt"}, {"zum kotzen"}, {"hilft nicht"}, {"hilft mir nicht"}, {"bringt nichts"},
       {"ist ein witz"}, {"so ein witz"}, {"inakzeptabel"}, {"unakzeptabel"}, {"blöd*"}, {"dumm"}, {"schon gesagt"},
       {"schon gefragt"}},
      {}};
  return list;
}

const PhraseList& positive() {
  static const PhraseList list{
      {// en
       {"thanks"}, {"thank you"}, {"thx"}, {"great"}, {"perfect"}, {"awesome"}, {"excellent"}, {"love"},
       {"helpful"}, {"appreciate*"}, {"wonderful"}, {"amazing"}, {"brilliant"}, {"good"}, {"nice"},
       {"happy"}, {"cheers"}, {"fantastic"}, {"solved"}, {"works now"},
       // sv
       {"tack"}, {"tackar"}, {"toppen"}, {"perfekt"}, {"bra"}, {"jättebra"}, {"super"}, {"underbar*"},
       {"grymt"}, {"nöjd"}, {"glad"}, {"hjälpsam*"}, {"fint"}, {"utmärkt"}, {"löst"},
       // de
       {"danke"}, {"dank"}, {"toll"}, {"prima"}, {"klasse"}, {"hilfreich"}, {"zufrieden"}, {"wunderbar"},
       {"gut"}, {"ausgezeichnet"}, {"großartig"}, {"gelöst"}},
      {}};
  return list;
}

const PhraseList& negative() {
  static const PhraseList list{
      {// en
       {"problem"}, {"problems"}, {"issue"}, {"issues"}, {"wrong"}, {"error"}, {"broken"}, {"not working"},
       {"doesn't work"}, {"didn't work"}, {"isn't working"}, {"failed"}, {"fails"}, {"disappointed"},
       {"disappointing"}, {"worried"}, {"upset"}, {"confused"}, {"unhappy"}, {"bad"}, {"missing"},
       {"lost"}, {"damaged"}, {"late"}, {"declined"}, {"rejected"}, {"still"}, {"unfortunately"},
       {"concerned"}, {"stressed"}, {"urgent"},
       // sv
       {"problem"}, {"problemet"}, {"fel"}, {"felaktig*"}, {"fungerar inte"}, {"funkar inte"}, {"trasig*"},
       {"besviken"}, {"orolig"}, {"ledsen"}, {"tyvärr"}, {"missnöjd"}, {"fortfarande"}, {"saknas"},
       {"försvunn*"}, {"skadad*"}, {"nekad*"}, {"nekades"}, {"försenad*"}, {"stressad"}, {"akut"},
       {"bråttom"},
       // de
       {"probleme"}, {"fehler"}, {"falsch"}, {"kaputt"}, {"funktioniert nicht"}, {"geht nicht"},
       {"klappt nicht"}, {"enttäuscht"}, {"besorgt"}, {"leider"}, {"unzufrieden"}, {"immer noch"},
       {"fehlt"}, {"verloren"}, {"beschädigt"}, {"abgelehnt"}, {"verspätet"}, {"dringend"}, {"ärger"}},
      {}};
  return list;
}

std::set<std::string, std::less<>> normalised(std::initializer_list<std::string_view> written) {
  std::set<std::string, std::less<>> out;
  for (std::string_view w : written) {
    for (auto& word : words_of(w)) out.insert(std::move(word));
  }
  return out;
}

}  // namespace

const PhraseList& phrases(Topic t) {
  switch (t) {
    case Topic::explicit_request: return explicit_request();
    case Topic::fraud: return fraud();
    case Topic::bereavement: return bereavement();
    case Topic::vulnerable: return vulnerable();
    case Topic::dispute: return dispute();
    case Topic::hardship: return hardship();
    case Topic::complaint: return complaint();
    case Topic::frustration: return frustration();
    case Topic::positive: return positive();
    case Topic::negative: return negative();
  }
  return negative();  // unreachable: every Topic is handled above
}

bool is_stop_word(std::string_view word) {
  static const auto words = normalised({
      // en
      "a", "an", "the", "and", "or", "but", "if", "then", "so", "to", "of", "in", "on", "at", "for", "with",
      "by", "from", "about", "as", "into", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did",
      "have", "has", "had", "i", "me", "my", "you", "your", "we", "our", "us", "he", "she", "it", "its",
      "they", "them", "their", "this", "that", "these", "those", "there", "here", "what", "which", "who",
      "when", "where", "why", "how", "can", "could", "would", "should", "will", "may", "might", "must",
      "yes", "please", "hi", "hello", "hey", "thanks", "thank", "ok", "okay", "i'm", "i've", "just",
      "also", "any", "some", "all", "get", "got", "want", "need", "like", "now", "very", "really", "much",
      "up", "out", "again",
      // sv
      "och", "eller", "men", "om", "att", "det", "den", "detta", "denna", "dessa", "de", "en", "ett", "i",
      "på", "av", "för", "med", "till", "från", "som", "är", "var", "varit", "vara", "har", "hade", "jag",
      "mig", "min", "mitt", "mina", "du", "dig", "din", "ditt", "dina", "vi", "oss", "er", "han", "hon",
      "sig", "sin", "kan", "kunde", "ska", "skulle", "vill", "måste", "hur", "vad", "varför", "när", "vem",
      "vilken", "vilket", "hej", "hallå", "tack", "snälla", "ja", "nej", "okej", "nu", "bara", "också",
      "så", "då", "igen",
      // de
      "der", "die", "das", "dem", "des", "ein", "eine", "einen", "einem", "einer", "und", "oder", "aber",
      "wenn", "dann", "zu", "von", "mit", "für", "auf", "an", "im", "am", "aus", "bei", "nach", "ist",
      "sind", "war", "waren", "sein", "bin", "bist", "habe", "hast", "hat", "haben", "hatte", "ich",
      "mich", "mir", "mein", "meine", "meinen", "meiner", "dich", "dir", "dein", "deine", "sie", "ihr",
      "ihre", "ihnen", "wir", "uns", "unser", "er", "es", "sich", "können", "konnte", "soll", "sollte",
      "will", "möchte", "muss", "wie", "was", "warum", "wann", "wo", "wer", "welche", "hallo", "danke",
      "bitte", "jetzt", "nur", "auch", "da", "noch", "schon", "sehr", "wieder"});
  return words.find(word) != words.end();
}

bool is_negation(std::string_view word) {
  static const auto words = normalised({"not", "no", "never", "don't", "didn't", "doesn't", "isn't",
                                        "wasn't", "aren't", "can't", "cannot", "won't", "nothing", "inte",
                                        "ej", "aldrig", "icke", "inget", "ingen", "nicht", "kein", "keine",
                                        "keinen", "nie", "niemals", "nichts"});
  return words.find(word) != words.end();
}

}  // namespace duet::lexicon
