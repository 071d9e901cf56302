#pragma once
// The real knowledge base in assets/kb, parsed once, and one KbAssistant over it, for the assistant
// tests (test_assistant.cpp, test_assistant_devset.cpp).
#include <string>
#include <vector>

#include "model/kb_assistant.hpp"

namespace duet::test {

extern const std::vector<std::string> kEnglishIds;     // every English article
extern const std::vector<std::string> kTranslatedIds;  // the ones also in Swedish and German

std::string read_file(const std::string& path);
std::string kb_file(const std::string& language, const std::string& id);
// The whole knowledge base, parsed once. A parse failure is reported by the first test.
const std::vector<Article>& knowledge_base();
const Article& article(const std::string& language, const std::string& id);
KbAssistant& assistant();
Answer ask(const std::string& text, const std::string& language = "en");

}  // namespace duet::test
