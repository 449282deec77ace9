#include "api/http_util.h"

#include <doctest/doctest.h>

#include <string>

namespace overlord::api {

TEST_CASE("boolean query parameters read as Alertmanager's go-openapi binding reads them") {
  auto read = [](const std::string& query, bool fallback) {
    return BoolParam(QueryParams("/api/v2/alerts?" + query), "active", fallback);
  };
  for (const char* yes : {"true", "TRUE", "True", "1", "yes", "YES", "ok", "y", "Y", "on",
                          "selected", "checked", "t", "T", "enabled", "Enabled"}) {
    CAPTURE(yes);
    CHECK(read(std::string("active=") + yes, false));
  }
  for (const char* no : {"false", "0", "no", "off", "maybe", "2", "%20true", "true%20"}) {
    CAPTURE(no);
    CHECK_FALSE(read(std::string("active=") + no, true));
  }
  // Absent or empty: the default.
  CHECK(read("", true));
  CHECK_FALSE(read("", false));
  CHECK(read("active=", true));
  CHECK(read("other=false", true));
  // Given twice: the last one counts.
  CHECK_FALSE(read("active=true&active=false", true));
  CHECK(read("active=&active=false&active=1", false));
}

}  // namespace overlord::api
