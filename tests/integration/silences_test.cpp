// Silences through the real binary (spec 7): a silenced alert is not notified and comes back
// when its silence is expired; silences survive kill -9; both `amtool` and `overlord silence`
// manage them.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
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
receivers:
- name: hook
  webhook_configs:
  - url: {{SINK}}/hook
)";

// Errors are part of what these commands print.
CommandResult Capture(const std::string& command) { return RunCommand(command + " 2>&1"); }

std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

TEST_CASE("silences: mute notifications, expire, survive kill -9, managed by overlord silence") {
  WebhookSink sink;
  OverlordServer server("silences", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  const std::string url = " --alertmanager.url=" + server.base_url();

  CommandResult added = Capture(std::string(OVERLORD_BINARY) + " silence add" + url +
                      " alertname=Quiet -c 'maintenance' -a tester -d 1h");
  REQUIRE(added.status == 0);
  std::string id = Trim(added.out);
  CHECK(id.size() == 36);

  auto now = std::chrono::system_clock::now();
  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "Quiet"}}, now),
                             MakeAlert({{"alertname", "Loud"}}, now)})
              .status == 200);
  REQUIRE(sink.WaitFor(1, std::chrono::seconds(5), "/hook"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // one more group_interval
  REQUIRE(sink.Count("/hook") == 1);
  CHECK(sink.Requests("/hook")[0].json["groupLabels"]["alertname"] == "Loud");
  CHECK(server.Metric("alertmanager_notifications_suppressed_total{reason=\"silence\"}") >= 1.0);

  nlohmann::json quiet = server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"Quiet\""));
  REQUIRE(quiet.size() == 1);
  CHECK(quiet[0]["status"]["state"] == "suppressed");
  CHECK(quiet[0]["status"]["silencedBy"] == nlohmann::json::array({id}));

  // An acknowledged silence survives kill -9.
  server.Kill9();
  REQUIRE_MESSAGE(server.Restart().ok(), server.LogTail());
  nlohmann::json silence = server.GetJson("/api/v2/silence/" + id);
  CHECK(silence["status"]["state"] == "active");
  CHECK(silence["createdBy"] == "tester");
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  CHECK(sink.Count("/hook") == 1);  // still silenced, and Loud not re-sent after the restart

  CommandResult query = Capture(std::string(OVERLORD_BINARY) + " silence query -q" + url);
  CHECK(Trim(query.out) == id);

  // Expiring it lets the alert through at the next flush.
  CommandResult expired = Capture(std::string(OVERLORD_BINARY) + " silence expire" + url + " " + id);
  CHECK(expired.status == 0);
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(6), "/hook"));
  CHECK(sink.Requests("/hook")[1].json["groupLabels"]["alertname"] == "Quiet");
  CHECK(server.GetJson("/api/v2/silence/" + id)["status"]["state"] == "expired");
  CHECK(server.Get("/api/v2/silence/00000000-0000-4000-8000-000000000000").status == 404);
  CHECK(server.Stop() == 0);
}

