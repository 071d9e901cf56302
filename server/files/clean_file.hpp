#pragma once
// What a sent file keeps before anyone else sees it. Images lose what a camera or an editor wrote
// besides the picture (EXIF with its GPS position, XMP, comments, text chunks); the container is
// checked chunk by chunk on the way, so a truncated or malformed file is refused with a reason. The
// pixels are not decoded: nothing here parses compressed data. PDFs are checked for their header and
// trailer only; they are always served as downloads, never rendered by the browser in our origin.
#include <string>
#include <string_view>

#include "model/result.hpp"
#include "server/files/file_kind.hpp"

namespace duet::server {

struct FileProblem {
  std::string reason;  // for the sender: "the PNG ends in the middle of a chunk"
};

// The file without its metadata, or why it is not a well-formed file of that kind.
Result<std::string, FileProblem> clean_file(FileKind kind, std::string_view bytes);

}  // namespace duet::server
