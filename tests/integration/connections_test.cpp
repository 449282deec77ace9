// Connections kept alive by idle clients (dashboards, browsers, other Prometheus servers)
// never make the next client wait: each connection has a thread of its own, up to
// --web.max-connections, beyond which a connection waits and the metric counts it.
#include <doctest/doctest.h>

#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <vector>

#include "fixtures.h"
#include "harness.h"
#include "loopback_http.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

constexpr const char* kConfig = R"(
route:
  receiver: hook
  group_by: [alertname]
  group_wait: 0s
receivers:
- name: hook
  webhook_configs:
  - url: {{URL}}
)";

constexpr const char* kLimitReached = "overlord_http_connection_limit_reached_total";

std::vector<std::unique_ptr<IdleConnection>> OpenIdle(int port, int n) {
  std::vector<std::unique_ptr<IdleConnection>> out;
  for (int i = 0; i < n; ++i) out.push_back(std::make_unique<IdleConnection>(port));
  return out;
}

TEST_CASE("clients holding idle keep-alive connections never make the next one wait") {
  WebhookSink sink;
  OverlordServer server("connections-idle", Fill(kConfig, {{"URL", sink.Url("/hook")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  // More than the 16 threads kept warm. The server keeps an idle connection for 30 s; with
  // a fixed pool of 16, this POST waited that long and the client's 15 s read timeout hit.
  std::vector<std::unique_ptr<IdleConnection>> idle = OpenIdle(server.port(), 40);
  for (const auto& c : idle) REQUIRE(c->ok());

  HttpResponse r = server.PostAlerts(
      {MakeAlert({{"alertname", "Behind40Idle"}}, std::chrono::system_clock::now())});
  CHECK_MESSAGE(r.status == 200, r.error);
  REQUIRE(sink.WaitFor(1, seconds(5), "/hook"));
  CHECK(sink.Requests("/hook")[0].json["groupLabels"]["alertname"] == "Behind40Idle");
  CHECK(server.Metric(kLimitReached) == 0);
}

TEST_CASE("--web.max-connections: beyond it a connection waits for one to close, counted") {
  WebhookSink sink;
  OverlordServer server("connections-limit", Fill(kConfig, {{"URL", sink.Url("/hook")}}),
                        {"--web.max-connections=2"});
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  std::vector<std::unique_ptr<IdleConnection>> idle = OpenIdle(server.port(), 2);
  for (const auto& c : idle) REQUIRE(c->ok());
  std::future<HttpResponse> post = std::async(std::launch::async, [&] {
    return server.PostAlerts(
        {MakeAlert({{"alertname", "Third"}}, std::chrono::system_clock::now())});
  });
  // Both threads are held for up to 30 s by the idle clients, so the POST cannot be answered.
  CHECK(post.wait_for(milliseconds(300)) == std::future_status::timeout);
  idle.clear();  // the clients close; a thread comes free and takes the waiting connection
  HttpResponse r = post.get();
  CHECK_MESSAGE(r.status == 200, r.error);
  REQUIRE(sink.WaitFor(1, seconds(5), "/hook"));
  CHECK(server.Metric(kLimitReached) == 1);
}

TEST_CASE("--web.max-connections below 1 is refused") {
  OverlordServer server("connections-zero", Fill(kConfig, {{"URL", "http://127.0.0.1:1/"}}),
                        {"--web.max-connections=0"});
  std::optional<int> code = server.SpawnUntilExit(seconds(5));
  REQUIRE(code.has_value());
  CHECK(*code != 0);
  CHECK(server.LogTail().find("invalid value for --web.max-connections: \"0\" (want at least 1)") !=
        std::string::npos);
}

}  // namespace
}  // namespace overlord::it
