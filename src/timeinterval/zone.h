// Zone: a time zone's UTC offset over time, read from a TZif file (RFC 8536) or a POSIX TZ
// string. It lets the interval matcher compute local time without localtime_r, whose zone
// comes from the process-wide TZ variable (changing it at run time is not thread-safe).
//
//   Result<Zone> berlin = Zone::FromTzif("Europe/Berlin", file_bytes);
//   LocalTime lt = berlin->ToLocal(flush_time);  // lt.hour, lt.weekday, ...
//
// A Zone is immutable; share it freely between threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/result.h"
#include "model/time.h"
#include "timeinterval/posix_tz.h"

namespace overlord::timeinterval {

// A wall-clock reading in some zone.
struct LocalTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0, minute = 0, second = 0;
  int weekday = 4;     // 0 = Sunday .. 6 = Saturday
  int utc_offset = 0;  // seconds east of UTC
};

class Zone {
 public:
  static Zone Utc();
  // Parses TZif versions 1 to 4. `name` is only kept for messages.
  static Result<Zone> FromTzif(std::string name, std::string_view bytes);
  static Result<Zone> FromPosixTz(std::string name, std::string_view spec);

  const std::string& name() const { return name_; }
  // Seconds east of UTC in effect at `unix_seconds`.
  int UtcOffset(std::int64_t unix_seconds) const;
  LocalTime ToLocal(Time t) const;

 private:
  explicit Zone(std::string name) : name_(std::move(name)) {}

  std::string name_;
  std::vector<std::int64_t> transitions_;  // ascending unix seconds
  std::vector<int> offsets_;               // in effect from transitions_[i] on
  int initial_offset_ = 0;                 // before the first transition
  std::optional<PosixTz> footer_;          // after the last transition, when given
};

}  // namespace overlord::timeinterval
