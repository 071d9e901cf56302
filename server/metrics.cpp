#include "server/metrics.hpp"

#include <cstdio>
#include <sstream>

namespace duet::server {

void Metrics::connection_opened(Role r) {
  ++open_[index(r)];
  ++opened_total_[index(r)];
}
void Metrics::connection_closed(Role r) { --open_[index(r)]; }
void Metrics::frame_in(Role r) { ++frames_in_[index(r)]; }
void Metrics::message(Speaker s) { ++messages_[static_cast<int>(s)]; }
void Metrics::assistant_answer(bool unsure) {
  ++answers_;
  if (unsure) ++answers_unsure_;
}
void Metrics::escalation(EscalationReason r) {
  const int i = static_cast<int>(r);
  if (i >= 0 && i < kReasons) ++escalations_[i];
}
void Metrics::assistant_reply(DialogueAct a) {
  if (const auto i = static_cast<std::size_t>(a); i < replies_.size()) ++replies_[i];
}
void Metrics::offer(EscalationReason r) {
  if (const auto i = static_cast<std::size_t>(r); i < offers_.size()) ++offers_[i];
}
void Metrics::offline() { ++offline_; }
void Metrics::time_to_human(double seconds) {
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++tth_buckets_[i];
  ++tth_count_;
  tth_sum_ms_ += static_cast<std::int64_t>(seconds * 1000);
}
void Metrics::conversation_started() { ++started_; }
void Metrics::conversation_closed(bool human) { ++(human ? closed_human_ : closed_ai_); }
void Metrics::rating(bool human, int score) {
  ++ratings_[human ? 1 : 0];
  rating_sum_[human ? 1 : 0] += static_cast<std::uint64_t>(score);
}
void Metrics::feedback(Feedback f) {
  if (f != Feedback::none) ++feedback_[f == Feedback::helpful ? 0 : 1];
}
void Metrics::error_sent(proto::ErrorCode c) {
  const int i = static_cast<int>(c);
  if (i >= 0 && i < kErrorCodes) ++errors_[i];
}
void Metrics::slow_consumer_closed() { ++slow_consumers_; }
void Metrics::abuse_closed() { ++abuse_; }
void Metrics::llm_request(LlmOutcome o, double seconds) {
  const int i = static_cast<int>(o);
  if (i >= 0 && i < kLlmOutcomes) ++llm_requests_[i];
  if (seconds < 0) return;
  for (std::size_t b = 0; b < kLlmBuckets.size(); ++b)
    if (seconds <= kLlmBuckets[b]) ++llm_latency_buckets_[b];
  ++llm_latency_count_;
  llm_latency_sum_ms_ += static_cast<std::int64_t>(seconds * 1000);
}
void Metrics::llm_tokens(std::uint64_t prompt, std::uint64_t completion) {
  llm_prompt_tokens_ += prompt;
  llm_completion_tokens_ += completion;
}

void Metrics::set_store_counters(const StoreCounters& c) {
  store_queued_ = c.writes_queued;
  store_committed_ = c.writes_committed;
  store_failed_ = c.writes_failed;
  store_dropped_ = c.writes_dropped;
  store_batches_ = c.batches;
  store_commit_us_ = c.commit_us;
}

std::string Metrics::prometheus() const {
  std::ostringstream o;
  auto head = [&](const char* name, const char* type, const char* help) {
    o << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n';
  };
  const char* roles[] = {"customer", "agent"};

  head("duet_connections", "gauge", "Open WebSocket connections.");
  for (int i = 0; i < 2; ++i) o << "duet_connections{role=\"" << roles[i] << "\"} " << open_[i] << '\n';
  head("duet_connections_total", "counter", "WebSocket connections accepted.");
  for (int i = 0; i < 2; ++i) o << "duet_connections_total{role=\"" << roles[i] << "\"} " << opened_total_[i] << '\n';
  head("duet_frames_received_total", "counter", "WebSocket frames received.");
  for (int i = 0; i < 2; ++i) o << "duet_frames_received_total{role=\"" << roles[i] << "\"} " << frames_in_[i] << '\n';

  head("duet_messages_total", "counter", "Transcript messages by speaker.");
  for (Speaker s : {Speaker::customer, Speaker::ai, Speaker::agent})
    o << "duet_messages_total{speaker=\"" << to_string(s) << "\"} " << messages_[static_cast<int>(s)] << '\n';

  head("duet_assistant_answers_total", "counter", "Assistant answers, by whether the assistant was unsure.");
  o << "duet_assistant_answers_total{unsure=\"false\"} " << answers_ - answers_unsure_ << '\n';
  o << "duet_assistant_answers_total{unsure=\"true\"} " << answers_unsure_ << '\n';

  head("duet_escalations_total", "counter", "Conversations sent to the human queue, by reason.");
  for (int i = 1; i < kReasons; ++i)
    o << "duet_escalations_total{reason=\"" << to_string(static_cast<EscalationReason>(i)) << "\"} "
      << escalations_[i] << '\n';
  head("duet_assistant_replies_total", "counter", "Assistant messages, by the dialogue act they answered (none: an article).");
  for (std::size_t i = 0; i < replies_.size(); ++i)
    o << "duet_assistant_replies_total{act=\"" << to_string(static_cast<DialogueAct>(i)) << "\"} " << replies_[i] << '\n';
  head("duet_assistant_offers_total", "counter", "Times the assistant offered a person, by reason.");
  for (int i = 1; i < kReasons; ++i)
    o << "duet_assistant_offers_total{reason=\"" << to_string(static_cast<EscalationReason>(i)) << "\"} "
      << offers_[i] << '\n';
  head("duet_offline_total", "counter", "Conversations that took the offline path (no human could serve).");
  o << "duet_offline_total " << offline_ << '\n';
  head("duet_identity_tokens_total", "counter", "Identity tokens checked: verified, or refused by reason.");
  o << "duet_identity_tokens_total{result=\"verified\"} " << identity_verified_ << '\n';
  for (std::size_t i = 0; i < identity_rejected_.size(); ++i)
    o << "duet_identity_tokens_total{result=\"" << to_string(static_cast<IdentityProblem>(i)) << "\"} " << identity_rejected_[i] << '\n';
  head("duet_offline_replies_total", "counter", "Replies to offline messages posted to the offline reply hook, by outcome.");
  for (std::size_t i = 0; i < offline_replies_.size(); ++i)
    o << "duet_offline_replies_total{outcome=\"" << offline_reply_names(static_cast<OfflineReplyOutcome>(i)) << "\"} " << offline_replies_[i] << '\n';

  head("duet_time_to_human_seconds", "histogram", "From joining the queue to a human joining.");
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    o << "duet_time_to_human_seconds_bucket{le=\"" << kBuckets[i] << "\"} " << tth_buckets_[i] << '\n';
  o << "duet_time_to_human_seconds_bucket{le=\"+Inf\"} " << tth_count_ << '\n';
  char sum[32];
  std::snprintf(sum, sizeof sum, "%.3f", static_cast<double>(tth_sum_ms_) / 1000.0);
  o << "duet_time_to_human_seconds_sum " << sum << "\nduet_time_to_human_seconds_count " << tth_count_ << '\n';

  head("duet_conversations_started_total", "counter", "Conversations started.");
  o << "duet_conversations_started_total " << started_ << '\n';
  head("duet_conversations_closed_total", "counter", "Conversations closed, by whether a human took part.");
  o << "duet_conversations_closed_total{human=\"false\"} " << closed_ai_ << '\n';
  o << "duet_conversations_closed_total{human=\"true\"} " << closed_human_ << '\n';
  head("duet_containment_rate", "gauge", "Share of closed conversations that never needed a human.");
  const double closed = static_cast<double>(closed_ai_ + closed_human_);
  o << "duet_containment_rate " << (closed > 0 ? static_cast<double>(closed_ai_) / closed : 0.0) << '\n';

  head("duet_ratings_total", "counter", "Ratings received, for conversations with the AI only or with a human.");
  head("duet_rating_score_sum", "counter", "Sum of rating scores (1-5), same split.");
  const char* by[] = {"ai", "human"};
  for (int i = 0; i < 2; ++i) {
    o << "duet_ratings_total{by=\"" << by[i] << "\"} " << ratings_[i] << '\n';
    o << "duet_rating_score_sum{by=\"" << by[i] << "\"} " << rating_sum_[i] << '\n';
  }

  head("duet_answer_feedback_total", "counter", "Taps on \"did this answer your question?\" under an assistant answer.");
  o << "duet_answer_feedback_total{helpful=\"true\"} " << feedback_[0] << '\n';
  o << "duet_answer_feedback_total{helpful=\"false\"} " << feedback_[1] << '\n';

  head("duet_queue_length", "gauge", "Customers waiting for a human (including those offered to an agent).");
  o << "duet_queue_length " << queue_length_ << '\n';
  head("duet_agents_online", "gauge", "Agents connected and available.");
  o << "duet_agents_online " << agents_online_ << '\n';

  std::optional<ClusterFigures> cluster;
  {
    std::lock_guard lock(cluster_mutex_);
    cluster = cluster_;
  }
  if (cluster) {
    head("duet_cluster_leader", "gauge", "1 on the node whose hub leads the cluster, 0 on the others.");
    o << "duet_cluster_leader " << (cluster->leader ? 1 : 0) << '\n';
    head("duet_cluster_epoch", "gauge", "The leader lease's epoch this node last saw (it grows at every takeover).");
    o << "duet_cluster_epoch " << cluster->epoch << '\n';
    head("duet_cluster_redis_published_total", "counter", "Messages this node published to other nodes.");
    o << "duet_cluster_redis_published_total " << cluster->published << '\n';
    head("duet_cluster_redis_received_total", "counter", "Messages this node received from other nodes.");
    o << "duet_cluster_redis_received_total " << cluster->received << '\n';
    head("duet_cluster_redis_dropped_total", "counter", "Messages not published because the link to Redis was down.");
    o << "duet_cluster_redis_dropped_total " << cluster->dropped << '\n';
    head("duet_cluster_redis_reconnects_total", "counter", "Times the link to Redis broke and was rebuilt.");
    o << "duet_cluster_redis_reconnects_total " << cluster->reconnects << '\n';
  }

  head("duet_errors_sent_total", "counter", "Error frames sent to clients, by code.");
  for (int i = 0; i < kErrorCodes; ++i)
    if (errors_[i] > 0)
      o << "duet_errors_sent_total{code=\"" << proto::to_string(static_cast<proto::ErrorCode>(i)) << "\"} "
        << errors_[i] << '\n';
  head("duet_disconnects_total", "counter", "Connections the server closed, by cause.");
  o << "duet_disconnects_total{cause=\"slow_consumer\"} " << slow_consumers_ << '\n';
  o << "duet_disconnects_total{cause=\"abuse\"} " << abuse_ << '\n';

  head("duet_llm_requests_total", "counter", "Questions for the LLM endpoint, by outcome (all but ok: the KB answered).");
  for (int i = 0; i < kLlmOutcomes; ++i)
    o << "duet_llm_requests_total{outcome=\"" << llm_outcome_names(static_cast<LlmOutcome>(i)) << "\"} "
      << llm_requests_[i] << '\n';
  head("duet_llm_tokens_total", "counter", "Tokens the LLM endpoint reported in `usage`, by kind.");
  o << "duet_llm_tokens_total{kind=\"prompt\"} " << llm_prompt_tokens_ << '\n';
  o << "duet_llm_tokens_total{kind=\"completion\"} " << llm_completion_tokens_ << '\n';
  head("duet_llm_in_flight", "gauge", "Requests to the LLM endpoint under way.");
  o << "duet_llm_in_flight " << llm_in_flight_ << '\n';
  head("duet_llm_latency_seconds", "histogram", "From a question reaching the LLM path to its end, for requests sent.");
  for (std::size_t i = 0; i < kLlmBuckets.size(); ++i)
    o << "duet_llm_latency_seconds_bucket{le=\"" << kLlmBuckets[i] << "\"} " << llm_latency_buckets_[i] << '\n';
  o << "duet_llm_latency_seconds_bucket{le=\"+Inf\"} " << llm_latency_count_ << '\n';
  std::snprintf(sum, sizeof sum, "%.3f", static_cast<double>(llm_latency_sum_ms_) / 1000.0);
  o << "duet_llm_latency_seconds_sum " << sum << "\nduet_llm_latency_seconds_count " << llm_latency_count_ << '\n';

  head("duet_store_writes_queued_total", "counter", "Writes handed to the store.");
  o << "duet_store_writes_queued_total " << store_queued_ << '\n';
  head("duet_store_writes_committed_total", "counter", "Writes stored.");
  o << "duet_store_writes_committed_total " << store_committed_ << '\n';
  head("duet_store_commits_total", "counter", "Group-commit transactions that stored writes.");
  o << "duet_store_commits_total " << store_batches_ << '\n';
  head("duet_store_write_errors_total", "counter", "Store write attempts that failed (a retried write counts each time).");
  o << "duet_store_write_errors_total " << store_failed_ << '\n';
  head("duet_store_writes_dropped_total", "counter", "Writes given up for good (a constraint, a fenced leader, still failing at shutdown).");
  o << "duet_store_writes_dropped_total " << store_dropped_ << '\n';
  head("duet_store_commit_seconds_total", "counter", "Time the store's writer spent applying batches.");
  std::snprintf(sum, sizeof sum, "%.3f", static_cast<double>(store_commit_us_) / 1e6);
  o << "duet_store_commit_seconds_total " << sum << '\n';
  return o.str();
}

}  // namespace duet::server
