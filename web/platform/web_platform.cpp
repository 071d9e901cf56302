#include "web/platform/web_platform.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <GLES3/gl3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>

#include "shaders/gl_renderer.hpp"
#include "ui/controls.hpp"
#include "ui/fonts.hpp"
#include "web/platform/json_text.hpp"

// Implemented in duet_platform.js.
extern "C" {
void duet_js_init();
void duet_js_request_frame();
void duet_js_set_timer(double ms);
void duet_js_cursor(const char* name);
void duet_js_mirror(const char* json, double history_seq);
void duet_js_set_value(const char* id, const char* value);
void duet_js_focus(const char* id);
void duet_js_emit(const char* json);
void duet_js_theme(const char* text, const char* muted, const char* background);
void duet_js_load_font_extra();
}

namespace duet::web {
namespace {

const char* cursor_name(ImGuiMouseCursor c) {
  switch (c) {
    case ImGuiMouseCursor_Hand: return "pointer";
    case ImGuiMouseCursor_TextInput: return "text";
    case ImGuiMouseCursor_None: return "none";
    default: return "default";
  }
}

const char* role_name(ui::Role r) {
  switch (r) {
    case ui::Role::button: return "button";
    case ui::Role::text_input: return "text_input";
    case ui::Role::message: return "message";
    case ui::Role::status: return "status";
    case ui::Role::heading: return "heading";
    case ui::Role::list: return "list";
    case ui::Role::dialog: return "dialog";
    case ui::Role::link: return "link";
    case ui::Role::checkbox: return "checkbox";
  }
  return "status";
}

}  // namespace

Platform& Platform::get() {
  static Platform p;
  return p;
}

void Platform::run(WebApp& app) {
  app_ = &app;
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no filesystem, and nothing to remember
  io.LogFilename = nullptr;
  io.ConfigInputTextCursorBlink = false;
  ctx_.semantics = &semantics_;
  ctx_.theme = &theme_;
  ctx_.external_text = true;
  duet_js_init();
  reschedule();
}

void Platform::set_theme(const ui::Theme& theme) {
  theme_ = theme;
  // The real text fields draw their own text: give them the theme's colours.
  auto css = [](ImU32 c) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%02x%02x%02x", c & 0xFF, (c >> 8) & 0xFF, (c >> 16) & 0xFF);
    return std::string(buf);
  };
  duet_js_theme(css(theme.text).c_str(), css(theme.muted).c_str(), css(theme.background).c_str());
  if (ImGui::GetCurrentContext()) ui::apply_style(theme_, ImGui::GetStyle());
  request_frames();
}

bool Platform::ensure_context() {
  if (gl_ready_) return true;
  EmscriptenWebGLContextAttributes attrs;
  emscripten_webgl_init_context_attributes(&attrs);
  attrs.majorVersion = 2;
  attrs.minorVersion = 0;
  attrs.alpha = false;
  attrs.depth = false;
  attrs.stencil = false;
  attrs.antialias = false;  // ImGui anti-aliases its own shapes
  context_ = emscripten_webgl_create_context("#duet-canvas", &attrs);
  if (context_ <= 0) {
    emit(R"({"type":"error","message":"WebGL2 is not available"})");
    return false;
  }
  emscripten_webgl_make_context_current(context_);
  std::string error;
  renderer_ = std::make_unique<gl::Renderer>();
  if (!renderer_->init(error)) {
    emit(R"({"type":"error","message":"WebGL2 shaders did not compile"})");
    return false;
  }
  text_ = ui::make_platform_text();
  ctx_.text = text_.get();
  gl_ready_ = true;
  fonts_dirty_ = true;
  return true;
}

void Platform::show() {
  visible_ = true;
  request_frames();
}

void Platform::hide() {
  visible_ = false;
}

void Platform::request_frames(int frames) {
  pending_frames_ = std::max(pending_frames_, frames);
  if (visible_) duet_js_request_frame();
}

void Platform::reschedule() {
  if (!app_) return;
  const auto at = app_->next_wakeup();
  duet_js_set_timer(at ? std::max(0.0, static_cast<double>(*at) - emscripten_date_now()) : -1.0);
}

void Platform::set_font(std::string bytes) {
  font_ = std::move(bytes);
  fonts_dirty_ = true;
  // Build the atlas now (CPU only), while the widget may still be hidden: the first frame after
  // opening then only uploads it.
  if (ImGui::GetCurrentContext()) rebuild_fonts();
  request_frames();
}

void Platform::need_extra_font() {
  if (extra_requested_) return;
  extra_requested_ = true;
  duet_js_load_font_extra();
}

void Platform::add_extra_font(std::string bytes) {
  extra_font_ = std::move(bytes);
  fonts_dirty_ = true;
  request_frames();
}

