// The agent console in the browser: AgentSession (model) on a WebSocket, drawn by the agent views
// (core/ui) through the web platform layer. Events to the page: the offer badge and the token to keep.
#include <memory>
#include <string>

#include <emscripten.h>
#include <emscripten/html5.h>
#include <nlohmann/json.hpp>

#include "model/agent_session.hpp"
#include "ui/agent_console.hpp"
#include "web/platform/json_text.hpp"
#include "web/platform/web_platform.hpp"
#include "web/platform/ws_transport.hpp"

namespace duet::web {
namespace {

using nlohmann::json;

TimeMs now_ms() { return static_cast<TimeMs>(emscripten_date_now()); }

class AgentApp final : public WebApp {
 public:
  void draw(ui::ViewContext& ctx) override {
    if (!session_) return;
    const ImVec2 size = ImGui::GetIO().DisplaySize;
    const TimeMs now = now_ms();
    auto intents = ui::draw_agent_console(session_->view(), ui_, ctx, now, ui::AgentConsoleArea{ImVec2(0, 0), size});
    for (const auto& i : intents)
      if (i.kind == ui::AgentIntent::Kind::sign_in) Platform::get().emit("{\"type\":\"token\",\"token\":" + json_string(i.text) + "}");
      else if (i.kind == ui::AgentIntent::Kind::sign_out) Platform::get().emit(R"({"type":"token","token":""})");
    ui::apply(*session_, intents, now);
    // Accept/Take goes away once pressed, and the focus with it (to the last button, Send): it goes
    // to the composer of the customer just opened, so a reply typed at once reaches them.
    for (const auto& i : intents)
      if (i.kind == ui::AgentIntent::Kind::accept) Platform::get().focus(ui::agent_ids::composer);
    if (!intents.empty()) after_change();
  }

  void command(std::string_view text) override {
    const json cmd = json::parse(text, nullptr, false);
    if (!cmd.is_object()) return;
    const std::string type = cmd.value("type", std::string());
    if (type == "start" && !session_) {
      dark_ = cmd.value("dark", false);
      apply_theme();
      AgentConfig config;
      config.url = cmd.value("url", std::string());
      Platform& p = Platform::get();
      p.bind_text(ui::agent_ids::token, &ui_.token);
      p.bind_text(ui::agent_ids::composer, &ui_.composer);
      p.bind_text(ui::agent_ids::canned_filter, &ui_.canned_filter);
      p.bind_text(ui::agent_ids::transfer_note, &ui_.transfer_note);
      transport_.on_open = [this] { session_->on_open(now_ms()); after_change(); };
      transport_.on_frame = [this](std::string_view f) { session_->on_frame(f, now_ms()); after_change(); };
      transport_.on_closed = [this] { session_->on_closed(now_ms()); after_change(); };
      const auto seed = static_cast<std::uint64_t>(emscripten_date_now() * 1000.0) ^
                        static_cast<std::uint64_t>(emscripten_random() * 4294967296.0);
      session_ = std::make_unique<AgentSession>(config, transport_, seed);
      if (const std::string token = cmd.value("token", std::string()); !token.empty()) session_->sign_in(token, now_ms());
      p.show();
    } else if (type == "scheme") {
      dark_ = cmd.value("dark", false);
      apply_theme();
    } else if (type == "page_visible" && session_) {
      session_->set_page_visible(cmd.value("visible", true));
    } else if (type == "drop" && session_) {  // test hook: the network fails under the console
      transport_.drop();
    }
    after_change();
  }

  void wake(TimeMs now) override {
    if (!session_) return;
    session_->tick(now);
    after_change();
    // Queue waits and reconnect countdowns move once a second.
    Platform::get().request_frames(1);
  }
  std::optional<TimeMs> next_wakeup() const override {
    if (!session_) return std::nullopt;
    auto w = session_->next_wakeup();
    const auto& vm = session_->view();
    if (!vm.queue.empty() || vm.connection == Connection::reconnecting) {
      const TimeMs tick = now_ms() + 1000;
      if (!w || tick < *w) w = tick;
    }
    return w;
  }
  std::uint32_t background() const override { return theme_.background; }

 private:
  void apply_theme() {
    theme_ = ui::Theme::make(ui::kDefaultBrand, dark_);
    Platform::get().set_theme(theme_);
  }
  void after_change() {
    Platform& p = Platform::get();
    p.reschedule();
    if (!session_ || session_->revision() == revision_) return;
    revision_ = session_->revision();
    p.request_frames();
    const int offers = static_cast<int>(session_->view().offers.size());
    if (offers != offers_) {
      p.emit("{\"type\":\"offers\",\"count\":" + std::to_string(offers) + ",\"added\":" +
             (offers > offers_ ? "true" : "false") + "}");
      offers_ = offers;
    }
  }

  WebSocketTransport transport_;
  std::unique_ptr<AgentSession> session_;
  ui::AgentUiState ui_;
  ui::Theme theme_ = ui::Theme::make(ui::kDefaultBrand, false);
  bool dark_ = false;
  std::uint64_t revision_ = ~0ull;
  int offers_ = 0;
};

AgentApp* app = nullptr;

}  // namespace
}  // namespace duet::web

int main() {
  duet::web::app = new duet::web::AgentApp();
  duet::web::Platform::get().run(*duet::web::app);
  return 0;
}
