// Spec 10: GET /api/v2/alerts filters, /alerts/groups, /status (no secrets), /receivers,
// /metrics, and the route prefix taken from --web.external-url.
#include <doctest/doctest.h>

#include <regex>
#include <set>
#include <thread>

#include "fixtures.h"
#include "harness.h"
#include "webhook_sink.h"

namespace overlord::it {
namespace {

constexpr const char* kPassword = "hunter2-s3cr3t-value";

constexpr const char* kConfig = R"(
route:
  receiver: rcv-default
  group_by: [alertname]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
  routes:
  - matchers: [team="a"]
    receiver: rcv-a
  - matchers: [team="b"]
    receiver: rcv-b
receivers:
- name: rcv-default
- name: rcv-a
  webhook_configs:
  - url: {{SINK}}/a
    http_config:
      basic_auth:
        username: alice
        password: {{PASSWORD}}
- name: rcv-b
  webhook_configs:
  - url: {{SINK}}/b
)";

std::set<std::string> AlertNames(const nlohmann::json& alerts) {
  std::set<std::string> out;
  if (!alerts.is_array()) return {"<not an array: " + alerts.dump() + ">"};
  for (const nlohmann::json& a : alerts) out.insert(a["labels"].value("alertname", "?"));
  return out;
}

TEST_CASE("API v2: alert filters, groups, status without secrets, receivers, metrics") {
  WebhookSink sink;
  OverlordServer server(
      "api", Fill(kConfig, {{"SINK", sink.Url()}, {"PASSWORD", kPassword}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  SysTime now = std::chrono::system_clock::now();
  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "X"}, {"team", "a"}}, now, std::nullopt,
                                       {{"summary", "x"}}),
                             MakeAlert({{"alertname", "Y"}, {"team", "b"}}, now),
                             MakeAlert({{"alertname", "Z"}}, now)})
              .status == 200);
  // Let the dispatcher take them (state "unprocessed" → "active").
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(4)));

  SUBCASE("GET /api/v2/alerts and its filters") {
    HttpResponse all = server.Get("/api/v2/alerts");
    REQUIRE(all.status == 200);
    CHECK(all.content_type.find("application/json") == 0);
    CHECK(all.Header("Cache-Control") == "no-store");
    nlohmann::json alerts = all.Json();
    CHECK(AlertNames(alerts) == std::set<std::string>{"X", "Y", "Z"});
    // Sorted by fingerprint.
    for (std::size_t i = 1; i < alerts.size(); ++i) {
      CHECK(alerts[i - 1]["fingerprint"] < alerts[i]["fingerprint"]);
    }
    for (const nlohmann::json& a : alerts) {
      INFO(a.dump());
      CHECK(std::regex_match(a["fingerprint"].get<std::string>(), std::regex("[0-9a-f]{16}")));
      CHECK(a["status"]["state"] == "active");
      CHECK(a["status"]["silencedBy"] == nlohmann::json::array());
      CHECK(a["status"]["inhibitedBy"] == nlohmann::json::array());
      CHECK(a["startsAt"] == Rfc3339Millis(now));
      CHECK(a.contains("updatedAt"));
      CHECK(a.contains("endsAt"));
      CHECK(a["annotations"].is_object());
    }
    for (const nlohmann::json& a : alerts) {
      std::string name = a["labels"]["alertname"];
      std::string want = name == "X" ? "rcv-a" : name == "Y" ? "rcv-b" : "rcv-default";
      CHECK(a["receivers"] == nlohmann::json::array({{{"name", want}}}));
    }

    CHECK(AlertNames(server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"X\""))) ==
          std::set<std::string>{"X"});
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?filter=" + UrlEncode("team=~\"a|b\"") +
                                    "&filter=" + UrlEncode("alertname!=\"X\""))) ==
          std::set<std::string>{"Y"});
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?receiver=rcv-b")) ==
          std::set<std::string>{"Y"});
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?receiver=" + UrlEncode("rcv-(a|b)"))) ==
          std::set<std::string>{"X", "Y"});
    // The receiver regex is anchored.
    CHECK(server.GetJson("/api/v2/alerts?receiver=rcv") == nlohmann::json::array());
    CHECK(server.GetJson("/api/v2/alerts?active=false") == nlohmann::json::array());
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?silenced=false&inhibited=false")).size() == 3);
    // Booleans as Alertmanager reads them: never a 400, anything but its true words is false,
    // empty is the default, and the last of several counts. An empty receiver is no filter.
    CHECK(server.GetJson("/api/v2/alerts?active=maybe") == nlohmann::json::array());
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?active=YES&unprocessed=nope")).size() == 3);
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?active=")).size() == 3);
    CHECK(server.GetJson("/api/v2/alerts?active=true&active=false") == nlohmann::json::array());
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?receiver=")).size() == 3);
    CHECK(server.Get("/api/v2/alerts?filter=" + UrlEncode("alertname=~\"(\"")).status == 400);
    // Typed into curl without encoding, as Alertmanager (Go's url.ParseQuery) takes it: the
    // value runs from the first '='.
    CHECK(AlertNames(server.GetJson("/api/v2/alerts?filter=alertname=\"X\"")) ==
          std::set<std::string>{"X"});
    CHECK(
        AlertNames(server.GetJson("/api/v2/alerts?filter=team=~\"a|b\"&filter=alertname!=\"X\"")) ==
        std::set<std::string>{"Y"});
  }

  SUBCASE("GET /api/v2/alerts/groups") {
    nlohmann::json groups = server.GetJson("/api/v2/alerts/groups");
    INFO(groups.dump());
    REQUIRE(groups.is_array());
    REQUIRE(groups.size() == 3);
    std::set<std::string> seen;
    for (const nlohmann::json& g : groups) {
      REQUIRE(g["alerts"].size() == 1);
      std::string name = g["alerts"][0]["labels"]["alertname"];
      CHECK(g["labels"] == nlohmann::json{{"alertname", name}});
      CHECK(g["receiver"].is_object());
      CHECK(g["receiver"].contains("name"));
      seen.insert(name + "@" + g["receiver"].value("name", "?"));
    }
    CHECK(seen == std::set<std::string>{"X@rcv-a", "Y@rcv-b", "Z@rcv-default"});
    nlohmann::json only_b = server.GetJson("/api/v2/alerts/groups?receiver=rcv-b");
    REQUIRE(only_b.size() == 1);
    CHECK(only_b[0]["receiver"]["name"] == "rcv-b");

    // A group's alerts come as Alertmanager lists them: by job, then instance (an alert
    // without one after those with it), then by label set.
    const auto now = std::chrono::system_clock::now();
    REQUIRE(server
                .PostAlerts({MakeAlert({{"alertname", "W"}, {"instance", "b"}}, now),
                             MakeAlert({{"alertname", "W"}, {"z", "1"}}, now),
                             MakeAlert({{"alertname", "W"}, {"instance", "a"}}, now),
                             MakeAlert({{"alertname", "W"}, {"job", "j"}}, now)})
                .status == 200);
    nlohmann::json w =
        server.GetJson("/api/v2/alerts/groups?filter=" + UrlEncode("alertname=\"W\""));
    REQUIRE(w.size() == 1);
    std::vector<std::string> order;
    for (const nlohmann::json& a : w[0]["alerts"]) order.push_back(a["labels"].dump());
    CHECK(order == std::vector<std::string>{
                       R"({"alertname":"W","job":"j"})", R"({"alertname":"W","instance":"a"})",
                       R"({"alertname":"W","instance":"b"})", R"({"alertname":"W","z":"1"})"});
  }

  SUBCASE("GET /api/v2/status hides secrets") {
    HttpResponse r = server.Get("/api/v2/status");
    REQUIRE(r.status == 200);
    CHECK(r.body.find(kPassword) == std::string::npos);
    nlohmann::json s = r.Json();
    INFO(s.dump(2));
    CHECK(s["cluster"].is_object());
    CHECK(s["cluster"]["status"].is_string());
    CHECK(s["cluster"]["peers"].is_array());
    CHECK(s["versionInfo"]["version"].is_string());
    CHECK(s["uptime"].is_string());
    std::string original = s["config"]["original"];
    CHECK(original.find("<secret>") != std::string::npos);
    CHECK(original.find("alice") != std::string::npos);
    CHECK(original.find("rcv-a") != std::string::npos);
  }

  SUBCASE("GET /api/v2/receivers") {
    nlohmann::json rs = server.GetJson("/api/v2/receivers");
    INFO(rs.dump());
    REQUIRE(rs.is_array());
    std::set<std::string> names;
    for (const nlohmann::json& r : rs) names.insert(r.value("name", "?"));
    CHECK(names == std::set<std::string>{"rcv-default", "rcv-a", "rcv-b"});
  }

  SUBCASE("bodies end as Alertmanager's: a newline after handler JSON, none after go-openapi errors") {
    // Checked against the real Alertmanager 0.25 with curl | od -c.
    for (const char* target :
         {"/api/v2/alerts", "/api/v2/alerts/groups", "/api/v2/silences", "/api/v2/status",
          "/api/v2/receivers", "/api/v2/alerts?filter=%7Bfoo"}) {
      CAPTURE(target);
      HttpResponse r = server.Get(target);
      REQUIRE(!r.body.empty());
      CHECK(r.body.back() == '\n');
      CHECK(r.body[r.body.size() - 2] != '\n');
    }
    HttpResponse bad_label = server.Post("/api/v2/alerts", R"([{"labels":{}}])");
    CHECK(bad_label.status == 400);
    // Alertmanager's text, after the alert it is about (index and labels).
    CHECK(bad_label.body == "\"0 {}: at least one label pair required\"\n");
    HttpResponse schema = server.Post("/api/v2/alerts", "[{}]");
    CHECK(schema.status == 422);
    CHECK(schema.body == R"({"code":602,"message":"0.labels in body is required"})");
    HttpResponse bad_id = server.Get("/api/v2/silence/xyz");
    CHECK(bad_id.status == 422);
    CHECK(bad_id.body.back() == '}');
  }

  SUBCASE("/metrics") {
    HttpResponse m = server.Get("/metrics");
    REQUIRE(m.status == 200);
    CHECK(m.body.find("# TYPE alertmanager_alerts_received_total counter") != std::string::npos);
    CHECK(server.Metric("alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"}") ==
          3);
    CHECK(server.Metric("alertmanager_config_last_reload_successful") == 1);
    CHECK(m.body.find("alertmanager_notifications_total{integration=\"webhook\"}") !=
          std::string::npos);
  }

  CHECK(server.Stop() == 0);
}

