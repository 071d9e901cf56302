#include "kb_fixture.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace duet::test {

const std::vector<std::string> kEnglishIds{
    "about-duet-pay", "automatic-payments", "cancel-order", "change-address", "change-email", "close-account",
    "contact-support", "credit-check", "debt-collection", "delivery-damaged", "delivery-late",
    "delivery-missing", "dispute", "double-charge", "due-date", "eligibility", "exchange-item",
    "extend-due-date", "fees", "financial-hardship", "fraud", "instalments", "invoice-not-received",
    "late-payment", "login-problems", "partial-refund", "pay-early", "pay-invoice", "payment-declined-bank",
    "payment-declined-card", "payment-not-registered", "payment-options", "privacy", "purchase-limit",
    "receipt", "refund-timing", "return-items"};
// The most asked topics, also in Swedish and German under the same ids.
const std::vector<std::string> kTranslatedIds{
    "cancel-order", "change-address", "contact-support", "delivery-late", "due-date", "extend-due-date", "fees",
    "fraud", "instalments", "invoice-not-received", "late-payment", "pay-invoice", "payment-declined-card",
    "refund-timing", "return-items"};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string kb_file(const std::string& language, const std::string& id) {
  return std::string(DUET_KB_DIR) + "/" + language + "/" + id + ".md";
}

const std::vector<Article>& knowledge_base() {
  static const std::vector<Article> articles = [] {
    std::vector<Article> out;
    const auto load = [&](const std::string& language, const std::vector<std::string>& ids) {
      for (const std::string& id : ids) {
        auto parsed = duet::parse_article(read_file(kb_file(language, id)), language);
        if (parsed) out.push_back(std::move(parsed.value()));
      }
    };
    load("en", kEnglishIds);
    load("sv", kTranslatedIds);
    load("de", kTranslatedIds);
    return out;
  }();
  return articles;
}

const Article& article(const std::string& language, const std::string& id) {
  for (const Article& a : knowledge_base()) {
    if (a.language == language && a.id == id) return a;
  }
  FAIL("no article " << language << "/" << id);
  throw;  // unreachable: FAIL throws
}

KbAssistant& assistant() {
  static KbAssistant instance(knowledge_base());
  return instance;
}

Answer ask(const std::string& text, const std::string& language) {
  return assistant().answer(Question{text, language, {}});
}

}  // namespace duet::test
