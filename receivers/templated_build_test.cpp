// BuildIntegrations for the templated integrations (Slack, PagerDuty, OpsGenie).
#include <doctest/doctest.h>

#include "receivers/am025_recordings.h"
#include "receivers/build.h"
#include "receivers/test_http_server.h"

namespace overlord {
namespace {

std::string Describe(const Integration& i) {
  return std::string(i.type()) + "[" + std::to_string(i.index()) + "]" +
         (i.send_resolved() ? "+" : "-");
}

TEST_CASE("BuildIntegrations orders webhook, pagerduty, opsgenie, slack with their indexes") {
  const config::Config cfg = testing::OracleConfig(1);
  config::Receiver receiver = testing::OracleReceiver(cfg, "fail");  // slack, 2 pd, opsgenie
  receiver.webhook_configs.resize(1);
  SystemClock clock;
  auto integrations = BuildIntegrations(receiver, {clock});
  std::vector<std::string> got;
  for (const auto& i : integrations) got.push_back(Describe(*i));
  CHECK(got == std::vector<std::string>{"webhook[0]+", "pagerduty[0]+", "pagerduty[1]+",
                                        "opsgenie[0]+", "slack[0]-"});
}

TEST_CASE("BuildIntegrations hands the user's templates to the integrations") {
  testing::TestHttpServer server;
  config::Receiver receiver;
  receiver.name = "r";
  config::SlackConfig slack;
  slack.api_url.value = server.Url("/hook");
  slack.title = R"({{ template "slack.default.title" . }})";
  receiver.slack_configs.push_back(slack);

  TemplateSet templates = TemplateSet::WithDefaults();
  REQUIRE(
      templates.AddText("mine.tmpl", R"({{ define "slack.default.title" }}mine{{ end }})").ok());
  SystemClock clock;
  auto integrations = BuildIntegrations(receiver, {clock, &templates});
  REQUIRE(integrations.size() == 1);
  CHECK(integrations[0]->Send(testing::Fail(), kZeroTime).ok);

  auto defaults = BuildIntegrations(receiver, {clock});
  CHECK(defaults[0]->Send(testing::Fail(), kZeroTime).ok);

  const auto got = server.requests();
  REQUIRE(got.size() == 2);
  CHECK(got[0].body.find(R"("title":"mine")") != std::string::npos);
  CHECK(got[1].body.find(R"x("title":"[FIRING:1] F (fail)")x") != std::string::npos);
}

}  // namespace
}  // namespace overlord
