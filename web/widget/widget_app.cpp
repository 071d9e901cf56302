// The customer widget in the browser: CustomerSession (model) on a WebSocket, drawn by the widget
// views (core/ui) through the web platform layer. Commands come from the page shell (which talks to
// the loader in the merchant's page); events go back the same way.
#include <algorithm>
#include <cstdlib>
#include <memory>
#include <string>

#include <emscripten.h>
#include <emscripten/html5.h>
#include <nlohmann/json.hpp>

#include "model/client_session.hpp"
#include "ui/widget_view.hpp"
#include "web/platform/json_text.hpp"
#include "web/platform/web_platform.hpp"
#include "web/platform/ws_transport.hpp"

namespace duet::web {
namespace {

using nlohmann::json;

TimeMs now_ms() { return static_cast<TimeMs>(emscripten_date_now()); }

std::string str(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

double num(const json& j, const char* key, double fallback = 0) {
  const auto it = j.find(key);
  return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

// The loader's merged setContext({cart, total, currency, checkoutStep, paymentError, orderId, page})
// and identify({id, name, email}) object -> the protocol's Context. Unknown or mistyped fields are
// ignored: a merchant's typo must never break the chat.
Context context_from(const json& j) {
  Context c;
  if (!j.is_object()) return c;
  c.page = str(j, "page");
  c.checkout_step = str(j, "checkoutStep");
  c.payment_error = str(j, "paymentError");
  c.order_id = str(j, "orderId");
  c.currency = str(j, "currency");
  if (const auto it = j.find("cart"); it != j.end() && it->is_array()) {
    for (const auto& item : *it) {
      if (!item.is_object()) continue;
      const double quantity = num(item, "quantity", num(item, "qty", 1));
      c.cart.push_back({str(item, "name"), static_cast<int>(quantity), num(item, "price")});
      c.cart_total += quantity * c.cart.back().price;
    }
  }
  c.cart_total = num(j, "total", c.cart_total);
  if (const auto it = j.find("user"); it != j.end() && it->is_object()) {
    c.customer_id = str(*it, "id");
    c.customer_name = str(*it, "name");
    c.customer_email = str(*it, "email");
    c.identity_token = str(*it, "token");  // the server checks it, and believes the rest only then
  }
  return c;
}

// Greek and Cyrillic letters are two-byte UTF-8 sequences led by 0xCD..0xD3 (U+0340..U+04FF).
bool has_greek_or_cyrillic(std::string_view text) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0xCD && b <= 0xD3) return true;
  }
  return false;
}

bool greek_or_cyrillic_language(std::string_view locale) {
  const std::string_view lang = locale.substr(0, locale.find_first_of("-_"));
  for (const char* l : {"el", "ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn"})
    if (lang == l) return true;
  return false;
}

class WidgetApp final : public WebApp {
 public:
  void draw(ui::ViewContext& ctx) override {
    if (!session_) return;
    const ui::WidgetIntents in = ui::draw_widget(session_->view(), ui_, ctx);
    if (!in.any()) return;
    const TimeMs now = now_ms();
    if (in.say) session_->say(*in.say, now);
    if (in.tap_reply) session_->tap_reply(in.tap_reply->message, in.tap_reply->index, now);
    if (in.request_human) session_->request_human(now);
    if (in.leave_queue) session_->leave_queue(now);
    if (in.rate) session_->rate(in.rate, in.rate_comment);
    if (in.leave_message) session_->leave_message(in.leave_message->contact, in.leave_message->text, now);
    if (in.typing) session_->set_typing(*in.typing);
    if (in.focus) Platform::get().focus(in.focus);
    if (in.close) {
      set_open(false);
      Platform::get().emit(R"({"type":"close"})");
    }
    after_change();
  }

