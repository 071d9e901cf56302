#pragma once
// The few raw OpenGL calls the harness makes itself: clear the frame, read it back for a screenshot.
#include <cstdint>
#include <vector>

namespace duet::native {

// Sets the viewport to the framebuffer and clears it to `background` (ImU32, 0xAABBGGRR).
void clear_frame(int width, int height, std::uint32_t background);
// The back buffer as RGBA rows, top row first (call after drawing, before swapping).
std::vector<std::uint8_t> read_back_buffer(int width, int height);

}  // namespace duet::native
