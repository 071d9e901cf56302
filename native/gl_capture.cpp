#include "native/gl_capture.hpp"

#include <algorithm>

#include <GL/gl.h>

namespace duet::native {

void clear_frame(int width, int height, std::uint32_t bg) {
  glViewport(0, 0, width, height);
  glClearColor(static_cast<float>(bg & 0xFF) / 255.0f, static_cast<float>((bg >> 8) & 0xFF) / 255.0f,
               static_cast<float>((bg >> 16) & 0xFF) / 255.0f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
}

std::vector<std::uint8_t> read_back_buffer(int width, int height) {
  const std::size_t stride = static_cast<std::size_t>(width) * 4;
  std::vector<std::uint8_t> pixels(stride * static_cast<std::size_t>(height));
  glReadBuffer(GL_BACK);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows start at the bottom; PNG's at the top.
  for (int y = 0; y < height / 2; ++y)
    std::swap_ranges(pixels.begin() + static_cast<std::ptrdiff_t>(y * stride),
                     pixels.begin() + static_cast<std::ptrdiff_t>((y + 1) * stride),
                     pixels.begin() + static_cast<std::ptrdiff_t>((height - 1 - y) * stride));
  for (std::size_t i = 3; i < pixels.size(); i += 4) pixels[i] = 255;
  return pixels;
}

}  // namespace duet::native
