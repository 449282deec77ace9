#include "receivers/pagerduty.h"

#include <doctest/doctest.h>

#include "receivers/am025_recordings.h"
#include "receivers/test_http_server.h"

namespace overlord {
namespace {

using testing::Recorded;
using testing::Recording;
using testing::ScriptedResponse;
using testing::TestHttpServer;

struct Sent {
  SendResult result;
  std::vector<testing::RecordedRequest> requests;
};

Sent SendVia(const std::string& receiver, std::size_t index, const Notification& notification,
             std::vector<ScriptedResponse> script = {}) {
  TestHttpServer server(std::move(script));
  const config::Config cfg = testing::OracleConfig(server.port());
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  PagerdutyIntegration pd(testing::OracleReceiver(cfg, receiver).pagerduty_configs.at(index),
                          static_cast<int>(index), templates, clock);
  Sent out;
  out.result = pd.Send(notification, kZeroTime);
  out.requests = server.requests();
  return out;
}

void ExpectLikeAlertmanager(const std::string& receiver, const Notification& notification,
                            const std::string& name) {
  Sent sent = SendVia(receiver, 0, notification);
  CHECK_MESSAGE(sent.result.ok, sent.result.error);
  const Recording want = Recorded(name);
  REQUIRE(sent.requests.size() == 1);
  CHECK(sent.requests[0].method == want.method);
  CHECK(sent.requests[0].path == want.path);
  CHECK(sent.requests[0].Header("Content-Type") == want.content_type);
  CHECK(sent.requests[0].body == want.body);
}

TEST_CASE("pagerduty v2: bodies equal what Alertmanager 0.25 sent") {
  using testing::Rich;
  SUBCASE("defaults, trigger") {
    ExpectLikeAlertmanager("team-x.pager", testing::Basic(false), "pd_basic_firing");
  }
  SUBCASE("defaults, resolve") {
    ExpectLikeAlertmanager("team-x.pager", testing::Basic(true), "pd_basic_resolved");
  }
  SUBCASE("templated key, severity, class/component/group, details, images, links") {
    ExpectLikeAlertmanager("rich", Rich({{"a:9100", false}, {"b:9100", false}}), "pd_rich_firing");
  }
  SUBCASE("one firing, one resolved is a trigger") {
    ExpectLikeAlertmanager("rich", Rich({{"a:9100", false}, {"b:9100", true}}), "pd_rich_partial");
  }
  SUBCASE("resolve; a severity template rendering empty stays empty") {
    ExpectLikeAlertmanager("rich", Rich({{"a:9100", true}}), "pd_rich_resolved");
  }
  SUBCASE("summary cut to 1024 runes") {
    ExpectLikeAlertmanager("trunc", testing::Trunc(), "pd_trunc");
  }
  SUBCASE("an event over 512000 bytes loses its details") {
    ExpectLikeAlertmanager("big", testing::Big(), "pd_big");
  }
}

TEST_CASE("pagerduty v2: the size rule reports what it did") {
  const config::Config cfg = testing::OracleConfig(1);
  const TemplateSet templates = TemplateSet::WithDefaults();
  const Notification big = testing::Big();
  Result<PagerdutyEvent> e = RenderPagerdutyEvent(
      testing::OracleReceiver(cfg, "big").pagerduty_configs.at(0), templates, big, big.group_key);
  REQUIRE(e.ok());
  CHECK(e->details_removed);
  CHECK(e->body.size() < 1000);
  const Notification small = testing::Fail();
  Result<PagerdutyEvent> f =
      RenderPagerdutyEvent(testing::OracleReceiver(cfg, "big").pagerduty_configs.at(0), templates,
                           small, small.group_key);
  REQUIRE(f.ok());
  CHECK_FALSE(f->details_removed);
}

TEST_CASE("pagerduty v2: 400 shows PagerDuty's message and errors, without retry") {
  Sent sent = SendVia(
      "fail", 0, testing::Fail(),
      {{400,
        R"({"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect"]})"}});
  CHECK_FALSE(sent.result.ok);
  CHECK_FALSE(sent.result.retryable);
  // Alertmanager 0.25 logged exactly this.
  CHECK(
      sent.result.error ==
      "unexpected status code 400: Event object is invalid: Length of 'routing_key' is incorrect");
  REQUIRE(sent.requests.size() == 1);
  CHECK(sent.requests[0].body == Recorded("pd_fail_400").body);
}

TEST_CASE("pagerduty v2: 5xx and 429 are retried and show no body") {
  for (int status : {500, 503, 429}) {
    CAPTURE(status);
    Sent sent = SendVia("fail", 1, testing::Fail(), {{status, "boom"}});
    CHECK_FALSE(sent.result.ok);
    CHECK(sent.result.retryable);
    CHECK(sent.result.error == "unexpected status code " + std::to_string(status));
    REQUIRE(sent.requests.size() == 1);
    CHECK(sent.requests[0].body == Recorded("pd_fail_503").body);
  }
  Sent forbidden = SendVia("fail", 1, testing::Fail(), {{403, "no"}});
  CHECK_FALSE(forbidden.result.retryable);  // 403 is retried by v1 only
}

TEST_CASE("pagerduty: error details only for a decodable 400") {
  CHECK(PagerdutyErrorDetails(400, R"({"message":"m","errors":["a","b"]})") == "m: a,b");
  CHECK(PagerdutyErrorDetails(400, R"({"message":"m"})") == "m: ");
  CHECK(PagerdutyErrorDetails(400, "{}") == ": ");
  CHECK(PagerdutyErrorDetails(400, "not json") == "");
  CHECK(PagerdutyErrorDetails(400, R"({"errors":"not a list"})") == "");
  CHECK(PagerdutyErrorDetails(400, R"({"message":1})") == "");
  CHECK(PagerdutyErrorDetails(500, R"({"message":"m","errors":["a"]})") == "");
}

config::PagerdutyConfig V1Config() {
  config::PagerdutyConfig c;
  c.service_key.value = "svc-{{ .GroupLabels.alertname }}";
  c.description = R"({{ template "pagerduty.default.description" .}})";
  c.client = R"({{ template "pagerduty.default.client" . }})";
  c.client_url = R"({{ template "pagerduty.default.clientURL" . }})";
  c.details = {{"num_firing", "{{ .Alerts.Firing | len }}"}, {"a", "<b>"}};
  return c;
}

TEST_CASE("pagerduty v1: fixed endpoint, incident_key, client only on trigger") {
  TestHttpServer server;
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  PagerdutyIntegration pd(V1Config(), 0, templates, clock,
                          server.Url("/generic/create_event.json"));
  const Notification firing = testing::Basic(false);
  const Notification resolved = testing::Basic(true);
  CHECK(pd.Send(firing, kZeroTime).ok);
  CHECK(pd.Send(resolved, kZeroTime).ok);
  const auto got = server.requests();
  REQUIRE(got.size() == 2);
  CHECK(got[0].path == "/generic/create_event.json");
  CHECK(
      got[0].body ==
      R"json({"service_key":"svc-X","incident_key":"25fb0bff77cf7f8850f1cb3aeea9e63be0fbd3e78a8c0ef038392ade26e7d3a6","event_type":"trigger","description":"[FIRING:2] X (node)","event_action":"","payload":null,"client":"Alertmanager","client_url":"http://am.example:9093/#/alerts?receiver=team-x%5C.pager","details":{"a":"\u003cb\u003e","num_firing":"2"}})json"
      "\n");
  CHECK(
      got[1].body ==
      R"json({"service_key":"svc-X","incident_key":"25fb0bff77cf7f8850f1cb3aeea9e63be0fbd3e78a8c0ef038392ade26e7d3a6","event_type":"resolve","description":"[RESOLVED] X (node)","event_action":"","payload":null,"details":{"a":"\u003cb\u003e","num_firing":"0"}})json"
      "\n");
}

TEST_CASE("pagerduty v1: 403 is retried") {
  TestHttpServer server({{403, "slow"}});
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  PagerdutyIntegration pd(V1Config(), 0, templates, clock, server.Url("/v1"));
  SendResult r = pd.Send(testing::Basic(false), kZeroTime);
  CHECK(r.retryable);
  CHECK(r.error == "unexpected status code 403");
}

TEST_CASE("pagerduty: template failures and empty keys fail without sending") {
  TestHttpServer server;
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  config::PagerdutyConfig base;
  base.routing_key.value = "rk-secret";
  base.url = server.Url("/pd");
  base.description = "d";
  auto send = [&](const config::PagerdutyConfig& c) {
    PagerdutyIntegration pd(c, 0, templates, clock);
    return pd.Send(testing::Fail(), kZeroTime);
  };
  // Alertmanager 0.25's texts for the same configs.
  SUBCASE("a detail") {
    config::PagerdutyConfig c = base;
    c.details = {{"bad", "{{ .Foo }}"}};
    SendResult r = send(c);
    CHECK_FALSE(r.retryable);
    CHECK(
        r.error ==
        R"("bad": failed to template "{{ .Foo }}": template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type *template.Data)");
  }
  SUBCASE("a field") {
    config::PagerdutyConfig c = base;
    c.client = R"({{ template "nope" . }})";
    SendResult r = send(c);
    CHECK_FALSE(r.retryable);
    CHECK(
        r.error ==
        R"(failed to template PagerDuty v2 message: template: :1:12: executing "" at <{{template "nope" .}}>: template "nope" not defined)");
  }
  SUBCASE("a routing key rendering empty") {
    config::PagerdutyConfig c = base;
    c.routing_key.value = "{{ .CommonLabels.nothing }}";
    SendResult r = send(c);
    CHECK_FALSE(r.retryable);
    CHECK(r.error == "routing key cannot be empty");
  }
  SUBCASE("a service key rendering empty") {
    config::PagerdutyConfig c = base;
    c.service_key.value = "{{ .CommonLabels.nothing }}";
    SendResult r = send(c);
    CHECK(r.error == "service key cannot be empty");
  }
  CHECK(server.requests().empty());
}

TEST_CASE("pagerduty: transport errors are retryable and never show the key") {
  config::PagerdutyConfig c;
  c.routing_key.value = "rk-secret";
  c.url = "http://127.0.0.1:1/enqueue";
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  PagerdutyIntegration pd(c, 0, templates, clock);
  SendResult r = pd.Send(testing::Fail(), kZeroTime);
  CHECK(r.retryable);
  CHECK(r.error.rfind("failed to post message to PagerDuty: Post \"http://127.0.0.1:1/enqueue\": ",
                      0) == 0);
  CHECK(r.error.find("rk-secret") == std::string::npos);
}

TEST_CASE("pagerduty: a Retry-After on a 429 is reported") {
  testing::RetryAfterServer server(429, "3");
  config::PagerdutyConfig c;
  c.routing_key.value = "rk";
  c.url = "http://127.0.0.1:" + std::to_string(server.port()) + "/enqueue";
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  PagerdutyIntegration pd(c, 0, templates, clock);
  SendResult r = pd.Send(testing::Fail(), kZeroTime);
  CHECK(r.retryable);
  REQUIRE(r.retry_after.has_value());
  CHECK(*r.retry_after == std::chrono::seconds(3));
}

}  // namespace
}  // namespace overlord
