// Test support for the Slack, PagerDuty and OpsGenie tests: the requests the real
// Alertmanager 0.25 sent (receivers/testdata/am025_integrations.jsonl, recorded with
// receivers/testdata/am025_integrations.yml on 127.0.0.1) and the notifications that
// produced them. A request Overlord sends must equal its recording byte for byte.
// For tests only.
#pragma once

#include <doctest/doctest.h>
#include <httplib.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "config/loader.h"
#include "model/time.h"
#include "receivers/notification.h"

namespace overlord::testing {

inline Time At(std::string_view rfc3339) {
  auto t = ParseRFC3339(rfc3339);
  REQUIRE(t.ok());
  return *t;
}

inline std::string ReadTestFile(const std::string& relative) {
  std::ifstream in(std::string(OVERLORD_SOURCE_DIR) + "/receivers/testdata/" + relative,
                   std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

struct Recording {
  std::string method, path, content_type, authorization, body;
};

inline Recording Recorded(std::string_view name) {
  std::istringstream lines(ReadTestFile("am025_integrations.jsonl"));
  for (std::string line; std::getline(lines, line);) {
    nlohmann::json j = nlohmann::json::parse(line);
    if (j["name"] == name) {
      return {j["method"], j["path"], j["content_type"], j["authorization"], j["body"]};
    }
  }
  FAIL("no recording named " << name);
  return {};
}

// The recording config with every URL pointing at 127.0.0.1:`port`.
inline config::Config OracleConfig(int port) {
  std::string text = ReadTestFile("am025_integrations.yml");
  for (std::size_t pos; (pos = text.find("PORT")) != std::string::npos;) {
    text.replace(pos, 4, std::to_string(port));
  }
  Result<config::Config> cfg = config::LoadConfigString(text, "am025_integrations.yml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  return *cfg;
}

inline const config::Receiver& OracleReceiver(const config::Config& cfg, std::string_view name) {
  const config::Receiver* r = cfg.FindReceiver(name);
  REQUIRE(r != nullptr);
  return *r;
}

inline Time StartsAt() { return At("2024-01-02T03:04:05.123Z"); }
inline Time EndsAt() { return At("2024-01-02T04:04:05Z"); }  // of resolved alerts
inline Time Now() { return At("2024-01-02T05:00:00Z"); }     // every flush
inline constexpr std::string_view kGeneratorUrl = "http://prom:9090/graph?g0.expr=up";

inline Alert MakeAlert(LabelSet labels, LabelSet annotations, bool resolved) {
  Alert a;
  a.labels = std::move(labels);
  a.annotations = std::move(annotations);
  a.starts_at = StartsAt();
  a.ends_at = resolved ? EndsAt() : kZeroTime;
  a.generator_url = std::string(kGeneratorUrl);
  return a;
}

inline Notification MakeNotification(std::string receiver, std::string group_key,
                                     std::string alertname, std::vector<Alert> alerts) {
  Notification n;
  n.receiver = std::move(receiver);
  n.group_key = std::move(group_key);
  n.group_labels = {{"alertname", std::move(alertname)}};
  n.alerts = std::move(alerts);
  n.external_url = "http://am.example:9093";
  n.now = Now();
  return n;
}

// Receiver "team-x.pager", default route, two alerts X on a:9100 and b:9100.
inline Notification Basic(bool resolved) {
  auto alert = [&](const std::string& instance) {
    return MakeAlert({{"alertname", "X"}, {"instance", instance}, {"job", "node"}},
                     {{"summary", "CPU high on " + instance}}, resolved);
  };
  return MakeNotification("team-x.pager", R"({}:{alertname="X"})", "X",
                          {alert("a:9100"), alert("b:9100")});
}

// Receiver "rich": `resolved` alerts of instance a:9100 and b:9100, in that order; an
// empty list of one entry means only a:9100 (what 0.25 sent once b was delivered resolved).
struct RichAlert {
  std::string instance;
  bool resolved;
};
inline Notification Rich(std::vector<RichAlert> alerts) {
  std::vector<Alert> out;
  for (const RichAlert& r : alerts) {
    out.push_back(MakeAlert({{"alertname", "Rich"},
                             {"case", "rich"},
                             {"instance", r.instance},
                             {"job", "node"},
                             {"team", "db"}},
                            {{"summary", "s"}}, r.resolved));
  }
  return MakeNotification("rich", R"({}/{case="rich"}:{alertname="Rich"})", "Rich", std::move(out));
}

inline std::string TruncAlertname() {
  std::string name = "T";
  for (int i = 0; i < 1100; ++i) name += "\u00e9";
  return name;
}

// Receiver "trunc": one firing alert whose name is far longer than any title limit.
inline Notification Trunc() {
  const std::string name = TruncAlertname();
  return MakeNotification(
      "trunc", R"({}/{case="trunc"}:{alertname=")" + name + R"("})", name,
      {MakeAlert({{"alertname", name}, {"case", "trunc"}, {"job", "node"}}, {}, false)});
}

inline Notification Fail() {
  return MakeNotification("fail", R"({}/{case="fail"}:{alertname="F"})", "F",
                          {MakeAlert({{"alertname", "F"}, {"case", "fail"}}, {}, false)});
}

// Receiver "big": one alert with a 520000-byte annotation that a PagerDuty detail copies.
inline Notification Big() {
  return MakeNotification("big", R"({}/{case="big"}:{alertname="B"})", "B",
                          {MakeAlert({{"alertname", "B"}, {"case", "big"}},
                                     {{"big", std::string(520000, 'x')}}, false)});
}

// A server answering every request with `status`, `body` and, when set, a Retry-After.
class RetryAfterServer {
 public:
  RetryAfterServer(int status, std::string retry_after) {
    auto handler = [status, retry_after](const httplib::Request&, httplib::Response& res) {
      res.status = status;
      if (!retry_after.empty()) res.set_header("Retry-After", retry_after);
      res.set_content("slow down", "text/plain");
    };
    server_.Post(".*", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RetryAfterServer() {
    server_.stop();
    thread_.join();
  }
  RetryAfterServer(const RetryAfterServer&) = delete;
  RetryAfterServer& operator=(const RetryAfterServer&) = delete;
  int port() const { return port_; }

 private:
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
};

}  // namespace overlord::testing
