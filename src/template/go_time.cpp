#include "template/go_time.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "model/labels.h"

namespace overlord::tmpl {
namespace {

constexpr std::int64_t kGoZeroUnix = -62135596800;  // 0001-01-01T00:00:00Z

constexpr std::array<const char*, 12> kLongMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<const char*, 7> kLongDays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                  "Thursday", "Friday", "Saturday"};

// Howard Hinnant's civil-from-days / days-from-civil, valid far beyond Go's range of interest.
struct Civil {
  std::int64_t year;
  int month, day, hour, minute, second, nanos, weekday, yday;
};

std::int64_t DaysFromCivil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsLeap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

Civil ToCivil(const GoTime& t) {
  std::int64_t secs = GoUnixSeconds(t) + t.offset_seconds;
  std::int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  std::int64_t rem = secs - days * 86400;
  Civil c{};
  std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>(rem / 60 % 60);
  c.second = static_cast<int>(rem % 60);
  c.nanos = GoNanos(t);
  std::int64_t wd = (days + 4) % 7;  // 1970-01-01 was a Thursday
  c.weekday = static_cast<int>(wd < 0 ? wd + 7 : wd);
  c.yday = static_cast<int>(days - DaysFromCivil(c.year, 1, 1)) + 1;
  return c;
}

void AppendInt(std::string& out, std::int64_t v, int width, char pad = '0') {
  if (v < 0) {
    out += '-';
    v = -v;
  }
  std::string digits = std::to_string(v);
  for (int i = static_cast<int>(digits.size()); i < width; ++i) out += pad;
  out += digits;
}

enum class Std {
  kNone, kLongMonth, kMonth, kNumMonth, kZeroMonth, kLongWeekDay, kWeekDay, kDay, kUnderDay,
  kZeroDay, kUnderYearDay, kZeroYearDay, kHour, kHour12, kZeroHour12, kMinute, kZeroMinute,
  kSecond, kZeroSecond, kLongYear, kYear, kPM, kpm, kTZ, kISO8601TZ, kISO8601SecondsTZ,
  kISO8601ShortTZ, kISO8601ColonTZ, kISO8601ColonSecondsTZ, kNumTZ, kNumSecondsTz, kNumShortTZ,
  kNumColonTZ, kNumColonSecondsTZ, kFracSecond0, kFracSecond9,
};

struct Chunk {
  std::size_t prefix_len = 0;  // literal text before the element
  Std std = Std::kNone;
  std::size_t std_len = 0;
  int frac_digits = 0;
  char frac_sep = '.';
};

bool StartsWithLower(std::string_view s) { return !s.empty() && s[0] >= 'a' && s[0] <= 'z'; }
bool StartsWith(std::string_view s, std::size_t i, std::string_view p) {
  return s.substr(i, p.size()) == p;
}

// Finds the first layout element in `layout`, like Go's nextStdChunk.
Chunk NextChunk(std::string_view layout) {
  auto at = [&](std::size_t i, Std s, std::size_t n) {
    Chunk c;
    c.prefix_len = i;
    c.std = s;
    c.std_len = n;
    return c;
  };
  for (std::size_t i = 0; i < layout.size(); ++i) {
    char c = layout[i];
    switch (c) {
      case 'J':
        if (StartsWith(layout, i, "Jan")) {
          if (StartsWith(layout, i, "January")) return at(i, Std::kLongMonth, 7);
          if (!StartsWithLower(layout.substr(i + 3))) return at(i, Std::kMonth, 3);
        }
        break;
      case 'M':
        if (StartsWith(layout, i, "Mon")) {
          if (StartsWith(layout, i, "Monday")) return at(i, Std::kLongWeekDay, 6);
          if (!StartsWithLower(layout.substr(i + 3))) return at(i, Std::kWeekDay, 3);
        }
        if (StartsWith(layout, i, "MST")) return at(i, Std::kTZ, 3);
        break;
      case '0':
        if (i + 1 < layout.size() && layout[i + 1] >= '1' && layout[i + 1] <= '6') {
          static constexpr Std k0x[] = {Std::kZeroMonth,  Std::kZeroDay,    Std::kZeroHour12,
                                        Std::kZeroMinute, Std::kZeroSecond, Std::kYear};
          return at(i, k0x[layout[i + 1] - '1'], 2);
        }
        if (StartsWith(layout, i, "002")) return at(i, Std::kZeroYearDay, 3);
        break;
      case '1':
        if (i + 1 < layout.size() && layout[i + 1] == '5') return at(i, Std::kHour, 2);
        return at(i, Std::kNumMonth, 1);
      case '2':
        if (StartsWith(layout, i, "2006")) return at(i, Std::kLongYear, 4);
        return at(i, Std::kDay, 1);
      case '_':
        if (i + 1 < layout.size() && layout[i + 1] == '2') {
          if (StartsWith(layout, i + 1, "2006")) return at(i + 1, Std::kLongYear, 4);
          return at(i, Std::kUnderDay, 2);
        }
        if (StartsWith(layout, i, "__2")) return at(i, Std::kUnderYearDay, 3);
        break;
      case '3': return at(i, Std::kHour12, 1);
      case '4': return at(i, Std::kMinute, 1);
      case '5': return at(i, Std::kSecond, 1);
      case 'P':
        if (StartsWith(layout, i, "PM")) return at(i, Std::kPM, 2);
        break;
      case 'p':
        if (StartsWith(layout, i, "pm")) return at(i, Std::kpm, 2);
        break;
      case '-':
        if (StartsWith(layout, i, "-070000")) return at(i, Std::kNumSecondsTz, 7);
        if (StartsWith(layout, i, "-07:00:00")) return at(i, Std::kNumColonSecondsTZ, 9);
        if (StartsWith(layout, i, "-0700")) return at(i, Std::kNumTZ, 5);
        if (StartsWith(layout, i, "-07:00")) return at(i, Std::kNumColonTZ, 6);
        if (StartsWith(layout, i, "-07")) return at(i, Std::kNumShortTZ, 3);
        break;
      case 'Z':
        if (StartsWith(layout, i, "Z070000")) return at(i, Std::kISO8601SecondsTZ, 7);
        if (StartsWith(layout, i, "Z07:00:00")) return at(i, Std::kISO8601ColonSecondsTZ, 9);
        if (StartsWith(layout, i, "Z0700")) return at(i, Std::kISO8601TZ, 5);
        if (StartsWith(layout, i, "Z07:00")) return at(i, Std::kISO8601ColonTZ, 6);
        if (StartsWith(layout, i, "Z07")) return at(i, Std::kISO8601ShortTZ, 3);
        break;
      case '.':
      case ',':
        if (i + 1 < layout.size() && (layout[i + 1] == '0' || layout[i + 1] == '9')) {
          char ch = layout[i + 1];
          std::size_t j = i + 1;
          while (j < layout.size() && layout[j] == ch) ++j;
          if (!(j < layout.size() && layout[j] >= '0' && layout[j] <= '9')) {
            Chunk ck = at(i, ch == '0' ? Std::kFracSecond0 : Std::kFracSecond9, j - i);
            ck.frac_digits = static_cast<int>(j - i - 1);
            ck.frac_sep = c;
            return ck;
          }
        }
        break;
      default: break;
    }
  }
  Chunk none;
  none.prefix_len = layout.size();
  return none;
}

void AppendZone(std::string& out, int offset, Std std) {
  bool iso = std == Std::kISO8601TZ || std == Std::kISO8601SecondsTZ ||
             std == Std::kISO8601ShortTZ || std == Std::kISO8601ColonTZ ||
             std == Std::kISO8601ColonSecondsTZ;
  if (iso && offset == 0) {
    out += 'Z';
    return;
  }
  int zone = offset / 60;
  int absoff = offset;
  if (zone < 0) {
    out += '-';
    zone = -zone;
    absoff = -absoff;
  } else {
    out += '+';
  }
  AppendInt(out, zone / 60, 2);
  bool colon = std == Std::kISO8601ColonTZ || std == Std::kNumColonTZ ||
               std == Std::kISO8601ColonSecondsTZ || std == Std::kNumColonSecondsTZ;
  if (std != Std::kNumShortTZ && std != Std::kISO8601ShortTZ) {
    if (colon) out += ':';
    AppendInt(out, zone % 60, 2);
  }
  if (std == Std::kISO8601SecondsTZ || std == Std::kNumSecondsTz ||
      std == Std::kNumColonSecondsTZ || std == Std::kISO8601ColonSecondsTZ) {
    if (colon) out += ':';
    AppendInt(out, absoff % 60, 2);
  }
}

}  // namespace

