#include "config/config.h"

namespace overlord::config {

const Receiver* Config::FindReceiver(std::string_view name) const {
  for (const Receiver& r : receivers) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

}  // namespace overlord::config
