// Spec 11.4 and 12: 5xx is retried with backoff inside a flush; other codes are not
// retried inside the flush but again at the next group_interval tick (16.19).
#include <doctest/doctest.h>

#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kConfig = R"(
route:
  receiver: flaky
  group_by: [alertname]
  group_wait: 1s
  group_interval: 3s
  repeat_interval: 1h
  routes:
  - matchers: [case="bad-request"]
    receiver: bad-request
receivers:
- name: flaky
  webhook_configs:
  - url: {{SINK}}/flaky
- name: bad-request
  webhook_configs:
  - url: {{SINK}}/bad
)";

TEST_CASE("retries: 500 twice then 200 delivers once; 400 waits for the next tick") {
  WebhookSink sink;
  sink.RespondWith("/flaky", {500, 500});
  sink.SetDefaultStatus("/bad", 400);
  OverlordServer server("retry", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  SysTime now = std::chrono::system_clock::now();
  auto posted = std::chrono::steady_clock::now();
  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "Flaky"}}, now),
                             MakeAlert({{"alertname", "Bad"}, {"case", "bad-request"}}, now)})
              .status == 200);

  // 5xx: three attempts in the first flush, the last one succeeds.
  REQUIRE(sink.WaitFor(3, std::chrono::seconds(8), "/flaky"));
  std::vector<ReceivedRequest> f = sink.Requests("/flaky");
  CHECK(f[0].answered == 500);
  CHECK(f[1].answered == 500);
  CHECK(f[2].answered == 200);
  for (const ReceivedRequest& r : f) CHECK(r.body == f[0].body);  // the same notification
  long long gap1 = MsBetween(f[0].steady_time, f[1].steady_time);
  long long gap2 = MsBetween(f[1].steady_time, f[2].steady_time);
  INFO("retry gaps ", gap1, "ms and ", gap2, "ms");
  // Backoff starts at 0.5s with ±50% jitter: never an immediate hammering retry.
  CHECK(gap1 >= 200);
  CHECK(gap2 >= 200);
  // Delivered once: nothing more on the next tick (nflog has it).
  CHECK(server.WaitForLog({"msg=\"Notify success\"", "receiver=flaky", "attempts=3"}, 1,
                          std::chrono::seconds(2)));

  // 400: one attempt in the first flush; the next one only at the following tick.
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(3), "/bad"));
  auto first_bad = sink.Requests("/bad")[0].steady_time;
  long long first = MsBetween(posted, first_bad);
  CHECK(first <= 1000 + kSlack.count());
  std::this_thread::sleep_until(first_bad + std::chrono::milliseconds(3000 - kSlack.count()));
  CHECK(sink.Count("/bad") == 1);
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(3), "/bad"));
  long long again = MsBetween(first_bad, sink.Requests("/bad")[1].steady_time);
  INFO("400 retried ", again, "ms later");
  CHECK(again >= 3000 - kSlack.count());
  CHECK(again <= 3000 + kSlack.count());
  CHECK(server.CountLogLines({"msg=\"Notify for alerts failed\"", "receiver=bad-request"}) >= 1);

  CHECK(sink.Count("/flaky") == 3);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
