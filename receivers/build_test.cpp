#include "receivers/build.h"

#include <doctest/doctest.h>

#include <mutex>
#include <string>
#include <vector>

#include "receivers/test_http_server.h"

namespace overlord {
namespace {

using testing::TestHttpServer;

TEST_CASE("webhook configs and unsupported integrations become integrations") {
  config::Receiver receiver;
  receiver.name = "team";
  receiver.webhook_configs.resize(2);
  receiver.webhook_configs[1].send_resolved = false;
  for (auto [type, send_resolved] :
       {std::pair{"email", false}, std::pair{"telegram", true}, std::pair{"email", true}}) {
    config::UnsupportedIntegration u;
    u.type = type;
    u.send_resolved = send_resolved;
    receiver.unsupported.push_back(u);
  }
  SystemClock clock;
  auto integrations = BuildIntegrations(receiver, {clock});
  REQUIRE(integrations.size() == 5);
  auto describe = [](const Integration& i) {
    return std::string(i.type()) + "[" + std::to_string(i.index()) + "]" +
           (i.send_resolved() ? "+" : "-");
  };
  CHECK(describe(*integrations[0]) == "webhook[0]+");
  CHECK(describe(*integrations[1]) == "webhook[1]-");
  CHECK(describe(*integrations[2]) == "email[0]-");
  CHECK(describe(*integrations[3]) == "telegram[0]+");
  CHECK(describe(*integrations[4]) == "email[1]+");

  SendResult r = integrations[2]->Send(Notification{}, clock.Now());
  CHECK_FALSE(r.ok);
  CHECK_FALSE(r.retryable);
  CHECK(r.error == "email integration is not supported by Overlord; notification dropped");
}

TEST_CASE("a receiver without configs has no integrations") {
  SystemClock clock;
  config::Receiver receiver;
  receiver.name = "null";
  CHECK(BuildIntegrations(receiver, {clock}).empty());
}

TEST_CASE("the observer reaches every integration's HTTP client") {
  TestHttpServer server;
  SystemClock clock;
  config::Receiver receiver;
  receiver.name = "team";
  receiver.webhook_configs.resize(1);
  receiver.webhook_configs[0].url.value = server.Url("/hook");
  receiver.slack_configs.resize(1);
  receiver.slack_configs[0].api_url.value = server.Url("/slack");
  receiver.pagerduty_configs.resize(1);
  receiver.pagerduty_configs[0].routing_key.value = "rk";
  receiver.pagerduty_configs[0].url = server.Url("/pd");
  receiver.opsgenie_configs.resize(1);
  receiver.opsgenie_configs[0].api_key.value = "k";
  receiver.opsgenie_configs[0].api_url = server.Url("/og/");
  std::mutex mu;
  std::vector<std::string> seen;
  IntegrationDeps deps{clock};
  deps.observer = [&](const HttpRequest& req, const HttpResponse& resp) {
    std::lock_guard lock(mu);
    seen.push_back(req.method + " " + req.url + " " + std::to_string(resp.status_code));
  };
  auto integrations = BuildIntegrations(receiver, deps);
  REQUIRE(integrations.size() == 4);
  Notification n;
  n.receiver = "team";
  n.group_key = "{}:{}";
  Alert a;
  a.labels.Set("alertname", "X");
  a.starts_at = clock.Now();
  n.alerts.push_back(a);
  for (auto& i : integrations) CHECK(i->Send(n, clock.Now() + std::chrono::seconds(10)).ok);
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  std::string all;
  for (const std::string& s : seen) all += s + "\n";
  INFO(all);
  CHECK(seen == std::vector<std::string>{"POST " + base + "/hook 200", "POST " + base + "/pd 200",
                                         "POST " + base + "/og/v2/alerts 200",
                                         "POST " + base + "/slack 200"});
}

}  // namespace
}  // namespace overlord
