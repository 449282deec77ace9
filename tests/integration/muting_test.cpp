// Spec 8 and 9 through the real binary: an inhibited alert is not notified while its source
// fires, and a route inside a mute interval (or outside its active intervals) sends nothing.
#include <doctest/doctest.h>

#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kConfig = R"(
route:
  receiver: hook
  group_by: [alertname, severity]
  group_wait: 1s
  group_interval: 2s
  routes:
  - matchers: [case="muted"]
    receiver: muted
    mute_time_intervals: [always]
  - matchers: [case="inactive"]
    receiver: inactive
    active_time_intervals: [long-ago]
inhibit_rules:
- source_matchers: [severity="critical"]
  target_matchers: [severity="warning"]
  equal: [alertname]
time_intervals:
- name: always
  time_intervals:
  - weekdays: ['sunday:saturday']
- name: long-ago
  time_intervals:
  - years: ['2001']
receivers:
- name: hook
  webhook_configs:
  - url: {{SINK}}/hook
- name: muted
  webhook_configs:
  - url: {{SINK}}/muted
- name: inactive
  webhook_configs:
  - url: {{SINK}}/inactive
)";

TEST_CASE("muting: inhibition and time intervals suppress notifications and show in the API") {
  WebhookSink sink;
  OverlordServer server("muting", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  auto now = std::chrono::system_clock::now();
  nlohmann::json source = MakeAlert({{"alertname", "Disk"}, {"severity", "critical"}}, now);
  nlohmann::json target = MakeAlert({{"alertname", "Disk"}, {"severity", "warning"}}, now);
  nlohmann::json other = MakeAlert({{"alertname", "Cpu"}, {"severity", "warning"}}, now);
  nlohmann::json muted = MakeAlert({{"alertname", "M"}, {"case", "muted"}}, now);
  nlohmann::json inactive = MakeAlert({{"alertname", "I"}, {"case", "inactive"}}, now);
  REQUIRE(server.PostAlerts({source, target, other, muted, inactive}).status == 200);

  // The source and the unrelated warning are sent; the inhibited warning's group sends nothing.
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(5), "/hook"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // past one more group_interval
  std::vector<std::string> sent;
  for (const auto& r : sink.Requests("/hook")) {
    for (const auto& a : r.json["alerts"]) {
      sent.push_back(a["labels"]["alertname"].get<std::string>() + "/" +
                     a["labels"]["severity"].get<std::string>());
    }
  }
  std::sort(sent.begin(), sent.end());
  CHECK(sent == std::vector<std::string>{"Cpu/warning", "Disk/critical"});
  CHECK(sink.Count("/muted") == 0);
  CHECK(sink.Count("/inactive") == 0);
  CHECK(server.Metric("alertmanager_notifications_suppressed_total{reason=\"inhibition\"}") >= 1.0);
  CHECK(server.Metric("alertmanager_notifications_suppressed_total{reason=\"mute_time_interval\"}") >= 1.0);
  CHECK(server.Metric("alertmanager_notifications_suppressed_total{reason=\"active_time_interval\"}") >= 1.0);

  // The API shows why.
  nlohmann::json listed = server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"Disk\""));
  REQUIRE(listed.size() == 2);
  for (const auto& a : listed) {
    if (a["labels"]["severity"] == "warning") {
      CHECK(a["status"]["state"] == "suppressed");
      CHECK(a["status"]["inhibitedBy"].size() == 1);
    } else {
      CHECK(a["status"]["state"] == "active");
    }
  }
  nlohmann::json m = server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"M\""));
  REQUIRE(m.size() == 1);
  CHECK(m[0]["status"]["mutedBy"] == nlohmann::json::array({"always"}));
  CHECK(server.GetJson("/api/v2/alerts?inhibited=false&filter=" + UrlEncode("alertname=\"Disk\"")).size() == 1);

  // When the source resolves, the target is no longer inhibited and is notified.
  nlohmann::json resolved = MakeAlert({{"alertname", "Disk"}, {"severity", "critical"}}, now,
                                      std::chrono::system_clock::now() - std::chrono::seconds(1));
  REQUIRE(server.PostAlerts({resolved}).status == 200);
  bool target_sent = false;
  for (int i = 0; i < 50 && !target_sent; ++i) {
    for (const auto& r : sink.Requests("/hook")) {
      for (const auto& a : r.json["alerts"]) {
        target_sent = target_sent || (a["labels"]["alertname"] == "Disk" &&
                                      a["labels"]["severity"] == "warning");
      }
    }
    if (!target_sent) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(target_sent);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
