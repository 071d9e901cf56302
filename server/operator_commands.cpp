#include "server/operator_commands.hpp"

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <ostream>
#include <sstream>

#include "server/crypto.hpp"
#include "server/origin.hpp"
#include "server/store/store_factory.hpp"

namespace duet::server {
namespace {

TimeMs now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "-" : out;
}

// These commands write for a server started later, so what they store must outlive them.
std::unique_ptr<Store> open_store(const Config& config) {
  if (!store_is_durable(config))
    throw std::runtime_error("store.kind \"" + config.store.kind +
                             "\" keeps nothing after this command: the operator commands and --demo need \"sqlite\" or \"postgres\"");
  return make_store(config);
}

// Where the commands' writes went, in the operator's words.
std::string store_place(const Config& config) {
  return config.store.kind == "postgres" ? std::string("PostgreSQL") : config.data_dir;
}

std::string new_token() { return "duet_at_" + crypto::base64url(crypto::random_bytes(24)); }

AgentRow make_agent(const std::string& name, std::vector<std::string> languages, std::vector<std::string> skills,
                    int capacity, const std::string& token) {
  AgentRow a;
  a.id = "a_" + crypto::hex(crypto::random_bytes(4));
  a.name = name;
  a.token_hash = crypto::token_hash(token);
  a.languages = languages.empty() ? std::vector<std::string>{"en"} : std::move(languages);
  a.skills = std::move(skills);
  a.capacity = capacity;
  a.created = now_ms();
  return a;
}

}  // namespace

int add_agent_command(const Config& config, const CommandLine& cl, std::ostream& out, std::ostream& err) {
  const auto name = cl.value("--name");
  if (!name || name->empty()) {
    err << "add-agent needs --name NAME\n";
    return 2;
  }
  int capacity = 3;
  if (auto c = cl.value("--capacity")) {
    try {
      capacity = std::stoi(*c);
    } catch (...) {
      capacity = -1;
    }
    if (capacity < 0 || capacity > 50) {
      err << "--capacity must be a whole number from 0 to 50\n";
      return 2;
    }
  }
  const std::string token = new_token();
  AgentRow a = make_agent(*name, split_list(cl.value("--languages").value_or("en")),
                          split_list(cl.value("--skills").value_or("")), capacity, token);
  auto store = open_store(config);
  store->put_agent(a);
  store->flush();
  out << "Agent " << a.name << " (" << a.id << ") added to " << store_place(config) << ".\n"
      << "Login token (shown once; only its SHA-256 is stored):\n  " << token << "\n";
  return 0;
}

int list_agents_command(const Config& config, std::ostream& out) {
  auto store = open_store(config);
  const auto agents = store->agents();
  if (agents.empty()) {
    out << "No agents in " << store_place(config) << " (add one with: duet-server add-agent --name NAME)\n";
    return 0;
  }
  out << std::left << std::setw(12) << "ID" << std::setw(24) << "NAME" << std::setw(14) << "LANGUAGES"
      << std::setw(20) << "SKILLS" << "CAPACITY\n";
  for (const auto& a : agents)
    out << std::setw(12) << a.id << std::setw(24) << a.name << std::setw(14) << join(a.languages) << std::setw(20)
        << join(a.skills) << a.capacity << "\n";
  return 0;
}

namespace {
// A site as printed: its identity secret never goes into terminals' scrollback or logs (add-site
// --new-secret shows a new one once, on purpose).
nlohmann::json shown_site(const SiteConfig& s) {
  auto j = to_json(s);
  j["identity_secret"] = s.identity_secret.empty() ? "" : "(set)";
  return j;
}
}  // namespace

