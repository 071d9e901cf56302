#include "server/files/file_kind.hpp"

namespace duet::server {

namespace {
constexpr auto kNames = enum_names<FileKind>("png", "jpeg", "webp", "pdf");
constexpr auto kMimes = enum_names<FileKind>("image/png", "image/jpeg", "image/webp", "application/pdf");

bool starts(std::string_view bytes, std::string_view magic, std::size_t at = 0) {
  return bytes.size() >= at + magic.size() && bytes.substr(at, magic.size()) == magic;
}
}  // namespace

std::string_view to_string(FileKind k) { return kNames(k); }
std::string_view mime_type(FileKind k) { return kMimes(k); }
bool is_image(FileKind k) { return k != FileKind::pdf; }

std::optional<FileKind> sniff_file_kind(std::string_view bytes) {
  using namespace std::string_view_literals;
  if (starts(bytes, "\x89PNG\r\n\x1a\n"sv)) return FileKind::png;
  if (starts(bytes, "\xff\xd8\xff"sv)) return FileKind::jpeg;
  if (starts(bytes, "RIFF"sv) && starts(bytes, "WEBP"sv, 8)) return FileKind::webp;
  if (starts(bytes, "%PDF-"sv)) return FileKind::pdf;
  return std::nullopt;
}

}  // namespace duet::server
