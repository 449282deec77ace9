// Spec 10.3, 15.1, 2.6, 5.6: POST /-/reload and SIGHUP apply a new config; a broken
// config is rejected with 500, the old one keeps working, and the reload gauge says so.
#include <doctest/doctest.h>

#include <signal.h>

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
  - url: {{URL}}
)";

constexpr const char* kBroken = R"(
route:
  receiver: nobody
  group_wait: 1s
receivers:
- name: hook
)";

TEST_CASE("reload: POST /-/reload and SIGHUP apply changes; a broken config keeps the old one") {
  WebhookSink sink;
  OverlordServer server("reload", Fill(kConfig, {{"URL", sink.Url("/v1")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  auto post = [&](const std::string& name) {
    return server.PostAlerts({MakeAlert({{"alertname", name}}, std::chrono::system_clock::now())})
        .status;
  };
  using std::chrono::seconds;

  REQUIRE(post("A") == 200);
  REQUIRE(sink.WaitFor(1, seconds(4), "/v1"));
  REQUIRE(server.WaitForLog({"msg=\"Notify success\"", "alertname=\\\"A\\\""}, 1, seconds(3)));
  CHECK(server.Metric("alertmanager_config_last_reload_successful") == 1);

  // 1. New receiver URL via the HTTP endpoint.
  server.WriteConfig(Fill(kConfig, {{"URL", sink.Url("/v2")}}));
  HttpResponse r = server.Reload();
  CHECK_MESSAGE(r.status == 200, r.status, " ", r.body);
  REQUIRE(post("B") == 200);
  REQUIRE(sink.WaitFor(1, seconds(4), "/v2"));
  // Groups are rebuilt on reload and A flushes at once, but the nflog knows it was sent.
  CHECK(sink.CountAfter(std::chrono::milliseconds(500), "/v2") == 1);
  CHECK(sink.Requests("/v2")[0].json["groupKey"] == "{}:{alertname=\"B\"}");
  CHECK(sink.Count("/v1") == 1);

  // 2. A broken config: 500 with the reason, metric 0, the old config still routes.
  std::string good = Fill(kConfig, {{"URL", sink.Url("/v2")}});
  server.WriteConfig(kBroken);
  r = server.Reload();
  CHECK(r.status == 500);
  CHECK_MESSAGE(r.body.find("failed to reload config: ") == 0, r.body);
  CHECK_MESSAGE(r.body.find("undefined receiver \"nobody\" used in route") != std::string::npos,
                r.body);
  CHECK(server.Metric("alertmanager_config_last_reload_successful") == 0);
  REQUIRE(post("C") == 200);
  REQUIRE(sink.WaitFor(2, seconds(4), "/v2"));
  CHECK(sink.Requests("/v2")[1].json["groupKey"] == "{}:{alertname=\"C\"}");
  nlohmann::json status = server.GetJson("/api/v2/status");
  CHECK(status["config"]["original"].get<std::string>().find("nobody") == std::string::npos);

  // 3. SIGHUP reloads too.
  int loads = server.CountLogLines({"Completed loading of configuration file"});
  server.WriteConfig(Fill(kConfig, {{"URL", sink.Url("/v3")}}));
  REQUIRE(server.Signal(SIGHUP));
  REQUIRE(server.WaitForLog({"Completed loading of configuration file"}, loads + 1, seconds(5)));
  CHECK(server.Metric("alertmanager_config_last_reload_successful") == 1);
  REQUIRE(post("D") == 200);
  REQUIRE(sink.WaitFor(1, seconds(4), "/v3"));
  CHECK(sink.CountAfter(std::chrono::milliseconds(500), "/v3") == 1);
  CHECK(sink.Requests("/v3")[0].json["groupKey"] == "{}:{alertname=\"D\"}");
  CHECK(server.running());
  CHECK(server.Stop() == 0);
}

// `curl -X POST http://am:9093/-/reload`, Alertmanager's documented reload, sends no
// Content-Length. cpp-httplib waited for a body until its 30 s read timeout and answered an
// empty 400; a request that declares no body has none, and is answered at once.
TEST_CASE("reload and other POSTs that declare no body are answered at once") {
  WebhookSink sink;
  OverlordServer server("reload-no-body", Fill(kConfig, {{"URL", sink.Url("/v1")}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  const int loads = server.CountLogLines({"Completed loading of configuration file"});
  auto send = [&](const std::string& method, const std::string& target) {
    return HttpRawExchange(server.port(),
                           method + " " + target +
                               " HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: curl/7.88.1\r\n"
                               "Accept: */*\r\nConnection: close\r\n\r\n");
  };
  auto status_line = [](const std::string& response) {
    return response.substr(0, response.find("\r\n"));
  };

  std::string r = send("POST", "/-/reload");
  CHECK(status_line(r) == "HTTP/1.1 200 OK");
  CHECK(server.CountLogLines({"Completed loading of configuration file"}) == loads + 1);
  CHECK(status_line(send("PUT", "/-/reload")) == "HTTP/1.1 200 OK");

  // As in Alertmanager: the API's own 422 for a missing body.
  r = send("POST", "/api/v2/alerts");
  CHECK(status_line(r) == "HTTP/1.1 422 Unprocessable Entity");
  CHECK(r.find(R"({"code":602,"message":"alerts in body is required"})") != std::string::npos);
  r = send("POST", "/api/v2/silences");
  CHECK(status_line(r) == "HTTP/1.1 422 Unprocessable Entity");
  CHECK(r.find(R"({"code":602,"message":"silence in body is required"})") != std::string::npos);
  CHECK(status_line(send("POST", "/api/v1/alerts")) == "HTTP/1.1 410 Gone");
  CHECK(status_line(send("POST", "/no/such/path")) == "HTTP/1.1 404 Not Found");
  CHECK(status_line(send("PATCH", "/api/v2/alerts")) == "HTTP/1.1 404 Not Found");
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
