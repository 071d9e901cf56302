#pragma once
// Writes 8-bit RGBA pixels as a PNG file (zlib for the compression, the rest by hand).
#include <cstdint>
#include <string>
#include <vector>

namespace duet::native {

// `rgba` holds height rows of width*4 bytes, top row first. Returns false with `error` set on failure.
bool write_png(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba, std::string& error);
// The PNG bytes themselves (for tests).
std::vector<std::uint8_t> encode_png(int width, int height, const std::vector<std::uint8_t>& rgba);

}  // namespace duet::native
