// The native harness's platform text: paragraphs the UI font cannot draw are laid out with HarfBuzz
// over Debian's Noto fonts (paragraph_layout.cpp), rasterised with FreeType (paragraph_raster.cpp)
// into a page of the text atlas (core/ui/text_atlas.*), an OpenGL texture ImGui draws as an image.
// The same bookkeeping as web/platform/web_text.cpp, with FreeType where the browser has Canvas2D.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>
#include <unordered_map>

#include <GL/gl.h>

#include "native/noto_fonts.hpp"
#include "native/paragraph_layout.hpp"
#include "native/paragraph_raster.hpp"
#include "ui/platform_text.hpp"
#include "ui/text_atlas.hpp"

namespace duet::ui {
namespace {

// ImGui sizes the UI font by its line height; the em is that over DejaVu's line-per-em ratio, and
// lines are a little taller (stacked Thai marks, emoji), the same figures as duet_platform.js.
constexpr float kLinePerEm = 1.164f, kLineSpacing = 1.2f;

class FreeTypeText final : public PlatformText {
 public:
  explicit FreeTypeText(std::unique_ptr<native::NotoFonts> fonts) : fonts_(std::move(fonts)) {}

  ~FreeTypeText() override {
    if (!textures_.empty()) glDeleteTextures(static_cast<GLsizei>(textures_.size()), textures_.data());
  }

  ImVec2 measure(std::string_view text, float line, float wrap) override {
    const native::ParagraphLayout& l = layout(text, line, wrap);
    return ImVec2(l.width / ratio_, l.height / ratio_);
  }

  void draw(ImDrawList& dl, ImVec2 pos, std::string_view text, float line, float wrap, ImU32 colour) override {
    std::string key = layout_key(text, line, wrap);
    key.append(reinterpret_cast<const char*>(&colour), sizeof colour);
    const AtlasImage* img = atlas_.find(key);
    if (!img) {
      const auto start = std::chrono::steady_clock::now();
      const native::ParagraphLayout& l = layout(text, line, wrap);
      native::RgbaImage pixels = native::raster_paragraph(*fonts_, l, colour);
      int reused = -1;
      img = atlas_.add(key, pixels.width, pixels.height, l.width / ratio_, l.height / ratio_, &reused);
      if (!img) return;
      while (textures_.size() < atlas_.pages()) textures_.push_back(new_page());
      const GLuint tex = textures_[static_cast<std::size_t>(img->page)];
      glBindTexture(GL_TEXTURE_2D, tex);
      glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
      glPixelStorei(GL_UNPACK_ROW_LENGTH, pixels.width);
      glTexSubImage2D(GL_TEXTURE_2D, 0, img->x, img->y, img->w, img->h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.pixels.data());
      glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
      raster_ms_ += std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
      ++images_;
    }
    // On whole device pixels, so the image is not resampled.
    const ImVec2 at(std::round(pos.x * ratio_) / ratio_, std::round(pos.y * ratio_) / ratio_);
    const float n = static_cast<float>(atlas_.page_size());
    dl.AddImage(reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(textures_[static_cast<std::size_t>(img->page)])),
                at, ImVec2(at.x + static_cast<float>(img->w) / ratio_, at.y + static_cast<float>(img->h) / ratio_),
                ImVec2(static_cast<float>(img->x) / n, static_cast<float>(img->y) / n),
                ImVec2(static_cast<float>(img->x + img->w) / n, static_cast<float>(img->y + img->h) / n));
  }

  void begin_frame(float pixel_ratio) override {
    if (pixel_ratio != ratio_) {
      ratio_ = pixel_ratio;
      atlas_ = TextAtlas(kPage);  // every image again at the new resolution; the textures stay
      layouts_.clear();
    }
    atlas_.begin_frame();
  }

  Stats stats() const override {
    return Stats{static_cast<double>(textures_.size()) * kPage * kPage * 4, static_cast<double>(images_), raster_ms_};
  }

 private:
  static constexpr int kPage = 1024;

  static std::string layout_key(std::string_view text, float line, float wrap) {
    std::string key(text);
    key += '\x1f';
    key.append(reinterpret_cast<const char*>(&line), sizeof line);
    key.append(reinterpret_cast<const char*>(&wrap), sizeof wrap);
    return key;
  }

  // Laid out in device pixels, cached (a frame measures and then draws every visible paragraph).
  const native::ParagraphLayout& layout(std::string_view text, float line, float wrap) {
    std::string key = layout_key(text, line, wrap);
    if (auto it = layouts_.find(key); it != layouts_.end()) return it->second;
    if (layouts_.size() > 4096) layouts_.clear();  // bounded; laying out again is cheap
    const float lh = std::ceil(line * kLineSpacing) * ratio_;
    return layouts_[std::move(key)] =
               native::lay_out_paragraph(*fonts_, text, line / kLinePerEm * ratio_, lh, wrap * ratio_);
  }

  static GLuint new_page() {
    GLuint tex = 0;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, kPage, kPage, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    return tex;
  }

  std::unique_ptr<native::NotoFonts> fonts_;
  TextAtlas atlas_{kPage};
  std::vector<GLuint> textures_;
  std::unordered_map<std::string, native::ParagraphLayout> layouts_;
  float ratio_ = 1;
  double raster_ms_ = 0;
  std::size_t images_ = 0;
};

}  // namespace

// Without the fonts the harness still runs, with ImGui's font for everything (and says why).
std::unique_ptr<PlatformText> make_platform_text() {
  std::string error;
  auto fonts = native::NotoFonts::open(error);
  if (!fonts) {
    std::fprintf(stderr, "duet-harness: platform text off: %s\n", error.c_str());
    return nullptr;
  }
  return std::make_unique<FreeTypeText>(std::move(fonts));
}

}  // namespace duet::ui
