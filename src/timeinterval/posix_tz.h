// PosixTz: the rule part of a POSIX TZ string ("CET-1CEST,M3.5.0,M10.5.0/3"), as found in
// the footer of TZif v2+ files, where it gives the offsets after the last listed transition.
//
//   Result<PosixTz> tz = PosixTz::Parse("AEST-10AEDT,M10.1.0,M4.1.0/3");
//   int offset = tz->UtcOffset(unix_seconds);  // 36000 or 39600 (seconds east of UTC)
#pragma once

#include <cstdint>
#include <string_view>

#include "model/result.h"

namespace overlord::timeinterval {

class PosixTz {
 public:
  // Accepts std[offset[dst[offset][,rule,rule]]] with <quoted> names, hh[:mm[:ss]] offsets
  // and Jn / n / Mm.w.d dates with optional /time (RFC 8536 extensions: hours up to 167,
  // negative times). A string without a dst part is a fixed offset.
  static Result<PosixTz> Parse(std::string_view text);

  // Seconds east of UTC in effect at `unix_seconds`.
  int UtcOffset(std::int64_t unix_seconds) const;

 private:
  enum class DateKind { kJulianNoLeap, kZeroBased, kMonthWeekDay };
  struct Date {
    DateKind kind = DateKind::kMonthWeekDay;
    int day = 0;           // Jn: 1..365, n: 0..365, M: weekday 0..6 (0 = Sunday)
    int month = 0, week = 0;  // M form only; week 5 = last
    int time = 7200;       // seconds after local midnight; default 02:00
  };

  // Unix seconds of the local midnight starting `date` in `year`, as if local time were UTC.
  static std::int64_t LocalDayStart(int year, const Date& date);

  int std_offset_ = 0;  // seconds east of UTC
  int dst_offset_ = 0;
  bool has_dst_ = false;
  Date start_, end_;
};

}  // namespace overlord::timeinterval
