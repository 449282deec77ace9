// Times and durations as amtool reads and prints them (Go's time package conventions).
//
// amtool keeps the zone of every timestamp it parses: a silence stored with
// "2030-01-01T00:00:00.000+02:00" prints its Starts At as "2030-01-01 00:00:00 +0200" and
// re-marshals it with the same offset. ZonedTime carries that zone; model::Time does not.
//
//   Result<ZonedTime> t = ParseZonedTime("2024-01-02T03:04:05.123+02:00");
//   FormatGoLayout(*t, "2006-01-02 15:04:05 MST");  // "2024-01-02 03:04:05 +0200"
//   FormatJsonMillis(*t);                            // "2024-01-02T03:04:05.123+02:00"
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "model/result.h"
#include "model/time.h"

namespace overlord::cli {

struct ZonedTime {
  std::int64_t unix_seconds = kGoZeroUnixSeconds;  // the instant
  std::int32_t nanos = 0;                          // 0..999'999'999
  std::int32_t offset_seconds = 0;                 // east of UTC
  // What Go's "MST" prints: "UTC" for "Z", the local zone's abbreviation when the offset is
  // the local one at that instant, else "" (then "MST" prints "+0200").
  std::string zone_name = "UTC";

  // Go's zero time, 0001-01-01T00:00:00Z, which the API uses for "unset".
  static constexpr std::int64_t kGoZeroUnixSeconds = -62135596800;

  bool IsZero() const { return unix_seconds == kGoZeroUnixSeconds && nanos == 0; }
  // Instants compare regardless of zone.
  friend bool operator<(const ZonedTime& a, const ZonedTime& b) {
    return a.unix_seconds != b.unix_seconds ? a.unix_seconds < b.unix_seconds : a.nanos < b.nanos;
  }
};

// RFC 3339 with optional fraction ("Z" or "±hh:mm"), any year 0001..9999.
Result<ZonedTime> ParseZonedTime(std::string_view text);
// A model::Time in UTC.
ZonedTime FromTime(Time t);
// The instant as a model::Time (clamped to its range).
Time ToTime(const ZonedTime& t);
ZonedTime AddDuration(const ZonedTime& t, Duration d);

// Go's Time.Format for the common layout elements: 2006 06 01 1 Jan January 02 2 _2 15 03 3
// 04 4 05 5 PM pm Mon Monday MST Z07:00 Z0700 Z07 -07:00 -0700 -07 and .000/.999 fractions.
std::string FormatGoLayout(const ZonedTime& t, std::string_view layout);
// "2006-01-02T15:04:05.000Z07:00", as the API client re-marshals timestamps.
std::string FormatJsonMillis(const ZonedTime& t);

// Go's time.ParseDuration ("90m", "1h30m", "1.5h", "300ms"); errors read like Go's
// (`time: unknown unit "d" in duration "1d"`).
Result<Duration> ParseGoDuration(std::string_view text);

}  // namespace overlord::cli
