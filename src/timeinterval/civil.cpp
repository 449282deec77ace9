#include "timeinterval/civil.h"

#include <chrono>

namespace overlord::timeinterval {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;
using std::chrono::year_month_day_last;

bool IsLeapYear(int y) { return year(y).is_leap(); }

int DaysInMonth(int y, int m) {
  return static_cast<int>(static_cast<unsigned>(
      year_month_day_last(year(y), std::chrono::month_day_last(month(static_cast<unsigned>(m))))
          .day()));
}

std::int64_t DaysFromCivil(int y, int m, int d) {
  return sys_days(year_month_day(year(y), month(static_cast<unsigned>(m)),
                                 day(static_cast<unsigned>(d))))
      .time_since_epoch()
      .count();
}

CivilDate CivilFromDays(std::int64_t days) {
  year_month_day ymd{sys_days(std::chrono::days(days))};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                   static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int WeekdayOfDays(std::int64_t days) {
  return static_cast<int>(std::chrono::weekday(sys_days(std::chrono::days(days))).c_encoding());
}

}  // namespace overlord::timeinterval
