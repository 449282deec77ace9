// Receivers (spec 2.3), global settings (2.1) and http_config inheritance.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/loader.h"

namespace overlord::config {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

Config MustLoad(const std::string& text, const std::string& path = "alertmanager.yml") {
  Result<Config> cfg = LoadConfigString(text, path);
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  return std::move(cfg).value();
}

std::string ErrorOf(const std::string& text) {
  Result<Config> cfg = LoadConfigString(text, "alertmanager.yml");
  REQUIRE_FALSE(cfg.ok());
  return cfg.error();
}

const std::string kRoute = "route: {receiver: r}\n";

TEST_CASE("receivers: slack defaults and global api_url") {
  Config cfg = MustLoad(kRoute + R"(
global:
  slack_api_url: https://hooks.slack.com/services/X
receivers:
  - name: r
    slack_configs:
      - channel: '#ops'
      - api_url: https://example.com/hook
        send_resolved: true
        title: custom
        mrkdwn_in: [text]
        fields: [{title: t, value: v, short: true}]
        actions:
          - {type: button, text: Open, url: 'https://x', name: ignored, value: gone}
          - {type: button, text: Ack, name: ack, value: "1", confirm: {text: 'sure?'}}
)");
  const Receiver* r = cfg.FindReceiver("r");
  REQUIRE(r != nullptr);
  CHECK(cfg.FindReceiver("missing") == nullptr);
  REQUIRE(r->slack_configs.size() == 2);
  const SlackConfig& a = r->slack_configs[0];
  CHECK_FALSE(a.send_resolved);
  CHECK(a.api_url.value == "https://hooks.slack.com/services/X");
  CHECK(a.channel == "#ops");
  CHECK(a.title == R"({{ template "slack.default.title" . }})");
  CHECK(a.username == R"({{ template "slack.default.username" . }})");
  CHECK(a.color == R"({{ template "slack.default.color" . }})");
  CHECK(a.title_link == R"({{ template "slack.default.titlelink" . }})");
  CHECK(a.callback_id == R"({{ template "slack.default.callbackid" . }})");
  CHECK(a.icon_emoji == R"({{ template "slack.default.iconemoji" . }})");
  CHECK(a.icon_url == R"({{ template "slack.default.iconurl" . }})");
  CHECK(a.image_url.empty());
  CHECK(a.mrkdwn_in == std::vector<std::string>{"fallback", "pretext", "text"});
  CHECK(a.http_config.follow_redirects);
  CHECK(a.http_config.enable_http2);

  const SlackConfig& b = r->slack_configs[1];
  CHECK(b.send_resolved);
  CHECK(b.api_url.value == "https://example.com/hook");
  CHECK(b.title == "custom");
  CHECK(b.mrkdwn_in == std::vector<std::string>{"text"});
  REQUIRE(b.fields.size() == 1);
  CHECK(b.fields[0].short_ == true);
  REQUIRE(b.actions.size() == 2);
  CHECK(b.actions[0].name.empty());  // cleared: url buttons carry no name/value
  CHECK(b.actions[0].value.empty());
  CHECK(b.actions[1].confirm->text == "sure?");
}

TEST_CASE("receivers: slack errors") {
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, slack_configs: [{channel: x}]}]\n"),
                 "receivers[0].slack_configs[0]: no global Slack API URL set either inline or in a file"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, slack_configs: [{api_url: 'http://x', fields: [{title: t}]}]}]
)"),
                 "missing value in Slack field configuration"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, slack_configs: [{api_url: 'http://x', actions: [{type: button, text: t}]}]}]
)"),
                 "missing name or url in Slack action configuration"));
  CHECK(Contains(ErrorOf(kRoute + R"(
global: {slack_api_url: 'http://x', slack_api_url_file: /f}
receivers: [{name: r}]
)"),
                 "at most one of slack_api_url & slack_api_url_file must be configured"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, slack_configs: [{api_url: 'ftp://x'}]}]\n"),
                 "unsupported scheme \"ftp\" for URL"));
}

