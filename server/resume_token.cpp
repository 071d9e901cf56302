#include "server/resume_token.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/crypto.hpp"

namespace duet::server {

std::string ResumeSigner::mac(std::string_view conversation, std::string_view site) const {
  std::string msg = "duet-resume-v1\n";
  msg += conversation;
  msg += '\n';
  msg += site;
  return crypto::hmac_sha256(secret_, msg);
}

std::string ResumeSigner::issue(std::string_view conversation, std::string_view site) const {
  return std::string(conversation) + "." + crypto::base64url(mac(conversation, site));
}

std::optional<std::string> ResumeSigner::verify(std::string_view token, std::string_view site) const {
  const auto dot = token.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || token.size() > 256) return std::nullopt;
  const std::string_view conversation = token.substr(0, dot);
  const auto given = crypto::from_base64url(token.substr(dot + 1));
  if (!given || !crypto::equal_constant_time(*given, mac(conversation, site))) return std::nullopt;
  return std::string(conversation);
}

std::string load_or_create_secret(const std::string& data_dir) {
  namespace fs = std::filesystem;
  const fs::path path = fs::path(data_dir) / "secret";
  if (fs::exists(path)) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string hex = ss.str();
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r')) hex.pop_back();
    if (hex.size() < 32) throw std::runtime_error("the server secret in " + path.string() + " is too short");
    return hex;
  }
  const std::string secret = crypto::hex(crypto::random_bytes(32));
  const fs::path tmp = path.string() + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << secret << '\n';
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  fs::rename(tmp, path);
  return secret;
}

}  // namespace duet::server
