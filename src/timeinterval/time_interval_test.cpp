// Contains / TimeIntervalSet with the spec 9 examples, configs loaded by the real loader.
#include <doctest/doctest.h>

#include <string>

#include "config/loader.h"
#include "timeinterval/time_interval.h"

namespace overlord::timeinterval {
namespace {

Time At(const char* rfc3339) {
  Result<Time> t = ParseRFC3339(rfc3339);
  REQUIRE_MESSAGE(t.ok(), rfc3339);
  return *t;
}

// A set holding one interval "t" whose only spec is `spec` (a YAML flow mapping).
TimeIntervalSet Set(const std::string& specs) {
  Result<config::Config> cfg = config::LoadConfigString(
      "route: {receiver: r}\nreceivers: [{name: r}]\ntime_intervals: [{name: t, time_intervals: [" +
          specs + "]}]\n",
      "alertmanager.yml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  Result<TimeIntervalSet> set = TimeIntervalSet::Create(cfg->time_intervals);
  REQUIRE(set.ok());
  return std::move(set).value();
}

bool In(const std::string& spec, const char* when) { return Set(spec).Active("t", At(when)); }

TEST_CASE("times: start inclusive, end exclusive, 24:00 allowed, seconds ignored") {
  const std::string office = "{times: [{start_time: '09:00', end_time: '17:00'}]}";
  CHECK_FALSE(In(office, "2024-05-06T08:59:59Z"));
  CHECK(In(office, "2024-05-06T09:00:00Z"));
  CHECK(In(office, "2024-05-06T16:59:59.999Z"));
  CHECK_FALSE(In(office, "2024-05-06T17:00:00Z"));

  const std::string late = "{times: [{start_time: '22:00', end_time: '24:00'}]}";
  CHECK(In(late, "2024-05-06T23:59:59Z"));
  CHECK_FALSE(In(late, "2024-05-07T00:00:00Z"));
  CHECK_FALSE(In(late, "2024-05-06T21:59:59Z"));

  const std::string two = "{times: [{start_time: '00:00', end_time: '01:00'}, "
                          "{start_time: '12:30', end_time: '12:31'}]}";
  CHECK(In(two, "2024-05-06T00:30:00Z"));
  CHECK(In(two, "2024-05-06T12:30:59Z"));
  CHECK_FALSE(In(two, "2024-05-06T12:31:00Z"));
}

TEST_CASE("weekdays: names, ranges, week starting on Sunday") {
  const std::string workdays = "{weekdays: ['Monday:FRIDAY']}";
  CHECK_FALSE(In(workdays, "2024-05-05T12:00:00Z"));  // Sunday
  CHECK(In(workdays, "2024-05-06T00:00:00Z"));        // Monday
  CHECK(In(workdays, "2024-05-10T23:59:59Z"));        // Friday
  CHECK_FALSE(In(workdays, "2024-05-11T00:00:00Z"));  // Saturday
  const std::string weekend = "{weekdays: [saturday, sunday]}";
  CHECK(In(weekend, "2024-05-05T12:00:00Z"));
  CHECK(In(weekend, "2024-05-11T12:00:00Z"));
  CHECK_FALSE(In(weekend, "2024-05-08T12:00:00Z"));
  CHECK(In("{weekdays: ['sunday:saturday']}", "2024-05-08T12:00:00Z"));
}

TEST_CASE("days_of_month: negative days count from the month's end") {
  const std::string last = "{days_of_month: ['-1']}";
  CHECK(In(last, "2024-02-29T10:00:00Z"));  // leap year
  CHECK_FALSE(In(last, "2024-02-28T10:00:00Z"));
  CHECK(In(last, "2023-02-28T10:00:00Z"));
  CHECK(In(last, "2024-04-30T10:00:00Z"));
  CHECK_FALSE(In(last, "2024-05-30T10:00:00Z"));
  CHECK(In(last, "2024-05-31T10:00:00Z"));

  const std::string last3 = "{days_of_month: ['-3:-1']}";
  CHECK_FALSE(In(last3, "2023-02-25T10:00:00Z"));
  CHECK(In(last3, "2023-02-26T10:00:00Z"));
  CHECK(In(last3, "2024-02-27T10:00:00Z"));
  CHECK_FALSE(In(last3, "2024-02-26T10:00:00Z"));

  const std::string mixed = "{days_of_month: ['25:-1']}";  // 25th to the last day
  CHECK(In(mixed, "2024-02-29T10:00:00Z"));
  CHECK_FALSE(In(mixed, "2024-02-24T10:00:00Z"));
  CHECK(In("{days_of_month: ['1:5', 15]}", "2024-03-15T10:00:00Z"));
  CHECK_FALSE(In("{days_of_month: ['1:5', 15]}", "2024-03-16T10:00:00Z"));
  CHECK(In("{days_of_month: ['1:5', 15]}", "2024-03-05T23:59:00Z"));
}

TEST_CASE("days_of_month: clamped to the month, positive start past its end skips") {
  const std::string tail = "{days_of_month: ['28:31']}";
  CHECK(In(tail, "2023-02-28T10:00:00Z"));
  CHECK(In(tail, "2024-02-29T10:00:00Z"));
  CHECK_FALSE(In(tail, "2023-03-01T10:00:00Z"));  // never spills into the next month
  CHECK(In(tail, "2023-03-31T10:00:00Z"));
  const std::string late = "{days_of_month: ['30:31']}";
  CHECK_FALSE(In(late, "2023-02-28T10:00:00Z"));
  CHECK_FALSE(In(late, "2024-02-29T10:00:00Z"));
  CHECK_FALSE(In(late, "2024-03-01T10:00:00Z"));
  CHECK(In(late, "2024-04-30T10:00:00Z"));
  CHECK_FALSE(In("{days_of_month: [31]}", "2024-04-30T10:00:00Z"));
  CHECK_FALSE(In("{days_of_month: [31]}", "2024-05-01T10:00:00Z"));
  CHECK(In("{days_of_month: [31]}", "2024-05-31T10:00:00Z"));
  // -31 in a 30-day month reaches back to the 1st.
  CHECK(In("{days_of_month: ['-31:-30']}", "2024-04-01T10:00:00Z"));
  CHECK_FALSE(In("{days_of_month: ['-31:-30']}", "2024-04-02T10:00:00Z"));
}

TEST_CASE("months and years") {
  const std::string months = "{months: ['january:march', '12', 'June']}";
  CHECK(In(months, "2024-01-01T00:00:00Z"));
  CHECK(In(months, "2024-03-31T23:59:59Z"));
  CHECK_FALSE(In(months, "2024-04-01T00:00:00Z"));
  CHECK(In(months, "2024-06-15T00:00:00Z"));
  CHECK(In(months, "2024-12-15T00:00:00Z"));
  CHECK_FALSE(In(months, "2024-11-15T00:00:00Z"));
  const std::string years = "{years: ['2020:2022', 2030]}";
  CHECK(In(years, "2020-01-01T00:00:00Z"));
  CHECK(In(years, "2022-12-31T23:59:59Z"));
  CHECK_FALSE(In(years, "2023-01-01T00:00:00Z"));
  CHECK(In(years, "2030-06-01T00:00:00Z"));
  CHECK_FALSE(In(years, "2019-12-31T23:59:59Z"));
}

TEST_CASE("fields are ANDed, specs ORed, an empty spec matches everything") {
  const std::string spec =
      "{times: [{start_time: '09:00', end_time: '17:00'}], weekdays: ['monday:friday'], "
      "months: [may], years: [2024]}";
  CHECK(In(spec, "2024-05-06T10:00:00Z"));
  CHECK_FALSE(In(spec, "2024-05-06T18:00:00Z"));  // time fails
  CHECK_FALSE(In(spec, "2024-05-05T10:00:00Z"));  // Sunday
  CHECK_FALSE(In(spec, "2024-06-06T10:00:00Z"));  // June
  CHECK_FALSE(In(spec, "2025-05-06T10:00:00Z"));  // 2025
  const std::string either = "{weekdays: [saturday]}, {times: [{start_time: '00:00', end_time: '06:00'}]}";
  CHECK(In(either, "2024-05-11T12:00:00Z"));
  CHECK(In(either, "2024-05-08T05:00:00Z"));
  CHECK_FALSE(In(either, "2024-05-08T06:00:00Z"));
  CHECK(In("{}", "1999-12-31T23:59:59Z"));
}

TEST_CASE("location: wall time in the spec's zone, UTC by default") {
  const std::string berlin =
      "{times: [{start_time: '09:00', end_time: '17:00'}], location: Europe/Berlin}";
  CHECK(In(berlin, "2024-07-01T07:00:00Z"));  // 09:00 CEST
  CHECK_FALSE(In(berlin, "2024-07-01T06:59:59Z"));
  CHECK(In(berlin, "2024-01-15T08:00:00Z"));  // 09:00 CET
  CHECK_FALSE(In(berlin, "2024-01-15T07:59:59Z"));
  CHECK_FALSE(In(berlin, "2024-07-01T15:00:00Z"));  // 17:00 CEST
  // DST day: 02:00-03:00 does not exist on 2024-03-31 in Berlin.
  const std::string night =
      "{times: [{start_time: '02:00', end_time: '03:00'}], location: Europe/Berlin}";
  CHECK_FALSE(In(night, "2024-03-31T00:59:59Z"));  // 01:59:59 CET
  CHECK_FALSE(In(night, "2024-03-31T01:00:00Z"));  // 03:00:00 CEST
  // ...and happens twice on 2024-10-27.
  CHECK(In(night, "2024-10-27T00:30:00Z"));  // 02:30 CEST
  CHECK(In(night, "2024-10-27T01:30:00Z"));  // 02:30 CET

  // Friday 23:00 in New York is already Saturday in UTC.
  const std::string ny = "{weekdays: ['monday:friday'], location: America/New_York}";
  CHECK(In(ny, "2024-05-11T03:00:00Z"));
  CHECK_FALSE(In("{weekdays: ['monday:friday']}", "2024-05-11T03:00:00Z"));
  CHECK_FALSE(In(ny, "2024-05-11T04:00:00Z"));  // Saturday 00:00 EDT

  // The first day of a month in Sydney is still the last day of the previous one in UTC.
  const std::string sydney = "{days_of_month: [1], months: [march], location: Australia/Sydney}";
  CHECK(In(sydney, "2024-02-29T13:00:00Z"));  // 2024-03-01 00:00 AEDT
  CHECK_FALSE(In(sydney, "2024-02-29T12:59:59Z"));
  const std::string sydney_years = "{years: [2025], location: Australia/Sydney}";
  CHECK(In(sydney_years, "2024-12-31T13:00:00Z"));
  CHECK_FALSE(In(sydney_years, "2024-12-31T12:59:59Z"));
}

TEST_CASE("Contains with an explicit zone and through the shared cache") {
  config::TimeIntervalSpec spec;
  spec.times = {{9 * 60, 17 * 60}};
  spec.location = "America/New_York";
  CHECK(Contains(spec, At("2024-01-15T14:00:00Z")));  // 09:00 EST
  CHECK_FALSE(Contains(spec, At("2024-01-15T13:59:00Z")));
  // An explicit zone wins over spec.location: 17:30Z is 12:30 in New York, not in UTC.
  CHECK(Contains(spec, At("2024-01-15T17:30:00Z")));
  CHECK_FALSE(Contains(spec, Zone::Utc(), At("2024-01-15T17:30:00Z")));
  CHECK(Contains(spec, Zone::Utc(), At("2024-01-15T09:00:00Z")));
  spec.location = "No/Such_Zone";
  CHECK_FALSE(Contains(spec, At("2024-01-15T14:00:00Z")));
}

TEST_CASE("set: unknown names and intervals without specs are never active") {
  Result<config::Config> cfg = config::LoadConfigString(R"(
route: {receiver: r}
receivers: [{name: r}]
time_intervals:
  - name: empty
  - name: always
    time_intervals: [{}]
)",
                                                        "alertmanager.yml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  Result<TimeIntervalSet> set = TimeIntervalSet::Create(cfg->time_intervals);
  REQUIRE(set.ok());
  const Time t = At("2024-05-06T10:00:00Z");
  CHECK(set->Has("empty"));
  CHECK_FALSE(set->Active("empty", t));
  CHECK(set->Active("always", t));
  CHECK_FALSE(set->Has("missing"));
  CHECK_FALSE(set->Active("missing", t));
}

TEST_CASE("set: a location that cannot be loaded fails Create") {
  config::TimeInterval interval{"x", {config::TimeIntervalSpec{}}};
  interval.specs[0].location = "No/Such_Zone";
  Result<TimeIntervalSet> set = TimeIntervalSet::Create({interval});
  REQUIRE_FALSE(set.ok());
  CHECK(set.error() == "time interval \"x\": unknown time zone No/Such_Zone");
}

}  // namespace
}  // namespace overlord::timeinterval
