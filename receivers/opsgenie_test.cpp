#include "receivers/opsgenie.h"

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

Sent SendVia(const std::string& receiver, const Notification& notification,
             std::vector<ScriptedResponse> script = {}) {
  TestHttpServer server(std::move(script));
  const config::Config cfg = testing::OracleConfig(server.port());
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  OpsgenieIntegration og(testing::OracleReceiver(cfg, receiver).opsgenie_configs.at(0), 0,
                         templates, clock);
  Sent out;
  out.result = og.Send(notification, kZeroTime);
  out.requests = server.requests();
  return out;
}

void ExpectRecording(const testing::RecordedRequest& got, const std::string& name) {
  CAPTURE(name);
  const Recording want = Recorded(name);
  CHECK(got.method == want.method);
  CHECK(got.path == want.path);
  CHECK(got.Header("Content-Type") == want.content_type);
  CHECK(got.Header("Authorization") == want.authorization);
  CHECK(got.body == want.body);
}

TEST_CASE("opsgenie: requests equal what Alertmanager 0.25 sent") {
  using testing::Rich;
  SUBCASE("defaults with update_alerts: create, then message and description PUTs") {
    Sent sent = SendVia("team-x.pager", testing::Basic(false));
    CHECK_MESSAGE(sent.result.ok, sent.result.error);
    REQUIRE(sent.requests.size() == 3);
    ExpectRecording(sent.requests[0], "og_basic_firing");
    ExpectRecording(sent.requests[1], "og_basic_update_message");
    ExpectRecording(sent.requests[2], "og_basic_update_description");
  }
  SUBCASE("all resolved closes the alias") {
    Sent sent = SendVia("team-x.pager", testing::Basic(true));
    CHECK(sent.result.ok);
    REQUIRE(sent.requests.size() == 1);
    ExpectRecording(sent.requests[0], "og_basic_close");
  }
  SUBCASE("responders (teams expanded, empty dropped), tags, actions, details overlay") {
    Sent sent = SendVia("rich", Rich({{"a:9100", false}, {"b:9100", false}}));
    CHECK(sent.result.ok);
    REQUIRE(sent.requests.size() == 1);
    ExpectRecording(sent.requests[0], "og_rich_firing");
  }
  SUBCASE("one firing, one resolved still creates") {
    Sent sent = SendVia("rich", Rich({{"a:9100", false}, {"b:9100", true}}));
    REQUIRE(sent.requests.size() == 1);
    ExpectRecording(sent.requests[0], "og_rich_firing");
  }
  SUBCASE("rich resolved") {
    Sent sent = SendVia("rich", Rich({{"a:9100", true}}));
    REQUIRE(sent.requests.size() == 1);
    ExpectRecording(sent.requests[0], "og_rich_close");
  }
  SUBCASE("message cut to 130 runes") {
    Sent sent = SendVia("trunc", testing::Trunc());
    REQUIRE(sent.requests.size() == 1);
    ExpectRecording(sent.requests[0], "og_trunc");
  }
}

TEST_CASE("opsgenie: 429 and 5xx are retried with the body in the error, 4xx are not") {
  Sent limited = SendVia("fail", testing::Fail(), {{429, "boom"}});
  CHECK_FALSE(limited.result.ok);
  CHECK(limited.result.retryable);
  CHECK(limited.result.error == "unexpected status code 429: boom");  // as 0.25 logged
  REQUIRE(limited.requests.size() == 1);
  ExpectRecording(limited.requests[0], "og_fail");

  Sent server_error = SendVia("fail", testing::Fail(), {{502, "bad gateway"}});
  CHECK(server_error.result.retryable);
  Sent client_error = SendVia("fail", testing::Fail(), {{422, "invalid"}});
  CHECK_FALSE(client_error.result.retryable);
  CHECK(client_error.result.error == "unexpected status code 422: invalid");
}

TEST_CASE("opsgenie: the first failing request stops the sequence") {
  Sent sent = SendVia("team-x.pager", testing::Basic(false), {{200, ""}, {503, "later"}});
  CHECK_FALSE(sent.result.ok);
  CHECK(sent.result.retryable);
  CHECK(sent.result.error == "unexpected status code 503: later");
  REQUIRE(sent.requests.size() == 2);  // create, message update; no description update
}

config::OpsgenieConfig Minimal(std::string api_url) {
  config::OpsgenieConfig c;
  c.api_key.value = "key-secret";
  c.api_url = std::move(api_url);
  c.message = "m";
  return c;
}

TEST_CASE("opsgenie: optional keys are omitted; alias, message, details, source always present") {
  const TemplateSet templates = TemplateSet::WithDefaults();
  Notification n = testing::Fail();
  Result<OpsgenieRequests> r = RenderOpsgenieRequests(Minimal("http://og/"), templates, n);
  REQUIRE(r.ok());
  REQUIRE(r->requests.size() == 1);
  CHECK(r->requests[0].url == "http://og/v2/alerts");
  CHECK(
      r->requests[0].body ==
      R"({"alias":"48fab2b4d74cf1d5a60e0841899fd6a172ffc04501f28e495cefd78ac6e14850","message":"m","details":{"alertname":"F","case":"fail"},"source":""})"
      "\n");
  CHECK(r->api_key == "key-secret");
}

TEST_CASE("opsgenie: update PUTs with empty fields send {}") {
  const TemplateSet templates = TemplateSet::WithDefaults();
  config::OpsgenieConfig c = Minimal("http://og/");
  c.message = "";
  c.update_alerts = true;
  Result<OpsgenieRequests> r = RenderOpsgenieRequests(c, templates, testing::Fail());
  REQUIRE(r.ok());
  REQUIRE(r->requests.size() == 3);
  CHECK(r->requests[1].method == "PUT");
  CHECK(r->requests[1].body == "{}\n");
  CHECK(r->requests[2].body == "{}\n");
}

TEST_CASE("opsgenie: template errors fail without retry and never show the key") {
  TestHttpServer server;
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  config::OpsgenieConfig c = Minimal(server.Url("/og/"));
  c.message = "{{ .Foo }}";
  OpsgenieIntegration og(c, 0, templates, clock);
  SendResult r = og.Send(testing::Fail(), kZeroTime);
  CHECK_FALSE(r.retryable);
  // Alertmanager 0.25's text for the same config.
  CHECK(
      r.error ==
      R"(templating error: template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type *template.Data)");
  CHECK(server.requests().empty());
}

TEST_CASE("opsgenie: transport errors are retryable and never show the key") {
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  OpsgenieIntegration og(Minimal("http://127.0.0.1:1/og/"), 0, templates, clock);
  SendResult r = og.Send(testing::Fail(), kZeroTime);
  CHECK(r.retryable);
  CHECK(r.error.rfind(R"(Post "http://127.0.0.1:1/og/v2/alerts": )", 0) == 0);
  CHECK(r.error.find("key-secret") == std::string::npos);
}

TEST_CASE("opsgenie: a Retry-After on a 429 is reported") {
  testing::RetryAfterServer server(429, "Wed, 21 Oct 2099 07:28:00 GMT");
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  OpsgenieIntegration og(Minimal("http://127.0.0.1:" + std::to_string(server.port()) + "/"), 0,
                         templates, clock);
  SendResult r = og.Send(testing::Fail(), kZeroTime);
  CHECK(r.retryable);
  REQUIRE(r.retry_after.has_value());
  CHECK(*r.retry_after == std::chrono::hours(1));  // far future dates are capped
}

}  // namespace
}  // namespace overlord
