#include "cli/tab_writer.h"

#include <doctest/doctest.h>

namespace overlord::cli {
namespace {

TEST_CASE("every cell is padded to its column width plus two, the last one too") {
  TabWriter w;
  w.AddRow({"ID", "Matchers", "Comment"});
  w.AddRow({"1", "alertname=\"foo\"", "x"});
  CHECK(w.Render() ==
        "ID  Matchers         Comment  \n"
        "1   alertname=\"foo\"  x        \n");
}

TEST_CASE("widths count code points, not bytes") {
  TabWriter w;
  w.AddRow({"h\xC3\xA9", "x"});
  w.AddRow({"abcd", "y"});
  CHECK(w.Render() == "h\xC3\xA9    x  \nabcd  y  \n");
  CHECK(Utf8Width("\xE2\x82\xAC!") == 2);
}

TEST_CASE("an empty column is two spaces wide") {
  TabWriter w;
  w.AddRow({"", "a"});
  CHECK(w.Render() == "  a  \n");
}

}  // namespace
}  // namespace overlord::cli