// A team's silences share team="infra" and differ on instance; each must mute its own alert
// and no other, from the index the server builds as they arrive and the one it rebuilds when
// it loads them after kill -9.
TEST_CASE("silences: many silences sharing a matcher each mute only their own alert") {
  WebhookSink sink;
  OverlordServer server("silences-shared", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  auto now = std::chrono::system_clock::now();
  std::map<std::string, std::string> ids;  // instance matcher -> silence id
  for (int i = 0; i < 100; ++i) {
    const bool regex = i % 2 == 1;
    const std::string instance = "host-" + std::to_string(i) + (regex ? "-.*" : "");
    nlohmann::json body = {
        {"matchers",
         {{{"name", "team"}, {"value", "infra"}, {"isRegex", false}, {"isEqual", true}},
          {{"name", "instance"}, {"value", instance}, {"isRegex", regex}, {"isEqual", true}}}},
        {"startsAt", Rfc3339(now)},
        {"endsAt", Rfc3339(now + std::chrono::hours(1))},
        {"createdBy", "tester"},
        {"comment", "host maintenance"}};
    HttpResponse r = server.Post("/api/v2/silences", body.dump());
    REQUIRE_MESSAGE(r.status == 200, r.body);
    ids[instance] = nlohmann::json::parse(r.body)["silenceID"];
  }
  // Each alert its own group (group_by alertname): Muted10 and Muted11 are silenced,
  // Other (an instance no silence names) and Web (another team) are not.
  REQUIRE(
      server
          .PostAlerts(
              {MakeAlert({{"alertname", "Muted10"}, {"team", "infra"}, {"instance", "host-10"}},
                         now),
               MakeAlert({{"alertname", "Muted11"}, {"team", "infra"}, {"instance", "host-11-a"}},
                         now),
               MakeAlert({{"alertname", "Other"}, {"team", "infra"}, {"instance", "host-100"}},
                         now),
               MakeAlert({{"alertname", "Web"}, {"team", "web"}, {"instance", "host-10"}}, now)})
          .status == 200);
  REQUIRE(sink.WaitFor(2, std::chrono::seconds(5), "/hook"));
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // one more group_interval
  std::set<std::string> notified;
  for (const ReceivedRequest& r : sink.Requests("/hook"))
    notified.insert(r.json["groupLabels"]["alertname"]);
  CHECK(notified == std::set<std::string>{"Other", "Web"});

  auto silenced_by = [&](const std::string& alertname) {
    nlohmann::json a =
        server.GetJson("/api/v2/alerts?filter=" + UrlEncode("alertname=\"" + alertname + "\""));
    REQUIRE(a.size() == 1);
    return a[0]["status"]["silencedBy"];
  };
  auto check_all = [&] {
    CHECK(silenced_by("Muted10") == nlohmann::json::array({ids["host-10"]}));
    CHECK(silenced_by("Muted11") == nlohmann::json::array({ids["host-11-.*"]}));
    CHECK(silenced_by("Other") == nlohmann::json::array());
    CHECK(silenced_by("Web") == nlohmann::json::array());
  };
  check_all();

  server.Kill9();
  REQUIRE_MESSAGE(server.Restart().ok(), server.LogTail());
  check_all();
  std::this_thread::sleep_for(std::chrono::milliseconds(2500));
  CHECK(sink.Count("/hook") == 2);  // nothing muted got through after the restart, nothing re-sent
  CHECK(server.Stop() == 0);
}

TEST_CASE("silences: the real amtool manages silences on overlord") {
  if (!std::filesystem::exists("/usr/bin/amtool")) {
    MESSAGE("amtool not installed (scripts/test.sh installs it); skipping");
    return;
  }
  WebhookSink sink;
  OverlordServer server("silences-amtool", Fill(kConfig, {{"SINK", sink.Url()}}));
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  const std::string amtool = "amtool --no-version-check --alertmanager.url=" + server.base_url();
  CommandResult added = Capture(amtool + " silence add team=db severity=~'warn|info' -c 'db upgrade' -a ops");
  REQUIRE(added.status == 0);
  std::string id = Trim(added.out);
  CommandResult query = Capture(amtool + " silence query");
  CHECK(query.status == 0);
  CHECK(query.out.find(id) != std::string::npos);
  CHECK(query.out.find("severity=~\"warn|info\"") != std::string::npos);
  // Both tools print the same table for the same server.
  CommandResult ours = Capture(std::string(OVERLORD_BINARY) + " silence query --alertmanager.url=" + server.base_url());
  CHECK(ours.out == query.out);
  // Same matchers and start on an active silence: updated in place, same ID (spec 7.3).
  // (amtool 0.25's `update -q` prints a pointer instead of the ID, so read it back.)
  CommandResult update = Capture(amtool + " silence update " + id + " -c 'longer upgrade'");
  CHECK(update.status == 0);
  CHECK(Trim(Capture(amtool + " silence query -q").out) == id);
  CHECK(server.GetJson("/api/v2/silence/" + id)["comment"] == "longer upgrade");
  CommandResult expire = Capture(amtool + " silence expire " + id);
  CHECK(expire.status == 0);
  CHECK(Capture(amtool + " silence query -q").out.empty());
  CHECK(Capture(amtool + " silence query --expired -q").out.find(id) != std::string::npos);
  CHECK(server.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
