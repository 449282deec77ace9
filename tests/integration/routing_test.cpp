// Spec 4 and 11.4: continue, child route matchers, group_by ['...'], and max_alerts.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kConfig = R"(
route:
  receiver: default
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
  routes:
  - matchers: [team="a"]
    receiver: team-a
    continue: true
  - matchers: ['team=~"a|b"']
    receiver: team-ab
    group_by: [alertname]
  - matchers: [severity="page"]
    receiver: all-labels
    group_by: ['...']
  - matchers: [kind="many"]
    receiver: truncated
receivers:
- name: default
  webhook_configs:
  - url: {{SINK}}/default
- name: team-a
  webhook_configs:
  - url: {{SINK}}/team-a
- name: team-ab
  webhook_configs:
  - url: {{SINK}}/team-ab
- name: all-labels
  webhook_configs:
  - url: {{SINK}}/all
- name: truncated
  webhook_configs:
  - url: {{SINK}}/trunc
    max_alerts: 2
)";

std::set<std::string> GroupKeys(const std::vector<ReceivedRequest>& reqs) {
  std::set<std::string> out;
  for (const ReceivedRequest& r : reqs) out.insert(r.json.value("groupKey", "<none>"));
  return out;
}

TEST_CASE("routing: continue, child matchers, group_by all labels, max_alerts truncation") {
  WebhookSink sink;
  OverlordServer server("routing", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  SysTime now = std::chrono::system_clock::now();
  std::vector<nlohmann::json> alerts = {
      MakeAlert({{"alertname", "R1"}, {"team", "a"}}, now),
      MakeAlert({{"alertname", "R2"}, {"team", "b"}}, now),
      MakeAlert({{"alertname", "R3"}, {"team", "c"}}, now),
      MakeAlert({{"alertname", "R4"}, {"severity", "page"}, {"instance", "x"}}, now),
      MakeAlert({{"alertname", "R4"}, {"severity", "page"}, {"instance", "y"}}, now),
  };
  for (int i = 1; i <= 5; ++i) {
    alerts.push_back(MakeAlert({{"alertname", "T"}, {"kind", "many"}, {"n", std::to_string(i)}},
                               now, std::nullopt, {{"same", "yes"}, {"n", std::to_string(i)}}));
  }
  REQUIRE(server.PostAlerts(alerts).status == 200);

  // 1 + 2 + 1 + 2 + 1 notifications.
  REQUIRE(sink.WaitFor(7, std::chrono::seconds(5)));
  CHECK(sink.CountAfter(std::chrono::milliseconds(1000)) == 7);

  // continue: true on the team="a" route → R1 reaches team-a AND team-ab, not default.
  std::vector<ReceivedRequest> a = sink.Requests("/team-a");
  REQUIRE(a.size() == 1);
  CHECK(a[0].json["receiver"] == "team-a");
  CHECK(a[0].json["groupKey"] == "{}/{team=\"a\"}:{}");
  CHECK(a[0].json["groupLabels"] == nlohmann::json::object());
  REQUIRE(a[0].json["alerts"].size() == 1);
  CHECK(a[0].json["alerts"][0]["labels"]["alertname"] == "R1");

  std::vector<ReceivedRequest> ab = sink.Requests("/team-ab");
  CHECK(GroupKeys(ab) == std::set<std::string>{"{}/{team=~\"a|b\"}:{alertname=\"R1\"}",
                                               "{}/{team=~\"a|b\"}:{alertname=\"R2\"}"});
  for (const ReceivedRequest& r : ab) CHECK(r.json["groupLabels"].size() == 1);

  std::vector<ReceivedRequest> def = sink.Requests("/default");
  REQUIRE(def.size() == 1);
  CHECK(def[0].json["groupKey"] == "{}:{}");
  REQUIRE(def[0].json["alerts"].size() == 1);
  CHECK(def[0].json["alerts"][0]["labels"]["alertname"] == "R3");

  // group_by ['...']: one group per label set, group labels = all labels.
  std::vector<ReceivedRequest> all = sink.Requests("/all");
  CHECK(GroupKeys(all) ==
        std::set<std::string>{
            "{}/{severity=\"page\"}:{alertname=\"R4\", instance=\"x\", severity=\"page\"}",
            "{}/{severity=\"page\"}:{alertname=\"R4\", instance=\"y\", severity=\"page\"}"});
  for (const ReceivedRequest& r : all) {
    REQUIRE(r.json["alerts"].size() == 1);
    CHECK(r.json["groupLabels"] == r.json["alerts"][0]["labels"]);
  }

  // max_alerts: 2 → first two alerts in flush order (whole label set, lexicographic), the
  // other three counted in truncatedAlerts; common annotations over the kept two only.
  std::vector<ReceivedRequest> t = sink.Requests("/trunc");
  REQUIRE(t.size() == 1);
  INFO("truncated body: ", t[0].body);
  CHECK(t[0].json["truncatedAlerts"] == 3);
  REQUIRE(t[0].json["alerts"].size() == 2);
  CHECK(t[0].json["alerts"][0]["labels"]["n"] == "1");
  CHECK(t[0].json["alerts"][1]["labels"]["n"] == "2");
  CHECK(t[0].json["commonLabels"] == nlohmann::json{{"alertname", "T"}, {"kind", "many"}});
  CHECK(t[0].json["commonAnnotations"] == nlohmann::json{{"same", "yes"}});
  CHECK(t[0].json["groupKey"] == "{}/{kind=\"many\"}:{}");
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
