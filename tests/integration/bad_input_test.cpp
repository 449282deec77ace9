// Spec 1.1, 10, 16.20: bad requests through the real server get the right status, valid
// alerts of a partly bad batch are stored, and the server keeps serving. A bad config at
// start-up is a non-zero exit naming the file and line.
#include <doctest/doctest.h>

#include <set>
#include <thread>

#include "fixtures.h"
#include "harness.h"

namespace overlord::it {
namespace {

constexpr const char* kConfig = R"(
route:
  receiver: blackhole
  group_wait: 1m
receivers:
- name: blackhole
)";

std::set<std::string> AlertNames(const nlohmann::json& alerts) {
  std::set<std::string> out;
  if (!alerts.is_array()) return {"<not an array: " + alerts.dump() + ">"};
  for (const nlohmann::json& a : alerts) out.insert(a["labels"].value("alertname", "?"));
  return out;
}

TEST_CASE("bad input: 413, 400, 422 and partial batches; the server keeps serving") {
  OverlordServer server("bad-input", kConfig, {"--web.max-request-bytes=4096"});
  REQUIRE_MESSAGE(server.Start().ok(), server.LogTail());
  INFO(server.LogTail());
  SysTime now = std::chrono::system_clock::now();

  REQUIRE(server.PostAlerts({MakeAlert({{"alertname", "Early"}}, now)}).status == 200);

  SUBCASE("body larger than --web.max-request-bytes → 413") {
    nlohmann::json big = MakeAlert({{"alertname", "Big"}}, now, std::nullopt,
                                   {{"blob", std::string(8000, 'x')}});
    HttpResponse r = server.PostAlerts({big});
    CHECK_MESSAGE(r.status == 413, r.status, " ", r.error, " ", r.body);
  }
  SUBCASE("malformed JSON → 400 with a parse message") {
    HttpResponse r = server.Post("/api/v2/alerts", R"([{"labels": {"alertname": "X"})");
    CHECK(r.status == 400);
    nlohmann::json j = r.Json();
    INFO("body: ", r.body);
    CHECK(j.value("code", 0) == 400);
    CHECK(j.value("message", "").find("parsing alerts body") == 0);
    CHECK(server.Metric("alertmanager_alerts_invalid_total{version=\"v2\"}") == 1);
  }
  SUBCASE("labels missing → 422 schema error") {
    HttpResponse r = server.Post("/api/v2/alerts", R"([{"annotations": {"a": "b"}}])");
    CHECK(r.status == 422);
    INFO("body: ", r.body);
    CHECK(r.Json() == nlohmann::json{{"code", 602}, {"message", "0.labels in body is required"}});
  }
  SUBCASE("empty body → 422") {
    HttpResponse r = server.Post("/api/v2/alerts", "");
    CHECK(r.status == 422);
    INFO("body: ", r.body);
    CHECK(r.Json() == nlohmann::json{{"code", 602}, {"message", "alerts in body is required"}});
  }
  SUBCASE("invalid UTF-8 → 400") {
    std::string body = "[{\"labels\":{\"alertname\":\"Bad\xff\xfe\"}}]";
    HttpResponse r = server.Post("/api/v2/alerts", body);
    CHECK_MESSAGE(r.status == 400, r.status, " ", r.body);
  }
  SUBCASE("partial batch → 400 listing the error; the valid alert is stored") {
    nlohmann::json good = MakeAlert({{"alertname", "Good"}}, now);
    nlohmann::json bad = MakeAlert({{"alertname", "Backwards"}}, now,
                                   now - std::chrono::minutes(1));
    HttpResponse r = server.PostAlerts({good, bad});
    CHECK(r.status == 400);
    INFO("body: ", r.body);
    CHECK(r.Json().is_string());
    CHECK(r.body.find("start time must be before end time") != std::string::npos);
    CHECK(AlertNames(server.GetJson("/api/v2/alerts")) ==
          std::set<std::string>{"Early", "Good"});
  }
  SUBCASE("no labels left after dropping empty values → 400") {
    HttpResponse r = server.Post("/api/v2/alerts", R"([{"labels": {"a": ""}}])");
    CHECK(r.status == 400);
    CHECK_MESSAGE(r.body.find("at least one label pair required") != std::string::npos, r.body);
  }

  // Whatever was sent, the server still answers and still has the earlier alert.
  CHECK(server.Get("/-/healthy").status == 200);
  CHECK(AlertNames(server.GetJson("/api/v2/alerts")).count("Early") == 1);
  CHECK(server.PostAlerts({MakeAlert({{"alertname", "Later"}}, now)}).status == 200);
  CHECK(AlertNames(server.GetJson("/api/v2/alerts")).count("Later") == 1);
  CHECK(server.running());
}

TEST_CASE("a bad config at start-up exits non-zero naming the file and line") {
  // Line 4 has a typo'd key; strict YAML rejects unknown keys (spec 16.22).
  OverlordServer server("bad-config", "route:\n  receiver: x\n  group_wait: 1s\n"
                                                      "  group-by: [alertname]\n"
                                                      "receivers:\n- name: x\n");
  std::optional<int> code = server.SpawnUntilExit(std::chrono::seconds(10));
  std::string log = server.Log();
  INFO(log);
  REQUIRE(code.has_value());
  CHECK(*code != 0);
  // "<file>:<line>:<column>: ..." like a compiler.
  CHECK(log.find(server.config_path() + ":4:") != std::string::npos);
  CHECK(log.find("group-by") != std::string::npos);
}

TEST_CASE("a second server on a port already in use exits non-zero instead of sharing it") {
  OverlordServer first("port-owner", "route:\n  receiver: x\nreceivers:\n- name: x\n");
  REQUIRE(first.Start().ok());
  TempDir other("port-second");
  const std::string command =
      "timeout 20 " + OverlordBinary() + " --config.file=" + first.config_path() +
      " --storage.path=" + other.path() + " --web.listen-address=127.0.0.1:" +
      std::to_string(first.port()) + " 2>&1";
  CommandResult second = RunCommand(command);
  INFO(second.out);
  CHECK(second.status != 0);
  CHECK(second.status != 124);  // it failed at once rather than running until the timeout
  CHECK(second.out.find("address in use") != std::string::npos);
  // The first server still owns the port and answers every request.
  for (int i = 0; i < 20; ++i) CHECK(first.Get("/-/ready").status == 200);
  CHECK(first.Stop() == 0);
}

TEST_CASE("a second server on storage already in use exits non-zero instead of writing beside it") {
  // Two routers over one database would each keep their own alerts and notification log and
  // page twice; the second must refuse, with a message that says why.
  OverlordServer first("storage-owner", "route:\n  receiver: x\nreceivers:\n- name: x\n");
  REQUIRE(first.Start().ok());
  REQUIRE(first.PostAlerts({MakeAlert({{"alertname", "Kept"}})}).status == 200);
  const std::string command =
      "timeout 30 " + OverlordBinary() + " --config.file=" + first.config_path() +
      " --storage.path=" + first.data_dir() +
      " --web.listen-address=127.0.0.1:" + std::to_string(PickFreePort()) + " 2>&1";
  CommandResult second = RunCommand(command);
  INFO(second.out);
  CHECK(second.status != 0);
  CHECK(second.status != 124);  // it gave up after the lock wait, not at the timeout
  CHECK(second.out.find("is in use by another process") != std::string::npos);
  CHECK(second.out.find(first.data_dir()) != std::string::npos);
  // The first server is untouched and still has its alert.
  CHECK(first.GetJson("/api/v2/alerts").size() == 1);
  // kill -9 frees the lock with the process: the next server on this storage starts.
  first.Kill9();
  REQUIRE(first.Restart().ok());
  CHECK(first.GetJson("/api/v2/alerts").size() == 1);
  CHECK(first.Stop() == 0);
}

}  // namespace
}  // namespace overlord::it
