#pragma once
// The C++ half of the web platform layer shared by every Duet web app: a WebGL2 canvas with ImGui's
// OpenGL3 renderer, HiDPI sizing and font atlases rebuilt when the pixel ratio changes, frames only
// on demand, timers, pointer input, the DOM semantics mirror and the real text fields over the
// canvas. An app implements `WebApp` and calls `run`; the page provides the elements named in
// duet_platform.js.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/types.hpp"
#include "shaders/gl_renderer.hpp"
#include "ui/platform_text.hpp"
#include "ui/semantics.hpp"
#include "ui/view_context.hpp"

namespace duet::web {

class WebApp {
 public:
  virtual ~WebApp() = default;
  // One ImGui frame: draw the views into `ctx` (between NewFrame and Render).
  virtual void draw(ui::ViewContext& ctx) = 0;
  // A command from the page shell, as JSON text (open, close, locale, ...). App-specific.
  virtual void command(std::string_view json) = 0;
  // Timers: the platform calls wake() at next_wakeup() (milliseconds since the epoch).
  virtual void wake(TimeMs now) = 0;
  virtual std::optional<TimeMs> next_wakeup() const = 0;
  // Messages newer than this sequence number are announced by the live region (older ones are
  // history the customer has already seen). -1 until the app knows.
  virtual Seq announce_after() const { return -1; }
  // The canvas clear colour (the theme's background), 0xAARRGGBB as ImU32.
  virtual std::uint32_t background() const = 0;
};

// Frames ImGui needs after an input or a change to settle its layout (hover, scroll targets).
constexpr int kSettleFrames = 3;

class Platform {
 public:
  static Platform& get();

  // Registers the app, installs input handlers. Creates no WebGL context yet (see show()).
  void run(WebApp& app);
  // The panel is visible: create the WebGL context on first use and render. Hidden panels render
  // nothing at all.
  void show();
  void hide();
  bool visible() const { return visible_; }

  // Asks for `frames` more frames (render on demand). Cheap; coalesced into one animation frame.
  void request_frames(int frames = kSettleFrames);
  // Re-arms the timer from app.next_wakeup().
  void reschedule();

  // The UI font bytes (kept for the atlas; rebuilt on pixel-ratio changes).
  void set_font(std::string bytes);
  // The Greek + Cyrillic font: ask for it when text needs it (fetched once), add it when it comes.
  void need_extra_font();
  void add_extra_font(std::string bytes);
  // Connects a view's text field to the DOM text field of the same semantics id.
  void bind_text(const std::string& id, ui::TextField* field);
  void focus(const std::string& id);  // moves keyboard focus to a mirrored element
  void set_theme(const ui::Theme& theme);
  // Sends an event to the page shell (JSON object text).
  void emit(const std::string& json);
  std::uint64_t frames() const { return frames_; }

  // Called from the exported entry points.
  bool frame();  // false when nothing was rendered (hidden, no WebGL)
  void timer();
  void command(std::string_view json);
  void resize(float width, float height, float pixel_ratio);
  void pointer(float x, float y, int kind);
  void wheel(float dx, float dy);
  void activate(std::string id);
  void focused(std::string id);
  void text(const std::string& id, std::string value);

 private:
  bool ensure_context();
  void rebuild_fonts();
  void apply_input();
  void publish(const ui::Semantics& semantics);
  void sync_text_fields();

  WebApp* app_ = nullptr;
  bool visible_ = false, gl_ready_ = false, fonts_dirty_ = true;
  int context_ = 0;
  int pending_frames_ = 0;
  std::uint64_t frames_ = 0;
  float width_ = 1, height_ = 1, ratio_ = 1, font_ratio_ = 0;
  double last_time_ = 0;
  std::string font_, extra_font_;
  bool extra_requested_ = false;
  ui::Theme theme_;
  ui::Semantics semantics_;
  ui::ViewContext ctx_;
  std::unique_ptr<gl::Renderer> renderer_;  // made with the WebGL context
  std::unique_ptr<ui::PlatformText> text_;  // made with the WebGL context
  std::string last_mirror_;
  std::string cursor_;
  struct PointerEvent { float x, y; int kind; };  // kind: 0 move, 1 down, 2 up, 3 leave
  std::vector<PointerEvent> pointer_events_;
  float wheel_x_ = 0, wheel_y_ = 0;
  std::vector<std::string> activations_;
  struct Bound { ui::TextField* field; std::uint64_t version; bool shown = false; };
  std::vector<std::pair<std::string, Bound>> text_fields_;
};

}  // namespace duet::web
