// Proleptic Gregorian calendar arithmetic on days since the Unix epoch, shared by the zone
// code and the interval matcher.
#pragma once

#include <cstdint>

namespace overlord::timeinterval {

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Rounds toward negative infinity (b > 0), so times before 1970 land on the right day.
inline std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && a < 0) ? q - 1 : q;
}

bool IsLeapYear(int year);
int DaysInMonth(int year, int month);
std::int64_t DaysFromCivil(int year, int month, int day);
CivilDate CivilFromDays(std::int64_t days);
// 0 = Sunday .. 6 = Saturday.
int WeekdayOfDays(std::int64_t days);

}  // namespace overlord::timeinterval
