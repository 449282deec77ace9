// Spec 11.4: the exact webhook body for a single firing alert, and when it arrives (5.1).
#include <doctest/doctest.h>

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

TEST_CASE("a firing alert is sent once after group_wait with the exact webhook payload") {
  WebhookSink sink;
  OverlordServer server("payload", Fill(kConfig, {{"SINK", sink.Url("/hook")}}),
                        {"--web.external-url=http://127.0.0.1:{port}"});
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());

  SysTime starts = std::chrono::system_clock::now();
  nlohmann::json alert = MakeAlert({{"alertname", "X"}, {"instance", "a:9100"}, {"job", "node"}},
                                   starts, std::nullopt,
                                   {{"summary", "CPU high on a:9100 (node)"}});
  alert["generatorURL"] = "http://prom:9090/graph?g0.expr=up";
  // A second group whose startsAt carries a +02:00 offset, which must survive as posted.
  SysTime offset_starts = starts - std::chrono::milliseconds(250);
  nlohmann::json offset_alert = {{"labels", {{"alertname", "Offset"}}},
                                 {"startsAt", Rfc3339(offset_starts, 120)}};

  auto posted = std::chrono::steady_clock::now();
  HttpResponse r = server.PostAlerts({alert, offset_alert});
  REQUIRE_MESSAGE(r.status == 200, r.status, " ", r.error, " ", r.body);
  CHECK(r.body.empty());

  REQUIRE(sink.WaitFor(2, std::chrono::seconds(5)));
  // Exactly one POST per group: nothing else arrives before the next tick would be due.
  CHECK(sink.CountAfter(std::chrono::milliseconds(1500)) == 2);

  std::vector<ReceivedRequest> reqs = sink.Requests("/hook");
  REQUIRE(reqs.size() == 2);
  for (const ReceivedRequest& req : reqs) {
    long long after = MsBetween(posted, req.steady_time);
    INFO("arrived ", after, "ms after the POST");
    CHECK(after >= 1000 - kSlack.count());
    CHECK(after <= 1000 + kSlack.count());
    CHECK(req.method == "POST");
    CHECK(req.Header("Content-Type").find("application/json") == 0);
  }
  const ReceivedRequest* x = nullptr;
  const ReceivedRequest* off = nullptr;
  for (const ReceivedRequest& req : reqs) {
    (req.json.value("groupKey", "") == "{}:{alertname=\"X\"}" ? x : off) = &req;
  }
  REQUIRE(x != nullptr);
  REQUIRE(off != nullptr);

  // Key order as Go encodes it (spec 11.4); nlohmann::ordered_json keeps insertion order.
  nlohmann::ordered_json expected = nlohmann::ordered_json::parse(R"j({
    "receiver": "hook",
    "status": "firing",
    "alerts": [{
      "status": "firing",
      "labels": {"alertname": "X", "instance": "a:9100", "job": "node"},
      "annotations": {"summary": "CPU high on a:9100 (node)"},
      "startsAt": "",
      "endsAt": "0001-01-01T00:00:00Z",
      "generatorURL": "http://prom:9090/graph?g0.expr=up",
      "fingerprint": "6870b400b71613f1"
    }],
    "groupLabels": {"alertname": "X"},
    "commonLabels": {"alertname": "X", "instance": "a:9100", "job": "node"},
    "commonAnnotations": {"summary": "CPU high on a:9100 (node)"},
    "externalURL": "",
    "version": "4",
    "groupKey": "{}:{alertname=\"X\"}",
    "truncatedAlerts": 0
  })j");
  expected["alerts"][0]["startsAt"] = Rfc3339(starts);
  expected["externalURL"] = "http://127.0.0.1:" + std::to_string(server.port());

  INFO("body: ", x->body);
  nlohmann::ordered_json got = nlohmann::ordered_json::parse(x->body, nullptr, false);
  REQUIRE_FALSE(got.is_discarded());
  // Same content first (clear diff), then same key order.
  CHECK(nlohmann::json::parse(got.dump()) == nlohmann::json::parse(expected.dump()));
  CHECK(got.dump() == expected.dump());

  // The store holds that summary as a template over the labels (model/annotation_set.h);
  // the API, like the webhook, shows it as posted.
  nlohmann::json listed_x = server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"X\""));
  INFO("GET /api/v2/alerts: ", listed_x.dump());
  REQUIRE(listed_x.size() == 1);
  CHECK(listed_x[0]["annotations"] == nlohmann::json{{"summary", "CPU high on a:9100 (node)"}});

  // The offset group. Overlord stores times in UTC, so an offset startsAt comes back as the
  // same instant in UTC (Alertmanager echoes "+02:00"; a documented difference in the
  // README). No annotations → empty objects.
  INFO("offset body: ", off->body);
  const nlohmann::json& oj = off->json;
  CHECK(oj["groupKey"] == "{}:{alertname=\"Offset\"}");
  REQUIRE(oj["alerts"].size() == 1);
  CHECK(oj["alerts"][0]["startsAt"].get<std::string>() == Rfc3339(offset_starts));
  CHECK(oj["alerts"][0]["endsAt"] == "0001-01-01T00:00:00Z");
  CHECK(oj["alerts"][0]["annotations"] == nlohmann::json::object());
  CHECK(oj["alerts"][0]["generatorURL"] == "");
  CHECK(oj["alerts"][0]["fingerprint"].get<std::string>().size() == 16);
  CHECK(oj["commonAnnotations"] == nlohmann::json::object());
  // The API shows the same instant with milliseconds, in UTC.
  nlohmann::json listed = server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"Offset\""));
  INFO("GET /api/v2/alerts: ", listed.dump());
  REQUIRE(listed.size() == 1);
  std::string api_starts = listed[0].value("startsAt", "");
  CHECK(api_starts == Rfc3339Millis(offset_starts));

  CHECK(server.CountLogLines({"msg=\"Notify success\"", "receiver=hook", "integration=webhook"}) == 2);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
