// MarshalMasked (status config.original) and CheckConfig (amtool check-config format).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "config/check_config.h"
#include "config/loader.h"

namespace overlord::config {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

const char* kSecretConfig = R"(
global:
  slack_api_url: https://hooks.slack.com/services/SLACKSECRET
  opsgenie_api_key: OPSGENIESECRET
  smtp_smarthost: 'mail:25'
  smtp_from: am@example.com
  smtp_auth_password: SMTPSECRET
  http_config:
    authorization: {credentials: GLOBALBEARER}
route:
  receiver: r
  group_by: ['...']
  routes:
    - matchers: ['team="db"']
      receiver: r
      continue: true
receivers:
  - name: r
    webhook_configs:
      - url: http://hook.example.com/WEBHOOKSECRET
        http_config:
          basic_auth: {username: user, password: BASICSECRET}
    slack_configs: [{channel: '#c'}]
    pagerduty_configs: [{routing_key: PDSECRET}]
    opsgenie_configs: [{}]
    email_configs: [{to: a@example.com, auth_password: EMAILSECRET}]
    telegram_configs: [{bot_token: TGSECRET, chat_id: 1}]
)";

TEST_CASE("MarshalMasked: secrets never appear, defaults do") {
  Result<Config> cfg = LoadConfigString(kSecretConfig, "alertmanager.yml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  std::string out = MarshalMasked(*cfg);
  for (const char* secret : {"SLACKSECRET", "OPSGENIESECRET", "SMTPSECRET", "GLOBALBEARER",
                             "WEBHOOKSECRET", "BASICSECRET", "PDSECRET", "EMAILSECRET",
                             "TGSECRET"}) {
    CHECK_MESSAGE(!Contains(out, secret), secret);
  }
  CHECK(Contains(out, "<secret>"));
  CHECK(Contains(out, "resolve_timeout: 5m"));
  CHECK(Contains(out, "pagerduty_url: https://events.pagerduty.com/v2/enqueue"));
  CHECK(Contains(out, "smtp_hello: localhost"));
  CHECK(Contains(out, "username: user"));
  CHECK(Contains(out, "continue: false"));
  CHECK(Contains(out, "slack.default.title"));
  CHECK(Contains(out, "send_resolved: false"));

  // The masked form is itself a loadable config (as Alertmanager's is).
  Result<Config> again = LoadConfigString(out, "status.yml");
  CHECK_MESSAGE(again.ok(), (again.ok() ? "" : again.error()));
  if (again.ok()) {
    CHECK(again->route.routes.size() == 1);
    CHECK(again->route.group_by_all);
  }
}

TEST_CASE("CheckConfig: amtool format and exit code") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "ov_check_config_test";
  std::filesystem::create_directories(dir);
  std::string good = (dir / "good.yml").string();
  std::string bad = (dir / "bad.yml").string();
  {
    std::ofstream(good) << "route: {receiver: r}\nreceivers: [{name: r}, {name: s}]\n"
                           "inhibit_rules: [{equal: [a]}]\ntemplates: ['*.tmpl']\n";
    std::ofstream(bad) << "route: {receiver: nope}\nreceivers: [{name: r}]\n";
  }
  std::ostringstream out;
  CHECK(CheckConfig({good}, out) == 0);
  CHECK(out.str() == "Checking '" + good +
                         "'  SUCCESS\nFound:\n - global config\n - route\n - 1 inhibit rules\n"
                         " - 2 receivers\n - 1 templates\n  SUCCESS\n\n");

  std::ostringstream out2;
  int templates_checked = 0;
  TemplateChecker checker = [&](const std::vector<std::string>& globs) -> Status {
    ++templates_checked;
    CHECK(globs.at(0) == (dir / "*.tmpl").string());
    return Error{"template: bad"};
  };
  CHECK(CheckConfig({good, bad}, out2, checker) == 1);
  CHECK(templates_checked == 1);
  CHECK(Contains(out2.str(), "  FAILED: template: bad\n"));
  CHECK(Contains(out2.str(), "Checking '" + bad + "'  FAILED: " + bad +
                                 ":1:19: route.receiver: undefined receiver \"nope\" used in route\n"));
  CHECK(Contains(out2.str(), "error: failed to validate 2 file(s)\n"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace overlord::config
