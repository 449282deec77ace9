#include "receivers/retry_after.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

using std::chrono::seconds;

const Time kNow = FromUnixSeconds(1445412480);  // Wed, 21 Oct 2015 07:28:00 GMT

TEST_CASE("ParseRetryAfter: delay-seconds") {
  CHECK(ParseRetryAfter("120", kNow) == Duration(seconds(120)));
  CHECK(ParseRetryAfter(" 0 ", kNow) == Duration::zero());
  CHECK(ParseRetryAfter("99999999999", kNow) == Duration(std::chrono::hours(1)));  // capped
}

TEST_CASE("ParseRetryAfter: HTTP date") {
  CHECK(ParseRetryAfter("Wed, 21 Oct 2015 07:28:30 GMT", kNow) == Duration(seconds(30)));
  CHECK(ParseRetryAfter("Wed, 21 Oct 2015 07:27:00 GMT", kNow) == Duration::zero());  // past
  CHECK(ParseRetryAfter("Thu, 29 Feb 2024 00:00:00 GMT", FromUnixSeconds(1709164800 - 5)) ==
        Duration(seconds(5)));
}

TEST_CASE("ParseRetryAfter: absent or malformed values are ignored") {
  CHECK_FALSE(ParseRetryAfter("", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("-5", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("1.5", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("soon", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("Wed, 21 Foo 2015 07:28:30 GMT", kNow).has_value());
  CHECK_FALSE(ParseRetryAfter("Wed, 21 Oct 2015 07:28:30 UTC", kNow).has_value());
}

}  // namespace
}  // namespace overlord
