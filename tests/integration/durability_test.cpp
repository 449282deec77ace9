// Durability (Overlord extension, spec 1.5): alerts acknowledged with 200 survive kill -9;
// the persisted notification log prevents duplicates after restart (5.6, 16.12); alerts
// not notified before the crash are notified after it.
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

std::set<std::string> AlertNames(const nlohmann::json& alerts) {
  std::set<std::string> out;
  if (!alerts.is_array()) return {"<not an array: " + alerts.dump() + ">"};
  for (const nlohmann::json& a : alerts) out.insert(a["labels"].value("alertname", "?"));
  return out;
}

TEST_CASE("durability: kill -9 after the 200 loses nothing and sends no duplicates") {
  WebhookSink sink;
  OverlordServer server("durability", Fill(kConfig, {{"SINK", sink.Url("/hook")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  SysTime t0 = std::chrono::system_clock::now();
  // Notified before the crash.
  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "Before"}}, t0)}).status == 200);
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(4)));
  // The log line comes after the nflog record; only then is "already notified" durable.
  REQUIRE(server.WaitForLog({"msg=\"Notify success\"", "Before"}, 1, std::chrono::seconds(3)));

  // Acknowledged, then the process dies before its group_wait ends.
  SysTime t1 = std::chrono::system_clock::now();
  HttpResponse r = server.PostAlerts({MakeAlert({{"alertname", "After"}, {"n", "1"}}, t1),
                                      MakeAlert({{"alertname", "After"}, {"n", "2"}}, t1)});
  REQUIRE(r.status == 200);
  server.Kill9();
  REQUIRE(sink.Count() == 1);

  auto restarted = std::chrono::steady_clock::now();
  REQUIRE_MESSAGE(server.Restart().ok(), server.LogTail());
  CHECK(AlertNames(server.GetJson("/api/v2/alerts")) ==
        std::set<std::string>{"Before", "After"});
  CHECK(server.GetJson("/api/v2/alerts").size() == 3);

  // "After" is notified once after the restart, with both alerts; "Before" is not re-sent,
  // neither on the immediate flush after start-up nor on the following ticks.
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(5)));
  std::this_thread::sleep_until(restarted + std::chrono::milliseconds(5000));
  std::vector<ReceivedRequest> reqs = sink.Requests();
  INFO("requests: ", reqs.size());
  REQUIRE(reqs.size() == 2);
  CHECK(reqs[1].json["groupKey"] == "{}:{alertname=\"After\"}");
  CHECK(reqs[1].json["alerts"].size() == 2);
  CHECK(reqs[1].json["alerts"][0]["startsAt"] == Rfc3339(t1));

  // A clean stop/start cycle keeps everything too.
  CHECK(server.Stop() == 0);
  REQUIRE_MESSAGE(server.Restart().ok(), server.LogTail());
  CHECK(AlertNames(server.GetJson("/api/v2/alerts")) ==
        std::set<std::string>{"Before", "After"});
  CHECK(sink.CountAfter(std::chrono::milliseconds(2500)) == 2);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
