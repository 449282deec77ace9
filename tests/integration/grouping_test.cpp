// Spec 5: alerts of one group share a notification; later alerts wait for the next
// group_interval tick; re-sends of known alerts send nothing until repeat_interval, which is
// only evaluated on ticks (5.8: effective period = smallest multiple of group_interval
// strictly greater than repeat_interval).
#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kConfig = R"(
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 5s
receivers:
- name: hook
  webhook_configs:
  - url: {{SINK}}
)";

std::set<std::string> Instances(const nlohmann::json& body) {
  std::set<std::string> out;
  for (const nlohmann::json& a : body["alerts"]) out.insert(a["labels"].value("instance", "?"));
  return out;
}

TEST_CASE("grouping: one notification per group, next alerts on the group_interval tick") {
  WebhookSink sink;
  OverlordServer server("grouping", Fill(kConfig, {{"SINK", sink.Url("/hook")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  using std::chrono::seconds;
  SysTime t0 = std::chrono::system_clock::now();
  auto alert = [&](const std::string& instance) {
    // Prometheus style: fixed startsAt, endsAt a few minutes ahead, refreshed on re-send.
    return MakeAlert({{"alertname", "G"}, {"instance", instance}}, t0,
                     std::chrono::system_clock::now() + std::chrono::minutes(3));
  };

  auto posted = std::chrono::steady_clock::now();
  REQUIRE(server.PostAlerts({alert("1")}).status == 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  REQUIRE(server.PostAlerts({alert("2")}).status == 200);

  REQUIRE(sink.WaitFor(1, seconds(4)));
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  // Third alert after the first flush: it must wait for the tick group_interval later.
  REQUIRE(server.PostAlerts({alert("3")}).status == 200);

  REQUIRE(sink.WaitFor(2, seconds(5)));
  std::vector<ReceivedRequest> reqs = sink.Requests();
  REQUIRE(reqs.size() == 2);
  long long first = MsBetween(posted, reqs[0].steady_time);
  long long gap = MsBetween(reqs[0].steady_time, reqs[1].steady_time);
  INFO("first after ", first, "ms, second ", gap, "ms after the first");
  CHECK(first >= 1000 - kSlack.count());
  CHECK(first <= 1000 + kSlack.count());
  CHECK(Instances(reqs[0].json) == std::set<std::string>{"1", "2"});
  CHECK(reqs[0].json["status"] == "firing");
  CHECK(reqs[0].json["groupKey"] == "{}:{alertname=\"G\"}");
  CHECK(gap >= 2000 - kSlack.count());
  CHECK(gap <= 2000 + kSlack.count());
  CHECK(Instances(reqs[1].json) == std::set<std::string>{"1", "2", "3"});

  // Re-sending the same alerts (new endsAt) is not news: nothing on the next two ticks.
  REQUIRE(server.PostAlerts({alert("1"), alert("2"), alert("3")}).status == 200);
  // Tick k is at second + k*2s. repeat_interval 5s is measured from the nflog timestamp
  // written just after the second send, so ticks +2s and +4s are quiet and +6s repeats.
  auto second = reqs[1].steady_time;
  std::this_thread::sleep_until(second + std::chrono::milliseconds(4000 + kSlack.count()));
  CHECK(sink.Count() == 2);

  REQUIRE(sink.WaitFor(3, seconds(4)));
  reqs = sink.Requests();
  long long repeat = MsBetween(second, reqs[2].steady_time);
  INFO("repeat ", repeat, "ms after the second notification");
  CHECK(repeat >= 6000 - kSlack.count());
  CHECK(repeat <= 6000 + kSlack.count());
  CHECK(Instances(reqs[2].json) == std::set<std::string>{"1", "2", "3"});
  // The log line follows the send (and the nflog write), so it may lag the sink a little.
  CHECK(server.WaitForLog({"msg=\"Notify success\"", "reason=\"repeat interval elapsed\""}, 1,
                          std::chrono::seconds(2)));
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
