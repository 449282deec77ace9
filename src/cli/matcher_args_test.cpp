#include "cli/matcher_args.h"

#include <doctest/doctest.h>

namespace overlord::cli {
namespace {

std::string Args(std::vector<std::string> args) {
  Result<Matchers> m = ParseMatcherArgs(std::move(args));
  return m.ok() ? MatchersToString(*m) : "error: " + m.error();
}

TEST_CASE("a first argument that is not a matcher means alertname=<arg>") {
  CHECK(Args({"HighLatency", "job=~\"api.*\""}) == R"({alertname="HighLatency",job=~"api.*"})");
  CHECK(Args({"foo", "node=bar"}) == R"({alertname="foo",node="bar"})");
  CHECK(Args({"foo bar"}) == R"({alertname="foo bar"})");
  // Only the first argument gets the rule.
  CHECK(Args({"a=b", "foo"}) == "error: bad matcher format: foo");
}

TEST_CASE("matchers keep their operator") {
  CHECK(Args({"job=~node.*", "instance!=x", "env!~\"prod|stage\""}) ==
        R"({job=~"node.*",instance!="x",env!~"prod|stage"})");
  CHECK(Args({"alertname=~\"foo\""}) == R"({alertname=~"foo"})");
  CHECK(Args({}) == "{}");
}

TEST_CASE("bad values are reported") {
  CHECK(Args({"baz=qu\"x"}).rfind("error: ", 0) == 0);
}

std::string Labels(std::vector<std::string> args) {
  Result<std::map<std::string, std::string>> m = ParseLabelArgs(std::move(args));
  if (!m.ok()) return "error: " + m.error();
  std::string out;
  for (const auto& [k, v] : *m) out += k + "=" + v + ";";
  return out;
}

TEST_CASE("alert labels: key=value pairs, first argument may be the alert name") {
  CHECK(Labels({"foo", "node=bar"}) == "alertname=foo;node=bar;");
  CHECK(Labels({"alertname=foo", "v=\"a\\\"b\""}) == "alertname=foo;v=a\"b;");
  // A first argument that is a matcher but not a pair is the alert name (as amtool does).
  CHECK(Labels({"x=~y"}) == "alertname=x=~y;");
  CHECK(Labels({"foo", "a=~b"}).rfind("error: labels must be specified as key=value pairs", 0) == 0);
  CHECK(Labels({"foo", "a"}) == "error: bad matcher format: a");
  Result<std::map<std::string, std::string>> ann = ParseAnnotationArgs({"summary=x y", "runbook=http://r"});
  REQUIRE(ann.ok());
  CHECK(ann->at("summary") == "x y");
  CHECK(ann->at("runbook") == "http://r");
  CHECK(!ParseAnnotationArgs({"summary"}).ok());
}

}  // namespace
}  // namespace overlord::cli
