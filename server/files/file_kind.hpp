#pragma once
// The kinds of file customers and agents may send, told from the bytes (never from the name or the
// type the browser claims): PNG, JPEG and WebP images, and PDF documents.
#include <optional>
#include <string_view>

#include "model/enum_names.hpp"

namespace duet::server {

enum class FileKind { png, jpeg, webp, pdf, count_ };

std::string_view to_string(FileKind k);  // "png", ...
std::string_view mime_type(FileKind k);  // "image/png", ...
bool is_image(FileKind k);

// The kind the first bytes say, or nullopt for anything else (HTML, SVG, executables, ...).
std::optional<FileKind> sniff_file_kind(std::string_view bytes);

}  // namespace duet::server