void Platform::rebuild_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  ctx_.fonts = ui::load_fonts(*io.Fonts, font_.empty() ? nullptr : font_.data(), font_.size(),
                              extra_font_.empty() ? nullptr : extra_font_.data(), extra_font_.size(), ratio_);
  if (gl_ready_) renderer_->upload_fonts(*io.Fonts);
  font_ratio_ = ratio_;
  fonts_dirty_ = false;
}

void Platform::bind_text(const std::string& id, ui::TextField* field) {
  text_fields_.push_back({id, Bound{field, field->version}});
}

void Platform::focus(const std::string& id) { duet_js_focus(id.c_str()); }

void Platform::emit(const std::string& json) { duet_js_emit(json.c_str()); }

void Platform::apply_input() {
  ImGuiIO& io = ImGui::GetIO();
  // ImGui 1.86 samples input state once per frame, so a press and release between two frames would
  // be lost: apply events up to the first button change, keep the rest for the next frame.
  std::size_t used = 0;
  for (; used < pointer_events_.size(); ++used) {
    const PointerEvent& e = pointer_events_[used];
    if (e.kind == 3) io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    else io.MousePos = ImVec2(e.x, e.y);
    if (e.kind == 1 || e.kind == 2) {
      if (io.MouseDown[0] == (e.kind == 1)) continue;
      io.MouseDown[0] = e.kind == 1;
      ++used;
      break;
    }
  }
  pointer_events_.erase(pointer_events_.begin(), pointer_events_.begin() + static_cast<long>(used));
  // One wheel unit scrolls five lines of body text in ImGui 1.86; the browser reports pixels.
  io.MouseWheel = -wheel_y_ / (5.0f * ui::kBodySize);
  io.MouseWheelH = -wheel_x_ / (5.0f * ui::kBodySize);
  wheel_x_ = wheel_y_ = 0;
}

bool Platform::frame() {
  if (!visible_ || !app_ || !ensure_context()) return false;
  if (fonts_dirty_ || font_ratio_ != ratio_) rebuild_fonts();
  ++frames_;
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(width_, height_);
  io.DisplayFramebufferScale = ImVec2(ratio_, ratio_);
  const double now = emscripten_get_now() / 1000.0;
  io.DeltaTime = last_time_ > 0 ? static_cast<float>(std::clamp(now - last_time_, 1e-4, 0.25)) : 1.0f / 60;
  last_time_ = now;
  apply_input();

  ctx_.activated.clear();
  if (!activations_.empty()) {
    ctx_.activated = activations_.front();
    activations_.erase(activations_.begin());
  }
  ctx_.time_s = now;
  ctx_.animating = false;
  semantics_.clear();

  text_->begin_frame(ratio_);
  ImGui::NewFrame();
  app_->draw(ctx_);
  ImGui::Render();
  glViewport(0, 0, static_cast<int>(std::lround(width_ * ratio_)), static_cast<int>(std::lround(height_ * ratio_)));
  const ImVec4 bg = ImGui::ColorConvertU32ToFloat4(app_->background());
  glClearColor(bg.x, bg.y, bg.z, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  renderer_->render(ImGui::GetDrawData());

  publish(semantics_);
  sync_text_fields();
  const char* cursor = cursor_name(ImGui::GetMouseCursor());
  if (cursor_ != cursor) {
    cursor_ = cursor;
    duet_js_cursor(cursor);
  }
  // Render on demand: continue only while something asks for it.
  if (pending_frames_ > 0) --pending_frames_;
  if (ctx_.animating) pending_frames_ = std::max(pending_frames_, 1);
  if (!pointer_events_.empty() || !activations_.empty()) pending_frames_ = std::max(pending_frames_, 2);
  if (pending_frames_ > 0) duet_js_request_frame();
  reschedule();
  return true;
}

void Platform::publish(const ui::Semantics& semantics) {
  // [{"r":role,"i":id,"l":label,"s":state,"t":text?,"x":[x,y,w,h]}, ...] in whole CSS pixels.
  std::string json = "[";
  for (const auto& n : semantics.nodes()) {
    if (json.size() > 1) json += ',';
    json += "{\"r\":\"";
    json += role_name(n.role);
    json += "\",\"i\":";
    append_json_string(json, n.id);
    json += ",\"l\":";
    append_json_string(json, n.label);
    json += ",\"s\":";
    append_json_string(json, n.state);
    if (!n.text.empty()) {
      json += ",\"t\":";
      append_json_string(json, n.text);
    }
    json += ",\"x\":[";
    const float box[] = {n.rect.x, n.rect.y, n.rect.w, n.rect.h};
    for (int i = 0; i < 4; ++i) {
      if (i) json += ',';
      json += std::to_string(std::lround(box[i]));
    }
    json += "]}";
  }
  json += ']';
  if (json == last_mirror_) return;  // the DOM changes only when what it mirrors changes
  last_mirror_ = std::move(json);
  duet_js_mirror(last_mirror_.c_str(), static_cast<double>(app_->announce_after()));
}

void Platform::sync_text_fields() {
  for (auto& [id, bound] : text_fields_) {
    // A field whose view was hidden for a while (the composer between two conversations) comes back
    // as a new, empty DOM node: it gets its text again, or what the customer typed would vanish.
    const bool shown = semantics_.find(id) != nullptr;
    if (bound.field->version != bound.version || (shown && !bound.shown)) {
      bound.version = bound.field->version;
      duet_js_set_value(id.c_str(), bound.field->text.c_str());
    }
    bound.shown = shown;
  }
}

void Platform::command(std::string_view json) {
  if (app_) app_->command(json);
}

void Platform::timer() {
  if (!app_) return;
  app_->wake(static_cast<TimeMs>(emscripten_date_now()));
  reschedule();
}

void Platform::resize(float width, float height, float pixel_ratio) {
  width_ = std::max(1.0f, width);
  height_ = std::max(1.0f, height);
  ratio_ = std::clamp(pixel_ratio, 1.0f, 4.0f);
  request_frames();
}

void Platform::pointer(float x, float y, int kind) {
  pointer_events_.push_back({x, y, kind});
  request_frames();
}

void Platform::wheel(float dx, float dy) {
  wheel_x_ += dx;
  wheel_y_ += dy;
  request_frames();
}

void Platform::activate(std::string id) {
  activations_.push_back(std::move(id));
  request_frames();
}

void Platform::focused(std::string id) {
  ctx_.focused = std::move(id);
  request_frames();
}

void Platform::text(const std::string& id, std::string value) {
  for (auto& [bound_id, bound] : text_fields_) {
    if (bound_id == id) bound.field->text = std::move(value);  // not a view change: no echo to the DOM
  }
  request_frames();
}

}  // namespace duet::web