std::int64_t GoUnixSeconds(const GoTime& t) {
  if (IsZero(t.instant)) return kGoZeroUnix;
  std::int64_t ns = ToUnixNanos(t.instant);
  std::int64_t s = ns / 1000000000;
  if (ns % 1000000000 < 0) --s;
  return s;
}

int GoNanos(const GoTime& t) {
  if (IsZero(t.instant)) return 0;
  std::int64_t ns = ToUnixNanos(t.instant) % 1000000000;
  return static_cast<int>(ns < 0 ? ns + 1000000000 : ns);
}

GoTime GoTimeFromUnix(std::int64_t seconds, int nanos) {
  GoTime t;
  if (seconds == kGoZeroUnix && nanos == 0) return t;  // kZeroTime
  // Times before ~1678 do not fit in int64 nanoseconds; clamp to the zero time.
  if (seconds < -9223372036LL || seconds > 9223372035LL) return t;
  t.instant = FromUnixNanos(seconds * 1000000000 + nanos);
  return t;
}

GoTime InUtc(const GoTime& t) {
  GoTime u = t;
  u.offset_seconds = 0;
  u.zone = "UTC";
  return u;
}

std::string FormatGoTime(const GoTime& t, std::string_view layout) {
  Civil c = ToCivil(t);
  std::string out;
  while (!layout.empty()) {
    Chunk ck = NextChunk(layout);
    out.append(layout.substr(0, ck.prefix_len));
    if (ck.std == Std::kNone) break;
    layout.remove_prefix(ck.prefix_len + ck.std_len);
    switch (ck.std) {
      case Std::kYear: AppendInt(out, (c.year % 100 + 100) % 100, 2); break;
      case Std::kLongYear: AppendInt(out, c.year, 4); break;
      case Std::kMonth: out.append(kLongMonths[c.month - 1], 3); break;
      case Std::kLongMonth: out += kLongMonths[c.month - 1]; break;
      case Std::kNumMonth: AppendInt(out, c.month, 0); break;
      case Std::kZeroMonth: AppendInt(out, c.month, 2); break;
      case Std::kWeekDay: out.append(kLongDays[c.weekday], 3); break;
      case Std::kLongWeekDay: out += kLongDays[c.weekday]; break;
      case Std::kDay: AppendInt(out, c.day, 0); break;
      case Std::kUnderDay: AppendInt(out, c.day, 2, ' '); break;
      case Std::kZeroDay: AppendInt(out, c.day, 2); break;
      case Std::kUnderYearDay: AppendInt(out, c.yday, 3, ' '); break;
      case Std::kZeroYearDay: AppendInt(out, c.yday, 3); break;
      case Std::kHour: AppendInt(out, c.hour, 2); break;
      case Std::kHour12: AppendInt(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 0); break;
      case Std::kZeroHour12: AppendInt(out, c.hour % 12 == 0 ? 12 : c.hour % 12, 2); break;
      case Std::kMinute: AppendInt(out, c.minute, 0); break;
      case Std::kZeroMinute: AppendInt(out, c.minute, 2); break;
      case Std::kSecond: AppendInt(out, c.second, 0); break;
      case Std::kZeroSecond: AppendInt(out, c.second, 2); break;
      case Std::kPM: out += c.hour >= 12 ? "PM" : "AM"; break;
      case Std::kpm: out += c.hour >= 12 ? "pm" : "am"; break;
      case Std::kTZ:
        if (!t.zone.empty()) {
          out += t.zone;
        } else {
          AppendZone(out, t.offset_seconds, Std::kNumTZ);
        }
        break;
      case Std::kFracSecond0:
      case Std::kFracSecond9: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "%09d", c.nanos);
        std::string digits(buf, static_cast<std::size_t>(std::min(ck.frac_digits, 9)));
        if (ck.std == Std::kFracSecond9) {
          while (!digits.empty() && digits.back() == '0') digits.pop_back();
          if (digits.empty()) break;
        }
        out += ck.frac_sep;
        out += digits;
        break;
      }
      default: AppendZone(out, t.offset_seconds, ck.std); break;
    }
  }
  return out;
}

