#pragma once
// The operator sub-commands (add-agent, list-agents, add-site, list-sites, revoke-resume) and the demo setup, on
// the store in the data dir. They print for people and return a process exit code.
#include <iosfwd>
#include <string>

#include "server/cli.hpp"
#include "server/config.hpp"

namespace duet::server {

int add_agent_command(const Config& config, const CommandLine& cl, std::ostream& out, std::ostream& err);
int list_agents_command(const Config& config, std::ostream& out);
int add_site_command(const Config& config, const CommandLine& cl, std::ostream& out, std::ostream& err);
int list_sites_command(const Config& config, std::ostream& out);
// Resume tokens of one conversation issued until now open nothing any more (its customer, or whoever
// holds a copied token, starts a new conversation).
int revoke_resume_command(const Config& config, const CommandLine& cl, std::ostream& out, std::ostream& err);

// Demo mode, before the server starts: the demo agent (created on first start; its token is kept in
// DATA/demo-agent.token so every start can print it). Returns the token.
std::string ensure_demo_agent(const Config& config);
// The demo site "demo" for http://localhost:PORT and http://127.0.0.1:PORT, unless configured.
SiteConfig demo_site(unsigned short port);

}  // namespace duet::server
