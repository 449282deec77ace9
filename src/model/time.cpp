#include "model/time.h"

#include <cstdio>
#include <limits>

namespace overlord {
namespace {

using std::chrono::days;
using std::chrono::sys_days;
using std::chrono::year_month_day;

bool ReadDigits(std::string_view s, std::size_t& pos, int count, int* out) {
  if (pos + count > s.size()) return false;
  int v = 0;
  for (int i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += count;
  *out = v;
  return true;
}

bool Expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

Error BadTime(std::string_view text) {
  return Error{"cannot parse \"" + std::string(text) + "\" as RFC3339 time"};
}

struct Civil {
  int year, month, day, hour, minute, second;
  std::int64_t nanos;
};

Civil ToCivil(Time t) {
  auto tp = t.time_since_epoch();
  auto d = std::chrono::floor<days>(tp);
  year_month_day ymd{sys_days(d)};
  std::int64_t rem = (tp - d).count();  // nanoseconds into the day
  Civil c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.nanos = rem % 1000000000;
  std::int64_t secs = rem / 1000000000;
  c.hour = static_cast<int>(secs / 3600);
  c.minute = static_cast<int>(secs / 60 % 60);
  c.second = static_cast<int>(secs % 60);
  return c;
}

std::string FormatBase(const Civil& c) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour,
                c.minute, c.second);
  return buf;
}

}  // namespace

