#pragma once
// Everything an operator configures: one JSON file (--config) plus flags for the common settings.
// Unknown keys are errors, so a typo never silently falls back to a default. docs/server.md is the
// reference for every key.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "model/result.hpp"
#include "server/business_hours.hpp"

namespace duet::server {

class Db;

struct SiteConfig {
  std::string key;                       // the site key the widget sends in hello
  std::vector<std::string> origins;      // allowed Origin headers; empty: any origin
  bool allow_missing_origin = false;     // accept clients that send no Origin (native apps, tests)
  std::string brand_color = "#4f46e5";
  std::vector<std::string> languages{"en"};
  BusinessHours hours;                   // when humans answer; always open by default
  // Signs the merchant's identity tokens (HS256). Set by the operator, never sent to a browser;
  // empty: no identity on this site is verified.
  std::string identity_secret;
  bool operator==(const SiteConfig&) const = default;
};

struct LlmConfig {
  std::string url;           // http(s)://host[:port]/v1/chat/completions; empty: KB only
  std::string model;
  int timeout_ms = 5000;     // per question: connect, TLS, first byte and the whole stream
  std::string api_key_env;   // name of the environment variable holding the bearer token
  std::string ca_file;       // a PEM CA to trust besides the system store (a private endpoint, tests)
  int concurrency = 4;       // requests under way at once
  int queue = 32;            // questions waiting for a slot; beyond: the KB answers at once
  int breaker_failures = 5;  // failures in a row that open the circuit breaker
  int breaker_cooldown_ms = 30000;  // how long it stays open before one request may try again
  int max_answer_chars = 1200;      // a longer answer is replaced by the KB's
  bool enabled() const { return !url.empty(); }
};

struct AssistantConfig {
  std::string kb_dir;        // assets/kb layout: <dir>/<lang>/<article>.md; empty: the built-in default
  double threshold = 0.35;   // below: the assistant says it is unsure and offers a human
  int workers = 2;           // threads that answer (retrieval, prompts), off the I/O threads
  std::size_t max_queued = 1024;  // questions waiting for a worker; past it: an honest "unsure" at once
  LlmConfig llm;
};

struct RoutingConfig {
  std::vector<std::string> skilled_intents{"fraud", "dispute"};  // only agents with that skill
  int offer_timeout_s = 30;   // an offer not accepted by then goes back to the queue
  int grace_s = 60;           // an agent who disconnects keeps their conversations this long
  int offline_after_s = 60;   // waiting with nobody able to serve this long: the offline path
};

struct LimitsConfig {
  std::size_t max_frame_bytes = 16 * 1024;   // larger frames get error frame_too_large
  std::size_t hard_frame_bytes = 64 * 1024;  // larger frames close the connection (1009)
  std::size_t max_text_bytes = 4000;
  double messages_per_s = 5;       // per connection (token bucket rate)
  double burst = 20;               // per connection (bucket size)
  double ip_messages_per_s = 50;   // per client IP, all its connections together
  double ip_burst = 200;
  int connections_per_ip = 50;     // WebSockets
  int http_connections_per_ip = 100;  // plain HTTP connections (before an upgrade): 503 past it
  int agent_login_failures = 10;   // wrong agent tokens from one IP within agent_login_window_s:
  int agent_login_window_s = 60;   // its agent_hello gets rate_limited until the window ends
  int abuse_violations = 20;       // violations within abuse_window_s: close with 1008
  int abuse_window_s = 10;
  std::size_t ip_entries = 65536;  // client addresses whose buckets and violations are remembered
  std::size_t write_queue_frames = 8192;          // per WebSocket: a slower reader is disconnected
  std::size_t write_queue_bytes = 4 * 1024 * 1024;  // every frame counts, so it bounds a snapshot too
  // A conversation's size: past it, messages are refused (error conversation_full); it bounds what
  // the server keeps and sends per conversation (an agent's snapshot).
  std::size_t conversation_events = 2000;
  std::size_t conversation_bytes = 256 * 1024;     // texts and contacts together
  // The transcript of a welcome comes in pages of at most this much; the client asks for the next.
  std::size_t replay_page_events = 200;
  std::size_t replay_page_bytes = 64 * 1024;
  std::size_t sessions_per_conversation = 8;       // a customer's tabs on one conversation
  // Frames a session sends while the store reads for it (its resume, an agent's token): they wait,
  // in order, behind the read; past this many, error rate_limited and close 1013.
  std::size_t held_frames = 64;
  int idle_conversation_s = 600;   // no customer connected and nothing happened: leaves memory (not waiting ones)
  std::size_t http_body_bytes = 16 * 1024;
  int handshake_timeout_s = 10;
  int idle_timeout_s = 60;         // pings keep a live connection open
  int resume_token_ttl_hours = 720;  // a resume token older than this opens nothing (30 days)
};

struct StoreConfig {
  std::string kind = "sqlite";         // "sqlite" (the data dir), "postgres" (url), "memory" (tests: nothing survives a restart)
  std::string synchronous = "normal";  // SQLite: "normal" (WAL, survives process crashes) or "full"
  // PostgreSQL: a libpq connection string or postgresql:// URI, or the name of a variable holding it
  // (keeps the password out of the config file); url_env wins when both are set.
  std::string url, url_env;
  std::string synchronous_commit = "on";  // PostgreSQL's, per session: on | remote_apply | remote_write | local
  int pool = 4;                           // PostgreSQL: connections for reads (the writer has its own)
  int batch_max = 1024;                // writes per group-commit transaction
  int commit_interval_us = 1000;       // under load, at most one commit per interval (0: commit at once)
  int checkpoint_pages = 4096;         // WAL pages (4 KiB) before a background checkpoint
  int keep_closed_hours = 24;          // closed conversations kept in memory after a restart
  // Not a config key: tests inject faults into SQLite through it (e.g. PRAGMA max_page_count: a full
  // disk). Runs on the writer's connection before each batch of writes.
  std::function<void(Db&)> before_batch;
};

// Where a reply to an offline message goes when the customer is not on the page: an HTTP(S) POST of
// JSON (site, conversation, contact, agent, text, at) that the operator turns into an email or SMS.
struct OfflineReplyHookConfig {
  std::string url;        // http(s)://host[:port]/path; empty: replies wait in the widget only
  int timeout_ms = 5000;
  std::string ca_file;    // a PEM CA to trust besides the system store
  bool enabled() const { return !url.empty(); }
};

// Many nodes (docs/scaling.md): every node with the same PostgreSQL store and Redis; one of them at
// a time runs the hub (the leader, by a lease in PostgreSQL), the others pass their sessions' frames
// to it through Redis. Empty `redis`: one node, no cluster.
struct ClusterConfig {
  std::string redis;     // host:port of the Redis that carries frames between nodes
  std::string node;      // this node's name in logs and metrics; empty: host name and process id
  int lease_ms = 3000;   // a leader silent this long is replaced; nodes silent this long are gone
  bool enabled() const { return !redis.empty(); }
};

struct MetricsConfig {
  std::string token_env;  // variable holding the bearer token /metrics asks for; empty: loopback only
};

struct Config {
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;                     // 0: one per hardware thread
  std::string data_dir = "data";
  std::string web_dir;                 // empty: the built-in default (the wasm-release build)
  bool demo = false;
  std::string log_level = "info";
  int tick_ms = 500;                   // timers: offers, grace periods, offline moves
  // The origins this server's own pages (the widget's iframe) are served from, canonical
  // (scheme://host[:port]). Empty: the loopback origins on the bound port (and http://HOST:PORT for
  // a specific host); behind a proxy or on 0.0.0.0 the operator lists the public ones.
  std::vector<std::string> public_origins;
  // The load balancers in front of this server (addresses or CIDR ranges, e.g. "10.0.0.0/8"): for a
  // connection from one of them, the client's address (limits, logs, login throttle) is the right-most
  // X-Forwarded-For entry that is not one of them. Empty: the peer's address, and X-Forwarded-For is
  // ignored (anyone can send it).
  std::vector<std::string> trusted_proxies;
  std::vector<SiteConfig> sites;
  AssistantConfig assistant;
  RoutingConfig routing;
  LimitsConfig limits;
  StoreConfig store;
  MetricsConfig metrics;
  ClusterConfig cluster;
  OfflineReplyHookConfig offline_reply_hook;
  std::vector<std::string> canned;     // canned responses offered to agents
};

// Parses a config object. Every error names the key ("limits.burst: must be a number > 0").
Result<Config, std::string> config_from_json(const nlohmann::json& j);
Result<Config, std::string> load_config_file(const std::string& path);
Result<SiteConfig, std::string> site_from_json(const nlohmann::json& j);
nlohmann::json to_json(const SiteConfig& s);

// "host:port" (cluster.redis); nullopt unless the port is 1..65535.
struct HostPort {
  std::string host;
  int port = 0;
};
std::optional<HostPort> split_host_port(const std::string& s);

// Checks relations between settings (limits ordered, ports in range, site keys unique).
Result<bool, std::string> validate(const Config& c);

}  // namespace duet::server
