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

TEST_CASE("a request declares a body with a Content-Length or a chunked Transfer-Encoding") {
  auto with = [](std::initializer_list<std::pair<const char*, const char*>> headers) {
    httplib::Request req;
    req.method = "POST";
    for (const auto& [k, v] : headers) req.set_header(k, v);
    return DeclaresBody(req);
  };
  CHECK_FALSE(with({}));  // what `curl -X POST` sends
  CHECK_FALSE(with({{"Content-Type", "application/json"}}));
  CHECK(with({{"Content-Length", "0"}}));
  CHECK(with({{"Content-Length", "12"}}));
  CHECK(with({{"Transfer-Encoding", "chunked"}}));
  CHECK(with({{"Transfer-Encoding", "gzip, Chunked"}}));
  CHECK_FALSE(with({{"Transfer-Encoding", "identity"}}));
}

}  // namespace overlord::api
