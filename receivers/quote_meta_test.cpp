#include "receivers/quote_meta.h"

#include <doctest/doctest.h>

namespace overlord {
namespace {

TEST_CASE("QuoteMeta escapes exactly Go's regexp metacharacters") {
  struct Case {
    std::string_view in, out;
  };
  const Case cases[] = {
      {"", ""},
      {"team", "team"},
      {"team-x.pager", R"(team-x\.pager)"},
      {"my.team", R"(my\.team)"},
      {R"(\.+*?()|[]{}^$)", R"(\\\.\+\*\?\(\)\|\[\]\{\}\^\$)"},
      {"a-b_c/d:e=f,g h#'\"!@%&<>~`", "a-b_c/d:e=f,g h#'\"!@%&<>~`"},  // not special
      {"équipe.ü", "équipe\\.ü"},  // multi-byte UTF-8 is copied through
      {"1.5 (beta)", R"(1\.5 \(beta\))"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.in);
    CHECK(QuoteMeta(c.in) == c.out);
  }
}

}  // namespace
}  // namespace overlord
