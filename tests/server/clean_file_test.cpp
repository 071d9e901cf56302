// What a sent file keeps: the kind told from its bytes, metadata (an EXIF GPS position, XMP, text)
// removed from PNG, JPEG and WebP, malformed files refused with a reason.
#include <catch2/catch.hpp>

#include <zlib.h>

#include "server/files/clean_file.hpp"

using namespace duet::server;

namespace {

std::string be32(std::uint32_t v) {
  return {char(v >> 24), char((v >> 16) & 0xff), char((v >> 8) & 0xff), char(v & 0xff)};
}
std::string le32(std::uint32_t v) {
  return {char(v & 0xff), char((v >> 8) & 0xff), char((v >> 16) & 0xff), char(v >> 24)};
}

std::string png_chunk(const std::string& type, const std::string& data) {
  std::string body = type + data;
  const auto crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), uInt(body.size()));
  return be32(std::uint32_t(data.size())) + body + be32(std::uint32_t(crc));
}

// A 2x1 RGB PNG (one red and one blue pixel), with `extra` chunks after the header.
std::string png(const std::string& extra = {}) {
  const std::string raw("\0\xff\0\0\0\0\xff", 7);  // filter byte, then two pixels
  std::string idat(compressBound(uLong(raw.size())), '\0');
  uLongf n = uLongf(idat.size());
  compress(reinterpret_cast<Bytef*>(idat.data()), &n, reinterpret_cast<const Bytef*>(raw.data()), uLong(raw.size()));
  idat.resize(n);
  const std::string ihdr = be32(2) + be32(1) + std::string("\x08\x02\x00\x00\x00", 5);
  return std::string("\x89PNG\r\n\x1a\n", 8) + png_chunk("IHDR", ihdr) + extra + png_chunk("IDAT", idat) +
         png_chunk("IEND", "");
}

const std::string kGps = "GPSLatitude 59.3293 N GPSLongitude 18.0686 E";

std::string jpeg_segment(unsigned char marker, const std::string& data) {
  const std::size_t len = data.size() + 2;
  return std::string{char(0xff), char(marker), char(len >> 8), char(len & 0xff)} + data;
}

std::string jpeg(bool with_metadata) {
  std::string j("\xff\xd8", 2);
  j += jpeg_segment(0xe0, std::string("JFIF\0\x01\x02\0\0\x01\0\x01\0\0", 14));
  if (with_metadata) {
    j += jpeg_segment(0xe1, std::string("Exif\0\0", 6) + "MM\0*" + kGps);
    j += jpeg_segment(0xe1, std::string("http://ns.adobe.com/xap/1.0/\0", 29) + "<x:xmpmeta>" + kGps);
    j += jpeg_segment(0xfe, "taken at home");
  }
  j += jpeg_segment(0xe2, std::string("ICC_PROFILE\0\x01\x01", 14) + "profile");
  j += jpeg_segment(0xdb, std::string(65, '\x01'));               // a quantisation table
  j += jpeg_segment(0xc0, std::string("\x08\0\x01\0\x02\x01\x01\x11\0", 9));  // 2x1, one component
  j += jpeg_segment(0xda, std::string("\x01\x01\0\0\x3f\0", 6));  // start of scan
  j += std::string("\x12\x34\xff\x00\x56", 5) + std::string("\xff\xd9", 2);  // data, EOI
  return j;
}

std::string riff_chunk(const std::string& type, const std::string& data) {
  std::string c = type + le32(std::uint32_t(data.size())) + data;
  if (data.size() % 2) c += '\0';
  return c;
}

std::string webp(bool with_metadata) {
  std::string vp8x = std::string(1, char(with_metadata ? 0x0c : 0)) + std::string(9, '\0');
  std::string chunks = riff_chunk("VP8X", vp8x) + riff_chunk("VP8L", std::string("\x2f\x01\0\0\0", 5));
  if (with_metadata) chunks += riff_chunk("EXIF", "MM\0*" + kGps) + riff_chunk("XMP ", "<x:xmpmeta>" + kGps);
  return "RIFF" + le32(std::uint32_t(4 + chunks.size())) + "WEBP" + chunks;
}

bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("files: the kind comes from the bytes, not the name", "[files]") {
  CHECK(sniff_file_kind(png()) == FileKind::png);
  CHECK(sniff_file_kind(jpeg(false)) == FileKind::jpeg);
  CHECK(sniff_file_kind(webp(false)) == FileKind::webp);
  CHECK(sniff_file_kind("%PDF-1.7\n...\n%%EOF\n") == FileKind::pdf);
  CHECK_FALSE(sniff_file_kind("<html><script>alert(1)</script></html>"));
  CHECK_FALSE(sniff_file_kind("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
  CHECK_FALSE(sniff_file_kind("MZ\x90\0"));
  CHECK_FALSE(sniff_file_kind(""));
  CHECK(mime_type(FileKind::webp) == "image/webp");
  CHECK_FALSE(is_image(FileKind::pdf));
}

TEST_CASE("files: a PNG loses its EXIF and text chunks and keeps its picture", "[files]") {
  const std::string clean = png();
  const std::string tagged = png(png_chunk("eXIf", "MM\0*" + kGps) + png_chunk("tEXt", "Comment\0" + kGps) +
                                 png_chunk("tIME", std::string(7, '\x01')));
  REQUIRE(has(tagged, "GPSLatitude"));
  auto out = clean_file(FileKind::png, tagged);
  REQUIRE(out.ok());
  CHECK_FALSE(has(out.value(), "GPSLatitude"));
  CHECK_FALSE(has(out.value(), "eXIf"));
  CHECK(out.value() == clean);  // byte for byte the same picture without them
  auto again = clean_file(FileKind::png, clean);
  REQUIRE(again.ok());
  CHECK(again.value() == clean);
}

TEST_CASE("files: a JPEG loses EXIF, XMP and comments and keeps JFIF, its colour profile and its data", "[files]") {
  auto out = clean_file(FileKind::jpeg, jpeg(true));
  REQUIRE(out.ok());
  CHECK_FALSE(has(out.value(), "GPSLatitude"));
  CHECK_FALSE(has(out.value(), "taken at home"));
  CHECK(has(out.value(), "ICC_PROFILE"));
  CHECK(out.value() == jpeg(false));
}

TEST_CASE("files: a WebP loses its EXIF and XMP chunks and VP8X stops announcing them", "[files]") {
  auto out = clean_file(FileKind::webp, webp(true));
  REQUIRE(out.ok());
  CHECK_FALSE(has(out.value(), "GPSLatitude"));
  CHECK(out.value() == webp(false));  // RIFF size rewritten, flags cleared
}

TEST_CASE("files: malformed files are refused with a reason", "[files]") {
  const std::string p = png();
  auto cut = clean_file(FileKind::png, p.substr(0, p.size() - 8));
  REQUIRE_FALSE(cut.ok());
  CHECK(has(cut.error().reason, "PNG"));
  std::string lying = p;
  lying[8 + 3] = '\x7f';  // IHDR claims to be longer than the file
  CHECK_FALSE(clean_file(FileKind::png, lying).ok());
  const std::string j = jpeg(false);
  CHECK_FALSE(clean_file(FileKind::jpeg, j.substr(0, 20)).ok());
  const std::string w = webp(false);
  CHECK_FALSE(clean_file(FileKind::webp, w.substr(0, w.size() - 3)).ok());
  CHECK_FALSE(clean_file(FileKind::pdf, "%PDF-1.7\n1 0 obj").ok());  // no trailer: truncated
  CHECK(clean_file(FileKind::pdf, "%PDF-1.7\n1 0 obj\nendobj\n%%EOF\n").ok());
  CHECK_FALSE(clean_file(FileKind::png, jpeg(false)).ok());  // a JPEG is not a PNG
}
