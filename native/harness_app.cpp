#include "native/harness_app.hpp"

#include <algorithm>

#include <imgui.h>
#include <nlohmann/json.hpp>

namespace duet::native {
namespace {

std::string frame_type(const std::string& frame) {
  auto j = nlohmann::json::parse(frame, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("type") || !j["type"].is_string()) return "?";
  return j["type"].get<std::string>();
}

std::string shorten(const std::string& s, std::size_t n = 160) {
  return s.size() <= n ? s : s.substr(0, n) + "...";
}

// The widget view draws over the main viewport; the harness gives it one pane of the window.
struct ViewportScope {
  ImGuiViewport* vp = ImGui::GetMainViewport();
  ImVec2 pos = vp->Pos, size = vp->Size;
  ViewportScope(ImVec2 p, ImVec2 s) {
    vp->Pos = p;
    vp->Size = s;
  }
  ~ViewportScope() {
    vp->Pos = pos;
    vp->Size = size;
  }
};

Context demo_context() {
  Context c;
  c.page = "/demo/checkout";
  c.checkout_step = "payment";
  c.payment_error = "card_declined";
  c.currency = "SEK";
  c.cart = {{"Trail running shoes", 1, 1299}, {"Merino socks", 2, 149}};
  c.cart_total = 1597;
  c.customer_name = "Ada Lind";
  c.customer_email = "ada@example.com";
  return c;
}

}  // namespace

std::string ws_base(const std::string& server) {
  std::string s = server;
  if (s.rfind("http://", 0) == 0) s = "ws://" + s.substr(7);
  else if (s.rfind("ws://", 0) != 0) s = "ws://" + s;
  while (!s.empty() && s.back() == '/') s.pop_back();
  return s;
}

HarnessApp::HarnessApp(HarnessOptions options, UiQueue& queue, TimeMs now)
    : options_(std::move(options)), queue_(queue) {
  const std::string base = ws_base(options_.server);
  customer_url_ = base + "/ws/customer";
  agent_url_ = base + "/ws/agent";
  theme_ = ui::Theme::make(ui::kDefaultBrand, options_.dark);
  for (auto* c : {&widget_ctx_, &agent_ctx_, &inspector_ctx_}) c->theme = &theme_;
  widget_ctx_.semantics = &widget_sem_;
  agent_ctx_.semantics = &agent_sem_;
  inspector_ctx_.semantics = &inspector_sem_;
  widget_ui_.strings = &ui::widget_strings(options_.locale);
  inspector_.server = options_.server;

  customer_net_ = std::make_unique<BeastTransport>(
      queue_, TransportEvents{[this](TimeMs t) { customer_->on_open(t); },
                              [this](std::string_view f, TimeMs t) { customer_->on_frame(f, t); },
                              [this](TimeMs t) { customer_->on_closed(t); },
                              [this](bool out, const std::string& f, bool inj) { tap(ui::Side::customer, out, f, inj); }});
  agent_net_ = std::make_unique<BeastTransport>(
      queue_, TransportEvents{[this](TimeMs t) { agent_->on_open(t); },
                              [this](std::string_view f, TimeMs t) { agent_->on_frame(f, t); },
                              [this](TimeMs t) { agent_->on_closed(t); },
                              [this](bool out, const std::string& f, bool inj) { tap(ui::Side::agent, out, f, inj); }});
  ClientConfig cc;
  cc.url = customer_url_;
  cc.site = options_.site;
  cc.locale = options_.locale;
  cc.context = demo_context();
  const auto seed = static_cast<std::uint64_t>(now);
  customer_ = std::make_unique<CustomerSession>(cc, *customer_net_, seed);
  AgentConfig ac;
  ac.url = agent_url_;
  agent_ = std::make_unique<AgentSession>(ac, *agent_net_, seed ^ 0x9E3779B97F4A7C15ULL);
  customer_->set_panel_open(true);
  customer_->start(now);
  if (!options_.token.empty()) {
    agent_ui_.token.set(options_.token);
    agent_->sign_in(options_.token, now);
  }
}

HarnessApp::~HarnessApp() {
  customer_->stop();
  agent_->stop();
}

void HarnessApp::set_fonts(const ui::FontSet& fonts) {
  for (auto* c : {&widget_ctx_, &agent_ctx_, &inspector_ctx_}) c->fonts = fonts;
}

void HarnessApp::set_platform_text(ui::PlatformText* text) {
  for (auto* c : {&widget_ctx_, &agent_ctx_, &inspector_ctx_}) c->text = text;
}

void HarnessApp::tap(ui::Side side, bool outgoing, const std::string& frame, bool injected) {
  const TimeMs now = wall_ms();
  ui::FrameRecord r{now, side, outgoing, frame_type(frame), shorten(frame), injected};
  if (side == ui::Side::customer) {
    auto j = nlohmann::json::parse(frame, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.contains("cid") && j["cid"].is_string()) {
      const std::string cid = j["cid"].get<std::string>();
      if (outgoing && r.type == "say" && !injected) say_sent_.emplace(cid, now);
      if (!outgoing && r.type == "ack") {
        auto it = say_sent_.find(cid);
        if (it != say_sent_.end()) {
          inspector_.add_latency(static_cast<int>(now - it->second));
          say_sent_.erase(it);
        }
      }
    }
  }
  inspector_.add(std::move(r));
}

bool HarnessApp::pump(TimeMs now) {
  int ran = queue_.drain(now);
  customer_->tick(now);
  agent_->tick(now);
  return ran > 0;
}

std::optional<TimeMs> HarnessApp::next_wakeup(TimeMs now) const {
  std::optional<TimeMs> w;
  auto take = [&](std::optional<TimeMs> t) {
    if (t && (!w || *t < *w)) w = t;
  };
  take(customer_->next_wakeup());
  take(agent_->next_wakeup());
  take(queue_.next_due());
  // Clocks on screen (queue waits, reconnect countdowns) move once a second.
  const auto& a = agent_->view();
  if (!a.queue.empty() || a.connection == Connection::reconnecting ||
      customer_->view().connection == Connection::reconnecting)
    take(now + 1000 - now % 1000);
  return w;
}

void HarnessApp::draw(float width, float height, TimeMs now) {
  const float widget_w = std::clamp(width * 0.25f, 340.0f, 420.0f);
  const float inspector_w = std::clamp(width * 0.28f, 360.0f, 520.0f);
  const float agent_w = std::max(400.0f, width - widget_w - inspector_w);

  // Customer widget.
  widget_sem_.clear();
  widget_ctx_.time_s = static_cast<double>(now) / 1000.0;
  ui::WidgetIntents wi;
  {
    ViewportScope scope(ImVec2(0, 0), ImVec2(widget_w, height));
    wi = ui::draw_widget(customer_->view(), widget_ui_, widget_ctx_);
  }
  if (wi.say) customer_->say(*wi.say, now);
  if (wi.tap_reply) customer_->tap_reply(wi.tap_reply->message, wi.tap_reply->index, now);
  if (wi.request_human) customer_->request_human(now);
  if (wi.leave_queue) customer_->leave_queue(now);
  if (wi.rate) customer_->rate(wi.rate, wi.rate_comment);
  if (wi.leave_message) customer_->leave_message(wi.leave_message->contact, wi.leave_message->text, now);
  if (wi.typing) customer_->set_typing(*wi.typing);

  // Agent console.
  agent_sem_.clear();
  auto ai = ui::draw_agent_console(agent_->view(), agent_ui_, agent_ctx_, now,
                                   ui::AgentConsoleArea{ImVec2(widget_w, 0), ImVec2(agent_w, height)});
  ui::apply(*agent_, ai, now);
  if (agent_->view().new_offers > 0) agent_->offers_seen();  // on screen: seen

  // Inspector.
  inspector_sem_.clear();
  inspector_.customer = customer_->view().connection;
  inspector_.agent = agent_->view().connection;
  inspector_.has_conversation = !customer_->view().conversation.empty();
  inspector_.conversation = customer_->view().conversation;
  inspector_.state = customer_->view().state;
  inspector_.queue = agent_->view().queue;
  inspector_.delay_ms = customer_net_->delay();
  apply_inspector(ui::draw_inspector(inspector_, inspector_ui_, inspector_ctx_, now, ImVec2(widget_w + agent_w, 0),
                                     ImVec2(width - widget_w - agent_w, height)));
  // Pane dividers.
  ImDrawList* fg = ImGui::GetForegroundDrawList();
  fg->AddLine(ImVec2(widget_w, 0), ImVec2(widget_w, height), theme_.border, 2.0f);
  fg->AddLine(ImVec2(widget_w + agent_w, 0), ImVec2(widget_w + agent_w, height), theme_.border, 2.0f);
}

void HarnessApp::apply_inspector(const ui::InspectorIntents& i) {
  if (i.drop_customer) customer_net_->drop();
  if (i.drop_agent) agent_net_->drop();
  if (i.duplicate_customer) customer_net_->duplicate_next();
  if (i.duplicate_agent) agent_net_->duplicate_next();
  if (i.delay_ms) {
    customer_net_->set_delay(*i.delay_ms);
    agent_net_->set_delay(*i.delay_ms);
  }
}

}  // namespace duet::native
