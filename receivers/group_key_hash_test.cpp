#include "receivers/group_key_hash.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

TEST_CASE("GroupKeyHash is hex sha256 of the group key") {
  // The spec's example (11) and keys seen from Alertmanager 0.25.
  CHECK(GroupKeyHash(R"({}:{alertname="X"})") ==
        "25fb0bff77cf7f8850f1cb3aeea9e63be0fbd3e78a8c0ef038392ade26e7d3a6");
  CHECK(GroupKeyHash(R"({}/{case="rich"}:{alertname="Rich"})") ==
        "3d6495900f0aad2706000f8edac64af3f770cd2624bc2861eeed17c70e527116");
  CHECK(GroupKeyHash("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace overlord