namespace duet::ui {
// The browser's text editing: the real DOM text field the mirror lays over the box (see
// controls.hpp). Views never call this with ctx.external_text set; defining it here keeps ImGui's
// text editor out of the download.
bool edit_text_in_place(const char*, TextField&, ImVec2 size, bool) {
  ImGui::Dummy(size);
  return false;
}
}  // namespace duet::ui

// Entry points called by duet_platform.js (exported by name, see web/CMakeLists.txt).
extern "C" {
EMSCRIPTEN_KEEPALIVE int duet_frame(double) { return duet::web::Platform::get().frame() ? 1 : 0; }
EMSCRIPTEN_KEEPALIVE void duet_timer() { duet::web::Platform::get().timer(); }
EMSCRIPTEN_KEEPALIVE void duet_resize(double w, double h, double ratio) {
  duet::web::Platform::get().resize(static_cast<float>(w), static_cast<float>(h), static_cast<float>(ratio));
}
EMSCRIPTEN_KEEPALIVE void duet_pointer(double x, double y, int kind) {
  duet::web::Platform::get().pointer(static_cast<float>(x), static_cast<float>(y), kind);
}
EMSCRIPTEN_KEEPALIVE void duet_wheel(double dx, double dy) {
  duet::web::Platform::get().wheel(static_cast<float>(dx), static_cast<float>(dy));
}
EMSCRIPTEN_KEEPALIVE void duet_activate(const char* id, const char*) { duet::web::Platform::get().activate(id ? id : ""); }
EMSCRIPTEN_KEEPALIVE void duet_focus(const char* id, const char*) { duet::web::Platform::get().focused(id ? id : ""); }
EMSCRIPTEN_KEEPALIVE void duet_text(const char* id, const char* value) {
  duet::web::Platform::get().text(id ? id : "", value ? value : "");
}
EMSCRIPTEN_KEEPALIVE void duet_command(const char* json, const char*) {
  duet::web::Platform::get().command(json ? json : "");
}
// The font bytes, copied by the shell into memory it got from malloc; ownership passes here.
EMSCRIPTEN_KEEPALIVE void duet_font(char* bytes, int size) {
  duet::web::Platform::get().set_font(std::string(bytes, static_cast<std::size_t>(size > 0 ? size : 0)));
  free(bytes);
}
EMSCRIPTEN_KEEPALIVE void duet_font_extra(char* bytes, int size) {
  duet::web::Platform::get().add_extra_font(std::string(bytes, static_cast<std::size_t>(size > 0 ? size : 0)));
  free(bytes);
}
}
