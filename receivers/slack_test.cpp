#include "receivers/slack.h"

#include <doctest/doctest.h>

#include "receivers/am025_recordings.h"
#include "receivers/retrier.h"
#include "receivers/test_http_server.h"

namespace overlord {
namespace {

using testing::Recorded;
using testing::Recording;
using testing::ScriptedResponse;
using testing::TestHttpServer;

struct NoSleep final : Sleeper {
  bool SleepFor(Duration d) override {
    waits.push_back(d);
    return true;
  }
  std::vector<Duration> waits;
};
struct HalfRandom final : RandomSource {
  double Uniform01() override { return 0.5; }
};

// Sends `notification` through the slack config of `receiver` in the recording config and
// checks the request against the recording `name`.
void ExpectLikeAlertmanager(const std::string& receiver, const Notification& notification,
                            const std::string& name) {
  TestHttpServer server;
  const config::Config cfg = testing::OracleConfig(server.port());
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  SlackIntegration slack(testing::OracleReceiver(cfg, receiver).slack_configs.at(0), 0, templates,
                         clock);
  SendResult result = slack.Send(notification, kZeroTime);
  CHECK_MESSAGE(result.ok, result.error);
  const Recording want = Recorded(name);
  const auto got = server.requests();
  REQUIRE(got.size() == 1);
  CHECK(got[0].method == want.method);
  CHECK(got[0].path == want.path);
  CHECK(got[0].Header("Content-Type") == want.content_type);
  CHECK(got[0].body == want.body);
}

TEST_CASE("slack: bodies equal what Alertmanager 0.25 sent") {
  using testing::Rich;
  SUBCASE("defaults, two firing") {
    ExpectLikeAlertmanager("team-x.pager", testing::Basic(false), "slack_basic_firing");
  }
  SUBCASE("defaults, resolved") {
    ExpectLikeAlertmanager("team-x.pager", testing::Basic(true), "slack_basic_resolved");
  }
  SUBCASE("every field, fields and actions, firing") {
    ExpectLikeAlertmanager("rich", Rich({{"a:9100", false}, {"b:9100", false}}),
                           "slack_rich_firing");
  }
  SUBCASE("one firing, one resolved") {
    ExpectLikeAlertmanager("rich", Rich({{"a:9100", false}, {"b:9100", true}}),
                           "slack_rich_partial");
  }
  SUBCASE("resolved") {
    ExpectLikeAlertmanager("rich", Rich({{"a:9100", true}}), "slack_rich_resolved");
  }
  SUBCASE("title cut to 1024 runes") {
    ExpectLikeAlertmanager("trunc", testing::Trunc(), "slack_trunc");
  }
}

TEST_CASE("slack: the title is cut at 1024 runes with an ellipsis") {
  const TemplateSet templates = TemplateSet::WithDefaults();
  const config::Config cfg = testing::OracleConfig(1);
  Result<SlackMessage> m = RenderSlackMessage(
      testing::OracleReceiver(cfg, "trunc").slack_configs.at(0), templates, testing::Trunc());
  REQUIRE(m.ok());
  const std::string title_prefix = R"("title":"[FIRING:1] T)";
  const std::size_t start = m->body.find(title_prefix);
  REQUIRE(start != std::string::npos);
  const std::size_t end = m->body.find('"', start + 9);
  const std::string title = m->body.substr(start + 9, end - start - 9);
  // "[FIRING:1] T" is 12 runes, then 1011 é, then the ellipsis.
  std::string want = "[FIRING:1] T";
  for (int i = 0; i < 1011; ++i) want += "\u00e9";
  want += "\u2026";
  CHECK(title == want);
}

TEST_CASE("slack: 5xx is retried, naming the channel; the body is resent unchanged") {
  TestHttpServer server({{500, "boom"}, {503, ""}, {200, "ok"}});
  const config::Config cfg = testing::OracleConfig(server.port());
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  SlackIntegration slack(testing::OracleReceiver(cfg, "fail").slack_configs.at(0), 0, templates,
                         clock);
  SendResult first = slack.Send(testing::Fail(), kZeroTime);
  CHECK_FALSE(first.ok);
  CHECK(first.retryable);
  CHECK(first.status_code == 500);
  // Alertmanager 0.25 logged exactly this.
  CHECK(first.error == R"(channel "#fail": unexpected status code 500: boom)");

  NoSleep sleeper;
  HalfRandom random;
  Registry registry;
  Retrier retrier({clock, sleeper, random, registry});
  RetryOutcome out = retrier.Notify(slack, testing::Fail(), kZeroTime);
  CHECK(out.ok);
  CHECK(out.attempts == 2);  // the 503, then the 200
  const auto got = server.requests();
  REQUIRE(got.size() == 3);
  const Recording want = Recorded("slack_fail");
  for (const auto& r : got) {
    CHECK(r.path == want.path);
    CHECK(r.body == want.body);
  }
}

TEST_CASE("slack: 4xx, including 429, is not retried") {
  for (int status : {400, 404, 429}) {
    CAPTURE(status);
    TestHttpServer server({{status, "no"}});
    config::SlackConfig conf;
    conf.api_url.value = server.Url("/hook");
    const TemplateSet templates = TemplateSet::WithDefaults();
    SystemClock clock;
    SlackIntegration slack(conf, 0, templates, clock);
    SendResult r = slack.Send(testing::Fail(), kZeroTime);
    CHECK_FALSE(r.ok);
    CHECK_FALSE(r.retryable);
    CHECK(r.error == R"(channel "": unexpected status code )" + std::to_string(status) + ": no");
  }
}

TEST_CASE("slack: transport errors are retryable and never show the URL") {
  config::SlackConfig conf;
  conf.api_url.value = "http://127.0.0.1:1/services/T000/B000/SECRET";
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  SlackIntegration slack(conf, 0, templates, clock);
  SendResult r = slack.Send(testing::Fail(), kZeroTime);
  CHECK_FALSE(r.ok);
  CHECK(r.retryable);
  CHECK(r.error.find("SECRET") == std::string::npos);
  CHECK(r.error.find("<redacted>") != std::string::npos);
}

TEST_CASE("slack: api_url_file is read at send time") {
  TestHttpServer server;
  const std::string path = "/tmp/overlord_slack_url_test_" + std::to_string(server.port());
  { std::ofstream(path) << server.Url("/from-file") << "\n"; }
  config::SlackConfig conf;
  conf.api_url_file = path;
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  SlackIntegration slack(conf, 0, templates, clock);
  CHECK(slack.Send(testing::Fail(), kZeroTime).ok);
  std::remove(path.c_str());
  SendResult missing = slack.Send(testing::Fail(), kZeroTime);
  CHECK_FALSE(missing.ok);
  REQUIRE(server.requests().size() == 1);
  CHECK(server.requests()[0].path == "/from-file");
}

TEST_CASE("slack: a template error fails without retry and sends nothing") {
  TestHttpServer server;
  config::SlackConfig conf;
  conf.api_url.value = server.Url("/hook");
  conf.title = "{{ .Foo }}";
  conf.text = "{{ template \"nope\" . }}";  // later errors do not replace the first
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  SlackIntegration slack(conf, 0, templates, clock);
  SendResult r = slack.Send(testing::Fail(), kZeroTime);
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.retryable);
  // Alertmanager 0.25's text for the same config.
  CHECK(
      r.error ==
      R"(template: :1:3: executing "" at <.Foo>: can't evaluate field Foo in type *template.Data)");
  CHECK(server.requests().empty());
}

TEST_CASE("slack: empty optional keys are omitted, text/fallback/callback_id/footer kept") {
  config::SlackConfig conf;  // no defaults: every template empty
  conf.api_url.value = "http://unused";
  const TemplateSet templates = TemplateSet::WithDefaults();
  Result<SlackMessage> m = RenderSlackMessage(conf, templates, testing::Fail());
  REQUIRE(m.ok());
  CHECK(
      m->body ==
      R"({"attachments":[{"text":"","fallback":"","callback_id":"","footer":"","mrkdwn_in":["fallback","pretext","text"]}]})"
      "\n");
}

TEST_CASE("slack: a Retry-After on a failure is reported") {
  testing::RetryAfterServer server(503, "7");
  config::SlackConfig conf;
  conf.api_url.value = "http://127.0.0.1:" + std::to_string(server.port()) + "/hook";
  const TemplateSet templates = TemplateSet::WithDefaults();
  SystemClock clock;
  SlackIntegration slack(conf, 0, templates, clock);
  SendResult r = slack.Send(testing::Fail(), kZeroTime);
  CHECK(r.retryable);
  REQUIRE(r.retry_after.has_value());
  CHECK(*r.retry_after == std::chrono::seconds(7));
}

}  // namespace
}  // namespace overlord
