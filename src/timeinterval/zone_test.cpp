// Zone / PosixTz / ZoneCache: offsets against known DST transitions and against glibc.
#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "timeinterval/posix_tz.h"
#include "timeinterval/zone.h"
#include "timeinterval/zone_cache.h"

namespace overlord::timeinterval {
namespace {

Time At(const char* rfc3339) {
  Result<Time> t = ParseRFC3339(rfc3339);
  REQUIRE_MESSAGE(t.ok(), rfc3339);
  return *t;
}

std::int64_t Seconds(const char* rfc3339) { return ToUnixNanos(At(rfc3339)) / 1'000'000'000; }

std::shared_ptr<const Zone> Load(const char* name) {
  Result<std::shared_ptr<const Zone>> zone = ZoneCache::Shared().Get(name);
  REQUIRE_MESSAGE(zone.ok(), name);
  return *zone;
}

// "2024-03-31 03:00 Sun +7200": everything the interval matcher reads, on one line.
std::string Render(const LocalTime& lt) {
  static const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d %s %+d", lt.year, lt.month, lt.day,
                lt.hour, lt.minute, lt.second, kDays[lt.weekday], lt.utc_offset);
  return buf;
}

std::string Local(const char* zone, const char* utc) { return Render(Load(zone)->ToLocal(At(utc))); }

// Sets TZ for the scope (tests only: production code never touches TZ).
class ScopedTz {
 public:
  explicit ScopedTz(const char* value) {
    if (const char* old = std::getenv("TZ")) old_ = old;
    if (value == nullptr) {
      unsetenv("TZ");
    } else {
      setenv("TZ", value, 1);
    }
    tzset();
  }
  ~ScopedTz() {
    if (old_) {
      setenv("TZ", old_->c_str(), 1);
    } else {
      unsetenv("TZ");
    }
    tzset();
  }

