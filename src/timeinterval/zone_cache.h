// ZoneCache: time zones by name, each TZif file read at most once per cache. Zone files do
// not change while Overlord runs (a tzdata upgrade takes effect at the next start).
//
//   ZoneCache& zones = ZoneCache::Shared();
//   Result<std::shared_ptr<const Zone>> zone = zones.Get("America/New_York");
//
// Thread-safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "model/result.h"
#include "timeinterval/zone.h"

namespace overlord::timeinterval {

// $ZONEINFO when set (as Go and the config loader honour it), else /usr/share/zoneinfo.
std::string DefaultZoneinfoDir();

class ZoneCache {
 public:
  explicit ZoneCache(std::string zoneinfo_dir = DefaultZoneinfoDir());
  ZoneCache(const ZoneCache&) = delete;
  ZoneCache& operator=(const ZoneCache&) = delete;

  // "" and "UTC" give UTC. "Local" gives the process's zone as Go determines it: the TZ
  // variable (unset: /etc/localtime; empty: UTC; ":name", a path, an IANA name or a POSIX
  // rule), UTC when nothing usable is found. Any other name is an IANA zone under the
  // zoneinfo folder; names that could leave it ("..", leading "/") are rejected.
  Result<std::shared_ptr<const Zone>> Get(std::string_view name);

  // One cache for the whole process: zone data is immutable, so sharing it across config
  // generations only saves reads.
  static ZoneCache& Shared();

 private:
  Result<Zone> Load(std::string_view name) const;
  Result<Zone> LoadLocal() const;

  const std::string dir_;
  std::mutex mu_;
  std::map<std::string, std::shared_ptr<const Zone>, std::less<>> zones_;
};

}  // namespace overlord::timeinterval
