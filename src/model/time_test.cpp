#include "model/time.h"

#include <doctest/doctest.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace overlord {

TEST_CASE("RFC3339 parse and format") {
  auto t = ParseRFC3339("2024-01-02T03:04:05.123Z");
  REQUIRE(t.ok());
  CHECK(FormatRFC3339Millis(*t) == "2024-01-02T03:04:05.123Z");
  CHECK(FormatRFC3339Nano(*t) == "2024-01-02T03:04:05.123Z");

  auto offset = ParseRFC3339("2024-01-02T05:04:05+02:00");
  REQUIRE(offset.ok());
  CHECK(FormatRFC3339Nano(*offset) == "2024-01-02T03:04:05Z");

  auto nanos = ParseRFC3339("2024-01-02T03:04:05.000000120Z");
  REQUIRE(nanos.ok());
  CHECK(FormatRFC3339Nano(*nanos) == "2024-01-02T03:04:05.00000012Z");
  CHECK(FormatRFC3339Millis(*nanos) == "2024-01-02T03:04:05.000Z");

  auto zero = ParseRFC3339("0001-01-01T00:00:00Z");
  REQUIRE(zero.ok());
  CHECK(IsZero(*zero));
  CHECK(FormatRFC3339Nano(kZeroTime) == "0001-01-01T00:00:00Z");

  CHECK(FormatRFC3339Nano(FromUnixSeconds(0)) == "1970-01-01T00:00:00Z");
}

TEST_CASE("RFC3339 rejects malformed input") {
  for (const char* bad : {"", "2024-01-02", "2024-01-02T03:04:05", "2024-13-02T03:04:05Z",
                          "2024-02-30T03:04:05Z", "2024-01-02T03:04:05.Z", "2024-01-02T03:04:05Zjunk",
                          "9999-01-01T00:00:00Z"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseRFC3339(bad).ok());
  }
}

TEST_CASE("Prometheus durations") {
  using namespace std::chrono;
  CHECK(*ParseDuration("0") == Duration(0));
  CHECK(*ParseDuration("5m") == minutes(5));
  CHECK(*ParseDuration("1h30m") == minutes(90));
  CHECK(*ParseDuration("1y") == hours(24 * 365));
  CHECK(*ParseDuration("2w") == hours(24 * 14));
  CHECK(*ParseDuration("1s500ms") == milliseconds(1500));
  CHECK(*ParseDuration("100ms") == milliseconds(100));
  for (const char* bad : {"", "1.5h", "5x", "30m1h", "h", "-5m", "5 m", "1m1m"}) {
    CAPTURE(bad);
    CHECK_FALSE(ParseDuration(bad).ok());
  }
  CHECK(FormatDuration(Duration(0)) == "0s");
  CHECK(FormatDuration(minutes(5)) == "5m");
  CHECK(FormatDuration(minutes(90)) == "1h30m");
  CHECK(FormatDuration(hours(24 * 14)) == "2w");
  CHECK(FormatDuration(hours(24 * 15)) == "15d");
  CHECK(FormatDuration(hours(120)) == "5d");
  CHECK(FormatDuration(milliseconds(1500)) == "1s500ms");
}

namespace {

// An independent rendering of the API v2 form, to check the hand-written digit code.
std::string ReferenceMillis(Time t) {
  if (IsZero(t)) return "0001-01-01T00:00:00.000Z";
  using namespace std::chrono;
  const auto since_epoch = t.time_since_epoch();
  const auto day = floor<days>(since_epoch);
  const year_month_day ymd{sys_days(day)};
  const hh_mm_ss<milliseconds> tod{duration_cast<milliseconds>(since_epoch - day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(tod.hours().count()), static_cast<int>(tod.minutes().count()),
                static_cast<int>(tod.seconds().count()), static_cast<int>(tod.subseconds().count()));
  return buf;
}

TEST_CASE("AppendRFC3339Millis appends what std::chrono and printf make of the instant") {
  std::vector<Time> times = {kZeroTime, FromUnixSeconds(0), FromUnixNanos(-1),
                             FromUnixNanos(1'700'000'000'123'456'789), FromUnixSeconds(std::int64_t{-86'400} * 365 * 200),
                             FromUnixNanos(951'782'400'999'999'999)};  // 2000-02-29
  // A walk over four centuries of days, with changing times of day.
  for (std::int64_t s = -5'000'000'000; s < 8'000'000'000; s += 7'777'777 + (s % 1000)) {
    times.push_back(FromUnixNanos(s * 1'000'000'000 + (s % 1'000'000'000 + 1'000'000'000) % 1'000'000'000));
  }
  for (Time t : times) {
    std::string out = "x";
    AppendRFC3339Millis(out, t);
    CHECK(out == "x" + ReferenceMillis(t));
    CHECK(FormatRFC3339Millis(t) == ReferenceMillis(t));
  }
}

}  // namespace
}  // namespace overlord
