#include "server/answers.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace duet::server {

std::vector<Article> load_kb(const std::string& dir, std::vector<std::string>& problems) {
  namespace fs = std::filesystem;
  std::vector<Article> out;
  std::error_code ec;
  if (dir.empty() || !fs::is_directory(dir, ec)) {
    problems.push_back("knowledge base directory not found: " + dir);
    return out;
  }
  std::vector<fs::path> files;
  for (const auto& lang : fs::directory_iterator(dir, ec)) {
    if (!lang.is_directory()) continue;
    for (const auto& f : fs::directory_iterator(lang.path(), ec))
      if (f.is_regular_file() && f.path().extension() == ".md") files.push_back(f.path());
  }
  std::sort(files.begin(), files.end());  // the same KB gives the same index on every machine
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    auto a = parse_article(ss.str(), path.parent_path().filename().string());
    if (a) out.push_back(std::move(a.value()));
    else problems.push_back(path.string() + ": " + a.error());
  }
  return out;
}

}  // namespace duet::server
