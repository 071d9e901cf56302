// The browser's text for what the UI font cannot draw: duet_platform.js lays a paragraph out with
// Canvas2D (the browser's fonts, fallback, shaping, bidi, colour emoji) and uploads the pixels into
// a page of the text atlas, a WebGL texture ImGui draws as an image. Nothing is downloaded: the
// fonts are the ones the browser already has.
#include <cmath>
#include <string>
#include <unordered_map>

#include <GLES3/gl3.h>
#include <emscripten.h>

#include "ui/platform_text.hpp"
#include "ui/text_atlas.hpp"

// Implemented in duet_platform.js.
extern "C" {
void duet_js_text_measure(const char* text, double line, double wrap, float* out);
double duet_js_text_draw(const char* text, double line, double wrap, unsigned colour, double ratio, int texture,
                         int x, int y, int w, int h);
}

namespace duet::ui {
namespace {

class WebText final : public PlatformText {
 public:
  ImVec2 measure(std::string_view text, float line, float wrap) override {
    std::string key = layout_key(text, line, wrap);
    if (auto it = sizes_.find(key); it != sizes_.end()) return it->second;
    if (sizes_.size() > 4096) sizes_.clear();  // bounded; measuring again is cheap
    float out[2] = {0, 0};
    duet_js_text_measure(std::string(text).c_str(), line, wrap, out);
    return sizes_[std::move(key)] = ImVec2(out[0], out[1]);
  }

  void draw(ImDrawList& dl, ImVec2 pos, std::string_view text, float line, float wrap, ImU32 colour) override {
    const ImVec2 size = measure(text, line, wrap);
    std::string key = layout_key(text, line, wrap);
    key.append(reinterpret_cast<const char*>(&colour), sizeof colour);
    const AtlasImage* img = atlas_.find(key);
    if (!img) {
      const int w = static_cast<int>(std::ceil(size.x * ratio_)), h = static_cast<int>(std::ceil(size.y * ratio_));
      int reused = -1;
      img = atlas_.add(key, w, h, size.x, size.y, &reused);
      if (!img) return;
      while (textures_.size() < atlas_.pages()) textures_.push_back(new_page());
      raster_ms_ += duet_js_text_draw(std::string(text).c_str(), line, wrap, colour, ratio_,
                                      static_cast<int>(textures_[static_cast<std::size_t>(img->page)]), img->x, img->y,
                                      img->w, img->h);
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
    }
    atlas_.begin_frame();
  }

  Stats stats() const override {
    return Stats{static_cast<double>(textures_.size()) * kPage * kPage * 4, static_cast<double>(images_), raster_ms_};
  }

 private:
  static constexpr int kPage = 1024;

  // The text, then the two sizes as bytes (no number formatting: printf's floats cost the download).
  static std::string layout_key(std::string_view text, float line, float wrap) {
    std::string key(text);
    key += '\x1f';
    key.append(reinterpret_cast<const char*>(&line), sizeof line);
    key.append(reinterpret_cast<const char*>(&wrap), sizeof wrap);
    return key;
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

  TextAtlas atlas_{kPage};
  std::vector<GLuint> textures_;
  std::unordered_map<std::string, ImVec2> sizes_;
  float ratio_ = 1;
  double raster_ms_ = 0;
  std::size_t images_ = 0;
};

}  // namespace

std::unique_ptr<PlatformText> make_platform_text() { return std::make_unique<WebText>(); }

}  // namespace duet::ui
