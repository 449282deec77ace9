#include "api/query_params.h"

#include <doctest/doctest.h>

namespace overlord::api {

TEST_CASE("query values run from the first '=' on, as Go's url.ParseQuery reads them") {
  const QueryParams q(
      R"(/api/v2/alerts?filter=alertname="Foo"&filter=severity=~"crit.*"&receiver=team=a)");
  CHECK(q.Values("filter") ==
        std::vector<std::string>{R"(alertname="Foo")", R"(severity=~"crit.*")"});
  CHECK(q.Value("receiver") == "team=a");
  CHECK(QueryParams("/x?active=false&active=true").Value("active") == "true");  // the last
  CHECK(q.Has("receiver"));
  CHECK_FALSE(q.Has("active"));
  CHECK(q.Value("active").empty());
  CHECK(q.Values("active").empty());
}

TEST_CASE("query escapes: %XX and '+' decode, a malformed pair or one with ';' is dropped") {
  const QueryParams q(
      "/x?filter=alertname%3D%22a+b%22&bad=%zz&cut=%4&semi=a;b&flag&empty=&%66ilter=job%3D%22x%22");
  CHECK(q.Values("filter") == std::vector<std::string>{R"(alertname="a b")", R"(job="x")"});
  CHECK_FALSE(q.Has("bad"));
  CHECK_FALSE(q.Has("cut"));
  CHECK_FALSE(q.Has("semi"));
  CHECK(q.Has("flag"));
  CHECK(q.Value("flag").empty());
  CHECK(q.Has("empty"));
}

TEST_CASE("no query, an empty one, and stray separators") {
  CHECK_FALSE(QueryParams("/api/v2/alerts").Has("filter"));
  CHECK_FALSE(QueryParams("/api/v2/alerts?").Has("filter"));
  const QueryParams q("/x?&&a=1&&a=2&");
  CHECK(q.Values("a") == std::vector<std::string>{"1", "2"});
}

}  // namespace overlord::api
