#include "receivers/retry_after.h"

#include <algorithm>
#include <array>
#include <cstdint>

namespace overlord {

namespace {

constexpr Duration kMaxRetryAfter = std::chrono::hours(1);

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Parses exactly s.size() decimal digits.
std::optional<std::int64_t> Digits(std::string_view s) {
  if (s.empty() || s.size() > 12) return std::nullopt;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

// "Sun, 06 Nov 1994 08:49:37 GMT"
std::optional<Time> ParseImfFixdate(std::string_view s) {
  if (s.size() != 29 || s[3] != ',' || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
      s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
    return std::nullopt;
  }
  static constexpr std::array<std::string_view, 12> kMonths = {
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const auto month = std::find(kMonths.begin(), kMonths.end(), s.substr(8, 3));
  const auto day = Digits(s.substr(5, 2)), year = Digits(s.substr(12, 4));
  const auto hour = Digits(s.substr(17, 2)), minute = Digits(s.substr(20, 2)),
             second = Digits(s.substr(23, 2));
  if (month == kMonths.end() || !day || !year || !hour || !minute || !second || *day < 1 ||
      *day > 31 || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const std::int64_t days = DaysFromCivil(*year, static_cast<unsigned>(month - kMonths.begin() + 1),
                                          static_cast<unsigned>(*day));
  return FromUnixSeconds(days * 86400 + *hour * 3600 + *minute * 60 + *second);
}

}  // namespace

std::optional<Duration> ParseRetryAfter(std::string_view value, Time now) {
  value = Trim(value);
  if (value.empty()) return std::nullopt;
  if (auto seconds = Digits(value)) {
    // Compared in seconds: a huge value would overflow as nanoseconds.
    if (*seconds >= std::chrono::duration_cast<std::chrono::seconds>(kMaxRetryAfter).count()) {
      return kMaxRetryAfter;
    }
    return std::chrono::seconds(*seconds);
  }
  std::optional<Time> at = ParseImfFixdate(value);
  if (!at) return std::nullopt;
  if (*at <= now) return Duration::zero();
  return std::min<Duration>(*at - now, kMaxRetryAfter);
}

}  // namespace overlord
