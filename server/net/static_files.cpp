#include "server/net/static_files.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace duet::server {
namespace {

namespace fs = std::filesystem;

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::optional<std::string> read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A content hash in the name ("app.3f9c2a1b.wasm", "widget-5d41402abc4b2a76.js") means the
// content never changes under that name.
bool hashed_name(std::string_view name) {
  int run = 0;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    if (std::isxdigit(static_cast<unsigned char>(c))) {
      ++run;
      continue;
    }
    if (run >= 8 && c == '.' && i > static_cast<std::size_t>(run)) {
      const char before = name[i - run - 1];
      if (before == '.' || before == '-' || before == '_') return true;
    }
    run = 0;
  }
  return false;
}

FileResponse not_found(std::string_view path) {
  FileResponse r;
  r.status = 404;
  r.content_type = "text/plain; charset=utf-8";
  r.body = "not found: " + std::string(path) + "\n";
  return r;
}

}  // namespace

StaticFiles::StaticFiles(std::string root, std::size_t gzip_cache_bytes)
    : root_(std::move(root)), cache_limit_(gzip_cache_bytes) {}

std::string StaticFiles::content_type(std::string_view name) {
  static const std::pair<std::string_view, std::string_view> types[] = {
      {".html", "text/html; charset=utf-8"},  {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".wasm", "application/wasm"},          {".json", "application/json"},
      {".map", "application/json"},           {".svg", "image/svg+xml"},
      {".png", "image/png"},                  {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},               {".woff2", "font/woff2"},
      {".woff", "font/woff"},                 {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},  {".md", "text/markdown; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}, {".data", "application/octet-stream"},
  };
  for (const auto& [ext, type] : types)
    if (ends_with(name, ext)) return std::string(type);
  return "application/octet-stream";
}

std::string StaticFiles::cache_control(std::string_view url_path, std::string_view name) {
  if (url_path == "/duet.js") return "public, max-age=300";  // the loader: new releases reach pages soon
  if (hashed_name(name)) return "public, max-age=31536000, immutable";
  if (ends_with(name, ".html")) return "no-cache";  // always revalidated (ETag)
  return "public, max-age=300";
}

bool StaticFiles::compressible(std::string_view type) {
  return type.rfind("text/", 0) == 0 || type.find("javascript") != std::string_view::npos ||
         type.find("json") != std::string_view::npos || type == "application/wasm" || type == "image/svg+xml";
}

std::optional<std::string> StaticFiles::gzip(std::string_view data) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return std::nullopt;
  std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 32, '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

std::optional<std::string> StaticFiles::safe_relative(std::string_view url_path) {
  std::string decoded;
  for (std::size_t i = 0; i < url_path.size(); ++i) {
    char c = url_path[i];
    if (c == '%') {
      if (i + 2 >= url_path.size() || !std::isxdigit(static_cast<unsigned char>(url_path[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(url_path[i + 2])))
        return std::nullopt;
      c = static_cast<char>(std::stoi(std::string(url_path.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    }
    if (c == '\0' || c == '\\') return std::nullopt;
    decoded += c;
  }
  while (!decoded.empty() && decoded.front() == '/') decoded.erase(0, 1);
  std::string out;
  std::istringstream parts(decoded);
  for (std::string seg; std::getline(parts, seg, '/');) {
    if (seg.empty() || seg == ".") continue;
    if (seg == ".." || seg[0] == '.') return std::nullopt;  // no parent dirs, no dotfiles
    out += (out.empty() ? "" : "/") + seg;
  }
  return out;
}

FileResponse StaticFiles::get(std::string_view path, bool accept_gzip, std::string_view if_none_match) {
  FileResponse r;
  auto rel = safe_relative(path);
  if (!rel) {
    r.status = 400;
    r.content_type = "text/plain; charset=utf-8";
    r.body = "bad path: " + std::string(path) + "\n";
    return r;
  }
  fs::path file = fs::path(root_) / *rel;
  std::error_code ec;
  if (rel->empty() || fs::is_directory(file, ec)) file /= "index.html";
  if (root_.empty() || !fs::is_regular_file(file, ec)) return not_found(path);
  const std::string name = file.filename().string();
  r.content_type = content_type(name);
  r.cache_control = cache_control(path, name);
  const auto size = fs::file_size(file, ec);
  const auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  const bool gz = accept_gzip && compressible(r.content_type) && size >= 256;
  r.etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + (gz ? "-gz" : "") + "\"";
  if (!if_none_match.empty() && if_none_match.find(r.etag) != std::string_view::npos) {
    r.status = 304;
    return r;
  }
  if (gz) {
    // A precompressed FILE.gz from the build wins; otherwise compress once and keep it.
    if (fs::is_regular_file(file.string() + ".gz", ec) &&
        fs::last_write_time(file.string() + ".gz", ec) >= fs::last_write_time(file, ec)) {
      if (auto body = read_file(file.string() + ".gz")) {
        r.body = std::move(*body);
        r.content_encoding = "gzip";
        return r;
      }
    }
    const std::string key = file.string() + "|" + std::to_string(size) + "|" + std::to_string(mtime);
    {
      std::lock_guard lock(mutex_);
      if (auto it = gz_cache_.find(key); it != gz_cache_.end()) {
        r.body = it->second;
        r.content_encoding = "gzip";
        return r;
      }
    }
    auto raw = read_file(file);
    if (!raw) return not_found(path);
    if (auto packed = gzip(*raw); packed && packed->size() < raw->size()) {
      std::lock_guard lock(mutex_);
      if (cache_bytes_ + packed->size() > cache_limit_) {
        gz_cache_.clear();
        cache_bytes_ = 0;
      }
      cache_bytes_ += packed->size();
      gz_cache_[key] = *packed;
      r.body = std::move(*packed);
      r.content_encoding = "gzip";
      return r;
    }
    r.body = std::move(*raw);
    r.etag = "\"" + std::to_string(size) + "-" + std::to_string(mtime) + "\"";
    return r;
  }
  auto raw = read_file(file);
  if (!raw) return not_found(path);
  r.body = std::move(*raw);
  return r;
}

}  // namespace duet::server
