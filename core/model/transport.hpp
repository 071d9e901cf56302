#pragma once
// The one network interface the client logic uses. The web build implements it on emscripten's
// WebSocket API, the native harness on Boost.Beast, tests with an in-memory fake. Implementations
// report back by calling the session's on_open / on_frame / on_closed.
#include <string>
#include <string_view>

namespace duet {

class Transport {
 public:
  virtual ~Transport() = default;
  virtual void open(const std::string& url) = 0;   // asynchronous; later on_open or on_closed
  virtual void send(std::string_view frame) = 0;   // only between on_open and on_closed
  virtual void close() = 0;                        // no callback after this
};

}  // namespace duet
