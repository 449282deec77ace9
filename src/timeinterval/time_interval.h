// Time intervals (spec 9): whether an instant lies inside a named `time_intervals` entry of
// the config, and what that means for a route's active/mute_time_intervals.
//
//   Result<TimeIntervalSet> set = TimeIntervalSet::Create(config.time_intervals);
//   if (set->Active("business-hours", flush_time)) ...
//   std::optional<std::string> why = set->MuteReason(route.options(), flush_time);
//
// Wall time is read in each spec's `location` (UTC by default) from TZif data, never through
// the process's TZ, so everything here is thread-safe and const after construction.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "model/result.h"
#include "model/time.h"
#include "timeinterval/zone.h"
#include "timeinterval/zone_cache.h"

namespace overlord::timeinterval {

// Whether `t` lies in `spec` with wall time read in `zone` (spec.location is not consulted).
// Every present field must match; a field matches when any of its ranges does. `times` are
// minutes of the day, end exclusive (seconds ignored); negative days_of_month count from the
// month's end (-1 = last day); day ranges are clamped to the month, and a range whose
// positive start lies beyond the month's length is skipped.
bool Contains(const config::TimeIntervalSpec& spec, const Zone& zone, Time t);
// Same, with spec.location looked up in ZoneCache::Shared(). False if it cannot be loaded.
bool Contains(const config::TimeIntervalSpec& spec, Time t);

// The config's named intervals (time_intervals and mute_time_intervals together).
class TimeIntervalSet {
 public:
  TimeIntervalSet() = default;
  // Resolves every spec's location once. Fails on a location that cannot be loaded (the
  // config loader already rejects unknown zones, so this means the zone files changed).
  static Result<TimeIntervalSet> Create(const std::vector<config::TimeInterval>& intervals,
                                        ZoneCache& zones = ZoneCache::Shared());

  bool Has(std::string_view name) const { return intervals_.count(name) > 0; }
  // Whether one of the interval's specs contains `t`. An interval without specs, like an
  // unknown name, is never active.
  bool Active(std::string_view name, Time t) const;

  // Why a flush of `route` at `t` sends nothing, or nullopt: "active_time_interval" when the
  // route lists active_time_intervals and none is active, else "mute_time_interval" when any
  // of its mute_time_intervals is active.
  std::optional<std::string> MuteReason(const config::Route& route, Time t) const;
  // The intervals muting `route` at `t`, as the API's `mutedBy`: all of its
  // active_time_intervals when none is active, else its active mute_time_intervals (route
  // order), else empty.
  std::vector<std::string> MutedBy(const config::Route& route, Time t) const;

 private:
  struct Spec {
    config::TimeIntervalSpec spec;
    std::shared_ptr<const Zone> zone;
  };
  bool AnyActive(const std::vector<std::string>& names, Time t) const;

  std::map<std::string, std::vector<Spec>, std::less<>> intervals_;
};

}  // namespace overlord::timeinterval
