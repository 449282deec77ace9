// Splits a --web.listen-address value (":9093", "127.0.0.1:0", "[::1]:9093") into host and
// port. An empty host means every interface.
#pragma once

#include <string>
#include <string_view>

#include "model/result.h"

namespace overlord {

struct ListenAddress {
  std::string host;  // "" = all interfaces
  int port = 0;
};

Result<ListenAddress> ParseListenAddress(std::string_view text);

}  // namespace overlord