std::string GoTimeString(const GoTime& t) {
  return FormatGoTime(t, "2006-01-02 15:04:05.999999999 -0700 MST");
}

std::string GoDurationString(Duration d) {
  std::int64_t v = d.count();
  bool neg = v < 0;
  std::uint64_t u = neg ? static_cast<std::uint64_t>(-(v + 1)) + 1 : static_cast<std::uint64_t>(v);
  // Formats u / 10^prec with trailing zeros (and the point) dropped.
  auto frac = [](std::uint64_t value, int prec, std::string* tail) {
    std::string digits;
    bool print = false;
    for (int i = 0; i < prec; ++i) {
      int digit = static_cast<int>(value % 10);
      print = print || digit != 0;
      if (print) digits.insert(digits.begin(), static_cast<char>('0' + digit));
      value /= 10;
    }
    if (print) *tail = "." + digits + *tail;
    return value;
  };
  std::string out;
  if (u < 1000000000ULL) {
    if (u == 0) return "0s";
    std::string unit;
    int prec;
    if (u < 1000ULL) {
      unit = "ns";
      prec = 0;
    } else if (u < 1000000ULL) {
      unit = "\xC2\xB5s";  // µs
      prec = 3;
    } else {
      unit = "ms";
      prec = 6;
    }
    std::string tail = unit;
    u = frac(u, prec, &tail);
    out = std::to_string(u) + tail;
  } else {
    std::string tail = "s";
    u = frac(u, 9, &tail);
    out = std::to_string(u % 60) + tail;
    u /= 60;
    if (u > 0) {
      out = std::to_string(u % 60) + "m" + out;
      u /= 60;
      if (u > 0) out = std::to_string(u) + "h" + out;
    }
  }
  return neg ? "-" + out : out;
}

