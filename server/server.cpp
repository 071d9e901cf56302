#include "server/server.hpp"

#include <condition_variable>
#include <thread>

#include "model/kb_assistant.hpp"
#include "server/answer_pool.hpp"
#include "server/answers.hpp"
#include "server/cluster/cluster_node.hpp"
#include "server/hub.hpp"
#include "server/llm_answers.hpp"
#include "server/log.hpp"
#include "server/net/beast.hpp"
#include "server/net/env.hpp"
#include "server/net/listener.hpp"
#include "server/net/registry.hpp"
#include "server/offline_reply_hook.hpp"
#include "server/origin.hpp"
#include "server/resume_token.hpp"
#include "server/store/store_factory.hpp"

namespace duet::server {
namespace {

TimeMs wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::unique_ptr<KbAnswers> make_kb(const AssistantConfig& a, std::size_t& count) {
  std::vector<std::string> problems;
  auto articles = load_kb(a.kb_dir.empty() ? DUET_DEFAULT_KB_DIR : a.kb_dir, problems);
  for (const auto& p : problems) log::warn("kb_problem", {{"problem", p}});
  count = articles.size();
  auto assistant = std::make_unique<KbAssistant>(articles, a.threshold);
  return std::make_unique<KbAnswers>(std::move(assistant), articles);
}

}  // namespace

// Members in dependency order: what is declared later is destroyed first.
struct Server::Impl {
  explicit Impl(Config c) : config(std::move(c)) {}

  Config config;
  Metrics metrics;
  std::unique_ptr<Store> store;
  std::size_t kb_count = 0;
  std::unique_ptr<KbAnswers> kb;
  std::unique_ptr<LlmAnswers> llm;
  std::unique_ptr<AnswerPool> pool;  // every AI turn's answer, off the I/O threads
  std::unique_ptr<OfflineReplyHook> reply_hook;  // outlives the hub, which posts to it
  Registry registry;
  std::unique_ptr<Hub> hub;                // one node
  std::unique_ptr<ClusterNode> cluster;    // or a node of a cluster, whose leader runs the hub
  HubPort* hub_port = nullptr;             // whichever of the two the network talks to
  std::unique_ptr<StaticFiles> files;
  std::unique_ptr<NetEnv> env;
  std::unique_ptr<net::io_context> ioc;
  std::shared_ptr<Listener> listener;
  std::unique_ptr<net::steady_timer> ticker;
  std::vector<std::thread> threads;
  unsigned short port = 0;

  std::mutex state_mutex;
  std::condition_variable state_cv;
  bool started = false, stopped = false;

  // The hub with its hooks: once on one node; on a cluster node each time it becomes the leader.
  std::unique_ptr<Hub> make_hub(Delivery& delivery, const std::string& secret) {
    auto h = std::make_unique<Hub>(config, *store, *pool, delivery, metrics, secret, wall_clock_ms);
    if (cluster) h->on_agent_login_failed([c = cluster.get()](const std::string& ip) { c->login_failed(ip); });
    else h->on_agent_login_failed([this](const std::string& ip) { env->agent_logins.failed(ip, env->now_s()); });
    if (reply_hook) h->on_offline_reply([hook = reply_hook.get()](OfflineReply r) { hook->post(std::move(r)); });
    return h;
  }

