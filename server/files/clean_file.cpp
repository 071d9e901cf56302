#include "server/files/clean_file.hpp"

#include <array>
#include <cstdint>

namespace duet::server {

namespace {

using Cleaned = Result<std::string, FileProblem>;

std::uint32_t be32(std::string_view b, std::size_t at) {
  return (std::uint32_t(std::uint8_t(b[at])) << 24) | (std::uint32_t(std::uint8_t(b[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 8) | std::uint32_t(std::uint8_t(b[at + 3]));
}
std::uint32_t le32(std::string_view b, std::size_t at) {
  return std::uint32_t(std::uint8_t(b[at])) | (std::uint32_t(std::uint8_t(b[at + 1])) << 8) |
         (std::uint32_t(std::uint8_t(b[at + 2])) << 16) | (std::uint32_t(std::uint8_t(b[at + 3])) << 24);
}
void put_le32(std::string& s, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) s[at + i] = char((v >> (8 * i)) & 0xff);
}

// PNG: the signature, then chunks (length, type, data, CRC) from IHDR to IEND. Text chunks and eXIf
// carry metadata; tIME says when it was edited. Everything the picture needs stays.
Cleaned clean_png(std::string_view b) {
  constexpr std::size_t kSignature = 8;
  std::string out(b.substr(0, kSignature));
  std::size_t at = kSignature;
  bool first = true;
  while (true) {
    if (b.size() - at < 12) return FileProblem{"the PNG ends in the middle of a chunk"};
    const std::uint32_t length = be32(b, at);
    const std::string_view type = b.substr(at + 4, 4);
    if (length > b.size() - at - 12) return FileProblem{"a PNG chunk is longer than the file"};
    if (first && type != "IHDR") return FileProblem{"the PNG does not start with its header chunk"};
    first = false;
    const std::size_t whole = 12 + std::size_t(length);
    const bool metadata = type == "eXIf" || type == "tEXt" || type == "zTXt" || type == "iTXt" || type == "tIME";
    if (!metadata) out.append(b.substr(at, whole));
    at += whole;
    if (type == "IEND") return out;  // anything after the end is dropped with it
  }
}

// JPEG: markers from SOI to the start of scan, then the compressed data to the end. APP1 (EXIF, XMP),
// APP13 (Photoshop/IPTC) and comments go; JFIF (APP0), the colour profile (APP2) and Adobe's colour
// transform (APP14) stay, the picture looks wrong without them.
Cleaned clean_jpeg(std::string_view b) {
  std::string out(b.substr(0, 2));  // SOI
  std::size_t at = 2;
  while (true) {
    if (b.size() - at < 2) return FileProblem{"the JPEG ends before its image data"};
    if (std::uint8_t(b[at]) != 0xff) return FileProblem{"the JPEG has a damaged segment"};
    const std::uint8_t marker = std::uint8_t(b[at + 1]);
    if (marker == 0xff) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xd9) return FileProblem{"the JPEG has no image data"};
    if (b.size() - at < 4) return FileProblem{"the JPEG ends in the middle of a segment"};
    const std::size_t length = (std::size_t(std::uint8_t(b[at + 2])) << 8) | std::uint8_t(b[at + 3]);
    if (length < 2 || length > b.size() - at - 2) return FileProblem{"a JPEG segment is longer than the file"};
    const bool metadata = marker == 0xe1 || marker == 0xed || marker == 0xfe;
    if (!metadata) out.append(b.substr(at, 2 + length));
    at += 2 + length;
    if (marker == 0xda) {  // start of scan: the rest is the picture
      out.append(b.substr(at));
      return out;
    }
  }
}

// WebP: RIFF, size, WEBP, then chunks (FourCC, little-endian size, data, a pad byte to even). EXIF and
// XMP chunks go, and VP8X's flags stop announcing them.
Cleaned clean_webp(std::string_view b) {
  if (b.size() < 12) return FileProblem{"the WebP file is too short"};
  if (le32(b, 4) > b.size() - 8) return FileProblem{"the WebP file is shorter than its header says"};
  const std::size_t end = 8 + std::size_t(le32(b, 4));
  std::string out(b.substr(0, 12));
  std::size_t at = 12;
  bool picture = false;
  while (at < end) {
    if (end - at < 8) return FileProblem{"the WebP file ends in the middle of a chunk"};
    const std::string_view type = b.substr(at, 4);
    const std::size_t size = le32(b, at + 4);
    const std::size_t whole = 8 + size + (size & 1);
    if (size > end - at - 8) return FileProblem{"a WebP chunk is longer than the file"};
    const std::size_t kept = out.size();
    if (type != "EXIF" && type != "XMP ") out.append(b.substr(at, std::min(whole, end - at)));
    if (type == "VP8X" && size >= 1) out[kept + 8] = char(std::uint8_t(out[kept + 8]) & ~0x0c);  // EXIF, XMP bits
    picture = picture || type == "VP8 " || type == "VP8L" || type == "ANMF";
    at += whole;
  }
  if (!picture) return FileProblem{"the WebP file has no image data"};
  put_le32(out, 4, std::uint32_t(out.size() - 8));
  return out;
}

Cleaned check_pdf(std::string_view b) {
  const std::size_t tail = b.size() > 1024 ? b.size() - 1024 : 0;
  if (b.find("%%EOF", tail) == std::string_view::npos) return FileProblem{"the PDF has no end (truncated?)"};
  return std::string(b);
}

}  // namespace

Result<std::string, FileProblem> clean_file(FileKind kind, std::string_view bytes) {
  if (sniff_file_kind(bytes) != kind) return FileProblem{std::string("the file is not a ") + std::string(to_string(kind))};
  switch (kind) {
    case FileKind::png: return clean_png(bytes);
    case FileKind::jpeg: return clean_jpeg(bytes);
    case FileKind::webp: return clean_webp(bytes);
    case FileKind::pdf: return check_pdf(bytes);
    case FileKind::count_: break;
  }
  return FileProblem{"unknown kind of file"};
}

}  // namespace duet::server
