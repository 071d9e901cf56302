#pragma once
// Recognises the dialogue acts of a customer message before any retrieval: "hello", "thanks!",
// "yes please", "nej tack", "das hat nicht geholfen", "are you a bot?". Each act has a phrase list per
// language (dialogue_acts_lexicon.cpp); a message is a "pure" act when nothing but act phrases and
// filler words remain ("hi there!", "ok thanks a lot 😊"), otherwise it carries content for retrieval
// ("hi, where is my refund?").
#include <bitset>
#include <string>
#include <string_view>

#include "enum_names.hpp"
#include "lexicon.hpp"
#include "types.hpp"

namespace duet::dialogue {

struct ActReading {
  std::bitset<enum_count<DialogueAct>> matched;  // every act with a phrase in the message
  DialogueAct act = DialogueAct::none;           // the act a pure message is (none: it has content)
  bool has_content = false;                      // words beyond act phrases and fillers
  std::string language;                          // the language whose phrases matched ("" when none)

  bool has(DialogueAct a) const { return matched.test(static_cast<std::size_t>(a)); }
};

// `language` is the conversation's ("en", "sv", "de"): its phrases are preferred when several
// languages match ("ok"), and it names the reading's language when none matched.
ActReading read_acts(std::string_view text, std::string_view language);

// The phrase list of one act in one language (for tests and the lexicon's own checks); acts without a
// list (none, sensitive, frustration, unsure) and unknown languages get an empty list.
const lexicon::PhraseList& act_phrases(DialogueAct act, std::string_view language);

// Languages with their own act phrases and replies.
inline constexpr std::string_view kDialogueLanguages[] = {"en", "sv", "de"};

}  // namespace duet::dialogue
