// read_acts (dialogue_acts.hpp): which act phrases a message holds, in which language, and whether
// anything else is left for retrieval.
#include <array>
#include <vector>

#include "dialogue_acts.hpp"

namespace duet::dialogue {

bool is_filler(std::string_view word);  // dialogue_acts_lexicon.cpp

namespace {

// A pure message is the first of these it matches: "thanks, but that didn't help" is didnt_help,
// "no thanks" deny, "ok thanks, bye" goodbye, "yes please, thank you" thanks (an offer's "yes" is read
// from `matched`, see dialogue.cpp).
constexpr std::array kPriority{DialogueAct::didnt_help, DialogueAct::small_talk, DialogueAct::off_topic,
                               DialogueAct::deny,       DialogueAct::goodbye,    DialogueAct::thanks,
                               DialogueAct::affirm,     DialogueAct::greeting};

struct Coverage {
  std::bitset<enum_count<DialogueAct>> matched;
  std::vector<bool> covered;
  std::size_t count = 0;
};

Coverage cover(const lexicon::Words& words, std::string_view language) {
  Coverage c;
  c.covered.assign(words.size(), false);
  for (DialogueAct act : kPriority) {
    for (const lexicon::Match& m : act_phrases(act, language).matches(words)) {
      c.matched.set(static_cast<std::size_t>(act));
      const std::size_t n = lexicon::words_of(m.pattern).size();
      for (std::size_t k = m.at; k < m.at + n && k < words.size(); ++k) c.covered[k] = true;
    }
  }
  // A phrase said twice ("thanks thanks!", "hi hi") is matched once; its other copies are covered too.
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (c.covered[i]) continue;
    for (std::size_t j = 0; j < words.size() && !c.covered[i]; ++j)
      if (c.covered[j] && words[j] == words[i]) c.covered[i] = true;
  }
  for (bool b : c.covered) c.count += b ? 1 : 0;
  return c;
}

bool contains(std::string_view text, std::string_view what) { return text.find(what) != std::string_view::npos; }

// A message of emoji alone says something too.
DialogueAct emoji_act(std::string_view text) {
  for (std::string_view e : {"\xF0\x9F\x91\x8D", "\xF0\x9F\x99\x8F", "\xE2\x9D\xA4", "\xF0\x9F\x98\x8A", "\xF0\x9F\x99\x82"})
    if (contains(text, e)) return DialogueAct::thanks;  // 👍 🙏 ❤ 😊 🙂
  if (contains(text, "\xF0\x9F\x91\x8E")) return DialogueAct::didnt_help;  // 👎
  if (contains(text, "\xF0\x9F\x91\x8B")) return DialogueAct::greeting;    // 👋
  return DialogueAct::none;
}

}  // namespace

ActReading read_acts(std::string_view text, std::string_view language) {
  const lexicon::Words words = lexicon::words_of(text);
  ActReading r;
  r.language = std::string(language);
  if (words.empty()) {
    r.act = emoji_act(text);
    if (r.act != DialogueAct::none) r.matched.set(static_cast<std::size_t>(r.act));
    return r;
  }
  // The conversation's language first; another wins only by covering more of the message.
  std::vector<std::string_view> order{language};
  for (std::string_view l : kDialogueLanguages)
    if (l != language) order.push_back(l);
  Coverage best;
  bool found = false;
  for (std::string_view l : order) {
    Coverage c = cover(words, l);
    if (c.count == 0) continue;
    if (!found || c.count > best.count) {
      best = std::move(c);
      r.language = std::string(l);
      found = true;
    }
  }
  if (!found) {
    r.has_content = true;
    return r;
  }
  r.matched = best.matched;
  for (std::size_t i = 0; i < words.size() && !r.has_content; ++i)
    if (!best.covered[i] && !is_filler(words[i])) r.has_content = true;
  if (r.has_content) return r;
  for (DialogueAct act : kPriority) {
    if (r.has(act)) {
      r.act = act;
      break;
    }
  }
  return r;
}

}  // namespace duet::dialogue