namespace {

Error ParseError(std::string_view layout, std::string_view value, std::string_view elem,
                 std::string_view rest) {
  return Error{"parsing time " + GoQuote(value) + " as " + GoQuote(layout) + ": cannot parse " +
               GoQuote(rest) + " as " + GoQuote(elem)};
}

// Reads up to `max` digits (at least `min`).
bool ReadNum(std::string_view& s, int min, int max, int* out) {
  int n = 0, v = 0;
  while (n < max && n < static_cast<int>(s.size()) && s[n] >= '0' && s[n] <= '9') {
    v = v * 10 + (s[n] - '0');
    ++n;
  }
  if (n < min) return false;
  s.remove_prefix(n);
  *out = v;
  return true;
}

bool ReadName(std::string_view& s, bool long_form, const char* const* names, int count, int* out) {
  for (int i = 0; i < count; ++i) {
    std::string_view name = names[i];
    if (!long_form) name = name.substr(0, 3);
    if (s.size() >= name.size()) {
      bool eq = true;
      for (std::size_t k = 0; k < name.size(); ++k) {
        if (std::tolower(static_cast<unsigned char>(s[k])) !=
            std::tolower(static_cast<unsigned char>(name[k])))
          eq = false;
      }
      if (eq) {
        s.remove_prefix(name.size());
        *out = i;
        return true;
      }
    }
  }
  return false;
}

}  // namespace

