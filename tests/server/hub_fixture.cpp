#include "hub_fixture.hpp"

#include <catch2/catch.hpp>

#include "model/kb_assistant.hpp"
#include "server/log.hpp"
#include "server/store/store_factory.hpp"

namespace duet::test {

std::vector<proto::Message> Recorder::take(server::SessionId s) {
  std::vector<std::string> frames;
  {
    std::lock_guard lock(mutex_);
    frames.swap(frames_[s]);
  }
  std::vector<proto::Message> out;
  for (const auto& f : frames) {
    auto m = proto::parse(f, proto::Limits::for_server_frames());
    INFO(f);
    REQUIRE(m.ok());
    out.push_back(m.value());
  }
  return out;
}

server::Config test_config() {
  server::Config c;
  server::SiteConfig site;
  site.key = "shop";
  site.origins = {"https://shop.example"};
  site.allow_missing_origin = true;
  site.languages = {"en", "sv"};
  c.sites.push_back(site);
  c.routing.offline_after_s = 60;
  return c;
}

std::unique_ptr<server::KbAnswers> kb_answers() {
  static const std::vector<Article> articles = [] {
    std::vector<std::string> problems;
    auto a = server::load_kb(DUET_KB_DIR, problems);
    return a;
  }();
  return std::make_unique<server::KbAnswers>(std::make_unique<KbAssistant>(articles), articles);
}

HubWorld::HubWorld(server::Config c, std::string data_dir) : config(std::move(c)) {
  server::log::set_level(server::log::Level::warn);
  data = data_dir.empty() ? dir.path() : data_dir;
  restart();
}

HubWorld::~HubWorld() {
  hub.reset();
  wrapped.reset();
  store.reset();
}

void HubWorld::restart() {
  hub.reset();
  wrapped.reset();
  store.reset();
  config.data_dir = data;
  store = server::make_store(config);
  if (wrap_store) wrapped = wrap_store(*store);
  answers = kb_answers();
  hub = std::make_unique<server::Hub>(config, wrapped ? *wrapped : *store, answer_override ? *answer_override : *answers, recorder, metrics, server::load_or_create_secret(data),
                                      [this] { return now; });
  hub->load();
}

std::string HubWorld::add_agent(const std::string& name, std::vector<std::string> languages,
                                std::vector<std::string> skills) {
  const std::string token = "tok_" + server::crypto::hex(server::crypto::random_bytes(8));
  server::AgentRow row;
  row.id = "a_" + name;
  row.name = name;
  row.token_hash = server::crypto::token_hash(token);
  row.languages = std::move(languages);
  row.skills = std::move(skills);
  row.capacity = 3;
  row.created = now;
  store->put_agent(row);
  store->flush();
  return token;
}

std::vector<Event> events_of(const std::vector<proto::Message>& ms, std::optional<EventKind> kind) {
  std::vector<Event> out;
  for (const auto& m : ms) {
    if (const auto* e = std::get_if<proto::EventMsg>(&m))
      if (!kind || e->event.kind == *kind) out.push_back(e->event);
    if (const auto* w = std::get_if<proto::Welcome>(&m))
      for (const auto& e : w->events)
        if (!kind || e.kind == *kind) out.push_back(e);
  }
  return out;
}

std::string describe(const std::vector<proto::Message>& ms) {
  std::string out;
  for (const auto& m : ms) out += proto::serialize(m) + "\n";
  return out;
}

}  // namespace duet::test