  void command(std::string_view text) override {
    const json cmd = json::parse(text, nullptr, false);
    if (!cmd.is_object()) return;
    const std::string type = str(cmd, "type");
    if (type == "start") start(cmd);
    if (!session_) return;
    const TimeMs now = now_ms();
    if (type == "open") {
      set_open(true);
      if (cmd.value("focus", false)) Platform::get().focus(ui::ids::composer);
    } else if (type == "close") {
      set_open(false);
    } else if (type == "human") {
      set_open(true);  // connects first if needed; the request waits in the session until online
      session_->request_human(now);
    } else if (type == "context") {
      session_->set_context(context_from(cmd.value("context", json::object())));
    } else if (type == "locale") {
      ui_.strings = &ui::widget_strings(str(cmd, "locale"));
      if (greek_or_cyrillic_language(str(cmd, "locale"))) Platform::get().need_extra_font();
      Platform::get().request_frames();
    } else if (type == "scheme") {
      dark_ = cmd.value("dark", false);
      apply_theme();
    } else if (type == "page_visible") {
      session_->set_page_visible(cmd.value("visible", true));
    } else if (type == "drop") {  // test hook: the network fails under the widget
      transport_.drop();
    }
    after_change();
  }

  void wake(TimeMs now) override {
    if (!session_) return;
    session_->tick(now);
    after_change();
  }

  std::optional<TimeMs> next_wakeup() const override { return session_ ? session_->next_wakeup() : std::nullopt; }
  Seq announce_after() const override { return history_; }
  std::uint32_t background() const override { return theme_.background; }

 private:
  void start(const json& cfg) {
    if (session_) return;
    ClientConfig config;
    config.url = str(cfg, "url");
    config.site = str(cfg, "site");
    config.locale = str(cfg, "locale");
    config.context = context_from(cfg.value("context", json::object()));
    brand_ = ui::parse_hex_colour(str(cfg, "brand").c_str(), ui::kDefaultBrand);
    dark_ = cfg.value("dark", false);
    apply_theme();
    ui_.strings = &ui::widget_strings(config.locale);
    Platform& p = Platform::get();
    if (greek_or_cyrillic_language(config.locale)) p.need_extra_font();
    p.bind_text(ui::ids::composer, &ui_.composer);
    p.bind_text(ui::ids::contact, &ui_.contact);
    p.bind_text(ui::ids::offline_text, &ui_.offline_text);
    p.bind_text(ui::ids::rate_comment, &ui_.rate_comment);

    transport_.on_open = [this] { session_->on_open(now_ms()); after_change(); };
    transport_.on_frame = [this](std::string_view f) { session_->on_frame(f, now_ms()); after_change(); };
    transport_.on_closed = [this] { session_->on_closed(now_ms()); after_change(); };
    const auto seed = static_cast<std::uint64_t>(emscripten_date_now() * 1000.0) ^
                      static_cast<std::uint64_t>(emscripten_random() * 4294967296.0);
    session_ = std::make_unique<CustomerSession>(std::move(config), transport_, seed);
    if (const std::string resume = str(cfg, "resume"); !resume.empty())
      session_->restore(resume, static_cast<Seq>(std::max(0.0, std::atof(str(cfg, "seen").c_str()))));
    // The outbox comes back as the JSON text this app persisted ('' when there was none).
    if (const json saved = json::parse(str(cfg, "outbox"), nullptr, false); saved.is_array()) {
      std::vector<CustomerSession::Pending> pending;
      for (const auto& m : saved) {
        if (m.is_object() && !str(m, "cid").empty() && !str(m, "text").empty())
          pending.push_back({str(m, "cid"), str(m, "text"), static_cast<TimeMs>(num(m, "at")), {},
                             static_cast<Seq>(num(m, "reply_to"))});
      }
      session_->restore_outbox(std::move(pending));
    }
    // Connect now for a returning customer (replies and unread counts keep coming); a first-time
    // visitor who only hovered the launcher connects when the panel opens.
    if (!session_->resume_token().empty() || cfg.value("open", false)) begin();
    if (cfg.value("open", false)) set_open(true);
    after_change();
  }

  void begin() {
    if (started_) return;
    started_ = true;
    session_->start(now_ms());
  }