Result<GoTime> ParseGoTime(std::string_view layout, std::string_view value) {
  const std::string_view orig_layout = layout, orig_value = value;
  int year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0, yday = -1;
  bool pm_set = false, pm = false;
  int offset = 0;
  bool has_offset = false;
  std::string zone = "UTC";
  while (true) {
    Chunk ck = NextChunk(layout);
    std::string_view prefix = layout.substr(0, ck.prefix_len);
    std::string_view elem = layout.substr(ck.prefix_len, ck.std_len);
    if (value.substr(0, prefix.size()) != prefix) {
      return ParseError(orig_layout, orig_value, prefix, value);
    }
    value.remove_prefix(prefix.size());
    if (ck.std == Std::kNone) {
      if (!value.empty()) {
        return Error{"parsing time " + GoQuote(orig_value) + ": extra text: " + GoQuote(value)};
      }
      break;
    }
    layout.remove_prefix(ck.prefix_len + ck.std_len);
    std::string_view before = value;
    bool ok = true;
    int v = 0;
    switch (ck.std) {
      case Std::kYear:
        ok = value.size() >= 2 && ReadNum(value, 2, 2, &v);
        year = v >= 69 ? v + 1900 : v + 2000;
        break;
      case Std::kLongYear: ok = ReadNum(value, 4, 4, &year); break;
      case Std::kMonth:
      case Std::kLongMonth:
        ok = ReadName(value, ck.std == Std::kLongMonth, kLongMonths.data(), 12, &v);
        month = v + 1;
        break;
      case Std::kNumMonth: ok = ReadNum(value, 1, 2, &month); break;
      case Std::kZeroMonth: ok = ReadNum(value, 2, 2, &month); break;
      case Std::kWeekDay:
      case Std::kLongWeekDay:
        ok = ReadName(value, ck.std == Std::kLongWeekDay, kLongDays.data(), 7, &v);
        break;
      case Std::kUnderDay:
        if (!value.empty() && value[0] == ' ') value.remove_prefix(1);
        ok = ReadNum(value, 1, 2, &day);
        break;
      case Std::kDay: ok = ReadNum(value, 1, 2, &day); break;
      case Std::kZeroDay: ok = ReadNum(value, 2, 2, &day); break;
      case Std::kUnderYearDay:
        while (!value.empty() && value[0] == ' ') value.remove_prefix(1);
        ok = ReadNum(value, 1, 3, &yday);
        break;
      case Std::kZeroYearDay: ok = ReadNum(value, 3, 3, &yday); break;
      case Std::kHour: ok = ReadNum(value, 2, 2, &hour) && hour < 24; break;
      case Std::kHour12: ok = ReadNum(value, 1, 2, &hour) && hour <= 12; break;
      case Std::kZeroHour12: ok = ReadNum(value, 2, 2, &hour) && hour <= 12; break;
      case Std::kMinute: ok = ReadNum(value, 1, 2, &minute) && minute < 60; break;
      case Std::kZeroMinute: ok = ReadNum(value, 2, 2, &minute) && minute < 60; break;
      case Std::kSecond:
      case Std::kZeroSecond:
        ok = ReadNum(value, ck.std == Std::kSecond ? 1 : 2, 2, &second) && second < 60;
        // Go accepts a fractional second after the seconds even when the layout has none.
        if (ok && value.size() >= 2 && value[0] == '.' && value[1] >= '0' && value[1] <= '9' &&
            NextChunk(layout).std != Std::kFracSecond0 &&
            NextChunk(layout).std != Std::kFracSecond9) {
          value.remove_prefix(1);
          int n = 0;
          nanos = 0;
          while (!value.empty() && value[0] >= '0' && value[0] <= '9') {
            if (n < 9) nanos = nanos * 10 + (value[0] - '0');
            ++n;
            value.remove_prefix(1);
          }
          for (; n < 9; ++n) nanos *= 10;
        }
        break;
      case Std::kPM:
      case Std::kpm:
        if (value.size() >= 2) {
          std::string p{static_cast<char>(std::toupper(static_cast<unsigned char>(value[0]))),
                        static_cast<char>(std::toupper(static_cast<unsigned char>(value[1])))};
          pm_set = true;
          pm = p == "PM";
          ok = p == "PM" || p == "AM";
          value.remove_prefix(2);
        } else {
          ok = false;
        }
        break;
      case Std::kTZ: {
        std::size_t n = 0;
        while (n < value.size() && value[n] >= 'A' && value[n] <= 'Z') ++n;
        ok = n >= 3;
        if (ok) {
          zone = std::string(value.substr(0, n));
          value.remove_prefix(n);
        }
        break;
      }
      case Std::kFracSecond0:
      case Std::kFracSecond9: {
        if (value.empty() || (value[0] != '.' && value[0] != ',')) {
          ok = ck.std == Std::kFracSecond9;
          break;
        }
        value.remove_prefix(1);
        int n = 0;
        nanos = 0;
        while (!value.empty() && value[0] >= '0' && value[0] <= '9') {
          if (n < 9) nanos = nanos * 10 + (value[0] - '0');
          ++n;
          value.remove_prefix(1);
        }
        ok = n > 0 && (ck.std == Std::kFracSecond9 || n == ck.frac_digits);
        for (; n < 9; ++n) nanos *= 10;
        break;
      }
      default: {  // numeric zones
        bool iso = elem[0] == 'Z';
        if (iso && !value.empty() && value[0] == 'Z') {
          value.remove_prefix(1);
          has_offset = true;
          offset = 0;
          break;
        }
        if (value.empty() || (value[0] != '+' && value[0] != '-')) {
          ok = false;
          break;
        }
        int sign = value[0] == '-' ? -1 : 1;
        value.remove_prefix(1);
        int hh = 0, mm = 0, ss = 0;
        ok = ReadNum(value, 2, 2, &hh);
        bool colon = elem.find(':') != std::string_view::npos;
        bool short_form = elem.size() == 3;
        bool seconds = elem.size() == 7 || elem.size() == 9;
        if (ok && !short_form) {
          if (colon) ok = !value.empty() && value[0] == ':' && (value.remove_prefix(1), true);
          ok = ok && ReadNum(value, 2, 2, &mm);
        }
        if (ok && seconds) {
          if (colon) ok = !value.empty() && value[0] == ':' && (value.remove_prefix(1), true);
          ok = ok && ReadNum(value, 2, 2, &ss);
        }
        has_offset = true;
        offset = sign * (hh * 3600 + mm * 60 + ss);
        break;
      }
    }
    if (!ok) return ParseError(orig_layout, orig_value, elem, before);
  }
  if (pm_set) {
    if (pm && hour < 12) hour += 12;
    if (!pm && hour == 12) hour = 0;
  }
  if (yday >= 0) {
    std::int64_t d = DaysFromCivil(year, 1, 1) + yday - 1;
    std::int64_t z = d;
    (void)z;
    GoTime tmp = GoTimeFromUnix(d * 86400, 0);
    Civil c = ToCivil(tmp);
    month = c.month;
    day = c.day;
  }
  static constexpr int kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) {
    return Error{"parsing time " + GoQuote(orig_value) + ": month out of range"};
  }
  int max_day = kMonthDays[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  if (day < 1 || day > max_day) {
    return Error{"parsing time " + GoQuote(orig_value) + ": day out of range"};
  }
  std::int64_t secs = DaysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  GoTime t = GoTimeFromUnix(secs - offset, nanos);
  if (has_offset) {
    t.offset_seconds = offset;
    t.zone = offset == 0 ? "UTC" : "";
  } else {
    t.zone = zone;
  }
  return t;
}

