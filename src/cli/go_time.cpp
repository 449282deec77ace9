#include "cli/go_time.h"

#include <time.h>

#include <array>
#include <cmath>
#include <limits>

namespace overlord::cli {
namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

// Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years, March-based years
// so the leap day is last).
std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, weekday, yday;  // weekday 0 = Sunday
};

Civil CivilFromUnix(std::int64_t secs) {
  std::int64_t days = secs / kSecondsPerDay;
  std::int64_t rem = secs % kSecondsPerDay;
  if (rem < 0) {
    rem += kSecondsPerDay;
    --days;
  }
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  Civil c{};
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday
  c.yday = static_cast<int>(days - DaysFromCivil(c.year, 1, 1)) + 1;
  return c;
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
int DaysIn(std::int64_t y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at text[*pos].
bool Digits(std::string_view text, std::size_t* pos, int n, int* out) {
  if (*pos + n > text.size()) return false;
  int v = 0;
  for (int i = 0; i < n; ++i) {
    const char c = text[*pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

// Go names a parsed offset after the local zone when the local zone has that offset then.
std::string ZoneNameFor(std::int64_t unix_seconds, int offset) {
  if (unix_seconds < std::numeric_limits<time_t>::min() / 2) return "";
  const time_t tt = static_cast<time_t>(unix_seconds);
  struct tm local {};
  if (localtime_r(&tt, &local) == nullptr) return "";
  if (local.tm_gmtoff != offset || local.tm_zone == nullptr) return "";
  return local.tm_zone;
}

void AppendPadded(std::string& out, std::int64_t v, int width, char pad = '0') {
  std::string digits = std::to_string(v < 0 ? -v : v);
  if (v < 0) out.push_back('-');
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out.push_back(pad);
  out += digits;
}

void AppendOffset(std::string& out, int offset, bool colon, bool with_minutes, bool z_for_utc) {
  if (offset == 0 && z_for_utc) {
    out.push_back('Z');
    return;
  }
  const int minutes = std::abs(offset) / 60;
  out.push_back(offset < 0 ? '-' : '+');
  AppendPadded(out, minutes / 60, 2);
  if (!with_minutes) return;
  if (colon) out.push_back(':');
  AppendPadded(out, minutes % 60, 2);
}

constexpr std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",
                                                 "May",     "June",     "July",      "August",
                                                 "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

}  // namespace

Result<ZonedTime> ParseZonedTime(std::string_view text) {
  auto bad = [&] {
    return Error{"cannot parse \"" + std::string(text) +
                 "\" as RFC3339 time (expected e.g. 2006-01-02T15:04:05Z or "
                 "2006-01-02T15:04:05-07:00)"};
  };
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  auto sep = [&](char c) {
    if (pos >= text.size() || (text[pos] != c && !(c == 'T' && text[pos] == 't'))) return false;
    ++pos;
    return true;
  };
  if (!Digits(text, &pos, 4, &year) || !sep('-') || !Digits(text, &pos, 2, &month) || !sep('-') ||
      !Digits(text, &pos, 2, &day) || !sep('T') || !Digits(text, &pos, 2, &hour) || !sep(':') ||
      !Digits(text, &pos, 2, &minute) || !sep(':') || !Digits(text, &pos, 2, &second)) {
    return bad();
  }
  if (month < 1 || month > 12 || day < 1 || day > DaysIn(year, month) || hour > 23 ||
      minute > 59 || second > 59) {
    return bad();
  }
  std::int32_t nanos = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    int ndigits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (ndigits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++ndigits;
      ++pos;
    }
    if (ndigits == 0) return bad();
    for (int i = ndigits; i < 9; ++i) nanos *= 10;
  }
  ZonedTime t;
  std::int64_t local_secs = DaysFromCivil(year, month, day) * kSecondsPerDay + hour * 3600 +
                            minute * 60 + second;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
    t.offset_seconds = 0;
    t.zone_name = "UTC";
    t.unix_seconds = local_secs;
  } else {
    if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return bad();
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!Digits(text, &pos, 2, &oh) || !sep(':') || !Digits(text, &pos, 2, &om) || oh > 23 ||
        om > 59) {
      return bad();
    }
    t.offset_seconds = sign * (oh * 3600 + om * 60);
    t.unix_seconds = local_secs - t.offset_seconds;
    t.zone_name = ZoneNameFor(t.unix_seconds, t.offset_seconds);
  }
  if (pos != text.size()) return bad();
  t.nanos = nanos;
  return t;
}

ZonedTime FromTime(Time t) {
  ZonedTime z;
  if (IsZero(t)) return z;
  const std::int64_t ns = ToUnixNanos(t);
  z.unix_seconds = ns / 1'000'000'000;
  std::int64_t rem = ns % 1'000'000'000;
  if (rem < 0) {
    rem += 1'000'000'000;
    --z.unix_seconds;
  }
  z.nanos = static_cast<std::int32_t>(rem);
  return z;
}

Time ToTime(const ZonedTime& t) {
  constexpr std::int64_t kMaxSecs = std::numeric_limits<std::int64_t>::max() / 1'000'000'000 - 1;
  if (t.unix_seconds <= -kMaxSecs) return kZeroTime;
  if (t.unix_seconds >= kMaxSecs) return Time::max();
  return FromUnixNanos(t.unix_seconds * 1'000'000'000 + t.nanos);
}

ZonedTime AddDuration(const ZonedTime& t, Duration d) {
  ZonedTime out = t;
  const std::int64_t total_nanos = t.nanos + d.count() % 1'000'000'000;
  out.unix_seconds += d.count() / 1'000'000'000 + total_nanos / 1'000'000'000;
  out.nanos = static_cast<std::int32_t>(total_nanos % 1'000'000'000);
  if (out.nanos < 0) {
    out.nanos += 1'000'000'000;
    --out.unix_seconds;
  }
  return out;
}

std::string FormatGoLayout(const ZonedTime& t, std::string_view layout) {
  const Civil c = CivilFromUnix(t.unix_seconds + t.offset_seconds);
  std::string out;
  std::size_t i = 0;
  auto at = [&](std::string_view token) { return layout.substr(i, token.size()) == token; };
  while (i < layout.size()) {
    // Longest tokens first where one is a prefix of another (as Go's nextStdChunk does).
    if (at("January")) { out += kMonths[c.month - 1]; i += 7; }
    else if (at("Jan")) { out += std::string_view(kMonths[c.month - 1]).substr(0, 3); i += 3; }
    else if (at("Monday")) { out += kWeekdays[c.weekday]; i += 6; }
    else if (at("Mon")) { out += std::string_view(kWeekdays[c.weekday]).substr(0, 3); i += 3; }
    else if (at("MST")) {
      if (!t.zone_name.empty()) out += t.zone_name;
      else AppendOffset(out, t.offset_seconds, false, true, false);
      i += 3;
    }
    else if (at("2006")) { AppendPadded(out, c.year, 4); i += 4; }
    else if (at("002")) { AppendPadded(out, c.yday, 3); i += 3; }
    else if (at("01")) { AppendPadded(out, c.month, 2); i += 2; }
    else if (at("02")) { AppendPadded(out, c.day, 2); i += 2; }
    else if (at("03")) { AppendPadded(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2); i += 2; }
    else if (at("04")) { AppendPadded(out, c.minute, 2); i += 2; }
    else if (at("05")) { AppendPadded(out, c.second, 2); i += 2; }
    else if (at("06")) { AppendPadded(out, c.year % 100, 2); i += 2; }
    else if (at("15")) { AppendPadded(out, c.hour, 2); i += 2; }
    else if (at("1")) { out += std::to_string(c.month); i += 1; }
    else if (at("_2")) { AppendPadded(out, c.day, 2, ' '); i += 2; }
    else if (at("2")) { out += std::to_string(c.day); i += 1; }
    else if (at("3")) { out += std::to_string(c.hour % 12 == 0 ? 12 : c.hour % 12); i += 1; }
    else if (at("4")) { out += std::to_string(c.minute); i += 1; }
    else if (at("5")) { out += std::to_string(c.second); i += 1; }
    else if (at("PM")) { out += c.hour >= 12 ? "PM" : "AM"; i += 2; }
    else if (at("pm")) { out += c.hour >= 12 ? "pm" : "am"; i += 2; }
    else if (at("Z07:00")) { AppendOffset(out, t.offset_seconds, true, true, true); i += 6; }
    else if (at("Z0700")) { AppendOffset(out, t.offset_seconds, false, true, true); i += 5; }
    else if (at("Z07")) { AppendOffset(out, t.offset_seconds, false, false, true); i += 3; }
    else if (at("-07:00")) { AppendOffset(out, t.offset_seconds, true, true, false); i += 6; }
    else if (at("-0700")) { AppendOffset(out, t.offset_seconds, false, true, false); i += 5; }
    else if (at("-07")) { AppendOffset(out, t.offset_seconds, false, false, false); i += 3; }
    else if ((layout[i] == '.' || layout[i] == ',') && i + 1 < layout.size() &&
             (layout[i + 1] == '0' || layout[i + 1] == '9')) {
      // A run of 0s (fixed width) or 9s (trailing zeros trimmed) not followed by a digit.
      const char digit = layout[i + 1];
      std::size_t j = i + 1;
      while (j < layout.size() && layout[j] == digit) ++j;
      if (j < layout.size() && layout[j] >= '0' && layout[j] <= '9') {
        out.push_back(layout[i++]);
        continue;
      }
      const std::size_t width = std::min<std::size_t>(j - i - 1, 9);
      std::string frac;
      AppendPadded(frac, t.nanos, 9);
      frac.resize(width);
      if (digit == '9') {
        while (!frac.empty() && frac.back() == '0') frac.pop_back();
        if (!frac.empty()) out += layout[i] + frac;
      } else {
        out += layout[i] + frac;
      }
      i = j;
    } else {
      out.push_back(layout[i++]);
    }
  }
  return out;
}

std::string FormatJsonMillis(const ZonedTime& t) {
  return FormatGoLayout(t, "2006-01-02T15:04:05.000Z07:00");
}

Result<Duration> ParseGoDuration(std::string_view text) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  auto invalid = [&] { return Error{"time: invalid duration " + quoted}; };
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s == "0") return Duration(0);
  if (s.empty()) return invalid();
  long double total = 0;
  while (!s.empty()) {
    std::size_t n = 0;
    long double value = 0;
    bool digits = false;
    while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
      value = value * 10 + (s[n] - '0');
      ++n;
      digits = true;
    }
    if (n < s.size() && s[n] == '.') {
      ++n;
      long double scale = 0.1L;
      while (n < s.size() && s[n] >= '0' && s[n] <= '9') {
        value += (s[n] - '0') * scale;
        scale /= 10;
        ++n;
        digits = true;
      }
    }
    if (!digits) return invalid();
    std::size_t u = n;
    while (u < s.size() && s[u] != '.' && (s[u] < '0' || s[u] > '9')) ++u;
    const std::string_view unit = s.substr(n, u - n);
    if (unit.empty()) return Error{"time: missing unit in duration " + quoted};
    long double scale;
    if (unit == "ns") scale = 1;
    else if (unit == "us" || unit == "\xC2\xB5s" || unit == "\xCE\xBCs") scale = 1e3L;
    else if (unit == "ms") scale = 1e6L;
    else if (unit == "s") scale = 1e9L;
    else if (unit == "m") scale = 60e9L;
    else if (unit == "h") scale = 3600e9L;
    else return Error{"time: unknown unit \"" + std::string(unit) + "\" in duration " + quoted};
    total += value * scale;
    if (total > static_cast<long double>(std::numeric_limits<std::int64_t>::max())) return invalid();
    s.remove_prefix(u);
  }
  const auto ns = static_cast<std::int64_t>(std::llround(total));
  return Duration(negative ? -ns : ns);
}

}  // namespace overlord::cli
