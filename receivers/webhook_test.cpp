#include "receivers/webhook.h"

#include <doctest/doctest.h>

#include "receivers/retrier.h"
#include "receivers/test_http_server.h"

namespace overlord {
namespace {

using testing::ScriptedResponse;
using testing::TestHttpServer;

Time At(std::string_view rfc3339) {
  auto t = ParseRFC3339(rfc3339);
  REQUIRE(t.ok());
  return *t;
}

// The example sent to the real Alertmanager 0.25 to record the golden body below: one
// firing alert with awkward annotation bytes and one resolved alert.
Notification Example() {
  Notification n;
  n.receiver = "team-x.pager";
  n.group_key = R"({}:{alertname="X"})";
  n.group_labels = {{"alertname", "X"}};
  n.external_url = "http://am.example:9093";
  n.now = At("2024-01-02T05:00:00Z");
  Alert a;
  a.labels = {{"alertname", "X"}, {"instance", "a:9100"}, {"job", "node"}};
  a.annotations = {{"summary", "CPU <high> & \b \u2028 é \"q\" \\ \n\t\x7f"}, {"e", ""}};
  a.starts_at = At("2024-01-02T01:04:05.120Z");
  a.generator_url = "http://prom:9090/graph?g0.expr=up&x=<1>";
  Alert b;
  b.labels = {{"alertname", "X"}, {"instance", "b:9100"}, {"job", "node"}};
  b.annotations = {{"summary", "other"}};
  b.starts_at = At("2024-01-02T03:04:05Z");
  b.ends_at = At("2024-01-02T04:00:00.5Z");
  n.alerts = {a, b};
  return n;
}

// Recorded from Alertmanager 0.25 (only startsAt rewritten to UTC and externalURL changed).
const std::string kGolden =
    // clang-format off
    R"json({"receiver":"team-x\\.pager","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"X","instance":"a:9100","job":"node"},"annotations":{"e":"","summary":"CPU \u003chigh\u003e \u0026 \u0008 \u2028 é \"q\" \\ \n\t)json" "\x7f"
        R"json("},"startsAt":"2024-01-02T01:04:05.12Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prom:9090/graph?g0.expr=up\u0026x=\u003c1\u003e","fingerprint":"6870b400b71613f1"},{"status":"resolved","labels":{"alertname":"X","instance":"b:9100","job":"node"},"annotations":{"summary":"other"},"startsAt":"2024-01-02T03:04:05Z","endsAt":"2024-01-02T04:00:00.5Z","generatorURL":"","fingerprint":"f809793482e64a46"}],"groupLabels":{"alertname":"X"},"commonLabels":{"alertname":"X","job":"node"},"commonAnnotations":{"e":""},"externalURL":"http://am.example:9093","version":"4","groupKey":"{}:{alertname=\"X\"}","truncatedAlerts":0})json" "\n"
;
// clang-format on

Notification Numbered(int count) {
  Notification n;
  n.receiver = "r";
  n.group_key = "{}:{}";
  n.now = At("2024-01-02T05:00:00Z");
  for (int i = 0; i < count; ++i) {
    Alert a;
    a.labels = {{"alertname", "A"}, {"i", std::to_string(i)}};
    if (i < 2) a.labels.Set("first_two", "yes");
    a.starts_at = At("2024-01-02T03:00:00Z");
    if (i >= 2) a.ends_at = At("2024-01-02T04:00:00Z");  // only the first two fire
    n.alerts.push_back(a);
  }
  return n;
}

config::WebhookConfig Config(const std::string& url) {
  config::WebhookConfig c;
  c.url.value = url;
  return c;
}

TEST_CASE("webhook payload is byte-identical to Alertmanager's") {
  CHECK(WebhookPayload(Example(), 0) == kGolden);
}

