#include "timeinterval/zone_cache.h"

#include <cstdlib>
#include <fstream>
#include <iterator>

namespace overlord::timeinterval {
namespace {

// The largest real TZif file is a few KiB; anything much bigger is not a zone file.
constexpr std::streamsize kMaxZoneFileBytes = 1 << 20;

Result<Zone> ReadZoneFile(std::string name, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{"unknown time zone " + name};
  std::string bytes(static_cast<std::size_t>(kMaxZoneFileBytes) + 1, '\0');
  in.read(bytes.data(), kMaxZoneFileBytes + 1);
  if (in.bad() || in.gcount() > kMaxZoneFileBytes) return Error{"invalid time zone file " + path};
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  return Zone::FromTzif(std::move(name), bytes);
}

bool IsSafeZoneName(std::string_view name) {
  return !name.empty() && name[0] != '/' && name.find("..") == std::string_view::npos &&
         name.find('\\') == std::string_view::npos && name.find('\0') == std::string_view::npos;
}

}  // namespace

std::string DefaultZoneinfoDir() {
  const char* env = std::getenv("ZONEINFO");
  return env != nullptr && *env != '\0' ? env : "/usr/share/zoneinfo";
}

ZoneCache::ZoneCache(std::string zoneinfo_dir) : dir_(std::move(zoneinfo_dir)) {}

ZoneCache& ZoneCache::Shared() {
  static ZoneCache cache;
  return cache;
}

Result<std::shared_ptr<const Zone>> ZoneCache::Get(std::string_view name) {
  if (name.empty()) name = "UTC";
  std::lock_guard lock(mu_);
  auto it = zones_.find(name);
  if (it != zones_.end()) return it->second;
  // Loading under the lock is fine: it happens once per name, at config load.
  Result<Zone> zone = Load(name);
  if (!zone.ok()) return Error{zone.error()};
  auto shared = std::make_shared<const Zone>(std::move(zone).value());
  zones_.emplace(std::string(name), shared);
  return shared;
}

Result<Zone> ZoneCache::Load(std::string_view name) const {
  if (name == "UTC") return Zone::Utc();
  if (name == "Local") return LoadLocal();
  if (!IsSafeZoneName(name)) return Error{"unknown time zone " + std::string(name)};
  return ReadZoneFile(std::string(name), dir_ + "/" + std::string(name));
}

Result<Zone> ZoneCache::LoadLocal() const {
  const char* env = std::getenv("TZ");
  if (env == nullptr) {
    Result<Zone> zone = ReadZoneFile("Local", "/etc/localtime");
    return zone.ok() ? std::move(zone) : Result<Zone>(Zone::Utc());
  }
  std::string_view tz = env;
  if (!tz.empty() && tz[0] == ':') tz.remove_prefix(1);
  if (tz.empty()) return Zone::Utc();
  if (tz[0] == '/') {
    Result<Zone> zone = ReadZoneFile("Local", std::string(tz));
    if (zone.ok()) return zone;
  } else if (IsSafeZoneName(tz)) {
    Result<Zone> zone = ReadZoneFile("Local", dir_ + "/" + std::string(tz));
    if (zone.ok()) return zone;
  }
  Result<Zone> posix = Zone::FromPosixTz("Local", tz);
  return posix.ok() ? std::move(posix) : Result<Zone>(Zone::Utc());
}

}  // namespace overlord::timeinterval