  void set_open(bool open) {
    if (!session_) return;
    if (open) begin();
    session_->set_panel_open(open);
    if (open) Platform::get().show(); else Platform::get().hide();
  }

  void apply_theme() {
    theme_ = ui::Theme::make(brand_, dark_);
    Platform::get().set_theme(theme_);
  }

  // Everything that follows a change of the session: a redraw, and events for the page.
  void after_change() {
    Platform& p = Platform::get();
    p.reschedule();
    if (!session_ || session_->revision() == revision_) return;
    revision_ = session_->revision();
    p.request_frames();
    const WidgetViewModel& vm = session_->view();
    // Fetch the Greek + Cyrillic glyphs the first time the conversation shows such letters (a scan
    // of the transcript's bytes, at most until the font is asked for).
    bool needs_extra = has_greek_or_cyrillic(vm.agent_name);
    for (std::size_t i = 0; i < vm.lines.size() && !needs_extra; ++i) needs_extra = has_greek_or_cyrillic(vm.lines[i].text);
    if (needs_extra) p.need_extra_font();
    if (history_ < 0 && !vm.conversation.empty() && !vm.loading_history) {
      // The first welcome and its pages: what they bring is history, not news (no announcements, no events).
      for (const auto& l : vm.lines) history_ = std::max(history_, l.seq);
      history_ = std::max<Seq>(history_, 0);
      emitted_ = history_;
      p.emit(R"({"type":"ready"})");
    }
    if (history_ >= 0) {
      for (const auto& l : vm.lines) {
        if (l.seq <= emitted_ || l.kind != EventKind::message) continue;
        emitted_ = l.seq;
        p.emit("{\"type\":\"message\",\"seq\":" + std::to_string(l.seq) + ",\"speaker\":" +
               json_string(to_string(l.speaker)) + ",\"author\":" + json_string(l.author) +
               ",\"text\":" + json_string(l.text) + "}");
      }
    }
    const std::string state(to_string(vm.state));
    if (!vm.conversation.empty() && state != state_) {
      state_ = state;
      p.emit("{\"type\":\"state\",\"state\":" + json_string(state) + "}");
    }
    if (vm.unread != unread_) {
      unread_ = vm.unread;
      p.emit("{\"type\":\"unread\",\"count\":" + std::to_string(unread_) + "}");
    }
    // What the loader keeps in the merchant's storage: the resume token, the unsent messages (as
    // JSON text, '' when none) and the state (a closed conversation is not reconnected on load).
    std::string outbox;
    for (const auto& m : session_->outbox()) {
      outbox += outbox.empty() ? "[" : ",";
      outbox += "{\"cid\":" + json_string(m.cid) + ",\"text\":" + json_string(m.text) + ",\"at\":" + std::to_string(m.at) +
                (m.reply_to ? ",\"reply_to\":" + std::to_string(m.reply_to) : std::string()) + "}";
    }
    if (!outbox.empty()) outbox += "]";
    std::string persisted = "{\"type\":\"persist\",\"resume\":" + json_string(session_->resume_token()) +
                            ",\"outbox\":" + json_string(outbox) + ",\"state\":" + json_string(state) +
                            ",\"seen\":" + json_string(std::to_string(session_->seen_seq())) + "}";
    if (persisted != persisted_) {
      persisted_ = std::move(persisted);
      p.emit(persisted_);
    }
  }

  WebSocketTransport transport_;
  std::unique_ptr<CustomerSession> session_;
  ui::WidgetUi ui_;
  ui::Theme theme_ = ui::Theme::make(ui::kDefaultBrand, false);
  std::uint32_t brand_ = ui::kDefaultBrand;
  bool dark_ = false;
  bool started_ = false;
  std::uint64_t revision_ = ~0ull;
  Seq history_ = -1, emitted_ = 0;
  std::string state_, persisted_;
  int unread_ = 0;
};

WidgetApp* app = nullptr;

}  // namespace
}  // namespace duet::web

int main() {
  duet::web::app = new duet::web::WidgetApp();
  duet::web::Platform::get().run(*duet::web::app);
  return 0;
}