int add_site_command(const Config& config, const CommandLine& cl, std::ostream& out, std::ostream& err) {
  SiteConfig s;
  s.key = cl.value("--key").value_or("");
  if (s.key.empty()) {
    err << "add-site needs --key KEY\n";
    return 2;
  }
  if (auto it = cl.flags.find("--origin"); it != cl.flags.end()) s.origins = it->second;
  for (auto& o : s.origins) {
    std::string why;
    auto c = canonical_origin(o, &why);
    if (!c) {
      err << "--origin \"" << o << "\" is not an origin: " << why << " (e.g. https://shop.example)\n";
      return 2;
    }
    o = *c;
  }
  s.allow_missing_origin = cl.has("--allow-missing-origin");
  if (auto l = cl.value("--languages")) s.languages = split_list(*l);
  if (auto b = cl.value("--brand-color")) s.brand_color = *b;
  // The secret merchants sign identity tokens with: given, or made here and shown this once.
  const bool new_secret = cl.has("--new-secret");
  if (auto sec = cl.value("--secret")) s.identity_secret = *sec;
  if (new_secret) s.identity_secret = crypto::base64url(crypto::random_bytes(32));
  if (!s.identity_secret.empty() && s.identity_secret.size() < 16) {
    err << "--secret must be at least 16 characters (or use --new-secret)\n";
    return 2;
  }
  if (auto h = cl.value("--hours")) {
    auto j = nlohmann::json::parse(*h, nullptr, false);
    auto hours = j.is_discarded() ? Result<BusinessHours, std::string>(std::string("--hours must be JSON"))
                                  : business_hours_from_json(j);
    if (!hours) {
      err << hours.error() << "\n";
      return 2;
    }
    s.hours = hours.value();
  }
  auto store = open_store(config);
  store->put_site(s);
  store->flush();
  out << "Site " << s.key << " saved in " << store_place(config) << ": " << shown_site(s).dump() << "\n";
  if (new_secret) out << "Identity secret (keep it on your backend; shown only now): " << s.identity_secret << "\n";
  else if (!s.identity_secret.empty()) out << "Identity secret set.\n";
  if (s.origins.empty()) out << "(no --origin given: any origin may use this site key)\n";
  return 0;
}

int list_sites_command(const Config& config, std::ostream& out) {
  auto store = open_store(config);
  for (const auto& s : store->sites()) out << "data dir: " << shown_site(s).dump() << "\n";
  for (const auto& s : config.sites) out << "config:   " << shown_site(s).dump() << "\n";
  return 0;
}

int revoke_resume_command(const Config& config, const CommandLine& cl, std::ostream& out, std::ostream& err) {
  const std::string id = cl.value("--conversation").value_or("");
  if (id.empty()) {
    err << "revoke-resume needs --conversation ID (the id in the widget's resume token, before the first '.')\n";
    return 2;
  }
  auto store = open_store(config);
  if (!store->load_conversation(id)) {
    err << "no conversation " << id << " in " << store_place(config) << "\n";
    return 1;
  }
  // +1: a token issued in this very millisecond is revoked too.
  store->revoke_resume_tokens(id, now_ms() + 1);
  store->flush();
  out << "Resume tokens of " << id << " issued until now are revoked in " << store_place(config)
      << "; connections open now stay open until they close.\n";
  return 0;
}

std::string ensure_demo_agent(const Config& config) {
  namespace fs = std::filesystem;
  auto store = open_store(config);
  const fs::path file = fs::path(config.data_dir) / "demo-agent.token";
  if (fs::exists(file)) {
    std::ifstream in(file);
    std::string token;
    std::getline(in, token);
    if (!token.empty() && store->agent_by_token_hash(crypto::token_hash(token))) return token;
  }
  const std::string token = new_token();
  store->put_agent(make_agent("Demo Agent", {"en", "sv", "de"}, {"fraud", "dispute"}, 3, token));
  store->flush();
  {
    std::ofstream f(file, std::ios::trunc);
    f << token << "\n";
  }
  ::chmod(file.c_str(), 0600);
  return token;
}

SiteConfig demo_site(unsigned short port) {
  SiteConfig s;
  s.key = "demo";
  const std::string p = std::to_string(port);
  s.origins = {"http://localhost:" + p, "http://127.0.0.1:" + p};
  s.allow_missing_origin = true;  // the native harness and curl-like tools send no Origin
  s.languages = {"en", "sv", "de"};
  return s;
}

}  // namespace duet::server
