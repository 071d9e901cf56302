#pragma once
// Counters and gauges for /metrics in the Prometheus text format. Lock-free updates from any thread.
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "model/protocol.hpp"
#include "model/enum_names.hpp"
#include "model/types.hpp"

namespace duet::server {

enum class Role { customer, agent };

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
  void time_to_human(double seconds);
  void conversation_started();
  void conversation_closed(bool human_involved);
  void rating(bool human, int score);
  void error_sent(proto::ErrorCode c);
  void slow_consumer_closed();
  void abuse_closed();
  void set_queue_length(int n) { queue_length_ = n; }
  void set_agents_online(int n) { agents_online_ = n; }
  void set_store_counters(std::uint64_t commits, std::uint64_t errors) { store_commits_ = commits, store_errors_ = errors; }

  std::string prometheus() const;

  // For tests and /healthz.
  std::int64_t connections(Role r) const { return open_[index(r)]; }
  std::uint64_t escalations(EscalationReason r) const { return escalations_[static_cast<int>(r)]; }
  std::uint64_t replies(DialogueAct a) const { return replies_[static_cast<std::size_t>(a)]; }
  std::uint64_t offers(EscalationReason r) const { return offers_[static_cast<std::size_t>(r)]; }

 private:
  static int index(Role r) { return r == Role::customer ? 0 : 1; }
  static constexpr std::array<double, 10> kBuckets{5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600};
  static constexpr int kReasons = static_cast<int>(enum_count<EscalationReason>);
  static constexpr int kErrorCodes = 21;

  std::array<std::atomic<std::int64_t>, 2> open_{};
  std::array<std::atomic<std::uint64_t>, 2> opened_total_{};
  std::array<std::atomic<std::uint64_t>, 2> frames_in_{};
  std::array<std::atomic<std::uint64_t>, 4> messages_{};  // by Speaker
  std::atomic<std::uint64_t> answers_{0}, answers_unsure_{0};
  std::array<std::atomic<std::uint64_t>, kReasons> escalations_{};
  std::array<std::atomic<std::uint64_t>, kReasons> offers_{};
  std::array<std::atomic<std::uint64_t>, enum_count<DialogueAct>> replies_{};
  std::atomic<std::uint64_t> offline_{0};
  std::array<std::atomic<std::uint64_t>, kBuckets.size()> tth_buckets_{};
  std::atomic<std::uint64_t> tth_count_{0};
  std::atomic<std::int64_t> tth_sum_ms_{0};
  std::atomic<std::uint64_t> started_{0}, closed_ai_{0}, closed_human_{0};
  std::array<std::atomic<std::uint64_t>, 2> ratings_{}, rating_sum_{};  // 0: ai, 1: human
  std::array<std::atomic<std::uint64_t>, kErrorCodes> errors_{};
  std::atomic<std::uint64_t> slow_consumers_{0}, abuse_{0};
  std::atomic<std::int64_t> queue_length_{0}, agents_online_{0};
  std::atomic<std::uint64_t> store_commits_{0}, store_errors_{0};
};

}  // namespace duet::server
