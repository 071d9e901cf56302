#pragma once
// The harness's state and one frame of its three panes: the customer widget (core/ui widget view
// on a CustomerSession), the agent console (core/ui agent views on an AgentSession) and the
// inspector (frames, state machine, queue, latency, fault buttons). Both sessions talk to a real
// duet-server through BeastTransport. No GL here: main.cpp owns the window and the renderer.
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "model/agent_session.hpp"
#include "model/client_session.hpp"
#include "native/beast_transport.hpp"
#include "native/ui_queue.hpp"
#include "ui/agent_console.hpp"
#include "ui/inspector_view.hpp"
#include "ui/widget_view.hpp"

namespace duet::native {

struct HarnessOptions {
  std::string server;       // http://127.0.0.1:8080 or ws://127.0.0.1:8080
  std::string site = "demo";
  std::string token;        // the agent's token; empty: the console shows its sign-in screen
  std::string locale = "en";
  bool dark = false;
};

class HarnessApp {
 public:
  HarnessApp(HarnessOptions options, UiQueue& queue, TimeMs now);
  ~HarnessApp();

  // Network callbacks and timers; returns true when anything ran (so a frame is due).
  bool pump(TimeMs now);
  // When the harness must run again even without input (timers, delayed frames, clocks on screen).
  std::optional<TimeMs> next_wakeup(TimeMs now) const;
  // Draws the three panes into a window of `width` x `height` logical pixels (between NewFrame and Render).
  void draw(float width, float height, TimeMs now);

  ui::ViewContext& widget_context() { return widget_ctx_; }
  ui::ViewContext& agent_context() { return agent_ctx_; }
  ui::ViewContext& inspector_context() { return inspector_ctx_; }
  void set_fonts(const ui::FontSet& fonts);
  // The platform's text (emoji, CJK, right to left) for the widget and the console; null: ImGui's font.
  void set_platform_text(ui::PlatformText* text);
  const ui::Theme& theme() const { return theme_; }

  CustomerSession& customer() { return *customer_; }
  AgentSession& agent() { return *agent_; }
  BeastTransport& customer_net() { return *customer_net_; }
  BeastTransport& agent_net() { return *agent_net_; }
  ui::InspectorData& inspector() { return inspector_; }
  const ui::Semantics& widget_semantics() const { return widget_sem_; }
  const ui::Semantics& agent_semantics() const { return agent_sem_; }
  const std::string& customer_url() const { return customer_url_; }
  const std::string& agent_url() const { return agent_url_; }

 private:
  void tap(ui::Side side, bool outgoing, const std::string& frame, bool injected);
  void apply_inspector(const ui::InspectorIntents& i);

  HarnessOptions options_;
  UiQueue& queue_;
  std::string customer_url_, agent_url_;
  std::unique_ptr<BeastTransport> customer_net_, agent_net_;
  std::unique_ptr<CustomerSession> customer_;
  std::unique_ptr<AgentSession> agent_;
  ui::Theme theme_;
  ui::Semantics widget_sem_, agent_sem_, inspector_sem_;
  ui::ViewContext widget_ctx_, agent_ctx_, inspector_ctx_;
  ui::WidgetUi widget_ui_;
  ui::AgentUiState agent_ui_;
  ui::InspectorUi inspector_ui_;
  ui::InspectorData inspector_;
  std::map<std::string, TimeMs> say_sent_;  // customer cid -> when it went out (latency)
};

// "http://h:p", "ws://h:p" or "h:p" -> "ws://h:p" (no trailing slash).
std::string ws_base(const std::string& server);

}  // namespace duet::native
