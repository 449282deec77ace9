#include "model/matcher.h"

#include <doctest/doctest.h>

#include <string>

namespace overlord {
namespace {

Matcher Make(MatchType type, std::string name, std::string value) {
  Result<Matcher> m = Matcher::Create(type, std::move(name), std::move(value));
  REQUIRE_MESSAGE(m.ok(), m.error());
  return *m;
}

// Parses and prints back in canonical form, or "error: <message>".
std::string Roundtrip(std::string_view text) {
  Result<Matchers> ms = ParseMatchers(text);
  if (!ms.ok()) return "error: " + ms.error();
  return MatchersToString(*ms);
}

std::string RoundtripOne(std::string_view text) {
  Result<Matcher> m = ParseMatcher(text);
  if (!m.ok()) return "error: " + m.error();
  return m->ToString();
}

TEST_CASE("regexes are fully anchored") {
  Matcher m = Make(MatchType::kRegex, "severity", "crit");
  CHECK(m.Matches("crit"));
  CHECK_FALSE(m.Matches("critical"));
  CHECK_FALSE(m.Matches("supercrit"));
  Matcher alt = Make(MatchType::kRegex, "severity", "crit|page");
  CHECK(alt.Matches("page"));
  CHECK_FALSE(alt.Matches("critpage"));
  Matcher neg = Make(MatchType::kNotRegex, "severity", "crit");
  CHECK(neg.Matches("critical"));
  CHECK_FALSE(neg.Matches("crit"));
  // An anchor inside the value does not break the wrapping group.
  CHECK(Make(MatchType::kRegex, "a", "^(?:x+)$").Matches("xx"));
  // Go semantics: '.' does not match a newline, '$' is end of text only.
  CHECK_FALSE(Make(MatchType::kRegex, "a", ".*").Matches("a\nb"));
  CHECK(Make(MatchType::kRegex, "a", "(?s).*").Matches("a\nb"));
}

TEST_CASE("a missing label matches as the empty string") {
  LabelSet labels{{"alertname", "X"}};
  CHECK(Make(MatchType::kEqual, "foo", "").Matches(labels));
  CHECK_FALSE(Make(MatchType::kNotEqual, "foo", "").Matches(labels));
  CHECK(Make(MatchType::kNotEqual, "foo", "bar").Matches(labels));
  CHECK(Make(MatchType::kRegex, "foo", ".*").Matches(labels));
  CHECK_FALSE(Make(MatchType::kRegex, "foo", ".+").Matches(labels));
  CHECK(Make(MatchType::kNotRegex, "foo", "bar").Matches(labels));
  CHECK(Make(MatchType::kEqual, "alertname", "X").Matches(labels));
}

TEST_CASE("MatchesAll is a conjunction and empty matches everything") {
  LabelSet labels{{"a", "1"}, {"b", "2"}};
  CHECK(MatchesAll({}, labels));
  CHECK(MatchesAll({Make(MatchType::kEqual, "a", "1"), Make(MatchType::kRegex, "b", "[0-9]")},
                   labels));
  CHECK_FALSE(
      MatchesAll({Make(MatchType::kEqual, "a", "1"), Make(MatchType::kEqual, "b", "3")}, labels));
}

TEST_CASE("Create rejects a bad regex with a clear message") {
  Result<Matcher> m = Matcher::Create(MatchType::kRegex, "job", "(unclosed");
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().find("invalid regular expression \"(unclosed\"") != std::string::npos);
  CHECK(m.error().find("missing )") != std::string::npos);
  // Equality matchers never compile their value.
  CHECK(Matcher::Create(MatchType::kEqual, "job", "(unclosed").ok());
}

TEST_CASE("accessors and MatchTypeToString") {
  Matcher m = Make(MatchType::kNotRegex, "a", "b");
  CHECK(m.is_regex());
  CHECK_FALSE(m.is_equal());
  CHECK(Make(MatchType::kRegex, "a", "b").is_equal());
  CHECK(MatchTypeToString(MatchType::kEqual) == "=");
  CHECK(MatchTypeToString(MatchType::kNotEqual) == "!=");
  CHECK(MatchTypeToString(MatchType::kRegex) == "=~");
  CHECK(MatchTypeToString(MatchType::kNotRegex) == "!~");
}

TEST_CASE("canonical string form") {
  CHECK(Make(MatchType::kEqual, "team", "db").ToString() == R"(team="db")");
  CHECK(Make(MatchType::kNotEqual, "a", "").ToString() == R"(a!="")");
  CHECK(Make(MatchType::kRegex, "service", "mysql|pg").ToString() == R"(service=~"mysql|pg")");
  CHECK(Make(MatchType::kNotRegex, "a", "b").ToString() == R"(a!~"b")");
  // Only backslash, double quote and newline are escaped in values.
  CHECK(Make(MatchType::kEqual, "a", "x\"y\\z\nw\t").ToString() == "a=\"x\\\"y\\\\z\\nw\t\"");
  CHECK(Make(MatchType::kRegex, "a", R"(z|\d)").ToString() == R"(a=~"z|\\d")");
  // Names with reserved characters or spaces are Go-quoted, and so is the value then.
  CHECK(Make(MatchType::kEqual, "foo bar", "x\ty").ToString() == R"("foo bar"="x\ty")");
  CHECK(Make(MatchType::kEqual, "a=b", "1").ToString() == R"("a=b"="1")");
  // Other UTF-8 names stay bare.
  CHECK(Make(MatchType::kEqual, "fóo.bar", "🙂").ToString() == "fóo.bar=\"🙂\"");
  CHECK(MatchersToString({}) == "{}");
  CHECK(MatchersToString({Make(MatchType::kEqual, "a", "b"), Make(MatchType::kRegex, "c", "d")}) ==
        R"({a="b",c=~"d"})");
}

TEST_CASE("classic syntax") {
  CHECK(Roundtrip(R"(foo="bar")") == R"({foo="bar"})");
  CHECK(Roundtrip(R"({foo="bar"})") == R"({foo="bar"})");
  CHECK(Roundtrip(R"({foo="bar",})") == R"({foo="bar"})");
  CHECK(Roundtrip(R"(foo=bar)") == R"({foo="bar"})");
  CHECK(Roundtrip(R"(  foo   !=  "bar"  )") == R"({foo!="bar"})");
  CHECK(Roundtrip(R"(a=~"x|y", b!~z, c!=3)") == R"({a=~"x|y",b!~"z",c!="3"})");
  // Classic quirk: `foo=` is an empty value.
  CHECK(Roundtrip("foo=") == R"({foo=""})");
  CHECK(Roundtrip(R"(foo="")") == R"({foo=""})");
  // Unquoted values may hold spaces and '=' (classic keeps the remainder as the value).
  CHECK(Roundtrip("foo=bar baz") == R"({foo="bar baz"})");
  CHECK(Roundtrip(R"(foo==bar)") == R"({foo="=bar"})");
  // Commas inside quotes do not split.
  CHECK(Roundtrip(R"(foo="a,b",c="d")") == R"({foo="a,b",c="d"})");
  // Colons are allowed in classic names.
  CHECK(Roundtrip(R"(a:b="1")") == R"({a:b="1"})");
  CHECK(Roundtrip("") == "{}");
  CHECK(Roundtrip("{}") == "{}");
}

TEST_CASE("classic escapes") {
  Result<Matchers> ms = ParseMatchers(R"(a="x\"y", b="l1\nl2", c="back\\slash", d="\d+")");
  REQUIRE(ms.ok());
  REQUIRE(ms->size() == 4);
  CHECK((*ms)[0].value() == "x\"y");
  CHECK((*ms)[1].value() == "l1\nl2");
  CHECK((*ms)[2].value() == "back\\slash");
  CHECK((*ms)[3].value() == "\\d+");  // unknown escape keeps its backslash
  // A trailing lone backslash is literal.
  Result<Matcher> m = ParseMatcher(R"(a=x\)");
  REQUIRE(m.ok());
  CHECK(m->value() == "x\\");
}

TEST_CASE("UTF-8 syntax accepted where the classic parser fails") {
  CHECK(Roundtrip(R"({"foo"="bar"})") == R"({foo="bar"})");
  CHECK(Roundtrip(R"({"foo bar"=~"x.*"})") == R"({"foo bar"=~"x.*"})");
  CHECK(Roundtrip("{fóo=🙂}") == "{fóo=\"🙂\"}");
  CHECK(Roundtrip(R"("foo"="bar",)") == R"({foo="bar"})");
  CHECK(Roundtrip(R"(  { foo = "bar" , baz!="q" }  )") == R"({foo="bar",baz!="q"})");
  CHECK(Roundtrip(R"({"foo"="\U0001f642"})") == "{foo=\"🙂\"}");
  CHECK(Roundtrip(R"({"foo"="\xf0\x9f\x99\x82"})") == "{foo=\"🙂\"}");
  CHECK(Roundtrip(R"({"foo"="bar\t"})") == "{foo=\"bar\t\"}");
  CHECK(Roundtrip(R"({"service.name"="x"})") == R"({service.name="x"})");
}

TEST_CASE("quoting round trips through the canonical form") {
  for (const char* value :
       {"plain", "with \"quotes\"", "back\\slash", "new\nline", "a,b", "{x}", "", "🙂"}) {
    Matcher m = Make(MatchType::kEqual, "a", value);
    Result<Matchers> back = ParseMatchers(MatchersToString({m}));
    REQUIRE_MESSAGE(back.ok(), back.error());
    REQUIRE(back->size() == 1);
    CHECK((*back)[0] == m);
  }
  for (const char* name : {"foo bar", "a=b", "x\"y", "fóo", "with,comma"}) {
    Matcher m = Make(MatchType::kNotRegex, name, "v\\d\"");
    Result<Matchers> back = ParseMatchers(MatchersToString({m}));
    REQUIRE_MESSAGE(back.ok(), back.error());
    REQUIRE(back->size() == 1);
    CHECK((*back)[0] == m);
  }
}

TEST_CASE("errors") {
  CHECK(Roundtrip("foo") == "error: bad matcher format: foo");
  CHECK(Roundtrip("{foo}") == "error: bad matcher format: foo");
  CHECK(Roundtrip("a=b,,c=d") == "error: bad matcher format: ");
  // Not a classic name, but the UTF-8 parser takes any unreserved run as a name.
  CHECK(Roundtrip("1a=b") == R"({1a="b"})");
  CHECK(Roundtrip("a b=c") == "error: bad matcher format: a b=c");
  CHECK(Roundtrip(R"(foo="bar)") ==
        R"(error: matcher value contains unescaped double quote: "bar)");
  CHECK(Roundtrip(R"(foo="a"b")") ==
        R"(error: matcher value contains unescaped double quote: "a"b")");
  CHECK(Roundtrip(R"(foo=a")") == R"(error: matcher value contains unescaped double quote: a")");
  CHECK(Roundtrip(R"(foo=~"(")").find("invalid regular expression") != std::string::npos);
  // Invalid Go escape in a quoted name: neither parser accepts it.
  CHECK(Roundtrip(R"({"fo\wo"="x"})").rfind("error: bad matcher format", 0) == 0);
  // Unbalanced braces in the UTF-8 form, unparsable classically.
  CHECK(Roundtrip(R"({"foo"="bar")").rfind("error:", 0) == 0);
  CHECK(Roundtrip(R"("foo"="bar"})").rfind("error:", 0) == 0);
  CHECK(Roundtrip(R"({"foo"="\xf0\x9f"})").rfind("error:", 0) == 0);
}

TEST_CASE("ParseMatcher takes exactly one matcher without braces") {
  CHECK(RoundtripOne(R"(foo="bar")") == R"(foo="bar")");
  CHECK(RoundtripOne(R"(  foo=~bar.* )") == R"(foo=~"bar.*")");
  CHECK(RoundtripOne("foo=") == R"(foo="")");
  CHECK(RoundtripOne(R"("foo bar"!="x")") == R"("foo bar"!="x")");
  CHECK(RoundtripOne("fóo=x") == R"(fóo="x")");
  CHECK(RoundtripOne(R"({foo="bar"})") == R"(error: bad matcher format: {foo="bar"})");
  CHECK(RoundtripOne("") == "error: bad matcher format: ");
  CHECK(RoundtripOne(R"("a"="1","b"="2")").rfind("error: bad matcher format", 0) == 0);
  // Classically the rest of the line is the value.
  CHECK(RoundtripOne("a=1,b=2") == R"(a="1,b=2")");
}

}  // namespace
}  // namespace overlord
