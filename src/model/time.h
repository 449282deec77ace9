// Wall-clock time and durations as Alertmanager reads and writes them.
//
// Time is UTC with nanosecond precision. Go's zero time (0001-01-01T00:00:00Z), which
// Alertmanager uses for "no end", is kZeroTime.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "model/result.h"

namespace overlord {

using Duration = std::chrono::nanoseconds;
using Time = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

inline constexpr Time kZeroTime = Time::min();
inline bool IsZero(Time t) { return t == kZeroTime; }

// Accepts RFC 3339 with any fraction and any offset ("2024-01-02T03:04:05.5+02:00").
Result<Time> ParseRFC3339(std::string_view text);
// "2024-01-02T03:04:05.123Z": the API v2 output form (milliseconds always shown).
std::string FormatRFC3339Millis(Time t);
// Appends what FormatRFC3339Millis returns, without temporary strings (hot in API output).
void AppendRFC3339Millis(std::string& out, Time t);
// Go's RFC3339Nano: fraction with trailing zeros trimmed ("...05.12Z", "...05Z"). Used in
// webhook payloads. The zero time prints as "0001-01-01T00:00:00Z".
std::string FormatRFC3339Nano(Time t);

// Prometheus duration syntax: "1y2w3d4h5m6s7ms" (units in that order, integers) or "0".
Result<Duration> ParseDuration(std::string_view text);
// Inverse of ParseDuration, as Prometheus prints: "5m", "1h30m", "0s".
std::string FormatDuration(Duration d);

inline Time FromUnixSeconds(std::int64_t s) { return Time(std::chrono::seconds(s)); }
inline std::int64_t ToUnixNanos(Time t) { return t.time_since_epoch().count(); }
inline Time FromUnixNanos(std::int64_t ns) { return Time(Duration(ns)); }

}  // namespace overlord
