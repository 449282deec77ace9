#include "alerts.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

namespace bench {

namespace {

const char* const kAlertNames[] = {
    "HighRequestLatency", "HighErrorRate",     "InstanceDown",      "DiskSpaceLow",
    "MemoryPressure",     "CPUThrottling",     "PodCrashLooping",   "CertificateExpiry",
    "ReplicationLag",     "QueueBacklog",      "TargetScrapeFail",  "NodeNotReady",
    "HighGCPause",        "TooManyOpenFiles",  "NetworkErrors",     "SlowQueries",
    "JobFailed",          "BackupMissing",     "HighConnections",   "ClockSkew"};
const char* const kJobs[] = {"node", "api", "postgres", "kafka", "ingress"};
const char* const kRegions[] = {"eu-west-1", "us-east-1", "ap-south-1"};
const char* const kTeams[] = {"infra", "payments", "search", "storage", "web", "data"};

}  // namespace

Labels SeriesLabels(const std::string& set, long i) {
  char buf[96];
  Labels l;
  l.reserve(9);
  l.emplace_back("alertname", kAlertNames[i % 20]);
  std::snprintf(buf, sizeof buf, "prod-%ld", (i / 7) % 4);
  l.emplace_back("cluster", buf);
  std::snprintf(buf, sizeof buf, "%s-host-%06ld.example.net:9100", set.c_str(), i);
  l.emplace_back("instance", buf);
  l.emplace_back("job", kJobs[i % 5]);
  std::snprintf(buf, sizeof buf, "ns-%ld", i % 50);
  l.emplace_back("namespace", buf);
  std::snprintf(buf, sizeof buf, "%s-pod-%06ld-7f9c8", set.c_str(), i);
  l.emplace_back("pod", buf);
  l.emplace_back("region", kRegions[i % 3]);
  l.emplace_back("severity", (i % 4 == 0) ? "critical" : "warning");
  l.emplace_back("team", kTeams[i % 6]);
  return l;
}

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  using namespace std::chrono;
  auto ms = duration_cast<milliseconds>(t.time_since_epoch()).count();
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

RenderedAlert RenderAlert(const Labels& labels, const std::string& starts_at) {
  RenderedAlert r;
  std::string instance, alertname;
  r.head = "{\"labels\":{";
  for (size_t k = 0; k < labels.size(); ++k) {
    if (k) r.head += ',';
    r.head += JsonQuote(labels[k].first) + ":" + JsonQuote(labels[k].second);
    if (labels[k].first == "instance") instance = labels[k].second;
    if (labels[k].first == "alertname") alertname = labels[k].second;
  }
  r.head += "},\"annotations\":{\"summary\":" +
            JsonQuote(alertname + " on " + instance) + ",\"description\":" +
            JsonQuote("The " + alertname + " condition has held for more than 5 minutes on " +
                      instance + "; see the runbook for remediation steps.") +
            "},\"startsAt\":\"" + starts_at +
            "\",\"generatorURL\":\"http://prometheus.example.net:9090/graph?g0.expr=up%3D%3D0\","
            "\"endsAt\":\"";
  r.tail = "\"}";
  return r;
}

void AppendBatch(const std::vector<RenderedAlert>& alerts, size_t first, size_t count,
                 const std::string& ends_at, std::string& out) {
  out.push_back('[');
  for (size_t k = 0; k < count; ++k) {
    const RenderedAlert& a = alerts[(first + k) % alerts.size()];
    if (k) out.push_back(',');
    out += a.head;
    out += ends_at;
    out += a.tail;
  }
  out.push_back(']');
}

}  // namespace bench
