#include "server/cli.hpp"

#include <set>

namespace duet::server {

std::optional<std::string> CommandLine::value(const std::string& flag) const {
  auto it = flags.find(flag);
  if (it == flags.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

bool is_switch(const std::string& flag) {
  return flag == "--demo" || flag == "--help" || flag == "-h" || flag == "--allow-missing-origin" ||
         flag == "--version" || flag == "--new-secret";
}

Result<CommandLine, std::string> parse_command_line(int argc, const char* const* argv) {
  static const std::set<std::string> commands{"serve",    "add-agent",     "list-agents", "add-site",
                                             "list-sites", "revoke-resume", "help"};
  static const std::set<std::string> known{
      "--config", "--port",   "--host",      "--data",   "--web",        "--kb",        "--threads",
      "--log-level", "--demo", "--help",     "-h",       "--version",    "--name",      "--languages",
      "--skills", "--capacity", "--key",     "--origin", "--allow-missing-origin", "--brand-color", "--hours",
      "--conversation", "--secret", "--new-secret"};
  CommandLine cl;
  int i = 1;
  if (i < argc && argv[i][0] != '-') {
    cl.command = argv[i++];
    if (!commands.count(cl.command)) return std::string("unknown command \"" + cl.command + "\" (see --help)");
  }
  for (; i < argc; ++i) {
    std::string flag = argv[i];
    std::optional<std::string> inline_value;
    if (auto eq = flag.find('='); flag.rfind("--", 0) == 0 && eq != std::string::npos) {
      inline_value = flag.substr(eq + 1);
      flag = flag.substr(0, eq);
    }
    if (!known.count(flag)) return std::string("unknown option " + flag + " (see --help)");
    if (is_switch(flag)) {
      cl.flags[flag];
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= argc) return std::string(flag + " needs a value");
      inline_value = argv[++i];
    }
    cl.flags[flag].push_back(*inline_value);
  }
  return cl;
}

std::vector<std::string> split_list(const std::string& csv) {
  std::vector<std::string> out;
  std::string cur;
  auto push = [&] {
    while (!cur.empty() && cur.front() == ' ') cur.erase(0, 1);
    while (!cur.empty() && cur.back() == ' ') cur.pop_back();
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (char c : csv) {
    if (c == ',') push();
    else cur += c;
  }
  push();
  return out;
}

std::string help_text() {
  return R"(duet-server: the real-time service behind the Duet widget and agent console.

Usage:
  duet-server [serve] [options]        run the server (the default command)
  duet-server add-agent --name NAME [--languages en,sv] [--skills fraud,dispute] [--capacity N] [--data DIR]
                                       create an agent; prints its login token once (only a hash is stored)
  duet-server list-agents [--data DIR] list agents (id, name, languages, skills, capacity)
  duet-server add-site --key KEY [--origin URL]... [--allow-missing-origin] [--languages en,sv]
                       [--brand-color "#4f46e5"] [--hours JSON] [--secret S | --new-secret] [--data DIR]
                                       add or replace a site in the data dir; --new-secret makes the
                                       secret that identity tokens are signed with and prints it once
  duet-server list-sites [--data DIR]  list sites (from the data dir and the config file)
  duet-server revoke-resume --conversation ID [--data DIR]
                                       every resume token issued so far for the conversation opens
                                       nothing any more (a running server sees it at the next resume)

Options for serve (flags override the config file):
  --config FILE      JSON config (see config/example.json and docs/server.md)
  --host ADDR        address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)
  --port N           port for HTTP and WebSocket (default 8080; 0 picks a free one)
  --data DIR         data directory: SQLite store, server secret (default ./data)
  --web DIR          the web build to serve: duet.js, widget, demo/checkout.html, agent/index.html
  --kb DIR           knowledge base, DIR/<lang>/*.md (default: assets/kb of the source tree)
  --threads N        I/O threads (default: one per hardware thread)
  --log-level L      debug, info, warn, error or off (default info; message texts only at debug)
  --demo             demo mode: a site "demo" for localhost and a demo agent whose token is printed
  --help, --version

Endpoints:
  /ws/customer, /ws/agent   WebSocket, protocol v1 (docs/protocol.md)
  /healthz                  JSON health; 503 while shutting down
  /metrics                  Prometheus text format
  /duet.js, /...            the web build (gzip, cache headers)
  /demo/checkout, /agent    the demo checkout page and the agent console

Sites: the config file's "sites" and those added with add-site are both used; on the same key the
config file wins. Agents live only in the data dir (add-agent).

SIGTERM or SIGINT stops accepting, tells clients to reconnect, flushes the store and exits 0.
)";
}

}  // namespace duet::server
