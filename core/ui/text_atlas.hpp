#pragma once
// Where the platform's text images live: square pages of one texture each, filled shelf by shelf,
// and the paragraphs already drawn, by their text, size, wrap width and colour. Pure bookkeeping
// (no GL): the platform owns a texture per page and is told when a page is reused. When every page
// is full the oldest is emptied and reused; a page is never reused while the current frame has
// drawn from it, so images already in the frame's draw lists stay valid.
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace duet::ui {

struct AtlasImage {
  int page = -1;
  int x = 0, y = 0, w = 0, h = 0;  // pixels in the page
  float width = 0, height = 0;     // logical pixels it is drawn at
};

class TextAtlas {
 public:
  explicit TextAtlas(int page_size = 1024, int max_pages = 4) : page_size_(page_size), max_pages_(max_pages) {}

  int page_size() const { return page_size_; }
  std::size_t pages() const { return pages_.size(); }
  std::size_t bytes() const { return pages_.size() * static_cast<std::size_t>(page_size_) * static_cast<std::size_t>(page_size_) * 4; }
  std::size_t images() const { return images_.size(); }

  void begin_frame() { ++frame_; }
  const AtlasImage* find(const std::string& key);
  // Room for a w x h image (clamped to the page); `reused_page` is set to the page emptied for it, or
  // -1. Returns nullptr when no page can take it this frame (the caller skips drawing it).
  const AtlasImage* add(const std::string& key, int w, int h, float width, float height, int* reused_page);

 private:
  struct Page { int shelf_y = 0, shelf_h = 0, x = 0; std::uint64_t created = 0, used = 0; };
  bool fit(Page& p, int w, int h, int& x, int& y) const;

  int page_size_, max_pages_;
  std::uint64_t frame_ = 1, created_ = 0;
  std::vector<Page> pages_;
  std::unordered_map<std::string, AtlasImage> images_;
};

}  // namespace duet::ui
