// Expected outputs in testdata/ were printed by the real amtool 0.25 (TZ=UTC) from the
// fixture JSON served by a stub server.
#include "cli/output_format.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

namespace overlord::cli {
namespace {

std::string ReadTestdata(const std::string& name) {
  std::ifstream in(std::string(OVERLORD_SOURCE_DIR) + "/src/cli/testdata/" + name, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<ApiSilence> FixtureSilences() {
  setenv("TZ", "UTC", 1);
  tzset();
  Result<std::vector<ApiSilence>> s = DecodeSilences(ReadTestdata("silences.json"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error()));
  return *s;
}

std::vector<ApiAlert> FixtureAlerts() {
  setenv("TZ", "UTC", 1);
  tzset();
  Result<std::vector<ApiAlert>> a = DecodeAlerts(ReadTestdata("alerts.json"));
  REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error()));
  return *a;
}

const char kDefaultDate[] = "2006-01-02 15:04:05 MST";

TEST_CASE("silences: simple output matches amtool byte for byte") {
  CHECK(FormatSilences(FixtureSilences(), OutputFormat::kSimple, kDefaultDate) ==
        ReadTestdata("silences.simple.txt"));
}

TEST_CASE("silences: extended output matches amtool byte for byte") {
  CHECK(FormatSilences(FixtureSilences(), OutputFormat::kExtended, kDefaultDate) ==
        ReadTestdata("silences.extended.txt"));
}

TEST_CASE("silences: json output re-marshals like amtool (field order, zones, HTML escaping)") {
  CHECK(FormatSilences(FixtureSilences(), OutputFormat::kJson, kDefaultDate) ==
        ReadTestdata("silences.json.txt"));
}

TEST_CASE("silences: --date.format is a Go layout") {
  CHECK(FormatSilences(FixtureSilences(), OutputFormat::kSimple, "Jan _2 15:04 -07:00") ==
        ReadTestdata("silences.dateformat.txt"));
}

TEST_CASE("alerts: simple, extended and json outputs match amtool byte for byte") {
  CHECK(FormatAlerts(FixtureAlerts(), OutputFormat::kSimple, kDefaultDate) ==
        ReadTestdata("alerts.simple.txt"));
  CHECK(FormatAlerts(FixtureAlerts(), OutputFormat::kExtended, kDefaultDate) ==
        ReadTestdata("alerts.extended.txt"));
  CHECK(FormatAlerts(FixtureAlerts(), OutputFormat::kJson, kDefaultDate) ==
        ReadTestdata("alerts.json.txt"));
}

TEST_CASE("empty lists print just the header") {
  CHECK(FormatSilences({}, OutputFormat::kSimple, kDefaultDate) ==
        "ID  Matchers  Ends At  Created By  Comment  \n");
  CHECK(FormatAlerts({}, OutputFormat::kSimple, kDefaultDate) ==
        "Alertname  Starts At  Summary  State  \n");
  CHECK(FormatSilences({}, OutputFormat::kJson, kDefaultDate) == "[]\n");
}

TEST_CASE("matcher columns") {
  std::vector<ApiMatcher> ms = {{"a", "b", false, true}, {"c", "d.*", true, false}};
  CHECK(SimpleMatchers(ms) == R"(a="b" c!~"d.*")");
  CHECK(ExtendedMatchers(ms) == R"({a="b",c!~"d.*"})");
  CHECK(ExtendedMatchers({}) == "{}");
}

TEST_CASE("request bodies are what amtool sends") {
  setenv("TZ", "UTC", 1);
  tzset();
  ApiSilence s;
  s.matchers = {{"alertname", "x", false, true}, {"y", "z", false, false}};
  s.starts_at = *ParseZonedTime("2030-01-01T00:00:00Z");
  s.ends_at = *ParseZonedTime("2030-01-01T01:00:00Z");
  s.created_by = "me";
  s.comment = "c";
  CHECK(EncodePostableSilence(s) ==
        R"({"comment":"c","createdBy":"me","endsAt":"2030-01-01T01:00:00.000Z","matchers":[{"isEqual":true,"isRegex":false,"name":"alertname","value":"x"},{"isEqual":false,"isRegex":false,"name":"y","value":"z"}],"startsAt":"2030-01-01T00:00:00.000Z"})");
  s.id = "abc";
  CHECK(EncodePostableSilence(s).rfind(R"({"id":"abc","comment":"c",)", 0) == 0);

  ApiAlert a;
  a.labels = {{"alertname", "foo"}, {"a", "b"}};
  a.annotations = {{"summary", "s"}};
  CHECK(EncodePostableAlerts(a) ==
        R"([{"annotations":{"summary":"s"},"endsAt":"0001-01-01T00:00:00.000Z","startsAt":"0001-01-01T00:00:00.000Z","labels":{"a":"b","alertname":"foo"}}])");
  a.generator_url = "http://g";
  a.annotations.clear();
  CHECK(EncodePostableAlerts(a) ==
        R"([{"endsAt":"0001-01-01T00:00:00.000Z","startsAt":"0001-01-01T00:00:00.000Z","generatorURL":"http://g","labels":{"a":"b","alertname":"foo"}}])");
}

TEST_CASE("decoding reports the bad field") {
  Result<std::vector<ApiSilence>> s = DecodeSilences(R"([{"id":"x","endsAt":"soon"}])");
  REQUIRE(!s.ok());
  CHECK(s.error().find("endsAt") != std::string::npos);
  CHECK(!DecodeSilences("{}").ok());
  CHECK(!DecodeAlerts("nope").ok());
  Result<ApiSilence> one = DecodeSilence(R"({"id":"x","matchers":[{"name":"a","value":"b","isRegex":true}]})");
  REQUIRE(one.ok());
  CHECK(one->matchers[0].is_equal);  // absent isEqual means true (older servers)
}

}  // namespace
}  // namespace overlord::cli
