#pragma once
// Counters and gauges for /metrics in the Prometheus text format. Lock-free updates from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "model/protocol.hpp"
#include "model/enum_names.hpp"
#include "model/types.hpp"
#include "server/identity/identity_token.hpp"
#include "server/store/store_counters.hpp"

namespace duet::server {

enum class Role { customer, agent };

// How one question to the LLM endpoint ended. Every outcome but ok means the KB answered instead.
enum class LlmOutcome {
  ok,            // a grounded, cited answer
  timeout,       // the deadline passed (connect, TLS, first byte or the stream)
  http_error,    // the endpoint answered with a status other than 200
  unreachable,   // resolve, connect or TLS failed (e.g. a certificate that is not trusted)
  bad_response,  // not a chat completion, a broken stream, or an empty answer
  ungrounded,    // cited no given article, said [none], or ran past the length bound
  injection,     // the customer's message tried to instruct the model: never sent
  breaker_open,  // the endpoint failed repeatedly: not asked during the cooldown
  overloaded,    // every request slot and queue place taken, or the server stopping
  count_
};
inline constexpr auto llm_outcome_names = enum_names<LlmOutcome>(
    "ok", "timeout", "http_error", "unreachable", "bad_response", "ungrounded", "injection", "breaker_open", "overloaded");

// What became of a reply POSTed to the offline reply hook (offline_reply_hook.hpp).
enum class OfflineReplyOutcome { sent, failed, dropped, count_ };
inline constexpr auto offline_reply_names = enum_names<OfflineReplyOutcome>("sent", "failed", "dropped");

class Metrics {
 public:
  void connection_opened(Role r);
  void connection_closed(Role r);
  void frame_in(Role r);
  void message(Speaker s);
  void assistant_answer(bool unsure);
  void escalation(EscalationReason r);
  void assistant_reply(DialogueAct act);  // every assistant message, by the act it answered
  void offer(EscalationReason r);         // the assistant offered a person, by why
  void offline();
  void offline_reply(OfflineReplyOutcome o) { ++offline_replies_[static_cast<std::size_t>(o)]; }
  void identity_verified() { ++identity_verified_; }
  void identity_rejected(IdentityProblem p) { ++identity_rejected_[static_cast<std::size_t>(p)]; }
  void time_to_human(double seconds);
  void conversation_started();
  void conversation_closed(bool human_involved);
  void rating(bool human, int score);
  void feedback(Feedback f);  // a tap on "did this answer your question?"
  void error_sent(proto::ErrorCode c);
  void slow_consumer_closed();
  void abuse_closed();
  void set_queue_length(int n) { queue_length_ = n; }
  void set_agents_online(int n) { agents_online_ = n; }
  // Many nodes: whether this node's hub leads (only the leader's queue and agent gauges are the
  // cluster's; the others report 0, so a sum over nodes counts each once), and the Redis link's totals.
  struct ClusterFigures {
    bool leader = false;
    std::uint64_t epoch = 0, published = 0, received = 0, dropped = 0, reconnects = 0;
  };
  void set_cluster(const ClusterFigures& c) {
    std::lock_guard lock(cluster_mutex_);
    cluster_ = c;
  }
  // The LLM path: one call per question that could have gone to the endpoint; `seconds` only for
  // those that did (negative: not sent).
  void llm_request(LlmOutcome o, double seconds);
  void llm_tokens(std::uint64_t prompt, std::uint64_t completion);
  void llm_in_flight(int delta) { llm_in_flight_ += delta; }
  // The store's own totals (whichever backend), copied on each tick.
  void set_store_counters(const StoreCounters& c);

  std::string prometheus() const;

  // For tests and /healthz.
  std::int64_t connections(Role r) const { return open_[index(r)]; }
  std::uint64_t escalations(EscalationReason r) const { return escalations_[static_cast<int>(r)]; }
  std::uint64_t replies(DialogueAct a) const { return replies_[static_cast<std::size_t>(a)]; }
  std::uint64_t offers(EscalationReason r) const { return offers_[static_cast<std::size_t>(r)]; }
  std::uint64_t llm_requests(LlmOutcome o) const { return llm_requests_[static_cast<int>(o)]; }
  std::uint64_t llm_prompt_tokens() const { return llm_prompt_tokens_; }
  std::uint64_t llm_completion_tokens() const { return llm_completion_tokens_; }
  std::int64_t llm_in_flight() const { return llm_in_flight_; }

 private:
  static int index(Role r) { return r == Role::customer ? 0 : 1; }
  static constexpr std::array<double, 10> kBuckets{5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600};
  static constexpr int kReasons = static_cast<int>(enum_count<EscalationReason>);
  static constexpr int kErrorCodes = static_cast<int>(enum_count<proto::ErrorCode>);
  static constexpr std::array<double, 9> kLlmBuckets{0.25, 0.5, 1, 2, 4, 8, 15, 30, 60};
  static constexpr int kLlmOutcomes = static_cast<int>(enum_count<LlmOutcome>);

  std::array<std::atomic<std::int64_t>, 2> open_{};
  std::array<std::atomic<std::uint64_t>, 2> opened_total_{};
  std::array<std::atomic<std::uint64_t>, 2> frames_in_{};
  std::array<std::atomic<std::uint64_t>, 4> messages_{};  // by Speaker
  std::atomic<std::uint64_t> answers_{0}, answers_unsure_{0};
  std::array<std::atomic<std::uint64_t>, kReasons> escalations_{};
  std::array<std::atomic<std::uint64_t>, kReasons> offers_{};
  std::array<std::atomic<std::uint64_t>, enum_count<DialogueAct>> replies_{};
  std::atomic<std::uint64_t> offline_{0};
  mutable std::mutex cluster_mutex_;
  std::optional<ClusterFigures> cluster_;  // set on cluster nodes only
  std::array<std::atomic<std::uint64_t>, enum_count<OfflineReplyOutcome>> offline_replies_{};
  std::atomic<std::uint64_t> identity_verified_{0};
  std::array<std::atomic<std::uint64_t>, enum_count<IdentityProblem>> identity_rejected_{};
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> tth_buckets_{};
  std::atomic<std::uint64_t> tth_count_{0};
  std::atomic<std::int64_t> tth_sum_ms_{0};
  std::atomic<std::uint64_t> started_{0}, closed_ai_{0}, closed_human_{0};
  std::array<std::atomic<std::uint64_t>, 2> ratings_{}, rating_sum_{};  // 0: ai, 1: human
  std::array<std::atomic<std::uint64_t>, 2> feedback_{};  // 0: helpful, 1: not helpful
  std::array<std::atomic<std::uint64_t>, kErrorCodes> errors_{};
  std::atomic<std::uint64_t> slow_consumers_{0}, abuse_{0};
  std::atomic<std::int64_t> queue_length_{0}, agents_online_{0};
  std::atomic<std::uint64_t> store_queued_{0}, store_committed_{0}, store_failed_{0}, store_dropped_{0}, store_batches_{0}, store_commit_us_{0};
  std::array<std::atomic<std::uint64_t>, kLlmOutcomes> llm_requests_{};
  std::atomic<std::uint64_t> llm_prompt_tokens_{0}, llm_completion_tokens_{0};
  std::atomic<std::int64_t> llm_in_flight_{0};
  std::array<std::atomic<std::uint64_t>, kLlmBuckets.size()> llm_latency_buckets_{};
  std::atomic<std::uint64_t> llm_latency_count_{0};
  std::atomic<std::int64_t> llm_latency_sum_ms_{0};
};

}  // namespace duet::server
