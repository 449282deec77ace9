#include "server/listen_address.h"

#include <doctest/doctest.h>

namespace overlord {

TEST_CASE("listen addresses") {
  auto a = ParseListenAddress(":9093");
  REQUIRE(a.ok());
  CHECK(a->host == "");
  CHECK(a->port == 9093);
  auto b = ParseListenAddress("[::1]:0");
  REQUIRE(b.ok());
  CHECK(b->host == "::1");
  CHECK(b->port == 0);
  CHECK(ParseListenAddress("127.0.0.1:80")->host == "127.0.0.1");
  CHECK_FALSE(ParseListenAddress("9093").ok());
  CHECK_FALSE(ParseListenAddress("host:http").ok());
  CHECK_FALSE(ParseListenAddress("host:70000").ok());
}

}  // namespace overlord
