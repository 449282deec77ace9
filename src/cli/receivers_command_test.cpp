#include "cli/receivers_command.h"

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "model/clock.h"
#include "receivers/test_http_server.h"

namespace overlord::cli {
namespace {

namespace fs = std::filesystem;
using testing::ScriptedResponse;
using testing::TestHttpServer;

class Folder {
 public:
  Folder() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ov-receivers-cmd-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::create_directories(path_);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name) << text;
    return (path_ / name).string();
  }

 private:
  fs::path path_;
};

std::string Fill(std::string text, const std::string& key, const std::string& value) {
  for (std::size_t p = text.find(key); p != std::string::npos; p = text.find(key, p + value.size())) {
    text.replace(p, key.size(), value);
  }
  return text;
}

struct Run {
  int rc;
  std::string out, err;
};

Run Receivers(std::vector<std::string> args) {
  static const ManualClock clock(*ParseRFC3339("2024-01-02T03:04:05Z"));
  std::ostringstream out, err;
  int rc = RunReceivers(args, out, err, clock);
  return {rc, out.str(), err.str()};
}

constexpr const char* kConfig = R"(
route:
  receiver: team
  group_by: [alertname]
  routes:
  - matchers: [team="db"]
    receiver: db
receivers:
- name: team
  slack_configs:
  - api_url: BASE/slack/T000/B000/XXXXSLACKTOKEN
    channel: '#alerts'
  pagerduty_configs:
  - routing_key: rk-SECRET-123
    url: BASE/pd/enqueue
  opsgenie_configs:
  - api_key: og-SECRET-KEY
    api_url: BASE/og/
  webhook_configs:
  - url: BASE/hook?token=HOOKTOKEN
- name: db
  pagerduty_configs:
  - routing_key: '{{ "rk-" }}TEMPLATED-KEY'
    url: BASE/pd/enqueue
  slack_configs:
  - api_url: BASE/slack/db
- name: empty
)";

TEST_CASE("MaskUrl keeps scheme, host and what the integration appended") {
  const std::vector<std::string> bases = {"https://hooks.slack.com/services/T/B/X",
                                          "http://127.0.0.1:99/og/", "https://api.opsgenie.com/",
                                          "https://user:pw@h.example/hook"};
  CHECK(MaskUrl("https://hooks.slack.com/services/T/B/X", bases) ==
        "https://hooks.slack.com/<secret>");
  CHECK(MaskUrl("http://127.0.0.1:99/og/v2/alerts/abc/close?identifierType=alias", bases) ==
        "http://127.0.0.1:99/<secret>/v2/alerts/abc/close?identifierType=alias");
  CHECK(MaskUrl("https://api.opsgenie.com/v2/alerts", bases) == "https://api.opsgenie.com/v2/alerts");
  CHECK(MaskUrl("https://user:pw@h.example/hook", bases) == "https://<secret>@h.example/<secret>");
  // Unknown URLs: everything after the host is masked.
  CHECK(MaskUrl("http://other:1/a/b?c=d", bases) == "http://other:1/<secret>");
  CHECK(MaskUrl("http://other:1", bases) == "http://other:1");
}

TEST_CASE("receivers test: one notification through every integration, secrets masked") {
  TestHttpServer server({{200, "ok"}});
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  Folder dir;
  const std::string file = dir.Write("am.yml", Fill(kConfig, "BASE", base));
  Run r = Receivers({"test", "--config.file", file, "team", "severity=critical",
                     "--annotation", "summary=disk full", "--web.external-url=http://am.example:9093/"});
  INFO(r.out);
  INFO(r.err);
  CHECK(r.rc == 0);
  CHECK(r.err == "");
  CHECK(r.out.find("Receiver \"team\": 4 integrations; test alert "
                   "{alertname=\"TestAlert\", severity=\"critical\"} (firing), group key "
                   "{}:{alertname=\"TestAlert\"}\n") == 0);
  // Order: webhook, pagerduty, opsgenie, slack.
  const std::size_t w = r.out.find("=== webhook[0] ===");
  const std::size_t p = r.out.find("=== pagerduty[0] ===");
  const std::size_t o = r.out.find("=== opsgenie[0] ===");
  const std::size_t s = r.out.find("=== slack[0] ===");
  CHECK(w < p);
  CHECK(p < o);
  CHECK(o < s);
  CHECK(s != std::string::npos);
  CHECK(r.out.find("> POST " + base + "/<secret>\n") != std::string::npos);  // webhook, slack
  CHECK(r.out.find("> POST " + base + "/<secret>/v2/alerts\n") != std::string::npos);
  CHECK(r.out.find("> Authorization: GenieKey <secret>\n") != std::string::npos);
  CHECK(r.out.find("> Content-Type: application/json\n") != std::string::npos);
  CHECK(r.out.find("\"routing_key\":\"<secret>\"") != std::string::npos);
  CHECK(r.out.find("\"summary\":\"disk full\"") != std::string::npos);  // webhook body
  CHECK(r.out.find("\"title\":\"[FIRING:1] TestAlert (critical)\"") != std::string::npos);
  CHECK(r.out.find("receiver=team") != std::string::npos);
  CHECK(r.out.find("< 200\n<\nok\n") != std::string::npos);
  for (const char* id : {"webhook[0]", "pagerduty[0]", "opsgenie[0]", "slack[0]"}) {
    CHECK(r.out.find("--- " + std::string(id) + ": OK\n") != std::string::npos);
  }
  CHECK(r.out.find("4 of 4 integration(s) succeeded") != std::string::npos);
  for (const char* secret : {"XXXXSLACKTOKEN", "rk-SECRET-123", "og-SECRET-KEY", "HOOKTOKEN",
                             "/pd/enqueue", "/og/", "/slack/"}) {
    CHECK_MESSAGE(r.out.find(secret) == std::string::npos, secret);
  }

  // What the service saw is exactly what was printed (secrets aside).
  auto requests = server.requests();
  REQUIRE(requests.size() == 4);
  CHECK(requests[0].path == "/hook?token=HOOKTOKEN");
  CHECK(requests[1].path == "/pd/enqueue");
  CHECK(requests[2].path == "/og/v2/alerts");
  CHECK(requests[2].Header("Authorization") == "GenieKey og-SECRET-KEY");
  CHECK(requests[3].path == "/slack/T000/B000/XXXXSLACKTOKEN");
  std::string printed_slack_body = requests[3].body;
  CHECK(r.out.find(printed_slack_body) != std::string::npos);
}

