#pragma once
// Where the hub's frames go, and the types they travel in: sessions by id, a commit's frames per
// session (Parcel), the Delivery that sends them (the WebSocket registry in production, a recorder in
// tests), and the close codes the hub uses. The network layer implements Delivery; the hub only
// decides what goes to whom.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace duet::server {

using SessionId = std::uint64_t;

struct Peer {
  std::string ip;
  std::optional<std::string> origin;  // the Origin header, when the client sent one
  // The Origin is this server's own (the widget's iframe, served from /widget/): allowed for every
  // site, because which pages may frame the widget is enforced by its frame-ancestors policy.
  bool same_origin = false;
};

// One commit's frames for one session, in the order decided; then, maybe, the session's close.
struct Parcel {
  SessionId to = 0;
  std::vector<std::shared_ptr<const std::string>> frames;
  bool close = false;
  std::uint16_t code = 0;
  std::string reason;
};

// Where the hub's frames go: the WebSocket sessions in production, a recorder in tests.
class Delivery {
 public:
  virtual ~Delivery() = default;
  virtual void send(SessionId to, std::shared_ptr<const std::string> frame) = 0;
  // A close frame after everything already sent to this session.
  virtual void close(SessionId to, std::uint16_t code, const std::string& reason) = 0;
  // Everything one commit released, called on the store's thread. The network hands it to the I/O
  // threads in one go and sends each session's frames in one write; this default sends them one by one.
  virtual void deliver(std::vector<Parcel> parcels) {
    for (Parcel& p : parcels) {
      for (auto& f : p.frames) send(p.to, std::move(f));
      if (p.close) close(p.to, p.code, p.reason);
    }
  }
};

// WebSocket close codes (RFC 6455 section 7.4.1).
namespace close_code {
constexpr std::uint16_t policy = 1008;      // bad site key, origin, token, abuse
constexpr std::uint16_t too_big = 1009;
constexpr std::uint16_t restart = 1012;     // shutting down: reconnect shortly
constexpr std::uint16_t try_later = 1013;   // too many connections, slow consumer
}  // namespace close_code

}  // namespace duet::server
