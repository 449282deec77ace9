#include "receivers/request_headers.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

TEST_CASE("Base64Encode pads like RFC 4648") {
  CHECK(Base64Encode("") == "");
  CHECK(Base64Encode("f") == "Zg==");
  CHECK(Base64Encode("fo") == "Zm8=");
  CHECK(Base64Encode("foo") == "Zm9v");
  CHECK(Base64Encode("foob") == "Zm9vYg==");
  CHECK(Base64Encode("user:pass") == "dXNlcjpwYXNz");
  CHECK(Base64Encode("\xff\xfe") == "//4=");
}

TEST_CASE("header precedence and validation") {
  config::HttpConfig c;
  c.http_headers = {{"user-agent", "custom"}, {"X-A", "1"}};
  c.authorization.emplace();
  c.authorization->credentials.value = "t";
  auto h = BuildRequestHeaders(c, {{"Content-Type", "application/json"}, {"x-a", "0"}}, "UA/1");
  REQUIRE(h.ok());
  CHECK(*FindHeader(*h, "content-type") == "application/json");
  CHECK(*FindHeader(*h, "X-A") == "1");
  CHECK(*FindHeader(*h, "User-Agent") == "custom");
  CHECK(*FindHeader(*h, "authorization") == "Bearer t");
  CHECK(FindHeader(*h, "Host") == nullptr);

  config::HttpConfig bad;
  bad.http_headers = {{"X-Evil", "a\r\nInjected: yes"}};
  CHECK_FALSE(BuildRequestHeaders(bad, {}, "UA").ok());
  auto no_auth = BuildRequestHeaders({}, {}, "UA");
  REQUIRE(no_auth.ok());
  CHECK(no_auth->size() == 1);
}

}  // namespace
}  // namespace overlord
