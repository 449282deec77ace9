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

#include "model/utf8.h"

namespace overlord {

TEST_CASE("DecodeUtf8 follows Go's validity rules") {
  char32_t r = 0;
  CHECK(DecodeUtf8("a", 0, &r) == 1);
  CHECK(r == U'a');
  CHECK(DecodeUtf8("xé", 1, &r) == 2);
  CHECK(r == U'é');
  CHECK(DecodeUtf8("\xe2\x9c\x93", 0, &r) == 3);
  CHECK(r == U'✓');
  CHECK(DecodeUtf8("\xf0\x9f\x94\xa5", 0, &r) == 4);
  CHECK(DecodeUtf8("\xc0\xaf", 0, &r) == 0);          // overlong
  CHECK(DecodeUtf8("\xed\xa0\x80", 0, &r) == 0);      // surrogate
  CHECK(DecodeUtf8("\xf4\x90\x80\x80", 0, &r) == 0);  // past U+10FFFF
  CHECK(DecodeUtf8("\xe2\x9c", 0, &r) == 0);          // truncated
}

}  // namespace overlord
