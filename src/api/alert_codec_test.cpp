#include "api/alert_codec.h"

#include <doctest/doctest.h>

namespace overlord::api {
namespace {

const Time kNow = FromUnixSeconds(1'700'000'000);
const Duration kResolve = std::chrono::minutes(5);

DecodedAlerts Decode(std::string_view body, AlertLimits limits = {}) {
  return DecodePostableAlerts(body, kNow, kResolve, limits);
}

}  // namespace

TEST_CASE("defaults: startsAt now, endsAt now+resolve_timeout marked as timeout") {
  DecodedAlerts d = Decode(R"([{"labels":{"alertname":"X","empty":""}}])");
  REQUIRE(d.fatal_status == 0);
  REQUIRE(d.valid.size() == 1);
  const Alert& a = d.valid[0];
  CHECK(a.labels.ToString() == R"({alertname="X"})");
  CHECK(a.starts_at == kNow);
  CHECK(a.ends_at == kNow + kResolve);
  CHECK(a.timeout);
  CHECK(a.updated_at == kNow);
  CHECK(d.received_firing == 1);
}

TEST_CASE("startsAt defaults to endsAt when only endsAt is given; past endsAt counts as resolved") {
  DecodedAlerts d = Decode(R"([{"labels":{"a":"1"},"endsAt":"2023-11-14T22:00:00Z"}])");
  REQUIRE(d.valid.size() == 1);
  CHECK(d.valid[0].starts_at == d.valid[0].ends_at);
  CHECK_FALSE(d.valid[0].timeout);
  CHECK(d.received_resolved == 1);
}

TEST_CASE("invalid alerts are rejected one by one, valid ones kept") {
  DecodedAlerts d = Decode(R"([
    {"labels":{"a":"1"}},
    {"labels":{"b":""}},
    {"labels":{"c":"1"},"startsAt":"2023-11-14T22:00:00Z","endsAt":"2023-11-14T21:00:00Z"}
  ])");
  REQUIRE(d.fatal_status == 0);
  CHECK(d.valid.size() == 1);
  REQUIRE(d.errors.size() == 2);
  CHECK(d.errors[0] == "1 {}: at least one label pair required");
  CHECK(d.errors[1].find("start time must be before end time") != std::string::npos);
}

TEST_CASE("schema and syntax errors fail the whole request with Alertmanager's codes") {
  CHECK(Decode("").fatal_status == 422);
  CHECK(Decode("").fatal_body == R"({"code":602,"message":"alerts in body is required"})");
  CHECK(Decode("[{}]").fatal_body == R"({"code":602,"message":"0.labels in body is required"})");
  CHECK(Decode("[{").fatal_status == 400);
  CHECK(Decode(R"({"labels":{}})").fatal_status == 400);
  CHECK(Decode(R"([{"labels":{"a":1}}])").fatal_status == 400);
  CHECK(Decode(R"([{"labels":{"a":"1"},"startsAt":"yesterday"}])").fatal_status == 422);
  CHECK(Decode("[{\"labels\":{\"a\":\"\xff\"}}]").fatal_status == 400);
  CHECK(Decode(R"([{"labels":{"a":"1"},"generatorURL":"not a uri"}])").fatal_status == 422);
}

TEST_CASE("limits bound what one alert and one request may carry") {
  AlertLimits limits;
  limits.max_labels = 2;
  limits.max_value_bytes = 4;
  limits.max_alerts_per_request = 2;
  DecodedAlerts d = Decode(R"([{"labels":{"a":"1","b":"2","c":"3"}},{"labels":{"a":"12345"}}])", limits);
  CHECK(d.valid.empty());
  CHECK(d.errors.size() == 2);
  CHECK(Decode(R"([{"labels":{"a":"1"}},{"labels":{"a":"2"}},{"labels":{"a":"3"}}])", limits)
            .fatal_status == 413);
}

TEST_CASE("label names: UTF-8 by default, classic with classic-mode") {
  CHECK(Decode(R"([{"labels":{"wörd.x":"1"}}])").valid.size() == 1);
  AlertLimits classic;
  classic.classic_label_names = true;
  DecodedAlerts d = Decode(R"([{"labels":{"wörd.x":"1"}}])", classic);
  CHECK(d.valid.empty());
  REQUIRE(d.errors.size() == 1);
  CHECK(d.errors[0].find("invalid name") != std::string::npos);
}

TEST_CASE("gettable alert encoding") {
  Alert a;
  a.labels = {{"alertname", "X"}};
  a.annotations = {{"summary", "say \"hi\""}};
  a.starts_at = kNow;
  a.ends_at = kNow + kResolve;
  a.updated_at = kNow;
  AlertView v;
  v.alert = &a;
  v.fingerprint = a.fingerprint();
  v.receivers = {"team"};
  std::string out, scratch;
  AppendGettableAlert(out, v, scratch);
  CHECK(out ==
        R"({"annotations":{"summary":"say \"hi\""},"endsAt":"2023-11-14T22:18:20.000Z",)"
        R"("fingerprint":"d2aeefc389ca7746","receivers":[{"name":"team"}],)"
        R"("startsAt":"2023-11-14T22:13:20.000Z","status":{"inhibitedBy":[],"mutedBy":[],)"
        R"("silencedBy":[],"state":"active"},"updatedAt":"2023-11-14T22:13:20.000Z",)"
        R"("generatorURL":"","labels":{"alertname":"X"}})");
}

