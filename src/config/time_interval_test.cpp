// time_intervals / mute_time_intervals (spec 2.5, syntax and error strings of spec 9).
#include <doctest/doctest.h>

#include <string>

#include "config/loader.h"

namespace overlord::config {
namespace {

const std::string kBase = "route: {receiver: r}\nreceivers: [{name: r}]\n";

Result<Config> LoadIntervals(const std::string& intervals) {
  return LoadConfigString(kBase + intervals, "alertmanager.yml");
}

// The error for one spec entry written as a flow mapping.
std::string SpecError(const std::string& spec) {
  Result<Config> cfg = LoadIntervals("time_intervals: [{name: t, time_intervals: [" + spec + "]}]\n");
  REQUIRE_FALSE(cfg.ok());
  return cfg.error();
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_CASE("time intervals: parsed values") {
  Result<Config> cfg = LoadIntervals(R"(
time_intervals:
  - name: business
    time_intervals:
      - times:
          - start_time: "09:00"
            end_time: "17:30"
          - {start_time: "22:00", end_time: "24:00"}
        weekdays: ['Monday:friday', sunday]
        days_of_month: ['1:5', '-3:-1', 15]
        months: ['january:march', '12', 'June']
        years: ['2020:2022', 2030]
        location: Europe/Berlin
      - {}
mute_time_intervals:
  - name: legacy
    time_intervals: [{weekdays: [saturday]}]
)");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  REQUIRE(cfg->time_intervals.size() == 2);
  const TimeInterval& legacy = cfg->time_intervals[0];  // mute_time_intervals come first
  CHECK(legacy.name == "legacy");
  const TimeInterval& t = cfg->time_intervals[1];
  CHECK(t.name == "business");
  REQUIRE(t.specs.size() == 2);
  const TimeIntervalSpec& s = t.specs[0];
  REQUIRE(s.times.size() == 2);
  CHECK(s.times[0].begin == 9 * 60);
  CHECK(s.times[0].end == 17 * 60 + 30);
  CHECK(s.times[1].end == 24 * 60);
  REQUIRE(s.weekdays.size() == 2);
  CHECK(s.weekdays[0].begin == 1);
  CHECK(s.weekdays[0].end == 5);
  CHECK(s.weekdays[1].begin == 0);
  REQUIRE(s.days_of_month.size() == 3);
  CHECK(s.days_of_month[1].begin == -3);
  CHECK(s.days_of_month[1].end == -1);
  CHECK(s.days_of_month[2].begin == 15);
  REQUIRE(s.months.size() == 3);
  CHECK(s.months[0].begin == 1);
  CHECK(s.months[0].end == 3);
  CHECK(s.months[1].begin == 12);
  CHECK(s.months[2].begin == 6);
  REQUIRE(s.years.size() == 2);
  CHECK(s.years[0].begin == 2020);
  CHECK(s.years[0].end == 2022);
  CHECK(s.location == "Europe/Berlin");
  CHECK(t.specs[1].location == "UTC");  // default
  CHECK(t.specs[1].times.empty());
}

TEST_CASE("time intervals: error strings") {
  struct Case {
    std::string spec;
    std::string message;
  };
  const Case cases[] = {
      {R"({times: [{start_time: "09:00"}]})", "both start and end times must be provided"},
      {R"({times: [{start_time: "17:00", end_time: "09:00"}]})",
       "start time cannot be equal or greater than end time"},
      {R"({times: [{start_time: "09:00", end_time: "09:00"}]})",
       "start time cannot be equal or greater than end time"},
      {R"({times: [{start_time: "09:00", end_time: "25:00"}]})",
       "couldn't parse timestamp 25:00, invalid format"},
      {R"({times: [{start_time: "9:00", end_time: "10:00"}]})",
       "couldn't parse timestamp 9:00, invalid format"},
      {R"({times: [{start_time: "09:00", end: "10:00"}]})", "field end not found"},
      {"{weekdays: [funday]}", "funday is not a valid weekday"},
      {"{weekdays: ['friday:monday']}", "start day cannot be before end day"},
      {"{weekdays: ['monday:tuesday:friday']}", "couldn't parse range monday:tuesday:friday, invalid format"},
      {"{days_of_month: ['0']}", "0 is not a valid day of the month: out of range"},
      {"{days_of_month: ['32']}", "32 is not a valid day of the month: out of range"},
      {"{days_of_month: ['-1:5']}", "end day must be negative if start day is negative"},
      {"{days_of_month: ['10:5']}", "end day 5 is always before start day 10"},
      {"{days_of_month: [first]}", "strconv.Atoi: parsing \"first\": invalid syntax"},
      {"{months: ['march:january']}", "end month january is before start month march"},
      {"{months: [smarch]}", "smarch is not a valid month"},
      {"{years: ['2022:2020']}", "end year 2020 is before start year 2022"},
      {"{location: Mars/Olympus_Mons}", "unknown time zone Mars/Olympus_Mons"},
      {"{location: ../../etc/passwd}", "unknown time zone ../../etc/passwd"},
      {"{weekday: [monday]}", "field weekday not found"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.spec);
    std::string err = SpecError(c.spec);
    CHECK_MESSAGE(Contains(err, c.message), err);
    CHECK_MESSAGE(Contains(err, "time_intervals[0].time_intervals[0]"), err);
  }
}

TEST_CASE("time intervals: names") {
  auto error = [](const std::string& text) {
    Result<Config> cfg = LoadIntervals(text);
    REQUIRE_FALSE(cfg.ok());
    return cfg.error();
  };
  CHECK(Contains(error("time_intervals: [{time_intervals: []}]\n"), "missing name in time interval"));
  CHECK(Contains(error("mute_time_intervals: [{time_intervals: []}]\n"),
                 "missing name in mute time interval"));
  CHECK(Contains(error("time_intervals: [{name: a}, {name: a}]\n"), "time interval \"a\" is not unique"));
  CHECK(Contains(error("mute_time_intervals: [{name: a}, {name: a}]\n"),
                 "mute time interval \"a\" is not unique"));
  // Names are shared across both lists.
  CHECK(Contains(error("mute_time_intervals: [{name: a}]\ntime_intervals: [{name: a}]\n"),
                 "time_intervals[0]: time interval \"a\" is not unique"));
  // An empty list is fine (seen in the corpus).
  CHECK(LoadIntervals("mute_time_intervals: []\n").ok());
}

}  // namespace
}  // namespace overlord::config