TEST_CASE("route prefix from --web.external-url: everything lives under /am/") {
  WebhookSink sink;
  OverlordServer server("prefix", Fill(R"(
route:
  receiver: hook
  group_wait: 1s
receivers:
- name: hook
  webhook_configs:
  - url: {{SINK}}
)",
                                                     {{"SINK", sink.Url("/hook")}}),
                        {"--web.external-url=http://127.0.0.1:{port}/am/"});
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());  // readiness probed at /am/-/ready
  INFO(server.LogTail());

  CHECK(HttpGet(server.port(), "/am/api/v2/status").status == 200);
  CHECK(HttpGet(server.port(), "/am/-/healthy").status == 200);
  CHECK(HttpGet(server.port(), "/am/metrics").status == 200);
  CHECK(HttpGet(server.port(), "/api/v2/status").status == 404);
  HttpResponse post = HttpPost(
      server.port(), "/am/api/v2/alerts",
      nlohmann::json::array({MakeAlert({{"alertname", "P"}}, std::chrono::system_clock::now())})
          .dump());
  CHECK(post.status == 200);
  CHECK(AlertNames(server.GetJson("/api/v2/alerts")) == std::set<std::string>{"P"});

  // externalURL in notifications drops the trailing slash (spec 13.1).
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(4)));
  CHECK(sink.Requests()[0].json["externalURL"] ==
        "http://127.0.0.1:" + std::to_string(server.port()) + "/am");
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
