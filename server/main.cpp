// duet-server: serve, or an operator sub-command (see --help).
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <iostream>

#include "server/cli.hpp"
#include "server/hub.hpp"
#include "server/log.hpp"
#include "server/operator_commands.hpp"
#include "server/server.hpp"

using namespace duet::server;

namespace {

// Flags override the config file.
duet::Result<Config, std::string> config_from(const CommandLine& cl) {
  Config c;
  if (auto path = cl.value("--config")) {
    auto loaded = load_config_file(*path);
    if (!loaded) return loaded.error();
    c = loaded.value();
  }
  try {
    if (auto v = cl.value("--host")) c.host = *v;
    if (auto v = cl.value("--port")) c.port = std::stoi(*v);
    if (auto v = cl.value("--threads")) c.threads = std::stoi(*v);
  } catch (...) {
    return std::string("--port and --threads take whole numbers");
  }
  if (c.port < 0 || c.port > 65535) return std::string("--port must be from 0 to 65535");
  if (auto v = cl.value("--data")) c.data_dir = *v;
  if (auto v = cl.value("--web")) c.web_dir = *v;
  if (auto v = cl.value("--kb")) c.assistant.kb_dir = *v;
  if (auto v = cl.value("--log-level")) c.log_level = *v;
  if (cl.has("--demo")) c.demo = true;
  if (auto ok = validate(c); !ok) return ok.error();
  return c;
}

int serve(Config config) {
  // Signals are taken by sigwait in this thread only: block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  std::string demo_token;
  if (config.demo) demo_token = ensure_demo_agent(config);
  Server server(config);
  const unsigned short port = server.start();
  const std::string base = "http://" + (config.host == "0.0.0.0" ? std::string("127.0.0.1") : config.host) + ":" +
                           std::to_string(port);
  if (config.demo) {
    if (!config.cluster.enabled() && !server.hub().site("demo")) server.hub().upsert_site(demo_site(port));
  }
  std::cout << "duet-server listening on " << base << std::endl;
  if (config.demo) {
    std::cout << "\n  Demo checkout (customer widget): " << base << "/demo/checkout\n"
              << "  Agent console:                   " << base << "/agent\n"
              << "  Demo agent token:                " << demo_token << "\n"
              << "  Health and metrics:              " << base << "/healthz  " << base << "/metrics\n\n"
              << "Press Ctrl+C to stop." << std::endl;
  }
  int sig = 0;
  sigwait(&signals, &sig);
  log::info("signal", {{"signal", sig == SIGTERM ? "SIGTERM" : "SIGINT"}});
  server.stop();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto cl = parse_command_line(argc, argv);
  if (!cl) {
    std::cerr << "duet-server: " << cl.error() << "\n";
    return 2;
  }
  if (cl->command == "help" || cl->has("--help") || cl->has("-h")) {
    std::cout << help_text();
    return 0;
  }
  if (cl->has("--version")) {
    std::cout << "duet-server " << DUET_VERSION << "\n";
    return 0;
  }
  auto config = config_from(cl.value());
  if (!config) {
    std::cerr << "duet-server: " << config.error() << "\n";
    return 2;
  }
  try {
    if (cl->command == "add-agent") return add_agent_command(config.value(), cl.value(), std::cout, std::cerr);
    if (cl->command == "list-agents") return list_agents_command(config.value(), std::cout);
    if (cl->command == "add-site") return add_site_command(config.value(), cl.value(), std::cout, std::cerr);
    if (cl->command == "list-sites") return list_sites_command(config.value(), std::cout);
    if (cl->command == "revoke-resume") return revoke_resume_command(config.value(), cl.value(), std::cout, std::cerr);
    return serve(config.value());
  } catch (const std::exception& e) {
    std::cerr << "duet-server: " << e.what() << "\n";
    return 1;
  }
}