TEST_CASE("receivers: pagerduty defaults") {
  Config cfg = MustLoad(kRoute + R"(
global: {pagerduty_url: 'https://pd.example.com/v2/enqueue'}
receivers:
  - name: r
    pagerduty_configs:
      - routing_key: rk
        details: {firing: mine, extra: x}
      - service_key: sk
        client: me
        url: 'https://other.example.com/'
)");
  const auto& pd = cfg.receivers.at(0).pagerduty_configs;
  REQUIRE(pd.size() == 2);
  CHECK(pd[0].send_resolved);
  CHECK(pd[0].routing_key.value == "rk");
  CHECK(pd[0].url == "https://pd.example.com/v2/enqueue");
  CHECK(pd[0].client == R"({{ template "pagerduty.default.client" . }})");
  CHECK(pd[0].client_url == R"({{ template "pagerduty.default.clientURL" . }})");
  CHECK(pd[0].description == R"({{ template "pagerduty.default.description" .}})");
  CHECK(pd[0].source == pd[0].client);
  CHECK(pd[0].details.at("firing") == "mine");
  CHECK(pd[0].details.at("extra") == "x");
  CHECK(pd[0].details.at("resolved") ==
        R"({{ template "pagerduty.default.instances" .Alerts.Resolved }})");
  CHECK(pd[0].details.at("num_firing") == "{{ .Alerts.Firing | len }}");
  CHECK(pd[0].details.at("num_resolved") == "{{ .Alerts.Resolved | len }}");
  CHECK(pd[1].service_key.value == "sk");
  CHECK(pd[1].source == "me");
  CHECK(pd[1].url == "https://other.example.com/");

  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, pagerduty_configs: [{severity: x}]}]\n"),
                 "missing service or routing key in PagerDuty config"));
}

TEST_CASE("receivers: opsgenie global key and url with trailing slash") {
  Config cfg = MustLoad(kRoute + R"(
global:
  opsgenie_api_key: gk
  opsgenie_api_url: https://eu.opsgenie.example/base
receivers:
  - name: r
    opsgenie_configs:
      - responders: [{name: ops, type: Team}]
        tags: a,b
      - api_key: own
        api_url: https://api.opsgenie.com/
)");
  const auto& og = cfg.receivers.at(0).opsgenie_configs;
  REQUIRE(og.size() == 2);
  CHECK(og[0].api_key.value == "gk");
  CHECK(og[0].api_url == "https://eu.opsgenie.example/base/");
  CHECK(og[0].message == R"({{ template "opsgenie.default.message" . }})");
  CHECK(og[0].description == R"({{ template "opsgenie.default.description" . }})");
  CHECK(og[0].source == R"({{ template "opsgenie.default.source" . }})");
  CHECK(og[0].responders.at(0).type == "team");  // lower-cased
  CHECK(og[0].send_resolved);
  CHECK(og[1].api_key.value == "own");
  CHECK(og[1].api_url == "https://api.opsgenie.com/");

  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, opsgenie_configs: [{message: m}]}]\n"),
                 "no global OpsGenie API Key set either inline or in a file"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, opsgenie_configs: [{api_key: k, responders: [{type: team}]}]}]
)"),
                 "has to have at least one of id, username or name specified"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, opsgenie_configs: [{api_key: k, responders: [{name: x, type: squad}]}]}]
)"),
                 "type does not match valid options"));
}

TEST_CASE("receivers: webhook url checks, url_file and max_alerts") {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / "ov_config_test_webhook";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "url.txt");
    f << "  https://hooks.example.com/x \n";
  }
  Config cfg = MustLoad(kRoute + R"(
receivers:
  - name: r
    webhook_configs:
      - url: http://127.0.0.1:5001/
        max_alerts: 10
        timeout: 1.5s
      - url_file: url.txt
        send_resolved: false
)",
                        (dir / "alertmanager.yml").string());
  const auto& wh = cfg.receivers.at(0).webhook_configs;
  REQUIRE(wh.size() == 2);
  CHECK(wh[0].send_resolved);
  CHECK(wh[0].max_alerts == 10);
  CHECK(wh[0].timeout == std::chrono::milliseconds(1500));
  CHECK(wh[1].url.value == "https://hooks.example.com/x");  // trimmed
  CHECK_FALSE(wh[1].send_resolved);

  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, webhook_configs: [{url: '1host:80/x'}]}]\n"),
                 "first path segment in URL cannot contain colon"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, webhook_configs: [{url: '/hook'}]}]\n"),
                 "receivers[0].webhook_configs[0].url: unsupported scheme \"\" for URL"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, webhook_configs: [{url: 'http:///x'}]}]\n"),
                 "missing host for URL"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, webhook_configs: [{send_resolved: true}]}]\n"),
                 "one of url or url_file must be configured"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, webhook_configs: [{url: 'http://x', max_alerts: -1}]}]\n"),
                 "into uint64"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, webhook_configs: [{url_file: /nonexistent/x}]}]\n"),
                 "unable to read file \"/nonexistent/x\""));
  std::filesystem::remove_all(dir);
}

