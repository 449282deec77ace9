#include "timeinterval/posix_tz.h"

#include <cctype>

#include "timeinterval/civil.h"

namespace overlord::timeinterval {
namespace {

// A cursor over the TZ string; every Parse* returns false on malformed input.
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  bool Consume(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  // A zone abbreviation: alphabetic, or anything between < and >.
  bool ParseName() {
    if (Consume('<')) {
      std::size_t close = text_.find('>', pos_);
      if (close == std::string_view::npos || close == pos_) return false;
      pos_ = close + 1;
      return true;
    }
    std::size_t start = pos_;
    while (!done() && std::isalpha(static_cast<unsigned char>(peek()))) ++pos_;
    return pos_ - start >= 3;
  }

  bool ParseNumber(int max, int* out) {
    std::size_t start = pos_;
    int value = 0;
    while (!done() && std::isdigit(static_cast<unsigned char>(peek()))) {
      value = value * 10 + (peek() - '0');
      if (value > max) return false;
      ++pos_;
    }
    *out = value;
    return pos_ > start;
  }

  // [+-]hh[:mm[:ss]] as signed seconds; hours up to `max_hours`.
  bool ParseClock(int max_hours, int* out) {
    int sign = 1;
    if (Consume('-')) {
      sign = -1;
    } else {
      Consume('+');
    }
    int h = 0, m = 0, s = 0;
    if (!ParseNumber(max_hours, &h)) return false;
    if (Consume(':')) {
      if (!ParseNumber(59, &m)) return false;
      if (Consume(':') && !ParseNumber(59, &s)) return false;
    }
    *out = sign * (h * 3600 + m * 60 + s);
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<PosixTz> PosixTz::Parse(std::string_view text) {
  const Error bad{"invalid POSIX TZ string \"" + std::string(text) + "\""};
  Scanner s(text);
  PosixTz tz;
  int west = 0;
  if (!s.ParseName() || !s.ParseClock(24, &west)) return bad;
  tz.std_offset_ = -west;  // POSIX offsets count hours west of Greenwich
  if (s.done()) return tz;

  if (!s.ParseName()) return bad;
  tz.has_dst_ = true;
  tz.dst_offset_ = tz.std_offset_ + 3600;
  if (s.peek() != ',' && !s.done()) {
    if (!s.ParseClock(24, &west)) return bad;
    tz.dst_offset_ = -west;
  }
  if (s.done()) {
    // No rule: POSIX leaves it to the implementation; use the US rule as glibc does.
    tz.start_ = Date{DateKind::kMonthWeekDay, 0, 3, 2, 7200};
    tz.end_ = Date{DateKind::kMonthWeekDay, 0, 11, 1, 7200};
    return tz;
  }
  for (Date* date : {&tz.start_, &tz.end_}) {
    if (!s.Consume(',')) return bad;
    if (s.Consume('J')) {
      date->kind = DateKind::kJulianNoLeap;
      if (!s.ParseNumber(365, &date->day) || date->day < 1) return bad;
    } else if (s.Consume('M')) {
      date->kind = DateKind::kMonthWeekDay;
      if (!s.ParseNumber(12, &date->month) || date->month < 1 || !s.Consume('.') ||
          !s.ParseNumber(5, &date->week) || date->week < 1 || !s.Consume('.') ||
          !s.ParseNumber(6, &date->day)) {
        return bad;
      }
    } else {
      date->kind = DateKind::kZeroBased;
      if (!s.ParseNumber(365, &date->day)) return bad;
    }
    if (s.Consume('/') && !s.ParseClock(167, &date->time)) return bad;
  }
  if (!s.done()) return bad;
  return tz;
}

std::int64_t PosixTz::LocalDayStart(int year, const Date& date) {
  std::int64_t days = 0;
  switch (date.kind) {
    case DateKind::kJulianNoLeap:
      // Jn never counts February 29th: day 60 is always March 1st.
      days = DaysFromCivil(year, 1, 1) + date.day - 1 +
             (IsLeapYear(year) && date.day >= 60 ? 1 : 0);
      break;
    case DateKind::kZeroBased:
      days = DaysFromCivil(year, 1, 1) + date.day;
      break;
    case DateKind::kMonthWeekDay: {
      std::int64_t first = DaysFromCivil(year, date.month, 1);
      int offset = (date.day - WeekdayOfDays(first) + 7) % 7 + (date.week - 1) * 7;
      while (offset >= DaysInMonth(year, date.month)) offset -= 7;  // week 5 = last
      days = first + offset;
      break;
    }
  }
  return days * 86400;
}

int PosixTz::UtcOffset(std::int64_t unix_seconds) const {
  if (!has_dst_) return std_offset_;
  const int year = CivilFromDays(FloorDiv(unix_seconds + std_offset_, 86400)).year;
  // The start rule is written in standard time, the end rule in daylight time.
  const std::int64_t start = LocalDayStart(year, start_) + start_.time - std_offset_;
  const std::int64_t end = LocalDayStart(year, end_) + end_.time - dst_offset_;
  bool dst = start < end ? (unix_seconds >= start && unix_seconds < end)
                         : (unix_seconds >= start || unix_seconds < end);  // southern hemisphere
  return dst ? dst_offset_ : std_offset_;
}

}  // namespace overlord::timeinterval
