#include "model/shared_text.h"

#include <doctest/doctest.h>

#include <string>

namespace overlord {

TEST_CASE("SharedText holds its bytes and compares by value") {
  SharedText empty;
  CHECK(empty.empty());
  CHECK(empty.view().empty());
  CHECK(empty == "");
  SharedText url = "http://p:9090/graph?g0.expr=up";
  CHECK(url.size() == 30);
  CHECK(url == "http://p:9090/graph?g0.expr=up");
  CHECK(url == std::string("http://p:9090/graph?g0.expr=up"));
  CHECK(url.str() == "http://p:9090/graph?g0.expr=up");
  SharedText same = std::string_view("http://p:9090/graph?g0.expr=up");
  CHECK(url == same);  // equal bytes, two allocations
  CHECK_FALSE(url.SharesWith(same));
  CHECK_FALSE(url == SharedText("http://p:9090/graph?g0.expr=down"));
  CHECK(SharedText("").SharesWith(empty));  // empty text allocates nothing
}

TEST_CASE("SharedText::Reuse shares the recent text only when it is equal") {
  SharedText recent = "http://p/graph?g0.expr=up";
  CHECK(SharedText::Reuse(recent, "http://p/graph?g0.expr=up").SharesWith(recent));
  SharedText other = SharedText::Reuse(recent, "http://p/graph?g0.expr=down");
  CHECK(other == "http://p/graph?g0.expr=down");
  CHECK_FALSE(other.SharesWith(recent));
  CHECK(SharedText::Reuse({}, "x") == "x");
}

TEST_CASE("SharedText copies share the bytes, which outlive the original") {
  SharedText copy;
  {
    std::string source(200, 'x');
    SharedText original = source;
    source.assign(200, 'y');  // the text was copied in, not referenced
    copy = original;
    CHECK(copy.SharesWith(original));
  }
  CHECK(copy == std::string(200, 'x'));
}

}  // namespace overlord