  void schedule_tick() {
    ticker->expires_after(std::chrono::milliseconds(config.tick_ms));
    ticker->async_wait([this](error_code ec) {
      if (ec || env->stopping) return;
      if (cluster) cluster->tick();
      else hub->tick();
      registry.sweep(env->now_s());
      env->ip_limits.sweep(env->now_s());
      metrics.set_store_counters(store->counters());
      schedule_tick();
    });
  }
};

Server::Server(Config config) : impl_(std::make_unique<Impl>(std::move(config))) {
  Impl& m = *impl_;
  if (auto level = log::level_from_string(m.config.log_level)) log::set_level(*level);
  m.store = make_store(m.config);
  // Sites added with `duet-server add-site` live in the store; the config file wins on the same key.
  std::vector<SiteConfig> sites = m.store->sites();
  for (const auto& s : m.config.sites) {
    auto it = std::find_if(sites.begin(), sites.end(), [&](const SiteConfig& x) { return x.key == s.key; });
    if (it != sites.end()) *it = s;
    else sites.push_back(s);
  }
  m.config.sites = sites;
  m.kb = make_kb(m.config.assistant, m.kb_count);
  if (m.config.assistant.llm.enabled()) m.llm = std::make_unique<LlmAnswers>(*m.kb, m.config.assistant.llm, &m.metrics);
  AnswerService& answers = m.llm ? static_cast<AnswerService&>(*m.llm) : *m.kb;
  m.pool = std::make_unique<AnswerPool>(answers, m.config.assistant.workers, m.config.assistant.max_queued);
  if (m.config.offline_reply_hook.enabled())
    m.reply_hook = std::make_unique<OfflineReplyHook>(m.config.offline_reply_hook, m.metrics);
  m.files = std::make_unique<StaticFiles>(m.config.web_dir.empty() ? DUET_DEFAULT_WEB_DIR : m.config.web_dir);
  if (m.config.cluster.enabled()) {
    m.cluster = std::make_unique<ClusterNode>(m.config, *m.store, m.registry, m.metrics,
                                              [&m](Delivery& d, const std::string& secret) { return m.make_hub(d, secret); });
    m.hub_port = m.cluster.get();
  } else {
    m.hub = m.make_hub(m.registry, load_or_create_secret(m.config.data_dir));
    m.hub->load();
    m.hub_port = m.hub.get();
  }
  m.env = std::make_unique<NetEnv>(m.config, *m.hub_port, m.registry, m.metrics, *m.files);
  if (m.cluster) m.cluster->share_limits(m.env->shared_usage, m.env->ip_limits);
  if (m.cluster)
    m.cluster->on_login_failed([env = m.env.get()](const std::string& ip) { env->agent_logins.failed(ip, env->now_s()); });
  if (!m.config.metrics.token_env.empty() && m.env->metrics_token.empty())
    log::warn("metrics_token_missing", {{"variable", m.config.metrics.token_env}, {"effect", "/metrics refuses everyone"}});
}

Server::~Server() {
  stop();
}

unsigned short Server::start() {
  Impl& m = *impl_;
  std::lock_guard lock(m.state_mutex);
  if (m.started) return m.port;
  int threads = m.config.threads > 0 ? m.config.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, threads);
  m.ioc = std::make_unique<net::io_context>(threads);
  // Committed frames go out on the I/O threads, one commit after the other (a strand keeps the order).
  m.registry.set_executor(net::make_strand(*m.ioc));
  m.listener = std::make_shared<Listener>(*m.ioc, m.config.host, static_cast<unsigned short>(m.config.port), *m.env);
  m.port = m.listener->port();
  m.env->public_origins =
      m.config.public_origins.empty() ? default_public_origins(m.config.host, m.port) : m.config.public_origins;
  if (m.config.public_origins.empty() && (m.config.host == "0.0.0.0" || m.config.host == "::"))
    log::warn("public_origins_unset", {{"host", m.config.host},
                                       {"hint", "set public_origins to the URL(s) browsers load the widget from"}});
  m.listener->run();
  m.ticker = std::make_unique<net::steady_timer>(net::make_strand(*m.ioc));
  m.schedule_tick();
  if (m.cluster) m.cluster->start();
  for (int i = 0; i < threads; ++i) m.threads.emplace_back([&m] { m.ioc->run(); });
  m.started = true;
  log::info("listening", {{"host", m.config.host},
                          {"port", m.port},
                          {"threads", threads},
                          {"data", m.config.data_dir},
                          {"web", m.files->root()},
                          {"kb_articles", m.kb_count},
                          {"llm", m.config.assistant.llm.enabled()}});
  return m.port;
}

void Server::stop(int drain_ms) {
  Impl& m = *impl_;
  {
    std::lock_guard lock(m.state_mutex);
    if (m.stopped) return;
    m.stopped = true;
  }
  if (m.started) {
    m.env->stopping = true;
    m.listener->stop();
    // Every client hears why and reconnects (to the next process); frames leave after the store
    // committed everything before them.
    if (m.cluster) m.cluster->shutdown();
    else m.hub->shutdown();
    m.store->flush();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(drain_ms);
    while (m.registry.size() > 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    net::post(m.ticker->get_executor(), [&m] { m.ticker->cancel(); });
    m.ioc->stop();
    for (auto& t : m.threads) t.join();
    m.threads.clear();
    m.registry.set_executor(std::nullopt);  // its strand must not outlive the io_context
  }
  if (m.cluster) m.cluster->stop();  // hands the lease on
  m.pool->stop();            // pending AI turns finish (unsure) while the hub still exists
  if (m.llm) m.llm->stop();  // and those already with the endpoint, from the KB
  m.store->flush();
  log::info("stopped", {{"port", m.port}});
  m.state_cv.notify_all();
}

void Server::wait() {
  Impl& m = *impl_;
  std::unique_lock lock(m.state_mutex);
  m.state_cv.wait(lock, [&] { return m.stopped; });
}

unsigned short Server::port() const { return impl_->port; }
const Config& Server::config() const { return impl_->config; }
Hub& Server::hub() {
  if (impl_->cluster) {
    if (auto h = impl_->cluster->hub()) return *h;
    throw std::logic_error("this cluster node does not lead: it has no hub");
  }
  return *impl_->hub;
}
Metrics& Server::metrics() { return impl_->metrics; }
Store& Server::store() { return *impl_->store; }
std::size_t Server::kb_articles() const { return impl_->kb_count; }

}  // namespace duet::server