TEST_CASE("receivers: names, uniqueness and unsupported integrations") {
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r}, {webhook_configs: []}]\n"),
                 "receivers[1]: missing name in receiver"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r}, {name: r}]\n"),
                 "notification config name \"r\" is not unique"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, sms_configs: [{}]}]\n"),
                 "receivers[0].sms_configs: field sms_configs not found"));

  Config cfg = MustLoad(kRoute + R"(
global: {smtp_smarthost: 'mail:25', smtp_from: am@example.com}
receivers:
  - name: r
  - name: ops
    email_configs: [{to: ops@example.com, auth_password: pw}]
    telegram_configs: [{bot_token: t, chat_id: -100123}]
)");
  const Receiver* ops = cfg.FindReceiver("ops");
  REQUIRE(ops != nullptr);
  REQUIRE(ops->unsupported.size() == 2);
  CHECK(ops->unsupported[0].type == "email");
  CHECK_FALSE(ops->unsupported[0].send_resolved);
  CHECK(ops->unsupported[1].type == "telegram");
  CHECK(ops->unsupported[1].send_resolved);
  REQUIRE(cfg.warnings.size() == 2);
  CHECK(cfg.warnings[0] ==
        "receiver \"ops\": email_configs[0] is not supported by Overlord yet; its notifications "
        "will be counted as dropped");
  CHECK(cfg.FindReceiver("r")->unsupported.empty());

  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, email_configs: [{to: x@y}]}]\n"),
                 "no global SMTP smarthost set"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, email_configs: [{from: x@y, smarthost: 'h:25'}]}]\n"),
                 "missing to address in email config"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, telegram_configs: [{bot_token: t}]}]\n"),
                 "missing chat_id or chat_id_file on telegram_config"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r, discord_configs: [{webhook_url: 'x'}]}]\n"),
                 "unsupported scheme \"\" for URL"));
}

TEST_CASE("http_config: inherited from global as a whole object") {
  Config cfg = MustLoad(kRoute + R"(
global:
  http_config:
    basic_auth: {username: u, password: p}
    follow_redirects: false
receivers:
  - name: r
    webhook_configs:
      - url: http://a/
      - url: http://b/
        http_config:
          tls_config: {insecure_skip_verify: true}
      - url: http://c/
        http_config:
          bearer_token: tok
)");
  const auto& wh = cfg.receivers.at(0).webhook_configs;
  REQUIRE(wh[0].http_config.basic_auth.has_value());
  CHECK(wh[0].http_config.basic_auth->password.value == "p");
  CHECK_FALSE(wh[0].http_config.follow_redirects);
  // Its own http_config replaces the global one: no basic_auth, defaults restored.
  CHECK_FALSE(wh[1].http_config.basic_auth.has_value());
  CHECK(wh[1].http_config.follow_redirects);
  CHECK(wh[1].http_config.tls_config.insecure_skip_verify);
  // Legacy bearer_token becomes an authorization of type Bearer.
  REQUIRE(wh[2].http_config.authorization.has_value());
  CHECK(wh[2].http_config.authorization->type == "Bearer");
  CHECK(wh[2].http_config.authorization->credentials.value == "tok");

  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, webhook_configs: [{url: 'http://x', http_config: {basic_auth: {username: u}, bearer_token: t}}]}]
)"),
                 "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, webhook_configs: [{url: 'http://x', http_config: {authorization: {type: Basic}}}]}]
)"),
                 "authorization type cannot be set to \"basic\", use \"basic_auth\" instead"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, webhook_configs: [{url: 'http://x', http_config: {tls_config: {min_version: TLS9}}}]}]
)"),
                 "unknown TLS version: TLS9"));
  CHECK(Contains(ErrorOf(kRoute + R"(
receivers: [{name: r, webhook_configs: [{url: 'http://x', http_config: {follow_redirect: true}}]}]
)"),
                 "http_config.follow_redirect: field follow_redirect not found"));
}

