// Real clients against the real server: amtool (Alertmanager's CLI) and Prometheus 2.42
// with an always-firing rule. Skipped with a MESSAGE only when the client binary is absent.
#include <doctest/doctest.h>

#include <signal.h>
#include <unistd.h>

#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kAmtool = "/usr/bin/amtool";
constexpr const char* kPrometheus = "/usr/bin/prometheus";

constexpr const char* kConfig = R"(
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
- name: hook
  webhook_configs:
  - url: {{SINK}}
)";

bool Executable(const char* path) { return ::access(path, X_OK) == 0; }

// Runs a command to completion (bounded); returns exit code and its combined output.
std::pair<int, std::string> Run(const TempDir& dir, const std::vector<std::string>& argv) {
  std::string out = dir.File("cmd-" + std::to_string(::getpid()) + ".out");
  WriteFile(out, "");
  ChildProcess p;
  if (Status s = p.Start(argv, out); !s.ok()) return {-1, s.error()};
  std::optional<int> code = p.WaitForExit(std::chrono::seconds(20));
  if (!code) {
    p.Kill();
    return {-2, "timed out\n" + ReadFile(out)};
  }
  return {*code, ReadFile(out)};
}

TEST_CASE("amtool adds and queries alerts through the API") {
  if (!Executable(kAmtool)) {
    MESSAGE("skipped: ", kAmtool, " not installed");
    return;
  }
  WebhookSink sink;
  OverlordServer server("amtool", Fill(kConfig, {{"SINK", sink.Url("/hook")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  std::string url = "--alertmanager.url=" + server.base_url();

  auto [add_code, add_out] = Run(server.dir(), {kAmtool, url, "alert", "add", "alertname=Foo",
                                                "sev=page", "--annotation=summary=x"});
  INFO("amtool alert add: ", add_out);
  REQUIRE(add_code == 0);

  auto [q_code, q_out] = Run(server.dir(), {kAmtool, url, "alert", "query"});
  INFO("amtool alert query: ", q_out);
  CHECK(q_code == 0);
  CHECK(q_out.find("Foo") != std::string::npos);
  CHECK(q_out.find("Alertname") != std::string::npos);

  auto [e_code, e_out] = Run(server.dir(), {kAmtool, url, "-o", "extended", "alert", "query",
                                            "sev=page"});
  INFO("amtool -o extended alert query sev=page: ", e_out);
  CHECK(e_code == 0);
  CHECK(e_out.find("alertname=\"Foo\"") != std::string::npos);
  CHECK(e_out.find("summary=\"x\"") != std::string::npos);

  auto [s_code, s_out] = Run(server.dir(), {kAmtool, url, "config", "show"});
  INFO("amtool config show: ", s_out);
  CHECK(s_code == 0);
  CHECK(s_out.find("receiver: hook") != std::string::npos);

  REQUIRE(sink.WaitFor(1, std::chrono::seconds(5)));
  CHECK(sink.Requests()[0].json["alerts"][0]["labels"] ==
        nlohmann::json{{"alertname", "Foo"}, {"sev", "page"}});
  CHECK(server.Stop() == 0);
}

TEST_CASE("Prometheus sends an always-firing rule's alert through overlord to the webhook") {
  if (!Executable(kPrometheus)) {
    MESSAGE("skipped: ", kPrometheus, " not installed");
    return;
  }
  WebhookSink sink;
  OverlordServer server("prometheus", Fill(kConfig, {{"SINK", sink.Url("/hook")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  TempDir prom_dir("prometheus");
  WriteFile(prom_dir.File("rules.yml"), R"(
groups:
- name: integration
  interval: 1s
  rules:
  - alert: AlwaysFiring
    expr: vector(1)
    for: 0s
    labels:
      severity: test
    annotations:
      summary: always firing
)");
  WriteFile(prom_dir.File("prometheus.yml"),
            Fill(R"(
global:
  evaluation_interval: 1s
rule_files:
- {{RULES}}
alerting:
  alertmanagers:
  - static_configs:
    - targets: ['127.0.0.1:{{PORT}}']
)",
                 {{"RULES", prom_dir.File("rules.yml")}, {"PORT", std::to_string(server.port())}}));
  std::string prom_log = prom_dir.File("prometheus.log");
  ChildProcess prom;  // SIGKILLed by its destructor whatever happens below
  REQUIRE(prom.Start({kPrometheus, "--config.file=" + prom_dir.File("prometheus.yml"),
                      "--web.listen-address=127.0.0.1:" + std::to_string(PickFreePort()),
                      "--storage.tsdb.path=" + prom_dir.File("tsdb"),
                      // Alerts that fire before the Alertmanager list is discovered are
                      // dropped; the default 1m resend delay would then stall the test.
                      "--rules.alert.resend-delay=1s"},
                     prom_log)
              .ok());
  INFO("--- prometheus log ---\n", ReadFile(prom_log));

  bool arrived = sink.WaitFor(1, std::chrono::seconds(60));
  CHECK_MESSAGE(arrived, "no notification within 60s");
  if (arrived) {
    nlohmann::json body = sink.Requests()[0].json;
    INFO(body.dump());
    REQUIRE(body["alerts"].size() == 1);
    const nlohmann::json& a = body["alerts"][0];
    CHECK(a["labels"] == nlohmann::json{{"alertname", "AlwaysFiring"}, {"severity", "test"}});
    CHECK(a["annotations"] == nlohmann::json{{"summary", "always firing"}});
    CHECK(a["status"] == "firing");
    CHECK(a["generatorURL"].get<std::string>().find("/graph?g0.expr=vector") != std::string::npos);
    CHECK(body["groupKey"] == "{}:{alertname=\"AlwaysFiring\"}");
    // Prometheus re-sends every eval; the API shows the alert as active.
    nlohmann::json alerts = server.GetJson("/api/v2/alerts");
    REQUIRE(alerts.size() == 1);
    CHECK(alerts[0]["status"]["state"] == "active");
  }
  prom.Signal(SIGTERM);
  if (!prom.WaitForExit(std::chrono::seconds(10))) prom.Kill();
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
