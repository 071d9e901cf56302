#pragma once
// What a scenario can tell from the pixels of a drawn message (expect_drawn): is there ink, is it
// real glyphs rather than one fallback shape repeated (ImGui's font draws every character it lacks
// as the same "?"), are there colour (emoji) pixels, and where do the lines of text start and end.
#include <cstdint>
#include <string>
#include <vector>

namespace duet::native {

struct PixelRegion {
  const std::vector<std::uint8_t>* rgba = nullptr;  // the frame, top row first
  int frame_width = 0, frame_height = 0;
  int x = 0, y = 0, w = 0, h = 0;  // the part looked at, in frame pixels (clipped to the frame)
};

struct InkLine { int top = 0, bottom = 0, left = 0, right = 0; };  // a band of rows with ink, region pixels

struct InkReport {
  std::uint32_t background = 0;  // the region's most common colour (0xRRGGBB)
  int ink = 0;                    // pixels clearly unlike the background
  int colour = 0;                 // saturated pixels of another hue than the background's (emoji)
  int shapes = 0, distinct_shapes = 0;  // blobs of ink columns, and how many differ from each other
  std::vector<InkLine> lines;
};

InkReport inspect_ink(const PixelRegion& region);
std::string describe(const InkReport& r);

}  // namespace duet::native
