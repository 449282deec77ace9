// An integration Overlord cannot send to (email here) is never dropped silently: the config
// loads with a warning, each notification for it is logged as a failure and counted, and the
// receiver's supported integrations still deliver.
#include <doctest/doctest.h>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kConfig = R"(
global:
  smtp_smarthost: 'mail.example.org:25'
  smtp_from: 'am@example.org'
route:
  receiver: mixed
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
receivers:
- name: mixed
  email_configs:
  - to: oncall@example.org
  webhook_configs:
  - url: {{SINK}}/hook
)";

TEST_CASE("unsupported integrations: warned at load, notifications logged and counted as dropped") {
  WebhookSink sink;
  OverlordServer server("unsupported", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  CHECK(server.CountLogLines({"level=warn", "email_configs[0] is not supported by Overlord"}) == 1);
  CHECK(server.Metric("overlord_unsupported_integrations{integration=\"email\"}") == 1.0);

  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "Mail"}}, std::chrono::system_clock::now())})
              .status == 200);
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(5), "/hook"));
  REQUIRE(server.WaitForLog({"msg=\"Notify for alerts failed\"", "integration=email[0]"}, 1,
                            std::chrono::seconds(5)));
  CHECK(server.Log().find("email integration is not supported by Overlord; notification dropped") !=
        std::string::npos);
  CHECK(server.Metric("overlord_notifications_dropped_total{integration=\"email\"}") == 1.0);
  CHECK(server.Metric("alertmanager_notifications_failed_total{integration=\"email\",reason=\"other\"}") == 1.0);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
