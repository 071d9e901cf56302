#pragma once
// The labelled cases of the evaluation: messages.jsonl (one turn each, a fresh conversation) and
// dialogues.jsonl (several turns in one conversation). See README.md for the schema.
#include <optional>
#include <string>
#include <vector>

namespace duet::eval {

struct TurnCase {
  std::string text;
  std::string expect;                // "answer:<article>", "queue:<reason>" or "act:<act>"
  std::optional<bool> offer;         // an offer_human event must (true) / must not (false) come
  std::optional<std::string> state;  // the conversation's state after the turn (dialogues only)
};

struct Case {
  std::string id;
  std::string lang;
  std::string context_json = "{}";  // the merchant Context, as in the hello frame
  std::vector<TurnCase> turns;
  bool dialogue = false;
};

// One case per non-empty line; throws std::runtime_error naming the file and line on a bad one.
std::vector<Case> load_messages(const std::string& path);
std::vector<Case> load_dialogues(const std::string& path);

// Labels naming an article that does not exist in the case's language (<kb_dir>/<lang>/<id>.md), as
// "<case id>: answer:<id>"; empty when every label is sound.
std::vector<std::string> unknown_articles(const std::vector<Case>& cases, const std::string& kb_dir);

// "answer:refund-timing" -> "answer"; "queue:fraud" -> "queue:fraud"; "act:thanks" -> "act:thanks".
std::string category_of(const std::string& label);

}  // namespace duet::eval
