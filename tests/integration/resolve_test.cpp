// Spec 6.2/6.3 and 16.3/16.4: resolved notifications, send_resolved: false, and alerts that
// resolve before their group's first flush.
#include <doctest/doctest.h>

#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

// Three independent routes, one per scenario, so they run side by side in one server.
constexpr const char* kConfig = R"(
route:
  receiver: resolved-default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
  routes:
  - matchers: [case="no-resolved"]
    receiver: no-resolved
  - matchers: [case="quick"]
    receiver: quick
    group_wait: 2s
receivers:
- name: resolved-default
  webhook_configs:
  - url: {{SINK}}/default
- name: no-resolved
  webhook_configs:
  - url: {{SINK}}/no-resolved
    send_resolved: false
- name: quick
  webhook_configs:
  - url: {{SINK}}/quick
)";

TEST_CASE("resolve: resolved notification by default, none with send_resolved false or within group_wait") {
  WebhookSink sink;
  OverlordServer server("resolve", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  using std::chrono::seconds;
  using std::chrono::system_clock;

  SysTime t0 = system_clock::now();
  nlohmann::json def = MakeAlert({{"alertname", "R"}, {"case", "default"}}, t0);
  nlohmann::json nores = MakeAlert({{"alertname", "N"}, {"case", "no-resolved"}}, t0);
  nlohmann::json quick = MakeAlert({{"alertname", "Q"}, {"case", "quick"}}, t0);
  REQUIRE(server.PostAlerts({def, nores, quick}).status == 200);
  // The quick one resolves well within its group_wait (2s).
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  SysTime quick_end = system_clock::now() - std::chrono::milliseconds(50);
  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "Q"}, {"case", "quick"}}, t0, quick_end)})
              .status == 200);

  REQUIRE(sink.WaitFor(1, seconds(4), "/default"));
  REQUIRE(sink.WaitFor(1, seconds(4), "/no-resolved"));
  // Firing notifications for R and N are in; now resolve both (endsAt in the past).
  SysTime end = system_clock::now() - std::chrono::milliseconds(100);
  auto resolved_at = std::chrono::steady_clock::now();
  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "R"}, {"case", "default"}}, t0, end),
                             MakeAlert({{"alertname", "N"}, {"case", "no-resolved"}}, t0, end)})
              .status == 200);

  REQUIRE(sink.WaitFor(2, seconds(4), "/default"));
  std::vector<ReceivedRequest> d = sink.Requests("/default");
  INFO("resolved body: ", d[1].body);
  CHECK(d[0].json["status"] == "firing");
  CHECK(d[1].json["status"] == "resolved");
  REQUIRE(d[1].json["alerts"].size() == 1);
  CHECK(d[1].json["alerts"][0]["status"] == "resolved");
  CHECK(d[1].json["alerts"][0]["endsAt"] == Rfc3339(end));
  CHECK(d[1].json["alerts"][0]["startsAt"] == Rfc3339(t0));
  // It came on a tick (group_interval after the first flush), not right after the POST.
  long long gap = MsBetween(d[0].steady_time, d[1].steady_time);
  INFO("resolved notification ", gap, "ms after the firing one");
  CHECK(gap >= 2000 - kSlack.count());
  CHECK(gap <= 2000 + kSlack.count());
  CHECK(MsBetween(resolved_at, d[1].steady_time) >= 0);

  // Two more ticks: nothing else anywhere (resolved groups are done; send_resolved false
  // never sends the resolution; the quick alert never fired at a flush).
  std::this_thread::sleep_for(std::chrono::milliseconds(4000 + kSlack.count()));
  CHECK(sink.Count("/default") == 2);
  CHECK(sink.Count("/no-resolved") == 1);
  CHECK(sink.Count("/quick") == 0);
  CHECK(sink.Requests("/no-resolved")[0].json["status"] == "firing");
  // GET /alerts never shows resolved alerts (16.21).
  nlohmann::json alerts = server.GetJson("/api/v2/alerts");
  INFO("GET /api/v2/alerts: ", alerts.dump());
  CHECK(alerts == nlohmann::json::array());
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
