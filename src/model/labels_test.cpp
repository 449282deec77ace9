#include "model/labels.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <thread>
#include <utility>
#include <vector>

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

TEST_CASE("AppendUtf8 round-trips through DecodeUtf8 and writes U+FFFD for non-runes") {
  for (char32_t r : {U'\0', U'a', U'\x7f', U'\x80', U'\x7ff', U'\x800', U'\xffff', U'\x10000',
                     U'\x10ffff'}) {
    std::string s;
    AppendUtf8(r, &s);
    char32_t back = 0;
    CHECK(DecodeUtf8(s, 0, &back) == s.size());
    CHECK(back == r);
  }
  std::string bad;
  AppendUtf8(0xD800, &bad);
  AppendUtf8(0x110000, &bad);
  CHECK(bad == "\xef\xbf\xbd\xef\xbf\xbd");
}

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

namespace {

std::vector<std::pair<std::string, std::string>> Pairs(const LabelSet& ls) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Label& l : ls) out.emplace_back(l.name, l.value);
  return out;
}

}  // namespace

TEST_CASE("LabelSet iterates in name order whatever the insertion order") {
  LabelSet ls;
  ls.Set("m", "2");
  ls.Set("z", "3");
  ls.Set("a", "1");
  ls.Set("mm", "");
  using P = std::vector<std::pair<std::string, std::string>>;
  CHECK(Pairs(ls) == P{{"a", "1"}, {"m", "2"}, {"mm", ""}, {"z", "3"}});
  CHECK(ls.size() == 4);
  auto it = ls.begin();
  CHECK(it->name == "a");
  ++it;
  CHECK((*it).value == "2");
  CHECK(std::distance(ls.begin(), ls.end()) == 4);
}

TEST_CASE("LabelSet replace, erase and empty values") {
  LabelSet ls{{"a", "1"}, {"b", "2"}, {"c", "3"}};
  ls.Set("b", "a much longer value than before, past any small-string buffer");
  CHECK(ls.Get("b") == "a much longer value than before, past any small-string buffer");
  ls.Set("b", "");
  CHECK(ls.Has("b"));
  CHECK(ls.Get("b") == "");
  CHECK(ls.size() == 3);
  CHECK(ls.ToString() == R"({a="1", b="", c="3"})");
  ls.Erase("a");
  ls.Erase("nope");
  CHECK(ls.ToString() == R"({b="", c="3"})");
  ls.Erase("c");
  ls.Erase("b");
  CHECK(ls.empty());
  CHECK(ls.size() == 0);
  CHECK(ls.begin() == ls.end());
  CHECK(ls == LabelSet{});
  LabelSet empty_name;
  empty_name.Set("", "v");
  CHECK(empty_name.Has(""));
  CHECK(empty_name.Get("") == "v");
}

TEST_CASE("LabelSet holds long values and many labels (multi-byte lengths)") {
  std::string big(70000, 'x');
  big[0] = 'A';
  big.back() = 'Z';
  LabelSet ls;
  for (int i = 0; i < 200; ++i) ls.Set("l" + std::to_string(1000 + i), std::to_string(i));
  ls.Set("big", big);
  CHECK(ls.size() == 201);
  CHECK(ls.Get("big") == big);
  CHECK(ls.Get("l1000") == "0");
  CHECK(ls.Get("l1199") == "199");
  CHECK(ls.begin()->name == "big");
  ls.Erase("l1100");
  CHECK(ls.size() == 200);
  CHECK_FALSE(ls.Has("l1100"));
  CHECK(ls.Get("l1101") == "101");
}

TEST_CASE("LabelSet copies and moves own their bytes") {
  LabelSet a{{"alertname", "HighRequestLatency"}, {"instance", "host-000001.example.net:9100"}};
  LabelSet b = a;
  CHECK(b == a);
  b.Set("instance", "other");
  CHECK(a.Get("instance") == "host-000001.example.net:9100");
  CHECK_FALSE(b == a);
  LabelSet c = std::move(b);
  CHECK(c.Get("instance") == "other");
  CHECK(b.empty());  // NOLINT(bugprone-use-after-move): moved-from sets are empty
  CHECK(b.size() == 0);
  a = c;
  CHECK(a == c);
  c.Erase("instance");
  CHECK(a.Get("instance") == "other");
  CHECK(c.size() == 1);
  LabelSet d;
  d = std::move(a);
  CHECK(a.empty());  // NOLINT(bugprone-use-after-move)
  CHECK(d.Get("instance") == "other");
}

