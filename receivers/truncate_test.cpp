#include "receivers/truncate.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

TEST_CASE("TruncateRunes counts runes, not bytes") {
  CHECK(TruncateRunes("héllo", 5).text == "héllo");
  CHECK_FALSE(TruncateRunes("héllo", 5).truncated);
  TruncatedText t = TruncateRunes("héllo wörld", 6);
  CHECK(t.truncated);
  CHECK(t.text == "héllo\u2026");  // 5 runes + the ellipsis
  CHECK(TruncateRunes("", 0).text == "");
}

TEST_CASE("TruncateRunes keeps no ellipsis for limits of 3 or less, as Go does") {
  CHECK(TruncateRunes("abcdef", 3).text == "abc");
  CHECK(TruncateRunes("abcdef", 4).text == "abc\u2026");
}

TEST_CASE("TruncateRunes: invalid UTF-8 bytes count as one rune each") {
  // Unchanged when short enough (Go returns the input itself).
  CHECK(TruncateRunes("a\xff", 2).text == "a\xff");
  // Cut: Go's []rune turned the bad byte into U+FFFD.
  CHECK(TruncateRunes("\xff\xfe"
                      "bcdef",
                      4)
            .text ==
        "\uFFFD\uFFFD"
        "b\u2026");
}

}  // namespace
}  // namespace overlord
