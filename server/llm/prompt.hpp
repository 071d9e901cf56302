#pragma once
// The chat messages sent to the endpoint: retrieval-augmented and built so that customer text stays
// data. The first system message is a constant (the rules; nothing the customer writes changes a byte
// of it); a second system message carries the articles, the merchant's page context and the reply
// language; then the conversation, customer lines as `user` wrapped in <customer_message> tags they
// cannot close, the assistant's and agents' lines as `assistant`, the latest customer message last.
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/assistant.hpp"

namespace duet::server::llm {

struct PromptArticle {
  std::string id, title, body;
};

// The rules, the same for every request.
std::string_view system_rules();

// Customer text as data: angle brackets become look-alike quotes (so no tag can be opened or closed),
// then wrapped in <customer_message>...</customer_message>.
std::string delimit_customer_text(std::string_view text);

// The `messages` array. Earlier customer lines that look like injection are left out (never sent).
nlohmann::json build_messages(const Question& q, const std::vector<PromptArticle>& articles);

}  // namespace duet::server::llm