namespace {

struct ZoneInfo {
  std::vector<std::int64_t> transitions;
  std::vector<int> type_index;
  struct Type {
    int offset;
    std::string abbrev;
  };
  std::vector<Type> types;
};

std::int64_t ReadBE(const std::string& data, std::size_t pos, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<unsigned char>(data[pos + i]);
  if (bytes == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(v));
  return static_cast<std::int64_t>(v);
}

// Reads a TZif file (RFC 8536), preferring the 64-bit section.
Result<ZoneInfo> LoadZoneInfo(std::string_view name) {
  for (char c : name) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '/' || c == '_' || c == '-' ||
              c == '+';
    if (!ok) return Error{"unknown time zone " + std::string(name)};
  }
  if (name.empty() || name.find("..") != std::string_view::npos || name[0] == '/') {
    return Error{"unknown time zone " + std::string(name)};
  }
  std::ifstream in("/usr/share/zoneinfo/" + std::string(name), std::ios::binary);
  if (!in) return Error{"unknown time zone " + std::string(name)};
  std::stringstream ss;
  ss << in.rdbuf();
  std::string data = ss.str();
  auto bad = Error{"unknown time zone " + std::string(name)};
  if (data.size() < 44 || data.compare(0, 4, "TZif") != 0) return bad;
  auto parse = [&](std::size_t base, int tsize, ZoneInfo* zi, std::size_t* end) -> bool {
    if (data.size() < base + 44) return false;
    std::int64_t isutcnt = ReadBE(data, base + 20, 4), isstdcnt = ReadBE(data, base + 24, 4),
                 leapcnt = ReadBE(data, base + 28, 4), timecnt = ReadBE(data, base + 32, 4),
                 typecnt = ReadBE(data, base + 36, 4), charcnt = ReadBE(data, base + 40, 4);
    std::size_t p = base + 44;
    std::size_t need = p + timecnt * tsize + timecnt + typecnt * 6 + charcnt +
                       leapcnt * (tsize + 4) + isstdcnt + isutcnt;
    if (need > data.size() || timecnt < 0 || typecnt <= 0) return false;
    for (std::int64_t i = 0; i < timecnt; ++i) zi->transitions.push_back(ReadBE(data, p + i * tsize, tsize));
    p += timecnt * tsize;
    for (std::int64_t i = 0; i < timecnt; ++i) zi->type_index.push_back(static_cast<unsigned char>(data[p + i]));
    p += timecnt;
    std::size_t abbrevs = p + typecnt * 6;
    for (std::int64_t i = 0; i < typecnt; ++i) {
      int off = static_cast<int>(ReadBE(data, p + i * 6, 4));
      std::size_t idx = static_cast<unsigned char>(data[p + i * 6 + 5]);
      std::string ab;
      for (std::size_t k = abbrevs + idx; k < abbrevs + charcnt && data[k] != '\0'; ++k) ab += data[k];
      zi->types.push_back({off, ab});
    }
    *end = need;
    return true;
  };
  ZoneInfo v1;
  std::size_t end = 0;
  if (!parse(0, 4, &v1, &end)) return bad;
  if (data[4] >= '2') {
    ZoneInfo v2;
    std::size_t end2 = 0;
    if (parse(end, 8, &v2, &end2)) return v2;
  }
  return v1;
}

}  // namespace

Result<GoTime> InZone(const GoTime& t, std::string_view zone_name) {
  if (zone_name.empty() || zone_name == "UTC" || zone_name == "Local") return InUtc(t);
  Result<ZoneInfo> zi = LoadZoneInfo(zone_name);
  if (!zi.ok()) return Error{zi.error()};
  std::int64_t secs = GoUnixSeconds(t);
  // Before the first transition Go uses the first standard type; approximate with type 0.
  std::size_t type = 0;
  for (std::size_t i = 0; i < zi->transitions.size(); ++i) {
    if (zi->transitions[i] > secs) break;
    type = static_cast<std::size_t>(zi->type_index[i]);
  }
  if (type >= zi->types.size()) type = 0;
  GoTime out = t;
  out.offset_seconds = zi->types[type].offset;
  out.zone = zi->types[type].abbrev;
  return out;
}

}  // namespace overlord::tmpl
