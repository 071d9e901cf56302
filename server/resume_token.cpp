#include "server/resume_token.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "server/crypto.hpp"

namespace duet::server {

std::string ResumeSigner::mac_v1(std::string_view conversation, std::string_view site) const {
  std::string msg = "duet-resume-v1\n";
  msg += conversation;
  msg += '\n';
  msg += site;
  return crypto::hmac_sha256(secret_, msg);
}

std::string ResumeSigner::mac_v2(std::string_view conversation, std::string_view site, std::string_view issued) const {
  std::string msg = "duet-resume-v2\n";
  msg += conversation;
  msg += '\n';
  msg += site;
  msg += '\n';
  msg += issued;
  return crypto::hmac_sha256(secret_, msg);
}

std::string ResumeSigner::issue(std::string_view conversation, std::string_view site, TimeMs issued) const {
  const std::string at = std::to_string(issued);
  return std::string(conversation) + "." + at + "." + crypto::base64url(mac_v2(conversation, site, at));
}

std::optional<ResumeClaim> ResumeSigner::verify(std::string_view token, std::string_view site) const {
  const auto last = token.rfind('.');
  if (last == std::string_view::npos || last == 0 || token.size() > 256) return std::nullopt;
  const auto given = crypto::from_base64url(token.substr(last + 1));
  if (!given) return std::nullopt;
  const std::string_view head = token.substr(0, last);  // "<conversation>.<issued>" or, legacy, "<conversation>"
  const auto dot = head.rfind('.');
  if (dot == std::string_view::npos) {
    if (!crypto::equal_constant_time(*given, mac_v1(head, site))) return std::nullopt;
    return ResumeClaim{std::string(head), 0, true};
  }
  const std::string_view conversation = head.substr(0, dot), at = head.substr(dot + 1);
  if (conversation.empty() || at.empty() || at.size() > 15) return std::nullopt;
  TimeMs issued = 0;
  for (char c : at) {
    if (c < '0' || c > '9') return std::nullopt;
    issued = issued * 10 + (c - '0');
  }
  if (!crypto::equal_constant_time(*given, mac_v2(conversation, site, at))) return std::nullopt;
  return ResumeClaim{std::string(conversation), issued, false};
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
  // The store may not have made the directory (a memory store keeps nothing there but this).
  std::error_code ec;
  fs::create_directories(data_dir, ec);
  if (ec) throw std::runtime_error("cannot create the data directory " + data_dir + ": " + ec.message());
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
