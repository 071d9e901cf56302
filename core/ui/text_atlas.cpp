#include "ui/text_atlas.hpp"

#include <algorithm>

namespace duet::ui {

const AtlasImage* TextAtlas::find(const std::string& key) {
  const auto it = images_.find(key);
  if (it == images_.end()) return nullptr;
  pages_[static_cast<std::size_t>(it->second.page)].used = frame_;
  return &it->second;
}

bool TextAtlas::fit(Page& p, int w, int h, int& x, int& y) const {
  if (p.x + w <= page_size_ && p.shelf_y + std::max(p.shelf_h, h) <= page_size_) {
    x = p.x;
    y = p.shelf_y;
    p.x += w;
    p.shelf_h = std::max(p.shelf_h, h);
    return true;
  }
  if (p.shelf_y + p.shelf_h + h <= page_size_ && w <= page_size_) {  // a new shelf
    p.shelf_y += p.shelf_h;
    p.shelf_h = h;
    x = 0;
    y = p.shelf_y;
    p.x = w;
    return true;
  }
  return false;
}

const AtlasImage* TextAtlas::add(const std::string& key, int w, int h, float width, float height, int* reused_page) {
  *reused_page = -1;
  w = std::clamp(w + 1, 1, page_size_);  // one pixel apart, so filtering never bleeds
  h = std::clamp(h + 1, 1, page_size_);
  int x = 0, y = 0, page = -1;
  for (std::size_t i = 0; i < pages_.size() && page < 0; ++i)
    if (fit(pages_[i], w, h, x, y)) page = static_cast<int>(i);
  if (page < 0 && static_cast<int>(pages_.size()) < max_pages_) {
    pages_.push_back(Page{0, 0, 0, ++created_, frame_});
    page = static_cast<int>(pages_.size()) - 1;
    fit(pages_.back(), w, h, x, y);
  }
  if (page < 0) {
    // Reuse the oldest page not drawn from in this frame.
    int oldest = -1;
    for (std::size_t i = 0; i < pages_.size(); ++i)
      if (pages_[i].used != frame_ && (oldest < 0 || pages_[i].created < pages_[static_cast<std::size_t>(oldest)].created))
        oldest = static_cast<int>(i);
    if (oldest < 0) return nullptr;
    std::erase_if(images_, [&](const auto& kv) { return kv.second.page == oldest; });
    pages_[static_cast<std::size_t>(oldest)] = Page{0, 0, 0, ++created_, frame_};
    *reused_page = page = oldest;
    fit(pages_[static_cast<std::size_t>(oldest)], w, h, x, y);
  }
  pages_[static_cast<std::size_t>(page)].used = frame_;
  AtlasImage& img = images_[key];
  img = AtlasImage{page, x, y, w - 1, h - 1, width, height};
  return &img;
}

}  // namespace duet::ui