TEST_CASE("gettable alert encoding: suppressed, several receivers, escaping, zero end") {
  Alert a;
  a.labels = {{"alertname", "X<1>"}, {"team", "db"}};
  a.starts_at = kNow + std::chrono::milliseconds(1234);
  a.ends_at = kZeroTime;
  a.updated_at = kNow;
  a.generator_url = "http://p/?a=1&b=2";
  AlertView v;
  v.alert = &a;
  v.fingerprint = 0x00ab;
  v.silenced_by = {"s1", "s2"};
  v.inhibited_by = {"00000000000000ff"};
  v.muted_by = {"weekends"};
  v.receivers = {"team", "pager"};
  std::string out = "[", scratch;
  AppendGettableAlert(out, v, scratch);
  CHECK(out ==
        R"([{"annotations":{},"endsAt":"0001-01-01T00:00:00.000Z","fingerprint":"00000000000000ab",)"
        R"("receivers":[{"name":"team"},{"name":"pager"}],"startsAt":"2023-11-14T22:13:21.234Z",)"
        R"("status":{"inhibitedBy":["00000000000000ff"],"mutedBy":["weekends"],)"
        R"("silencedBy":["s1","s2"],"state":"suppressed"},"updatedAt":"2023-11-14T22:13:20.000Z",)"
        R"("generatorURL":"http://p/?a=1\u0026b=2","labels":{"alertname":"X\u003c1\u003e","team":"db"}})");
}

TEST_CASE("gettable alert encoding: templated annotations are written as posted") {
  // Two alerts of one rule, their annotations held as a template over their labels, written
  // with one scratch: the second must not see the first's expansion.
  std::string out, scratch;
  for (std::string instance : {"db-long-host-name-1:9100", "web-2:9100"}) {
    Alert a;
    a.labels = {{"alertname", "Down"}, {"instance", instance}};
    AnnotationSet posted{{"description", "<" + instance + "> has been down for 5 minutes"},
                         {"summary", instance + " down"}};
    a.annotations = AnnotationSet::Template(posted, a.labels);
    REQUIRE(a.annotations.templated());
    a.starts_at = a.updated_at = kNow;
    a.ends_at = kNow + kResolve;
    AlertView v;
    v.alert = &a;
    v.fingerprint = a.fingerprint();
    out.clear();
    AppendGettableAlert(out, v, scratch);
    CHECK(out.substr(0, out.find(",\"endsAt\"")) ==
          "{\"annotations\":{\"description\":\"\\u003c" + instance +
              "\\u003e has been down for 5 minutes\",\"summary\":\"" + instance + " down\"}");
  }
}

}  // namespace overlord::api