 private:
  std::optional<std::string> old_;
};

TEST_CASE("zone: UTC") {
  CHECK(Local("UTC", "2024-02-29T23:59:59.999Z") == "2024-02-29 23:59:59 Thu +0");
  CHECK(Local("", "1970-01-01T00:00:00Z") == "1970-01-01 00:00:00 Thu +0");
  CHECK(Local("UTC", "1969-12-31T23:59:59.5Z") == "1969-12-31 23:59:59 Wed +0");
  // Go's zero time (used for "no end") must not overflow.
  CHECK(Render(Zone::Utc().ToLocal(kZeroTime)).substr(0, 4) == "1677");
}

TEST_CASE("zone: Europe/Berlin across DST") {
  CHECK(Local("Europe/Berlin", "2024-03-31T00:59:59Z") == "2024-03-31 01:59:59 Sun +3600");
  CHECK(Local("Europe/Berlin", "2024-03-31T01:00:00Z") == "2024-03-31 03:00:00 Sun +7200");
  CHECK(Local("Europe/Berlin", "2024-10-27T00:59:59Z") == "2024-10-27 02:59:59 Sun +7200");
  CHECK(Local("Europe/Berlin", "2024-10-27T01:00:00Z") == "2024-10-27 02:00:00 Sun +3600");
  // Beyond the file's transition table the footer rule decides.
  CHECK(Local("Europe/Berlin", "2090-07-01T12:00:00Z") == "2090-07-01 14:00:00 Sat +7200");
  CHECK(Local("Europe/Berlin", "2090-12-31T23:30:00Z") == "2091-01-01 00:30:00 Mon +3600");
}

TEST_CASE("zone: America/New_York and Australia/Sydney") {
  CHECK(Local("America/New_York", "2024-03-10T06:59:59Z") == "2024-03-10 01:59:59 Sun -18000");
  CHECK(Local("America/New_York", "2024-03-10T07:00:00Z") == "2024-03-10 03:00:00 Sun -14400");
  CHECK(Local("America/New_York", "2024-01-01T03:00:00Z") == "2023-12-31 22:00:00 Sun -18000");
  // Southern hemisphere: DST from October to April.
  CHECK(Local("Australia/Sydney", "2024-04-06T15:59:59Z") == "2024-04-07 02:59:59 Sun +39600");
  CHECK(Local("Australia/Sydney", "2024-04-06T16:00:00Z") == "2024-04-07 02:00:00 Sun +36000");
  CHECK(Local("Australia/Sydney", "2024-10-05T15:59:59Z") == "2024-10-06 01:59:59 Sun +36000");
  CHECK(Local("Australia/Sydney", "2024-10-05T16:00:00Z") == "2024-10-06 03:00:00 Sun +39600");
  CHECK(Local("Australia/Sydney", "2095-01-15T00:00:00Z") == "2095-01-15 11:00:00 Sat +39600");
  CHECK(Local("Asia/Kolkata", "2024-06-01T00:00:00Z") == "2024-06-01 05:30:00 Sat +19800");
}

TEST_CASE("zone: offsets agree with glibc for many zones and instants") {
  const char* zones[] = {"Europe/Berlin",    "America/New_York", "Australia/Sydney",
                         "Europe/London",    "Asia/Tehran",      "America/Sao_Paulo",
                         "Pacific/Chatham",  "America/St_Johns", "Australia/Lord_Howe",
                         "Africa/Casablanca", "Asia/Kathmandu",  "America/Santiago",
                         "Pacific/Apia",     "Europe/Dublin",    "Antarctica/Troll"};
  for (const char* name : zones) {
    std::shared_ptr<const Zone> zone = Load(name);
    ScopedTz tz(name);
    int mismatches = 0;
    // Every ~7.3 hours from 1970 to 2100: hits every DST switch day at some hour.
    const std::int64_t end = Seconds("2100-01-01T00:00:00Z");
    for (std::int64_t t = 0; t < end; t += 26297) {
      std::time_t tt = static_cast<std::time_t>(t);
      std::tm tm{};
      localtime_r(&tt, &tm);
      if (tm.tm_gmtoff != zone->UtcOffset(t) && ++mismatches <= 3) {
        FAIL_CHECK(name << " at " << t << ": glibc " << tm.tm_gmtoff << " ours "
                        << zone->UtcOffset(t));
      }
    }
    CHECK_MESSAGE(mismatches == 0, name);
  }
}

TEST_CASE("posix tz: rules") {
  Result<PosixTz> cet = PosixTz::Parse("CET-1CEST,M3.5.0,M10.5.0/3");
  REQUIRE(cet.ok());
  CHECK(cet->UtcOffset(Seconds("2030-03-31T00:59:59Z")) == 3600);
  CHECK(cet->UtcOffset(Seconds("2030-03-31T01:00:00Z")) == 7200);
  CHECK(cet->UtcOffset(Seconds("2030-10-27T00:59:59Z")) == 7200);
  CHECK(cet->UtcOffset(Seconds("2030-10-27T01:00:00Z")) == 3600);

  Result<PosixTz> fixed = PosixTz::Parse("<+0330>-3:30");
  REQUIRE(fixed.ok());
  CHECK(fixed->UtcOffset(0) == 3 * 3600 + 1800);

  Result<PosixTz> us = PosixTz::Parse("EST5EDT");  // no rule: US rule
  REQUIRE(us.ok());
  CHECK(us->UtcOffset(Seconds("2030-07-01T00:00:00Z")) == -4 * 3600);
  CHECK(us->UtcOffset(Seconds("2030-01-01T00:00:00Z")) == -5 * 3600);

  // Julian day forms: J60 is always March 1st; 59 (zero-based) is Feb 29th in leap years.
  Result<PosixTz> julian = PosixTz::Parse("AAA0BBB,J60/0,300");
  REQUIRE(julian.ok());
  CHECK(julian->UtcOffset(Seconds("2028-02-29T23:59:59Z")) == 0);
  CHECK(julian->UtcOffset(Seconds("2028-03-01T00:00:00Z")) == 3600);
  Result<PosixTz> zero_based = PosixTz::Parse("AAA0BBB,59/0,300");
  REQUIRE(zero_based.ok());
  CHECK(zero_based->UtcOffset(Seconds("2028-02-28T23:59:59Z")) == 0);
  CHECK(zero_based->UtcOffset(Seconds("2028-02-29T00:00:00Z")) == 3600);

  for (const char* bad : {"", "C", "CET", "CET-1CEST,M3.5", "CET-1CEST,M13.1.0,M10.5.0",
                          "CET-1CEST,M3.5.0", "<+03", "CET-1CEST,M3.5.0,M10.5.0/3x"}) {
    CHECK_MESSAGE(!PosixTz::Parse(bad).ok(), bad);
  }
}

TEST_CASE("zone: malformed TZif data is an error, never a crash") {
  std::ifstream in("/usr/share/zoneinfo/Europe/Berlin", std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() > 100);
  CHECK(Zone::FromTzif("x", bytes).ok());
  CHECK_FALSE(Zone::FromTzif("x", "").ok());
  CHECK_FALSE(Zone::FromTzif("x", "not a zone file at all, not at all").ok());
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    // Any truncation either fails or (when cut inside the footer-free tail) still parses.
    (void)Zone::FromTzif("x", bytes.substr(0, n));
  }
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::string corrupt = bytes;  // one byte flipped: must fail or parse, in bounds
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0xa5);
    Result<Zone> zone = Zone::FromTzif("x", corrupt);
    if (zone.ok()) (void)zone->ToLocal(FromUnixSeconds(1'700'000'000));
  }
  std::string huge_counts = bytes;
  huge_counts[20 + 12] = '\x7f';  // timecnt of the v1 header
  CHECK_FALSE(Zone::FromTzif("x", huge_counts).ok());
}

TEST_CASE("zone cache: names") {
  ZoneCache cache;
  Result<std::shared_ptr<const Zone>> a = cache.Get("Europe/Berlin");
  Result<std::shared_ptr<const Zone>> b = cache.Get("Europe/Berlin");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->get() == b->get());  // read once
  CHECK(cache.Get("UTC").ok());
  CHECK(cache.Get("").ok());
  CHECK(cache.Get("Etc/UTC").ok());
  CHECK(cache.Get("Nowhere/Atlantis").error() == "unknown time zone Nowhere/Atlantis");
  CHECK_FALSE(cache.Get("../zoneinfo/UTC").ok());
  CHECK_FALSE(cache.Get("/etc/localtime").ok());
  CHECK_FALSE(cache.Get("Europe").ok());  // a directory
}

TEST_CASE("zone cache: Local follows TZ like Go") {
  const std::int64_t january = Seconds("2024-01-15T12:00:00Z");
  struct Case {
    const char* tz;
    int offset;
  } cases[] = {{"Europe/Berlin", 3600},
               {":America/New_York", -5 * 3600},
               {"/usr/share/zoneinfo/Australia/Sydney", 11 * 3600},
               {"EST5", -5 * 3600},
               {"", 0},
               {"Not/AZone", 0}};
  for (const Case& c : cases) {
    ScopedTz tz(c.tz);
    ZoneCache cache;  // fresh: Local is resolved once per cache
    Result<std::shared_ptr<const Zone>> local = cache.Get("Local");
    REQUIRE(local.ok());
    CHECK_MESSAGE((*local)->UtcOffset(january) == c.offset, c.tz);
  }
}

}  // namespace
}  // namespace overlord::timeinterval