TEST_CASE("LabelSet equality is by pairs, not by how the set was built") {
  LabelSet a{{"a", "1"}, {"b", "2"}};
  LabelSet b;
  b.Set("b", "x");
  b.Set("c", "3");
  b.Set("a", "1");
  b.Erase("c");
  b.Set("b", "2");
  CHECK(a == b);
  CHECK_FALSE(a < b);
  CHECK_FALSE(b < a);
  CHECK_FALSE(LabelSet{{"a", "1"}} == LabelSet{{"a", "1"}, {"b", ""}});
  CHECK_FALSE(LabelSet{{"ab", ""}} == LabelSet{{"a", "b"}});
}

namespace {
std::string Portable(const LabelSet& ls) {
  std::string out;
  ls.AppendPortable(&out);
  return out;
}
}  // namespace

TEST_CASE("LabelSet::FromPortable restores what AppendPortable gave") {
  LabelSet ls{{"alertname", "X"}, {"empty", ""}, {"long", std::string(300, 'v')}};
  std::optional<LabelSet> back = LabelSet::FromPortable(Portable(ls));
  REQUIRE(back.has_value());
  CHECK(*back == ls);
  CHECK(back->ToString() == ls.ToString());
  CHECK(back->Get("long").size() == 300);
  back->Set("z", "1");  // a restored set changes like any other
  CHECK(back->size() == 4);
  CHECK(ls.size() == 3);
  std::optional<LabelSet> none = LabelSet::FromPortable("");
  REQUIRE(none.has_value());
  CHECK(none->empty());
  CHECK(LabelSet{}.encoded().empty());
  CHECK(Portable(LabelSet{}).empty());
}

TEST_CASE("LabelSet::FromPortable rejects every malformed block") {
  LabelSet ls{{"a", "1"}, {"b", "22"}};
  const std::string good = Portable(ls);
  CHECK(good == std::string("\x02\x01\x01" "a1" "\x01\x02" "b22", 10));
  for (std::size_t n = 1; n < good.size(); ++n) {
    CAPTURE(n);
    CHECK_FALSE(LabelSet::FromPortable(good.substr(0, n)).has_value());  // truncated
  }
  CHECK_FALSE(LabelSet::FromPortable(good + '\0').has_value());  // trailing byte
  auto with = [&](std::size_t at, char c) {
    std::string b = good;
    b[at] = c;
    return LabelSet::FromPortable(b).has_value();
  };
  CHECK_FALSE(with(0, '\x00'));  // a zero count with entries
  CHECK_FALSE(with(0, '\x03'));  // more entries counted than present
  CHECK_FALSE(with(0, '\x01'));  // fewer: trailing bytes
  CHECK_FALSE(with(7, 'a'));     // duplicate name
  CHECK_FALSE(with(3, 'c'));     // out of order
  CHECK_FALSE(with(6, '\x7f'));  // value length past the end
  CHECK(with(4, 'x'));           // a different value is still well formed
  // A non-minimal varint would make equal sets differ in bytes.
  CHECK_FALSE(LabelSet::FromPortable(std::string("\x81\x00\x01\x01" "a1", 6)).has_value());
  CHECK_FALSE(LabelSet::FromPortable(std::string("\x01\x81\x00\x01" "a1", 6)).has_value());
  CHECK_FALSE(LabelSet::FromPortable(std::string(12, '\xff')).has_value());  // endless varint
  CHECK_FALSE(LabelSet::FromPortable(std::string("\x01\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x00", 11))
                  .has_value());  // a huge length
}

// FNV-1a over name, 0xFF, value, 0xFF per label, straight from the definition.
std::uint64_t ReferenceHash(const std::vector<std::pair<std::string, std::string>>& sorted) {
  std::uint64_t h = 14695981039346656037ULL;
  auto add = [&h](unsigned char c) {
    h ^= c;
    h *= 1099511628211ULL;
  };
  for (const auto& [name, value] : sorted) {
    for (unsigned char c : name) add(c);
    add(0xFF);
    for (unsigned char c : value) add(c);
    add(0xFF);
  }
  return h;
}

TEST_CASE("LabelSet::FromUnsorted sorts, keeps the last of repeated names, builds one block") {
  std::vector<Label> pairs{{"job", "a"}, {"alertname", "X"}, {"job", "b"}, {"", "empty name"},
                           {"zone", ""}};
  LabelSet built = LabelSet::FromUnsorted(pairs);
  LabelSet by_set;
  by_set.Set("job", "a");
  by_set.Set("alertname", "X");
  by_set.Set("job", "b");
  by_set.Set("", "empty name");
  by_set.Set("zone", "");
  CHECK(built == by_set);
  CHECK(built.encoded() == by_set.encoded());
  CHECK(built.size() == 4);
  CHECK(built.Get("job") == "b");
  CHECK(built.ToString() == R"({="empty name", alertname="X", job="b", zone=""})");
  std::vector<Label> none;
  CHECK(LabelSet::FromUnsorted(none).empty());
  // The initializer-list constructor goes through it too.
  CHECK(LabelSet{{"b", "1"}, {"a", "2"}, {"b", "3"}} == LabelSet{{"a", "2"}, {"b", "3"}});
}

