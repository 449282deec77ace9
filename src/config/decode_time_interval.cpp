// Decoding of time_intervals[] / mute_time_intervals[] (spec 2.5, syntax of spec 9), with
// Alertmanager's error strings.
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <filesystem>

#include "config/decode.h"

namespace overlord::config::internal {
namespace {

constexpr const char* kWeekdays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                     "thursday", "friday", "saturday"};
constexpr const char* kMonths[] = {"",        "january",  "february", "march",  "april",
                                   "may",     "june",     "july",     "august", "september",
                                   "october", "november", "december"};

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Go's strconv.Atoi, with its error text.
int Atoi(const Node& where, const std::string& s) {
  int value = 0;
  const char* begin = s.data();
  const char* end = s.data() + s.size();
  if (begin != end && *begin == '+') ++begin;
  auto [p, ec] = std::from_chars(begin, end, value);
  if (s.empty() || ec != std::errc() || p != end || begin == end) {
    const char* why = ec == std::errc::result_out_of_range ? "value out of range" : "invalid syntax";
    where.Fail("strconv.Atoi: parsing \"" + s + "\": " + why);
  }
  return value;
}

enum class Kind { kWeekday, kDayOfMonth, kMonth, kYear };

int Member(const Node& where, Kind kind, const std::string& s) {
  switch (kind) {
    case Kind::kWeekday:
      for (int i = 0; i < 7; ++i) {
        if (s == kWeekdays[i]) return i;
      }
      where.Fail(s + " is not a valid weekday");
    case Kind::kMonth: {
      for (int i = 1; i <= 12; ++i) {
        if (s == kMonths[i]) return i;
      }
      int value = 0;
      auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
      if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
        where.Fail(s + " is not a valid month");
      }
      return value;
    }
    default:
      return Atoi(where, s);
  }
}

Range ParseRange(const Node& node, Kind kind) {
  std::string text = Lower(node.AsString());
  Range r;
  std::size_t colon = text.find(':');
  if (colon == std::string::npos) {
    r.begin = r.end = Member(node, kind, text);
  } else {
    if (text.find(':', colon + 1) != std::string::npos) {
      node.Fail("couldn't parse range " + text + ", invalid format");
    }
    r.begin = Member(node, kind, text.substr(0, colon));
    r.end = Member(node, kind, text.substr(colon + 1));
  }
  std::string original = node.AsString();
  switch (kind) {
    case Kind::kWeekday:
      if (r.begin > r.end) node.Fail("start day cannot be before end day");
      if (r.begin < 0 || r.begin > 6 || r.end < 0 || r.end > 6) {
        node.Fail(original + " is not a valid day of the week: out of range");
      }
      break;
    case Kind::kDayOfMonth: {
      for (int day : {r.begin, r.end}) {
        if (day == 0 || day < -31 || day > 31) {
          node.Fail(std::to_string(day) + " is not a valid day of the month: out of range");
        }
      }
      if (r.begin < 0 && r.end > 0) node.Fail("end day must be negative if start day is negative");
      // Negative days count from the month's end; 28 days is the shortest month.
      int check_begin = r.begin < 0 ? 28 + r.begin : r.begin;
      int check_end = r.end < 0 ? 28 + r.end : r.end;
      if (check_begin > check_end) {
        node.Fail("end day " + std::to_string(r.end) + " is always before start day " +
                  std::to_string(r.begin));
      }
      break;
    }
    case Kind::kMonth:
      if (r.begin > r.end) {
        auto name = [](int m) { return m >= 1 && m <= 12 ? std::string(kMonths[m]) : std::string(); };
        node.Fail("end month " + name(r.end) + " is before start month " + name(r.begin));
      }
      break;
    case Kind::kYear:
      if (r.begin > r.end) {
        node.Fail("end year " + std::to_string(r.end) + " is before start year " +
                  std::to_string(r.begin));
      }
      break;
  }
  return r;
}

// "HH:MM" in 00:00..24:00 as minutes of the day.
int ParseClock(const Node& where, const std::string& s) {
  bool ok = s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
            std::isdigit(static_cast<unsigned char>(s[1])) &&
            std::isdigit(static_cast<unsigned char>(s[3])) &&
            std::isdigit(static_cast<unsigned char>(s[4]));
  int hours = ok ? (s[0] - '0') * 10 + (s[1] - '0') : 0;
  int minutes = ok ? (s[3] - '0') * 10 + (s[4] - '0') : 0;
  ok = ok && ((hours <= 23 && minutes <= 59) || (hours == 24 && minutes == 0));
  if (!ok) where.Fail("couldn't parse timestamp " + s + ", invalid format");
  return hours * 60 + minutes;
}

Range ParseTimeRange(const Node& node) {
  MapReader m(node, "time range");
  std::string start, end;
  if (auto v = m.Get("start_time")) start = v->AsString();
  if (auto v = m.Get("end_time")) end = v->AsString();
  m.Finish();
  if (start.empty() || end.empty()) node.Fail("both start and end times must be provided");
  Range r{ParseClock(node, start), ParseClock(node, end)};
  if (r.begin >= r.end) node.Fail("start time cannot be equal or greater than end time");
  return r;
}

void CheckLocation(const Node& node, const std::string& name) {
  if (name.empty() || name == "UTC" || name == "Local") return;
  bool safe = name[0] != '/' && name.find("..") == std::string::npos && name.find('\\') == std::string::npos;
  std::string dir = "/usr/share/zoneinfo";
  if (const char* env = std::getenv("ZONEINFO"); env != nullptr && *env != '\0') dir = env;
  std::error_code ec;
  if (!safe || !std::filesystem::is_regular_file(std::filesystem::path(dir) / name, ec)) {
    node.Fail("unknown time zone " + name);
  }
}

TimeIntervalSpec ParseSpec(const Node& node) {
  MapReader m(node, "time interval");
  TimeIntervalSpec spec;
  if (auto v = m.Get("times")) {
    for (const Node& item : v->Items()) spec.times.push_back(ParseTimeRange(item));
  }
  struct {
    const char* key;
    Kind kind;
    std::vector<Range>* out;
  } lists[] = {{"weekdays", Kind::kWeekday, &spec.weekdays},
               {"days_of_month", Kind::kDayOfMonth, &spec.days_of_month},
               {"months", Kind::kMonth, &spec.months},
               {"years", Kind::kYear, &spec.years}};
  for (auto& list : lists) {
    if (auto v = m.Get(list.key)) {
      for (const Node& item : v->Items()) list.out->push_back(ParseRange(item, list.kind));
    }
  }
  if (auto v = m.Get("location")) {
    std::string name = v->AsString();
    CheckLocation(*v, name);
    spec.location = name.empty() ? "UTC" : name;
  }
  m.Finish();
  return spec;
}

}  // namespace

TimeInterval DecodeTimeInterval(const Node& node, bool legacy) {
  MapReader m(node, legacy ? "mute time interval" : "time interval");
  TimeInterval out;
  if (auto v = m.Get("name")) out.name = v->AsString();
  if (auto v = m.Get("time_intervals")) {
    for (const Node& item : v->Items()) out.specs.push_back(ParseSpec(item));
  }
  m.Finish();
  if (out.name.empty()) {
    node.Fail(legacy ? "missing name in mute time interval" : "missing name in time interval");
  }
  return out;
}

}  // namespace overlord::config::internal