TEST_CASE("a firing alert with a future endsAt shows the zero endsAt") {
  Notification n = Example();
  n.alerts[0].ends_at = n.now + std::chrono::minutes(5);
  CHECK(WebhookPayload(n, 0) == kGolden);
}

TEST_CASE("max_alerts keeps the first alerts and recomputes status and common labels") {
  const Notification n = Numbered(5);
  std::string all = WebhookPayload(n, 0);
  CHECK(all.find(R"("status":"firing","alerts")") != std::string::npos);
  CHECK(all.find(R"("commonLabels":{"alertname":"A"})") != std::string::npos);
  CHECK(all.find(R"("truncatedAlerts":0})") != std::string::npos);
  CHECK(WebhookPayload(n, 5) == all);
  CHECK(WebhookPayload(n, 9) == all);

  std::string two = WebhookPayload(n, 2);
  CHECK(two.find(R"("truncatedAlerts":3})") != std::string::npos);
  CHECK(two.find(R"("commonLabels":{"alertname":"A","first_two":"yes"})") != std::string::npos);
  CHECK(two.find(R"("i":"1")") != std::string::npos);
  CHECK(two.find(R"("i":"2")") == std::string::npos);

  // Keep only resolved ones: the top-level status follows the kept subset.
  Notification resolved_first = n;
  std::swap(resolved_first.alerts[0], resolved_first.alerts[4]);
  std::string one = WebhookPayload(resolved_first, 1);
  CHECK(one.rfind(R"({"receiver":"r","status":"resolved","alerts":[{"status":"resolved")", 0) == 0);
  CHECK(one.find(R"("truncatedAlerts":4})") != std::string::npos);
}

TEST_CASE("webhook posts JSON with Overlord's user agent and the configured auth") {
  TestHttpServer server;
  SystemClock clock;
  config::WebhookConfig c = Config(server.Url("/hook?token=s3cret"));
  c.http_config.basic_auth.emplace();
  c.http_config.basic_auth->username = "user";
  c.http_config.basic_auth->password.value = "pass";
  c.http_config.http_headers = {{"X-Team", "db"}};
  WebhookIntegration hook(c, 2, clock);
  CHECK(hook.type() == "webhook");
  CHECK(hook.index() == 2);
  CHECK(hook.send_resolved());

  SendResult r = hook.Send(Example(), clock.Now() + std::chrono::seconds(5));
  CHECK(r.ok);
  CHECK(r.status_code == 200);
  CHECK(r.error.empty());
  auto requests = server.requests();
  REQUIRE(requests.size() == 1);
  const auto& req = requests[0];
  CHECK(req.method == "POST");
  CHECK(req.path == "/hook?token=s3cret");
  CHECK(req.body == kGolden);
  CHECK(req.Header("Content-Type") == "application/json");
  CHECK(req.Header("User-Agent") == std::string("Overlord/") + OVERLORD_VERSION);
  CHECK(req.Header("Authorization") == "Basic dXNlcjpwYXNz");
  CHECK(req.Header("X-Team") == "db");
}

TEST_CASE("webhook 5xx is retryable and reports the body without the URL") {
  TestHttpServer server({{503, "try later"}});
  SystemClock clock;
  WebhookIntegration hook(Config(server.Url("/hook?token=s3cret")), 0, clock);
  SendResult r = hook.Send(Example(), clock.Now() + std::chrono::seconds(5));
  CHECK_FALSE(r.ok);
  CHECK(r.retryable);
  CHECK(r.status_code == 503);
  CHECK(r.error == "unexpected status code 503: try later");
}

TEST_CASE("webhook 4xx is not retryable; an empty body leaves no colon") {
  TestHttpServer server({{400, ""}});
  SystemClock clock;
  WebhookIntegration hook(Config(server.Url("/hook")), 0, clock);
  SendResult r = hook.Send(Example(), clock.Now() + std::chrono::seconds(5));
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.retryable);
  CHECK(r.status_code == 400);
  CHECK(r.error == "unexpected status code 400");
}