TEST_CASE("global: defaults, accepted out-of-scope keys, unknown keys") {
  Config cfg = MustLoad(kRoute + "receivers: [{name: r}]\n");
  CHECK(cfg.global.resolve_timeout == std::chrono::minutes(5));
  CHECK(cfg.global.pagerduty_url == "https://events.pagerduty.com/v2/enqueue");
  CHECK(cfg.global.opsgenie_api_url == "https://api.opsgenie.com/");
  CHECK(cfg.global.http_config.follow_redirects);
  CHECK(cfg.global.http_config.enable_http2);

  MustLoad(kRoute + R"(
global:
  smtp_smarthost: 'smtp.example.com:587'
  smtp_from: a@b
  smtp_require_tls: false
  wechat_api_url: https://qyapi.weixin.qq.com/cgi-bin/
  victorops_api_url: https://alert.victorops.com/x/
  telegram_api_url: https://api.telegram.org
  webex_api_url: https://webexapis.com/v1/messages
  jira_api_url: https://jira.example.com
  rocketchat_api_url: https://open.rocket.chat/
  mattermost_webhook_url: https://mm.example.com/hooks/x
tracing: {endpoint: 'localhost:4317'}
receivers: [{name: r}]
)");
  CHECK(Contains(ErrorOf(kRoute + "global: {smtp_smarthost: 'smtp.example.com'}\nreceivers: [{name: r}]\n"),
                 "global.smtp_smarthost: address smtp.example.com: missing port in address"));
  CHECK(Contains(ErrorOf(kRoute + "global: {slack_url: 'http://x'}\nreceivers: [{name: r}]\n"),
                 "global.slack_url: field slack_url not found"));
  CHECK(Contains(ErrorOf(kRoute + "global: {resolve_timeout: 5 minutes}\nreceivers: [{name: r}]\n"),
                 "global.resolve_timeout: not a valid duration \"5 minutes\""));
}

TEST_CASE("templates: globs made absolute against the config's folder") {
  Config cfg = MustLoad(kRoute + R"(
receivers: [{name: r}]
templates: ['templates/*.tmpl', '/etc/am/*.tmpl', './x/../y.tmpl']
)",
                        "/srv/am/alertmanager.yml");
  CHECK(cfg.templates ==
        std::vector<std::string>{"/srv/am/templates/*.tmpl", "/etc/am/*.tmpl", "/srv/am/y.tmpl"});
  CHECK(cfg.path == "/srv/am/alertmanager.yml");
  CHECK(Contains(cfg.original, "templates:"));
}

TEST_CASE("inhibit_rules: every form is ANDed per side") {
  Config cfg = MustLoad(kRoute + R"(
receivers: [{name: r}]
inhibit_rules:
  - source_match: {severity: critical}
    source_match_re: {cluster: "eu-.*"}
    source_matchers: ['team="db"']
    target_matchers: ['severity=~"warning|info"']
    target_match: {page: "no"}
    equal: [alertname, cluster]
    name: crit-over-warn
  - equal: []
)");
  REQUIRE(cfg.inhibit_rules.size() == 2);
  const InhibitRule& r = cfg.inhibit_rules[0];
  CHECK(MatchersToString(r.source_matchers) == R"({severity="critical",cluster=~"^(?:eu-.*)$",team="db"})");
  CHECK(MatchersToString(r.target_matchers) == R"({page="no",severity=~"warning|info"})");
  CHECK(r.equal == std::vector<std::string>{"alertname", "cluster"});
  CHECK(r.name == "crit-over-warn");
  CHECK(cfg.inhibit_rules[1].source_matchers.empty());  // matches every alert

  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r}]\ninhibit_rules: [{equal: ['']}]\n"),
                 "invalid label name \"\" in equal list"));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r}]\ninhibit_rules: [{source_match: {1a: x}}]\n"),
                 "inhibit_rules[0].source_match.1a: invalid label name \"1a\""));
  CHECK(Contains(ErrorOf(kRoute + "receivers: [{name: r}]\ninhibit_rules: [{target_matchers: ['a=~\"(\"']}]\n"),
                 "inhibit_rules[0].target_matchers[0]"));
}

}  // namespace
}  // namespace overlord::config
