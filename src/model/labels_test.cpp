#include "model/labels.h"

#include <doctest/doctest.h>

namespace overlord {

TEST_CASE("LabelSet keeps names sorted and unique") {
  LabelSet ls{{"b", "2"}, {"a", "1"}};
  ls.Set("c", "3");
  ls.Set("a", "one");
  CHECK(ls.ToString() == R"({a="one", b="2", c="3"})");
  CHECK(ls.Get("missing") == "");
  CHECK_FALSE(ls.Has("missing"));
  ls.Erase("b");
  CHECK(ls.ToString() == R"({a="one", c="3"})");
  CHECK(LabelSet{}.ToString() == "{}");
}

TEST_CASE("LabelSet order: fewer labels first, then by name and value") {
  CHECK(LabelSet{{"z", "1"}} < LabelSet{{"a", "1"}, {"b", "1"}});
  CHECK(LabelSet{{"a", "1"}} < LabelSet{{"b", "0"}});
  CHECK(LabelSet{{"a", "1"}} < LabelSet{{"a", "2"}});
  CHECK_FALSE(LabelSet{{"a", "1"}} < LabelSet{{"a", "1"}});
}

TEST_CASE("GoQuote escapes like strconv.Quote") {
  CHECK(GoQuote("plain") == R"("plain")");
  CHECK(GoQuote("a\"b\\c\nd\te") == R"("a\"b\\c\nd\te")");
  CHECK(GoQuote("\x01") == R"("\x01")");
  CHECK(GoQuote("\xff") == R"("\xff")");
  CHECK(GoQuote("héllo ✓") == "\"héllo ✓\"");
  CHECK(GoQuote("\u2028") == R"("\u2028")");
}

TEST_CASE("label names and UTF-8") {
  CHECK(IsClassicLabelName("alertname"));
  CHECK(IsClassicLabelName("_a1"));
  CHECK_FALSE(IsClassicLabelName("1a"));
  CHECK_FALSE(IsClassicLabelName("a-b"));
  CHECK_FALSE(IsClassicLabelName(""));
  CHECK(IsValidUtf8("héllo"));
  CHECK_FALSE(IsValidUtf8("\xc3"));
  CHECK_FALSE(IsValidUtf8("\xed\xa0\x80"));  // surrogate
  CHECK_FALSE(IsValidUtf8("\xc0\xaf"));      // overlong
}

}  // namespace overlord
