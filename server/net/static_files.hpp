#pragma once
// The web build under --web: content types, cache headers (long-lived for hashed file names, short
// for the loader /duet.js, revalidated for HTML) and gzip (FILE.gz when present, else compressed on
// the fly and kept in a bounded cache). No sockets: it turns a path into a response description.
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace duet::server {

struct FileResponse {
  int status = 200;              // 200, 304, 400 or 404
  std::string content_type;
  std::string cache_control;
  std::string content_encoding;  // "gzip" or empty
  std::string etag;
  std::string body;              // empty for 304
};

class StaticFiles {
 public:
  explicit StaticFiles(std::string root, std::size_t gzip_cache_bytes = 64 << 20);
  const std::string& root() const { return root_; }

  // `path` is the URL path (no query), e.g. "/duet.js" or "/agent/index.html".
  FileResponse get(std::string_view path, bool accept_gzip, std::string_view if_none_match);

  static std::string content_type(std::string_view file_name);
  static std::string cache_control(std::string_view url_path, std::string_view file_name);
  static bool compressible(std::string_view content_type);
  static std::optional<std::string> gzip(std::string_view data);
  // "/a/b%20c.js" -> "a/b c.js"; nullopt for anything escaping the root ("..", NUL, backslash).
  static std::optional<std::string> safe_relative(std::string_view url_path);

 private:
  std::string root_;
  std::size_t cache_limit_;
  std::mutex mutex_;
  std::map<std::string, std::string> gz_cache_;  // key: "path|size|mtime"
  std::size_t cache_bytes_ = 0;
};

}  // namespace duet::server
