#include "server/config.hpp"

#include <fstream>
#include <set>
#include <sstream>

#include "server/ip_range.hpp"
#include "server/llm/url.hpp"
#include "server/origin.hpp"

namespace duet::server {
namespace {

using json = nlohmann::json;

// Reads the keys of one object, remembering the first problem with its full key path.
class Reader {
 public:
  Reader(const json& j, std::string path, std::string& error) : j_(j), path_(std::move(path)), error_(error) {
    if (!j_.is_object() && error_.empty()) error_ = where("") + "must be an object";
  }
  ~Reader() = default;

  bool has(const char* key) {
    seen_.insert(key);
    return j_.is_object() && j_.contains(key);
  }
  void str(const char* key, std::string& out) {
    if (!has(key)) return;
    if (!j_[key].is_string()) return fail(key, "must be a string");
    out = j_[key].get<std::string>();
  }
  void boolean(const char* key, bool& out) {
    if (!has(key)) return;
    if (!j_[key].is_boolean()) return fail(key, "must be true or false");
    out = j_[key].get<bool>();
  }
  template <class T>
  void integer(const char* key, T& out, long long min, long long max) {
    if (!has(key)) return;
    if (!j_[key].is_number_integer()) return fail(key, "must be a whole number");
    const long long v = j_[key].get<long long>();
    if (v < min || v > max) return fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    out = static_cast<T>(v);
  }
  void number(const char* key, double& out, double min, double max) {
    if (!has(key)) return;
    if (!j_[key].is_number()) return fail(key, "must be a number");
    const double v = j_[key].get<double>();
    if (!(v >= min && v <= max)) return fail(key, "must be between " + num(min) + " and " + num(max));
    out = v;
  }
  void strings(const char* key, std::vector<std::string>& out) {
    if (!has(key)) return;
    if (!j_[key].is_array()) return fail(key, "must be an array of strings");
    std::vector<std::string> v;
    for (const auto& e : j_[key]) {
      if (!e.is_string()) return fail(key, "must be an array of strings");
      v.push_back(e.get<std::string>());
    }
    out = std::move(v);
  }
  const json* object(const char* key) {
    if (!has(key)) return nullptr;
    return &j_[key];
  }
  // Reports keys the schema does not know: a typo must not silently become a default.
  void done() {
    if (!j_.is_object()) return;
    for (const auto& [k, v] : j_.items())
      if (!seen_.count(k)) return fail(k.c_str(), "unknown key");
  }
  std::string where(const std::string& key) const {
    std::string p = path_;
    if (!key.empty()) p += (p.empty() ? "" : ".") + key;
    return p.empty() ? "" : p + ": ";
  }
  void fail(const std::string& key, const std::string& what) {
    if (error_.empty()) error_ = where(key) + what;
  }

