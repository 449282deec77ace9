// Go's time formatting as templates see it: Time.Format with reference-time layouts
// ("2006-01-02 15:04:05 MST"), Time.String, Duration.String, time.Parse (for toDate) and
// time.LoadLocation (for tz, read from the system zoneinfo files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/result.h"
#include "template/value.h"

namespace overlord::tmpl {

// Seconds since the Unix epoch; Go's zero time (kZeroTime) is 0001-01-01T00:00:00Z.
std::int64_t GoUnixSeconds(const GoTime& t);
// Nanoseconds within the second, 0..999999999.
int GoNanos(const GoTime& t);
// Builds a UTC GoTime from Unix seconds + nanos.
GoTime GoTimeFromUnix(std::int64_t seconds, int nanos);

// time.Time.Format(layout).
std::string FormatGoTime(const GoTime& t, std::string_view layout);
// time.Time.String(): "2006-01-02 15:04:05.999999999 -0700 MST".
std::string GoTimeString(const GoTime& t);
// time.Duration.String(): "1h2m3.5s", "1.5ms", "0s".
std::string GoDurationString(Duration d);

// time.Parse(layout, value). Supports the layout elements Format supports; named zones other
// than UTC/GMT/Z parse as a zero offset with that abbreviation, as Go does for unknown zones.
Result<GoTime> ParseGoTime(std::string_view layout, std::string_view value);

// time.LoadLocation(name) + t.In(loc). "" and "UTC" are UTC; "Local" is treated as UTC.
Result<GoTime> InZone(const GoTime& t, std::string_view zone_name);

// The time shown in zone offset/abbreviation `like` (e.g. t.UTC(), t.Local()).
GoTime InUtc(const GoTime& t);

}  // namespace overlord::tmpl