Result<Time> ParseRFC3339(std::string_view text) {
  std::size_t pos = 0;
  int year, month, day, hour, minute, second;
  if (!ReadDigits(text, pos, 4, &year) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, &month) || !Expect(text, pos, '-') ||
      !ReadDigits(text, pos, 2, &day) || !(Expect(text, pos, 'T') || Expect(text, pos, 't')) ||
      !ReadDigits(text, pos, 2, &hour) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, &minute) || !Expect(text, pos, ':') ||
      !ReadDigits(text, pos, 2, &second)) {
    return BadTime(text);
  }
  std::int64_t nanos = 0;
  if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
    ++pos;
    int digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (digits < 9) nanos = nanos * 10 + (text[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return BadTime(text);
    for (int i = digits; i < 9; ++i) nanos *= 10;
  }
  int offset_minutes = 0;
  if (Expect(text, pos, 'Z') || Expect(text, pos, 'z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    int oh, om;
    if (!ReadDigits(text, pos, 2, &oh) || !Expect(text, pos, ':') || !ReadDigits(text, pos, 2, &om) ||
        oh > 23 || om > 59) {
      return BadTime(text);
    }
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return BadTime(text);
  }
  if (pos != text.size()) return BadTime(text);
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return BadTime(text);
  year_month_day ymd{std::chrono::year(year), std::chrono::month(month), std::chrono::day(day)};
  if (!ymd.ok()) return BadTime(text);
  if (year == 1 && month == 1 && day == 1 && hour == 0 && minute == 0 && second == 0 &&
      nanos == 0 && offset_minutes == 0) {
    return kZeroTime;
  }
  // Nanoseconds since 1970 in 64 bits reach from 1677 to 2262.
  if (year < 1678 || year > 2261) {
    return Error{"time \"" + std::string(text) + "\" is out of the supported range (1678-2261)"};
  }
  auto tp = sys_days(ymd).time_since_epoch() + std::chrono::hours(hour) +
            std::chrono::minutes(minute - offset_minutes) + std::chrono::seconds(second);
  return Time(std::chrono::duration_cast<Duration>(tp) + Duration(nanos));
}

void AppendRFC3339Millis(std::string& out, Time t) {
  if (IsZero(t)) {
    out += "0001-01-01T00:00:00.000Z";
    return;
  }
  const Civil c = ToCivil(t);
  char buf[24];
  auto put = [&buf](int at, std::int64_t value, int width) {
    for (int k = width - 1; k >= 0; --k, value /= 10) buf[at + k] = static_cast<char>('0' + value % 10);
  };
  put(0, c.year, 4);
  buf[4] = '-';
  put(5, c.month, 2);
  buf[7] = '-';
  put(8, c.day, 2);
  buf[10] = 'T';
  put(11, c.hour, 2);
  buf[13] = ':';
  put(14, c.minute, 2);
  buf[16] = ':';
  put(17, c.second, 2);
  buf[19] = '.';
  put(20, c.nanos / 1000000, 3);
  buf[23] = 'Z';
  out.append(buf, sizeof buf);
}

std::string FormatRFC3339Millis(Time t) {
  std::string out;
  AppendRFC3339Millis(out, t);
  return out;
}

std::string FormatRFC3339Nano(Time t) {
  if (IsZero(t)) return "0001-01-01T00:00:00Z";
  Civil c = ToCivil(t);
  std::string out = FormatBase(c);
  if (c.nanos != 0) {
    char buf[16];
    std::snprintf(buf, sizeof buf, ".%09lld", static_cast<long long>(c.nanos));
    std::string frac = buf;
    while (frac.back() == '0') frac.pop_back();
    out += frac;
  }
  return out + "Z";
}

Result<Duration> ParseDuration(std::string_view text) {
  auto bad = [&] { return Error{"not a valid duration string: \"" + std::string(text) + "\""}; };
  if (text == "0") return Duration(0);
  if (text.empty()) return Error{"empty duration string"};
  struct Unit {
    std::string_view name;
    std::int64_t millis;
  };
  static constexpr Unit kUnits[] = {{"y", 365LL * 24 * 3600 * 1000}, {"w", 7LL * 24 * 3600 * 1000},
                                    {"d", 24LL * 3600 * 1000},        {"h", 3600LL * 1000},
                                    {"m", 60LL * 1000},               {"s", 1000},
                                    {"ms", 1}};
  std::size_t pos = 0;
  std::size_t next_unit = 0;  // units must appear in the order above
  std::int64_t total_ms = 0;
  while (pos < text.size()) {
    std::int64_t value = 0;
    std::size_t start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (value > std::numeric_limits<std::int64_t>::max() / 10 - 10) return bad();
      value = value * 10 + (text[pos] - '0');
      ++pos;
    }
    if (pos == start) return bad();
    std::size_t unit_end = pos;
    while (unit_end < text.size() && (text[unit_end] < '0' || text[unit_end] > '9')) ++unit_end;
    std::string_view unit = text.substr(pos, unit_end - pos);
    std::size_t u = next_unit;
    while (u < std::size(kUnits) && kUnits[u].name != unit) ++u;
    if (u == std::size(kUnits)) return bad();
    next_unit = u + 1;
    if (value > std::numeric_limits<std::int64_t>::max() / 1000000 / kUnits[u].millis) {
      return Error{"duration out of range: \"" + std::string(text) + "\""};
    }
    total_ms += value * kUnits[u].millis;
    if (total_ms > std::numeric_limits<std::int64_t>::max() / 1000000) {
      return Error{"duration out of range: \"" + std::string(text) + "\""};
    }
    pos = unit_end;
  }
  return std::chrono::duration_cast<Duration>(std::chrono::milliseconds(total_ms));
}

std::string FormatDuration(Duration d) {
  std::int64_t ms = std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  auto emit = [&](const char* unit, std::int64_t mult, bool exact) {
    if (exact && ms % mult != 0) return;
    std::int64_t v = ms / mult;
    if (v > 0) {
      out += std::to_string(v) + unit;
      ms -= v * mult;
    }
  };
  emit("y", 365LL * 24 * 3600 * 1000, false);
  emit("w", 7LL * 24 * 3600 * 1000, true);
  emit("d", 24LL * 3600 * 1000, false);
  emit("h", 3600LL * 1000, false);
  emit("m", 60LL * 1000, false);
  emit("s", 1000, false);
  emit("ms", 1, false);
  return out;
}

}  // namespace overlord