TEST_CASE("receivers test: the route's group key, templated keys masked, failures exit 1") {
  TestHttpServer server({{500, "boom rk-TEMPLATED-KEY"}, {404, "no_team"}});
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  Folder dir;
  const std::string file = dir.Write("am.yml", Fill(kConfig, "BASE", base));
  Run r = Receivers({"test", "--config.file=" + file, "db", "team=db", "alertname=Disk"});
  INFO(r.out);
  CHECK(r.rc == 1);
  CHECK(r.out.find("group key {}/{team=\"db\"}:{alertname=\"Disk\"}\n") != std::string::npos);
  CHECK(r.out.find("< 500\n<\nboom <secret>\n") != std::string::npos);
  CHECK(r.out.find("--- pagerduty[0]: FAILED (retryable; the server would retry): "
                   "unexpected status code 500") != std::string::npos);
  CHECK(r.out.find("--- slack[0]: FAILED: channel \"\": unexpected status code 404: no_team\n") != std::string::npos);
  CHECK(r.out.find("0 of 2 integration(s) succeeded") != std::string::npos);
  CHECK(r.out.find("TEMPLATED-KEY") == std::string::npos);
  auto requests = server.requests();
  REQUIRE(requests.size() == 2);  // one attempt each, no retries
  CHECK(requests[0].body.find("\"routing_key\":\"rk-TEMPLATED-KEY\"") != std::string::npos);
  // dedup_key = hex(sha256(group key)).
  CHECK(requests[0].body.find("\"dedup_key\":\"") != std::string::npos);

  // Labels that do not route to the receiver: a note, and the receiver's route grouping.
  r = Receivers({"test", "--config.file=" + file, "db"});
  CHECK(r.out.find("note: alerts with these labels are not routed to \"db\"") == 0);
}

TEST_CASE("receivers test: --resolved sends resolve/close and skips send_resolved: false") {
  TestHttpServer server;
  const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
  Folder dir;
  const std::string file = dir.Write("am.yml", Fill(kConfig, "BASE", base));
  Run r = Receivers({"test", "--config.file=" + file, "team", "--resolved"});
  INFO(r.out);
  CHECK(r.rc == 0);
  CHECK(r.out.find("(resolved)") != std::string::npos);
  CHECK(r.out.find("--- slack[0]: SKIPPED: send_resolved is false") != std::string::npos);
  CHECK(r.out.find("\"event_action\":\"resolve\"") != std::string::npos);
  CHECK(r.out.find("/v2/alerts/") != std::string::npos);
  CHECK(r.out.find("/close?identifierType=alias\n") != std::string::npos);
  CHECK(r.out.find("3 of 3 integration(s) succeeded, 1 skipped") != std::string::npos);
  CHECK(server.requests().size() == 3);
}

TEST_CASE("receivers test: transport errors, empty receivers and usage errors") {
  Folder dir;
  const std::string file = dir.Write("am.yml", Fill(kConfig, "BASE", "http://127.0.0.1:1"));
  Run r = Receivers({"test", "--config.file=" + file, "team", "--timeout=2s"});
  CHECK(r.rc == 1);
  CHECK(r.out.find("< error: Post \"<redacted>\": ") != std::string::npos);  // webhook
  CHECK(r.out.find("< error: Post \"http://127.0.0.1:1/<secret>/v2/alerts\"") != std::string::npos);
  CHECK(r.out.find("HOOKTOKEN") == std::string::npos);

  r = Receivers({"test", "--config.file=" + file, "empty"});
  CHECK(r.rc == 0);
  CHECK(r.out.find("Nothing to send") != std::string::npos);

  r = Receivers({"test", "--config.file=" + file, "nobody"});
  CHECK(r.rc == 1);
  CHECK(r.err == "overlord: error: no receiver named \"nobody\" in " + file +
                     " (receivers: team, db, empty)\n");

  r = Receivers({"test", "team"});
  CHECK(r.rc == 2);
  CHECK(r.err == "overlord: error: required flag --config.file not provided\n");
  r = Receivers({"test", "--config.file=" + file});
  CHECK(r.rc == 2);
  r = Receivers({"test", "--config.file=" + file, "team", "nolabel"});
  CHECK(r.rc == 2);
  CHECK(r.err.find("labels must be specified as key=value pairs") != std::string::npos);
  r = Receivers({"test", "--config.file=" + dir.Write("bad.yml", "route: [\n"), "team"});
  CHECK(r.rc == 1);
  r = Receivers({"test", "--help"});
  CHECK(r.rc == 0);
  CHECK(r.out.find("--config.file") != std::string::npos);
  r = Receivers({"list"});
  CHECK(r.rc == 2);
}

}  // namespace
}  // namespace overlord::cli
