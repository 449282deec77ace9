// A receiver that is down must not hold back another receiver's notifications: each flush
// retries on a thread of its own (up to --notify.workers), as each Alertmanager group does in
// its own goroutine. With a fixed pool of 16, 16 groups retrying a broken chat webhook until
// their deadline (group_interval) delayed every page by that long.
#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

using std::chrono::seconds;

constexpr const char* kConfig = R"(
route:
  receiver: pager
  group_by: [alertname]
  group_wait: 0s
  group_interval: {{INTERVAL}}
  routes:
  - matchers: [team="chat"]
    receiver: chat
receivers:
- name: pager
  webhook_configs:
  - url: {{SINK}}/pager
- name: chat
  webhook_configs:
  - url: {{SINK}}/chat
)";

constexpr const char* kLimitReached = "overlord_notify_workers_limit_reached_total";

std::vector<nlohmann::json> ChatAlerts(int n) {
  std::vector<nlohmann::json> out;
  for (int i = 0; i < n; ++i) {
    out.push_back(MakeAlert({{"alertname", "ChatDown" + std::to_string(i)}, {"team", "chat"}},
                            std::chrono::system_clock::now()));
  }
  return out;
}

nlohmann::json Page() {
  return MakeAlert({{"alertname", "DatabaseDown"}, {"team", "db"}},
                   std::chrono::system_clock::now());
}

TEST_CASE("groups retrying a broken receiver never delay another receiver's notifications") {
  WebhookSink sink;
  sink.SetDefaultStatus("/chat", 500);  // retried until the flush's deadline: 5 minutes
  OverlordServer server("isolation", Fill(kConfig, {{"SINK", sink.Url()}, {"INTERVAL", "5m"}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  // 20 groups, more than the 16 threads kept warm, each retrying the chat webhook.
  REQUIRE(server.PostAlerts(ChatAlerts(20)).status == 200);
  REQUIRE(sink.WaitFor(20, seconds(10), "/chat"));
  REQUIRE(server.PostAlerts({Page()}).status == 200);
  // group_wait is 0: the page goes out at once, not after the chat retries give up.
  REQUIRE(sink.WaitFor(1, seconds(5), "/pager"));
  CHECK(sink.Requests("/pager")[0].json["groupLabels"]["alertname"] == "DatabaseDown");
  CHECK(server.Metric(kLimitReached) == 0);
  // The chat groups are still retrying, each on its own.
  std::size_t before = sink.Count("/chat");
  CHECK(sink.WaitFor(before + 20, seconds(10), "/chat"));
}

TEST_CASE("--notify.workers: beyond it a flush waits for a thread, is counted, and still goes") {
  WebhookSink sink;
  sink.SetDefaultStatus("/chat", 500);  // retried for 10 s, the shortest flush deadline
  OverlordServer server("isolation-limit",
                        Fill(kConfig, {{"SINK", sink.Url()}, {"INTERVAL", "1s"}}),
                        {"--notify.workers=2"});
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  REQUIRE(server.PostAlerts(ChatAlerts(2)).status == 200);
  REQUIRE(sink.WaitFor(2, seconds(10), "/chat"));
  REQUIRE(server.PostAlerts({Page()}).status == 200);
  // Both threads retry the chat webhook, so the page's flush waits for one of them.
  REQUIRE(server.WaitForLog({"msg=\"Notify success\"", "receiver=pager"}, 1, seconds(30)));
  CHECK(sink.Count("/pager") == 1);
  CHECK(server.Metric(kLimitReached) >= 1);
}

TEST_CASE("--notify.workers must be between 1 and 100000") {
  for (const char* bad : {"0", "100001"}) {
    CAPTURE(bad);
    OverlordServer server("isolation-bad",
                          Fill(kConfig, {{"SINK", "http://127.0.0.1:1"}, {"INTERVAL", "1m"}}),
                          {std::string("--notify.workers=") + bad});
    std::optional<int> code = server.SpawnUntilExit(seconds(5));
    REQUIRE(code.has_value());
    CHECK(*code != 0);
    CHECK(server.LogTail().find("invalid value for --notify.workers") != std::string::npos);
  }
}

}  // namespace
}  // namespace overlord::it