 private:
  static std::string num(double d) {
    std::ostringstream o;
    o << d;
    return o.str();
  }
  const json& j_;
  std::string path_;
  std::string& error_;
  std::set<std::string> seen_;
};

// Origins are compared in their canonical form; anything that is not http(s)://host[:port] (a
// trailing '/' is forgiven) is an error: a browser never sends it, so it could never match.
void canonical_origins(std::vector<std::string>& origins, const std::string& key, std::string& error) {
  for (auto& o : origins) {
    std::string why;
    auto c = canonical_origin(o, &why);
    if (!c) {
      if (error.empty()) error = key + ": \"" + o + "\" is not an origin: " + why;
      return;
    }
    o = *c;
  }
}

void read_site(const json& j, const std::string& path, SiteConfig& s, std::string& error) {
  Reader r(j, path, error);
  r.str("key", s.key);
  r.strings("origins", s.origins);
  r.boolean("allow_missing_origin", s.allow_missing_origin);
  r.str("brand_color", s.brand_color);
  r.strings("languages", s.languages);
  r.str("identity_secret", s.identity_secret);
  if (const json* h = r.object("business_hours")) {
    auto hours = business_hours_from_json(*h);
    if (!hours) r.fail("business_hours", hours.error());
    else s.hours = hours.value();
  }
  r.done();
  if (error.empty() && s.key.empty()) error = path + ": key: a site needs a non-empty key";
  canonical_origins(s.origins, path + ".origins", error);
}

}  // namespace

Result<SiteConfig, std::string> site_from_json(const json& j) {
  SiteConfig s;
  std::string error;
  read_site(j, "site", s, error);
  if (!error.empty()) return error;
  return s;
}

json to_json(const SiteConfig& s) {
  return json{{"key", s.key},
              {"origins", s.origins},
              {"allow_missing_origin", s.allow_missing_origin},
              {"brand_color", s.brand_color},
              {"languages", s.languages},
              {"business_hours", to_json(s.hours)},
              {"identity_secret", s.identity_secret}};
}

Result<Config, std::string> config_from_json(const json& j) {
  Config c;
  std::string error;
  Reader r(j, "", error);
  r.str("host", c.host);
  r.integer("port", c.port, 0, 65535);
  r.integer("threads", c.threads, 0, 256);
  r.str("data", c.data_dir);
  r.str("web", c.web_dir);
  r.boolean("demo", c.demo);
  r.str("log_level", c.log_level);
  r.integer("tick_ms", c.tick_ms, 10, 60000);
  r.strings("canned", c.canned);
  r.strings("public_origins", c.public_origins);
  canonical_origins(c.public_origins, "public_origins", error);
  r.strings("trusted_proxies", c.trusted_proxies);
  if (const json* sites = r.object("sites")) {
    if (!sites->is_array()) r.fail("sites", "must be an array of site objects");
    else
      for (std::size_t i = 0; i < sites->size(); ++i) {
        SiteConfig s;
        read_site((*sites)[i], "sites[" + std::to_string(i) + "]", s, error);
        c.sites.push_back(std::move(s));
      }
  }
  if (const json* a = r.object("assistant")) {
    Reader ar(*a, "assistant", error);
    ar.str("kb", c.assistant.kb_dir);
    ar.number("threshold", c.assistant.threshold, 0, 1);
    ar.integer("workers", c.assistant.workers, 1, 64);
    ar.integer("max_queued", c.assistant.max_queued, 1, 1 << 20);
    if (const json* l = ar.object("llm")) {
      Reader lr(*l, "assistant.llm", error);
      lr.str("url", c.assistant.llm.url);
      lr.str("model", c.assistant.llm.model);
      lr.integer("timeout_ms", c.assistant.llm.timeout_ms, 100, 120000);
      lr.str("api_key_env", c.assistant.llm.api_key_env);
      lr.str("ca_file", c.assistant.llm.ca_file);
      lr.integer("concurrency", c.assistant.llm.concurrency, 1, 256);
      lr.integer("queue", c.assistant.llm.queue, 0, 100000);
      lr.integer("breaker_failures", c.assistant.llm.breaker_failures, 1, 1000);
      lr.integer("breaker_cooldown_ms", c.assistant.llm.breaker_cooldown_ms, 100, 3600000);
      lr.integer("max_answer_chars", c.assistant.llm.max_answer_chars, 50, 20000);
      lr.done();
    }
    ar.done();
  }
  if (const json* ro = r.object("routing")) {
    Reader rr(*ro, "routing", error);
    rr.strings("skilled_intents", c.routing.skilled_intents);
    rr.integer("offer_timeout_s", c.routing.offer_timeout_s, 1, 3600);
    rr.integer("grace_s", c.routing.grace_s, 0, 86400);
    rr.integer("offline_after_s", c.routing.offline_after_s, 0, 86400);
    rr.done();
  }
  if (const json* li = r.object("limits")) {
    auto& L = c.limits;
    Reader lr(*li, "limits", error);
    lr.integer("max_frame_bytes", L.max_frame_bytes, 256, 16 << 20);
    lr.integer("hard_frame_bytes", L.hard_frame_bytes, 256, 64 << 20);
    lr.integer("max_text_bytes", L.max_text_bytes, 16, 16 << 20);
    lr.number("messages_per_s", L.messages_per_s, 0.01, 1e7);
    lr.number("burst", L.burst, 1, 1e7);
    lr.number("ip_messages_per_s", L.ip_messages_per_s, 0.01, 1e8);
    lr.number("ip_burst", L.ip_burst, 1, 1e8);
    lr.integer("connections_per_ip", L.connections_per_ip, 1, 10'000'000);
    lr.integer("http_connections_per_ip", L.http_connections_per_ip, 1, 10'000'000);
    lr.integer("agent_login_failures", L.agent_login_failures, 1, 1'000'000);
    lr.integer("agent_login_window_s", L.agent_login_window_s, 1, 86400);
    lr.integer("abuse_violations", L.abuse_violations, 1, 1'000'000);
    lr.integer("abuse_window_s", L.abuse_window_s, 1, 3600);
    lr.integer("ip_entries", L.ip_entries, 16, 100'000'000);
    lr.integer("write_queue_frames", L.write_queue_frames, 4, 10'000'000);
    lr.integer("write_queue_bytes", L.write_queue_bytes, 4096, 1LL << 32);
    lr.integer("conversation_events", L.conversation_events, 10, 10'000'000);
    lr.integer("conversation_bytes", L.conversation_bytes, 1024, 1LL << 30);
    lr.integer("replay_page_events", L.replay_page_events, 1, 100'000);
    lr.integer("replay_page_bytes", L.replay_page_bytes, 1024, 64 << 20);
    lr.integer("sessions_per_conversation", L.sessions_per_conversation, 1, 10'000);
    lr.integer("held_frames", L.held_frames, 1, 100'000);
    lr.integer("idle_conversation_s", L.idle_conversation_s, 1, 7 * 86400);
    lr.integer("http_body_bytes", L.http_body_bytes, 0, 64 << 20);
    lr.integer("handshake_timeout_s", L.handshake_timeout_s, 1, 3600);
    lr.integer("idle_timeout_s", L.idle_timeout_s, 1, 86400);
    lr.integer("resume_token_ttl_hours", L.resume_token_ttl_hours, 1, 24 * 365 * 10);
    lr.done();
  }
  if (const json* h = r.object("offline_reply_hook")) {
    Reader hr(*h, "offline_reply_hook", error);
    hr.str("url", c.offline_reply_hook.url);
    hr.integer("timeout_ms", c.offline_reply_hook.timeout_ms, 100, 120000);
    hr.str("ca_file", c.offline_reply_hook.ca_file);
    hr.done();
  }
  if (const json* st = r.object("store")) {
    Reader sr(*st, "store", error);
    sr.str("kind", c.store.kind);
    sr.str("synchronous", c.store.synchronous);
    sr.str("url", c.store.url);
    sr.str("url_env", c.store.url_env);
    sr.str("synchronous_commit", c.store.synchronous_commit);
    sr.integer("pool", c.store.pool, 1, 256);
    sr.integer("batch_max", c.store.batch_max, 1, 1'000'000);
    sr.integer("commit_interval_us", c.store.commit_interval_us, 0, 1'000'000);
    sr.integer("checkpoint_pages", c.store.checkpoint_pages, 16, 1'000'000);
    sr.integer("keep_closed_hours", c.store.keep_closed_hours, 0, 24 * 365);
    sr.done();
  }
  if (const json* cl = r.object("cluster")) {
    Reader cr(*cl, "cluster", error);
    cr.str("redis", c.cluster.redis);
    cr.str("node", c.cluster.node);
    cr.integer("lease_ms", c.cluster.lease_ms, 500, 60'000);
    cr.done();
  }
  if (const json* me = r.object("metrics")) {
    Reader mr(*me, "metrics", error);
    mr.str("token_env", c.metrics.token_env);
    mr.done();
  }
  r.done();
  if (!error.empty()) return error;
  if (auto v = validate(c); !v) return v.error();
  return c;
}

std::optional<HostPort> split_host_port(const std::string& s) {
  const auto colon = s.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == s.size() || s.size() - colon > 6) return std::nullopt;
  int port = 0;
  for (char ch : s.substr(colon + 1)) {
    if (ch < '0' || ch > '9') return std::nullopt;
    port = port * 10 + (ch - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  return HostPort{s.substr(0, colon), port};
}

Result<bool, std::string> validate(const Config& c) {
  if (c.limits.hard_frame_bytes < c.limits.max_frame_bytes)
    return std::string("limits.hard_frame_bytes must be at least limits.max_frame_bytes");
  if (c.limits.max_text_bytes > c.limits.max_frame_bytes)
    return std::string("limits.max_text_bytes must not exceed limits.max_frame_bytes");
  // Every frame counts against the write queue: the largest one (an agent's snapshot of a full
  // conversation, about twice its text plus ~300 bytes per event) and a welcome's page must fit.
  const auto& L = c.limits;
  if (L.write_queue_bytes < 2 * L.conversation_bytes + 300 * L.conversation_events + 64 * 1024 ||
      L.write_queue_bytes < 2 * L.replay_page_bytes + 64 * 1024)
    return std::string(
        "limits.write_queue_bytes must hold a full conversation's snapshot: at least 2 * conversation_bytes + 300 * "
        "conversation_events + 64 KiB (and 2 * replay_page_bytes + 64 KiB)");
  if (c.store.kind != "sqlite" && c.store.kind != "postgres" && c.store.kind != "memory")
    return std::string("store.kind must be \"sqlite\", \"postgres\" or \"memory\"");
  if (c.store.kind == "postgres" && c.store.url.empty() && c.store.url_env.empty())
    return std::string("store.kind \"postgres\" needs store.url (e.g. \"postgresql://duet@db.internal/duet\") or "
                       "store.url_env (the variable that holds it)");
  for (const auto& range : c.trusted_proxies)
    if (!IpRange::parse(range))
      return "trusted_proxies: \"" + range + "\" is not an address or a CIDR range (e.g. \"10.0.0.0/8\", \"::1\")";
  if (c.cluster.enabled() && c.store.kind != "postgres")
    return std::string("cluster needs store.kind \"postgres\": the nodes share their conversations through it");
  if (c.cluster.enabled() && !split_host_port(c.cluster.redis))
    return std::string("cluster.redis must be host:port (e.g. \"127.0.0.1:6379\")");
  // "off" acknowledges a message before PostgreSQL has it on disk: a database crash would lose
  // messages the customer saw acknowledged.
  const auto& sc = c.store.synchronous_commit;
  if (sc != "on" && sc != "remote_apply" && sc != "remote_write" && sc != "local")
    return std::string("store.synchronous_commit must be on, remote_apply, remote_write or local (off would ack "
                       "messages a database crash can lose)");
  if (c.store.synchronous != "normal" && c.store.synchronous != "full")
    return std::string("store.synchronous must be \"normal\" or \"full\"");
  if (c.log_level != "debug" && c.log_level != "info" && c.log_level != "warn" && c.log_level != "error" &&
      c.log_level != "off")
    return std::string("log_level must be one of debug, info, warn, error, off");
  if (c.offline_reply_hook.enabled() && !llm::parse_url(c.offline_reply_hook.url))
    return std::string("offline_reply_hook.url must be http(s)://host[:port][/path]");
  if (c.assistant.llm.enabled() && !llm::parse_url(c.assistant.llm.url))
    return std::string("assistant.llm.url must be http(s)://host[:port][/path]");
  std::set<std::string> keys;
  for (const auto& s : c.sites)
    if (!keys.insert(s.key).second) return std::string("sites: the key \"" + s.key + "\" is listed twice");
  return true;
}

Result<Config, std::string> load_config_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return std::string("cannot read the config file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  json j = json::parse(ss.str(), nullptr, false, /*ignore_comments=*/true);
  if (j.is_discarded()) return std::string(path + ": not valid JSON");
  auto c = config_from_json(j);
  if (!c) return path + ": " + c.error();
  return c;
}

}  // namespace duet::server