TEST_CASE("LabelSet::Hash is the FNV-1a fingerprint, kept per block and redone per change") {
  CHECK(LabelSet().Hash() == ReferenceHash({}));
  LabelSet ls{{"job", "api"}, {"alertname", "Down"}};
  const std::uint64_t first = ls.Hash();
  CHECK(first == ReferenceHash({{"alertname", "Down"}, {"job", "api"}}));
  CHECK(ls.Hash() == first);  // from the slot
  LabelSet copy = ls;
  CHECK(copy.Hash() == first);
  copy.Set("job", "web");  // a new block: the copy's hash is computed afresh
  CHECK(copy.Hash() == ReferenceHash({{"alertname", "Down"}, {"job", "web"}}));
  CHECK(ls.Hash() == first);  // the original block is untouched
  copy.Erase("job");
  CHECK(copy.Hash() == ReferenceHash({{"alertname", "Down"}}));
  std::optional<LabelSet> decoded = LabelSet::FromPortable(Portable(ls));
  REQUIRE(decoded.has_value());
  CHECK(decoded->Hash() == first);
}

TEST_CASE("HashSortedLabels is the hash of the set the labels would make") {
  CHECK(HashSortedLabels({}) == LabelSet().Hash());
  const LabelSet ls{{"job", "api"}, {"alertname", "Down"}, {"zz", ""}};
  const std::vector<Label> labels(ls.begin(), ls.end());
  CHECK(HashSortedLabels(labels) == ls.Hash());
  CHECK(HashSortedLabels(std::span(labels).first(2)) ==
        ReferenceHash({{"alertname", "Down"}, {"job", "api"}}));
}

TEST_CASE("LabelSet::Hash from many threads at once agrees") {
  LabelSet ls{{"a", std::string(300, 'x')}, {"b", "2"}};
  const std::uint64_t want = ReferenceHash({{"a", std::string(300, 'x')}, {"b", "2"}});
  std::vector<std::uint64_t> got(4);
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < got.size(); ++i) {
    threads.emplace_back([&, i, copy = ls] { got[i] = copy.Hash(); });
  }
  for (std::thread& t : threads) t.join();
  for (std::uint64_t h : got) CHECK(h == want);
}

TEST_CASE("LabelSet holds well-known names as ids and spells them out where it must") {
  // "instance" and "job" are in the table; "aaa", "inst" and "zz" are not; they interleave.
  LabelSet ls{{"zz", "4"}, {"job", "node"}, {"aaa", "1"}, {"instance", "a:9100"}, {"inst", "2"}};
  CHECK(ls.ToString() == R"({aaa="1", inst="2", instance="a:9100", job="node", zz="4"})");
  CHECK(ls.Get("instance") == "a:9100");
  CHECK(ls.Get("inst") == "2");
  CHECK(ls.encoded().find("instance") == std::string_view::npos);
  CHECK(ls.encoded().find("inst") != std::string_view::npos);
  // count, then per well-known label: code, value length, value.
  CHECK(LabelSet{{"instance", "x"}}.encoded().size() == 4);
  CHECK(ls.Hash() == ReferenceHash({{"aaa", "1"}, {"inst", "2"}, {"instance", "a:9100"},
                                    {"job", "node"}, {"zz", "4"}}));
  LabelSet changed = ls;
  changed.Set("job", "api");
  changed.Erase("aaa");
  changed.Set("alertname", "Down");
  CHECK(changed.ToString() ==
        R"({alertname="Down", inst="2", instance="a:9100", job="api", zz="4"})");
  // The portable form spells every name out, and reads back to the same block bytes.
  const std::string portable = Portable(ls);
  CHECK(portable.find("instance") != std::string::npos);
  std::optional<LabelSet> back = LabelSet::FromPortable(portable);
  REQUIRE(back.has_value());
  CHECK(back->encoded() == ls.encoded());
  CHECK(back->Hash() == ls.Hash());
  CHECK(LabelSet(ls) < changed);  // same size: by name, "aaa" < "alertname"
}

}  // namespace overlord