TEST_CASE("webhook transport errors are retryable and never show the URL") {
  std::string url;
  {
    TestHttpServer closed;  // take a free port, then close it
    url = closed.Url("/hook?token=s3cret");
  }
  SystemClock clock;
  WebhookIntegration hook(Config(url), 0, clock);
  SendResult r = hook.Send(Example(), clock.Now() + std::chrono::seconds(5));
  CHECK_FALSE(r.ok);
  CHECK(r.retryable);
  CHECK(r.status_code == 0);
  CHECK(r.error.rfind(R"(Post "<redacted>": )", 0) == 0);
  CHECK(r.error.find("s3cret") == std::string::npos);
  CHECK(r.error.find("/hook") == std::string::npos);
}

TEST_CASE("webhook gives up at the deadline") {
  TestHttpServer server({{200, "", std::chrono::seconds(20)}});
  SystemClock clock;
  WebhookIntegration hook(Config(server.Url("/hook")), 0, clock);
  const Time start = clock.Now();
  SendResult r = hook.Send(Example(), start + std::chrono::milliseconds(300));
  const Duration took = clock.Now() - start;
  CHECK_FALSE(r.ok);
  CHECK(r.retryable);
  CHECK(r.error == R"(Post "<redacted>": context deadline exceeded)");
  CHECK(took >= std::chrono::milliseconds(250));
  CHECK(took < std::chrono::seconds(3));
}

TEST_CASE("webhook timeout bounds each attempt below the deadline") {
  TestHttpServer server({{200, "", std::chrono::seconds(20)}});
  SystemClock clock;
  config::WebhookConfig c = Config(server.Url("/hook"));
  c.timeout = std::chrono::milliseconds(200);
  WebhookIntegration hook(c, 0, clock);
  const Time start = clock.Now();
  SendResult r = hook.Send(Example(), start + std::chrono::seconds(30));
  CHECK_FALSE(r.ok);
  CHECK(clock.Now() - start < std::chrono::seconds(3));
}

class NoSleep final : public Sleeper {
 public:
  bool SleepFor(Duration) override {
    ++sleeps;
    return true;
  }
  int sleeps = 0;
};

class MidRandom final : public RandomSource {
 public:
  double Uniform01() override { return 0.5; }
};

TEST_CASE("retrier with a real webhook: 5xx retried until success, 4xx not retried") {
  SystemClock clock;
  NoSleep sleeper;
  MidRandom random;
  Registry registry;
  Retrier retrier({clock, sleeper, random, registry});

  {
    TestHttpServer server({{500, "a"}, {502, "b"}, {200, ""}});
    WebhookIntegration hook(Config(server.Url("/hook")), 0, clock);
    RetryOutcome out = retrier.Notify(hook, Example(), clock.Now() + std::chrono::seconds(10));
    CHECK(out.ok);
    CHECK(out.attempts == 3);
    CHECK(out.error.empty());
    CHECK(server.requests().size() == 3);
    CHECK(sleeper.sleeps == 2);
  }
  {
    TestHttpServer server({{404, "no such hook"}});
    WebhookIntegration hook(Config(server.Url("/hook")), 1, clock);
    RetryOutcome out = retrier.Notify(hook, Example(), clock.Now() + std::chrono::seconds(10));
    CHECK_FALSE(out.ok);
    CHECK(out.attempts == 1);
    CHECK(out.error ==
          "team-x.pager/webhook[1]: notify retry canceled due to unrecoverable error after 1 "
          "attempts: unexpected status code 404: no such hook");
    CHECK(server.requests().size() == 1);
  }
  const MetricLabels webhook = {{"integration", "webhook"}};
  CHECK(registry.Value("alertmanager_notification_requests_total", webhook) == 4);
  CHECK(registry.Value("alertmanager_notification_requests_failed_total", webhook) == 3);
}

}  // namespace
}  // namespace overlord
