#include "timeinterval/time_interval.h"

#include <algorithm>

#include "timeinterval/civil.h"

namespace overlord::timeinterval {
namespace {

// An absent (empty) field matches everything.
bool InAnyRange(const std::vector<config::Range>& ranges, int value) {
  if (ranges.empty()) return true;
  return std::any_of(ranges.begin(), ranges.end(), [value](const config::Range& r) {
    return value >= r.begin && value <= r.end;
  });
}

bool InTimes(const std::vector<config::Range>& ranges, int minute_of_day) {
  if (ranges.empty()) return true;
  return std::any_of(ranges.begin(), ranges.end(), [minute_of_day](const config::Range& r) {
    return minute_of_day >= r.begin && minute_of_day < r.end;  // end exclusive
  });
}

bool InDaysOfMonth(const std::vector<config::Range>& ranges, const LocalTime& lt) {
  if (ranges.empty()) return true;
  const int month_days = DaysInMonth(lt.year, lt.month);
  for (const config::Range& r : ranges) {
    // -1 is the month's last day.
    int begin = r.begin < 0 ? month_days + r.begin + 1 : r.begin;
    int end = r.end < 0 ? month_days + r.end + 1 : r.end;
    // "30:31" in February never matches rather than spilling into March.
    if (begin > month_days) continue;
    begin = std::clamp(begin, -month_days, month_days);
    end = std::clamp(end, -month_days, month_days);
    if (lt.day >= begin && lt.day <= end) return true;
  }
  return false;
}

}  // namespace

bool Contains(const config::TimeIntervalSpec& spec, const Zone& zone, Time t) {
  const LocalTime lt = zone.ToLocal(t);
  return InTimes(spec.times, lt.hour * 60 + lt.minute) && InAnyRange(spec.weekdays, lt.weekday) &&
         InDaysOfMonth(spec.days_of_month, lt) && InAnyRange(spec.months, lt.month) &&
         InAnyRange(spec.years, lt.year);
}

bool Contains(const config::TimeIntervalSpec& spec, Time t) {
  Result<std::shared_ptr<const Zone>> zone = ZoneCache::Shared().Get(spec.location);
  return zone.ok() && Contains(spec, **zone, t);
}

Result<TimeIntervalSet> TimeIntervalSet::Create(
    const std::vector<config::TimeInterval>& intervals, ZoneCache& zones) {
  TimeIntervalSet set;
  for (const config::TimeInterval& interval : intervals) {
    std::vector<Spec>& specs = set.intervals_[interval.name];
    for (const config::TimeIntervalSpec& spec : interval.specs) {
      Result<std::shared_ptr<const Zone>> zone = zones.Get(spec.location);
      if (!zone.ok()) return Error{"time interval \"" + interval.name + "\": " + zone.error()};
      specs.push_back(Spec{spec, *zone});
    }
  }
  return set;
}

bool TimeIntervalSet::Active(std::string_view name, Time t) const {
  auto it = intervals_.find(name);
  if (it == intervals_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [t](const Spec& s) { return Contains(s.spec, *s.zone, t); });
}

bool TimeIntervalSet::AnyActive(const std::vector<std::string>& names, Time t) const {
  return std::any_of(names.begin(), names.end(),
                     [this, t](const std::string& name) { return Active(name, t); });
}

std::optional<std::string> TimeIntervalSet::MuteReason(const config::Route& route, Time t) const {
  if (!route.active_time_intervals.empty() && !AnyActive(route.active_time_intervals, t)) {
    return "active_time_interval";
  }
  if (AnyActive(route.mute_time_intervals, t)) return "mute_time_interval";
  return std::nullopt;
}

std::vector<std::string> TimeIntervalSet::MutedBy(const config::Route& route, Time t) const {
  if (!route.active_time_intervals.empty() && !AnyActive(route.active_time_intervals, t)) {
    return route.active_time_intervals;
  }
  std::vector<std::string> out;
  for (const std::string& name : route.mute_time_intervals) {
    if (Active(name, t)) out.push_back(name);
  }
  return out;
}

}  // namespace overlord::timeinterval
