#include "server/listen_address.h"

#include <charconv>

namespace overlord {

Result<ListenAddress> ParseListenAddress(std::string_view text) {
  auto bad = [&](std::string_view why) {
    return Error{"invalid listen address \"" + std::string(text) + "\": " + std::string(why)};
  };
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) return bad("missing port");
  ListenAddress out;
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  out.host = std::string(host);
  std::string_view port = text.substr(colon + 1);
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), out.port);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || out.port < 0 ||
      out.port > 65535) {
    return bad("port must be a number from 0 to 65535");
  }
  return out;
}

}  // namespace overlord
