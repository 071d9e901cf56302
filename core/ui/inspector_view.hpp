#pragma once
// The developer's inspector in the native harness: every protocol frame in and out with
// timestamps, the conversation's state machine with the current state highlighted, the queue,
// round-trip latency, and buttons that inject network faults. A function of InspectorData.
#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "model/agent_session.hpp"
#include "ui/view_context.hpp"

namespace duet::ui {

enum class Side { customer, agent };
std::string_view to_string(Side s);

struct FrameRecord {
  TimeMs at = 0;
  Side side = Side::customer;
  bool outgoing = false;   // client -> server
  std::string type;        // "say", "event", ... ("?" when not JSON)
  std::string text;        // the frame, shortened for display
  bool injected = false;   // a duplicate the fault injector sent
};

struct InspectorData {
  std::deque<FrameRecord> frames;     // oldest first
  std::size_t max_frames = 400;
  State state = State::ai;
  bool has_conversation = false;
  std::string conversation;
  Connection customer = Connection::idle;
  Connection agent = Connection::idle;
  std::vector<AgentQueueItem> queue;
  std::vector<int> latencies_ms;      // customer say -> ack round trips, newest last
  int delay_ms = 0;                   // injected delay on both connections
  std::string server;                 // the server URL
  std::string scenario;               // scenario progress line, empty when interactive

  void add(FrameRecord r);            // keeps at most max_frames
  void add_latency(int ms);           // keeps the last 200
};

struct InspectorIntents {
  bool drop_customer = false;
  bool drop_agent = false;
  bool duplicate_customer = false;    // send the customer's next frame twice
  bool duplicate_agent = false;
  std::optional<int> delay_ms;        // set the delay on both connections
};

struct InspectorUi {
  bool follow = true;                 // keep the frame list scrolled to the newest
  bool show_customer = true, show_agent = true;
  std::size_t seen = 0;
};

struct Latency { int last = 0, p50 = 0, p99 = 0, count = 0; };
Latency latency_of(const std::vector<int>& samples_ms);

InspectorIntents draw_inspector(const InspectorData& data, InspectorUi& ui, ViewContext& ctx, TimeMs now,
                                ImVec2 pos, ImVec2 size);

}  // namespace duet::ui
