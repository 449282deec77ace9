#include "cli/go_time.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>

namespace overlord::cli {
namespace {

// Zone names depend on the local zone (as in Go); pin it.
struct UtcZone {
  UtcZone() {
    setenv("TZ", "UTC", 1);
    tzset();
  }
};

ZonedTime MustParse(const char* text) {
  Result<ZonedTime> t = ParseZonedTime(text);
  REQUIRE_MESSAGE(t.ok(), text);
  return *t;
}

TEST_CASE("amtool's default date format keeps the parsed zone") {
  UtcZone utc;
  const char* kLayout = "2006-01-02 15:04:05 MST";
  CHECK(FormatGoLayout(MustParse("2026-11-21T23:53:01.955Z"), kLayout) == "2026-11-21 23:53:01 UTC");
  CHECK(FormatGoLayout(MustParse("2030-01-01T00:00:00.000+02:00"), kLayout) ==
        "2030-01-01 00:00:00 +0200");
  CHECK(FormatGoLayout(MustParse("2030-01-01T00:00:00-05:30"), kLayout) ==
        "2030-01-01 00:00:00 -0530");
  // An offset equal to the local zone's takes the local zone's name, as Go does.
  CHECK(FormatGoLayout(MustParse("2030-01-01T00:00:00+00:00"), kLayout) == "2030-01-01 00:00:00 UTC");
}

TEST_CASE("JSON timestamps re-marshal with milliseconds and the original offset") {
  UtcZone utc;
  CHECK(FormatJsonMillis(MustParse("2030-01-01T00:00:00+02:00")) == "2030-01-01T00:00:00.000+02:00");
  CHECK(FormatJsonMillis(MustParse("2026-11-21T22:53:01.958123456Z")) == "2026-11-21T22:53:01.958Z");
  CHECK(FormatJsonMillis(MustParse("2030-01-01T00:00:00+00:00")) == "2030-01-01T00:00:00.000Z");
  CHECK(FormatJsonMillis(ZonedTime{}) == "0001-01-01T00:00:00.000Z");
  CHECK(MustParse("0001-01-01T00:00:00Z").IsZero());
}

TEST_CASE("instants compare across zones") {
  UtcZone utc;
  CHECK(MustParse("2030-01-01T00:00:00+02:00") < MustParse("2029-12-31T23:00:00Z"));
  CHECK(ToTime(MustParse("2024-01-02T03:04:05.5+01:00")) ==
        *ParseRFC3339("2024-01-02T02:04:05.5Z"));
  CHECK(FromTime(*ParseRFC3339("2024-01-02T03:04:05.123Z")).nanos == 123000000);
}

TEST_CASE("adding a duration carries nanoseconds") {
  UtcZone utc;
  ZonedTime t = AddDuration(MustParse("2024-01-02T23:59:59.9Z"), std::chrono::milliseconds(200));
  CHECK(FormatJsonMillis(t) == "2024-01-03T00:00:00.100Z");
  t = AddDuration(MustParse("2024-01-02T00:00:00Z"), std::chrono::hours(-1));
  CHECK(FormatJsonMillis(t) == "2024-01-01T23:00:00.000Z");
}

TEST_CASE("Go layout elements") {
  UtcZone utc;
  ZonedTime t = MustParse("2024-03-05T15:04:05.012340+02:00");
  CHECK(FormatGoLayout(t, "Mon Jan _2 15:04:05 2006") == "Tue Mar  5 15:04:05 2024");
  CHECK(FormatGoLayout(t, "Monday, January 2, 06 3:4:5 PM") == "Tuesday, March 5, 24 3:4:5 PM");
  CHECK(FormatGoLayout(t, "2006-01-02T15:04:05.000Z07:00") == "2024-03-05T15:04:05.012+02:00");
  CHECK(FormatGoLayout(t, "15:04:05.999999999 -0700 Z0700 -07") == "15:04:05.01234 +0200 +0200 +02");
  CHECK(FormatGoLayout(t, "03pm 002") == "03pm 065");
  CHECK(FormatGoLayout(MustParse("2024-03-05T00:00:00Z"), "Z07:00 3PM") == "Z 12AM");
}

TEST_CASE("RFC 3339 parse errors say what was expected") {
  for (const char* bad : {"yesterday", "2024-01-02", "2024-01-02T03:04:05", "2024-13-02T03:04:05Z",
                          "2023-02-29T00:00:00Z", "2024-01-02T03:04:05Zjunk", "2024-01-02T03:04:05."}) {
    Result<ZonedTime> t = ParseZonedTime(bad);
    CHECK_MESSAGE(!t.ok(), bad);
    if (!t.ok()) CHECK(t.error().find("RFC3339") != std::string::npos);
  }
  CHECK(ParseZonedTime("2024-02-29T00:00:00Z").ok());
}

TEST_CASE("Go durations") {
  CHECK(*ParseGoDuration("90m") == std::chrono::minutes(90));
  CHECK(*ParseGoDuration("1h30m") == std::chrono::minutes(90));
  CHECK(*ParseGoDuration("1.5h") == std::chrono::minutes(90));
  CHECK(*ParseGoDuration("300ms") == std::chrono::milliseconds(300));
  CHECK(*ParseGoDuration("0") == Duration(0));
  CHECK(*ParseGoDuration("-2s") == std::chrono::seconds(-2));
  CHECK(ParseGoDuration("1d").error() == "time: unknown unit \"d\" in duration \"1d\"");
  CHECK(ParseGoDuration("xx").error() == "time: invalid duration \"xx\"");
  CHECK(ParseGoDuration("5").error() == "time: missing unit in duration \"5\"");
  CHECK(!ParseGoDuration("").ok());
}

}  // namespace
}  // namespace overlord::cli
