// overlord-bench load generator. Talks to 127.0.0.1 only. Every mode is bounded by a
// duration and a request count, and prints one JSON object on stdout.
//
//   loadgen ingest   --port P [--series 10000 --batch 10 --connections 1 --duration 10
//                    --requests N --set NAME]     re-sends the series round-robin
//   loadgen query    --port P --path /api/v2/alerts [--connections 1 --duration 10 --requests N]
//   loadgen silences --port P --count 1000        creates silences (half regex); "n/a" on 404
//   loadgen latency  --port P --sink-port S --group-wait-ms W [--count 200 --interval-ms 0]
//   loadgen storm    --port P --sink-port S --group-wait-ms W [--alerts 100000 --groups 10000
//                    --duration 10 --connections 4 --batch 100 --drain-s 60]
//   loadgen count    --port P                     alerts and silences the server holds
#include <nlohmann/json.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "alerts.h"
#include "http.h"
#include "sink.h"
#include "stats.h"

namespace bench {
namespace {

using json = nlohmann::json;
using Clock = std::chrono::system_clock;

struct Args {
  std::map<std::string, std::string> kv;
  std::string Str(const std::string& k, const std::string& d) const {
    auto it = kv.find(k);
    return it == kv.end() ? d : it->second;
  }
  double Num(const std::string& k, double d) const {
    auto it = kv.find(k);
    return it == kv.end() ? d : std::atof(it->second.c_str());
  }
  long Int(const std::string& k, long d) const { return static_cast<long>(Num(k, static_cast<double>(d))); }
};

[[noreturn]] void Die(const std::string& msg) {
  std::fprintf(stderr, "loadgen: %s\n", msg.c_str());
  std::exit(2);
}

double Round(double v, int digits = 3) {
  double f = std::pow(10.0, digits);
  return std::round(v * f) / f;
}

// Runs `connections` closed-loop workers; `step(client, r)` performs request r and
// returns its HTTP status (-1 transport error). Stops after `max_requests` requests or
// `duration_s` seconds, whichever comes first.
struct LoopResult {
  long requests = 0, errors = 0;
  double elapsed_s = 0;
  std::vector<int64_t> lat_ns;
};

template <typename Step>
LoopResult ClosedLoop(int port, int connections, double duration_s, long max_requests,
                      double timeout_s, Step step) {
  std::atomic<long> next{0};
  std::atomic<long> errors{0};
  std::vector<std::vector<int64_t>> lat(static_cast<size_t>(connections));
  int64_t start = NowNs();
  int64_t deadline = start + static_cast<int64_t>(duration_s * 1e9);
  std::vector<std::thread> threads;
  for (int c = 0; c < connections; ++c) {
    threads.emplace_back([&, c] {
      Client client(port, std::chrono::milliseconds(static_cast<long>(timeout_s * 1000)));
      auto& mine = lat[static_cast<size_t>(c)];
      while (NowNs() < deadline) {
        long r = next.fetch_add(1);
        if (r >= max_requests) break;
        int64_t t0 = NowNs();
        int status = step(client, r);
        int64_t t1 = NowNs();
        if (status < 200 || status >= 300) {
          if (errors.fetch_add(1) < 3)
            std::fprintf(stderr, "loadgen: request %ld: status %d\n", r, status);
          if (status < 0) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        mine.push_back(t1 - t0);
      }
    });
  }
  for (auto& t : threads) t.join();
  LoopResult res;
  res.elapsed_s = static_cast<double>(NowNs() - start) / 1e9;
  for (auto& v : lat) res.lat_ns.insert(res.lat_ns.end(), v.begin(), v.end());
  res.requests = static_cast<long>(res.lat_ns.size());
  res.errors = errors.load();
  return res;
}

void AddLatency(json& out, LoopResult& r) {
  out["requests"] = r.requests;
  out["errors"] = r.errors;
  out["elapsed_s"] = Round(r.elapsed_s);
  out["p50_ms"] = Round(PercentileMs(r.lat_ns, 50));
  out["p99_ms"] = Round(PercentileMs(r.lat_ns, 99));
  out["max_ms"] = Round(PercentileMs(r.lat_ns, 100));
}

std::vector<RenderedAlert> RenderSeries(const std::string& set, long n) {
  std::string starts = Rfc3339(Clock::now());
  std::vector<RenderedAlert> out;
  out.reserve(static_cast<size_t>(n));
  for (long i = 0; i < n; ++i) out.push_back(RenderAlert(SeriesLabels(set, i), starts));
  return out;
}

int Ingest(const Args& a) {
  int port = static_cast<int>(a.Int("port", 0));
  long series = a.Int("series", 10000);
  long batch = a.Int("batch", 10);
  if (series <= 0 || batch <= 0 || batch > 10000) Die("bad --series/--batch");
  auto alerts = RenderSeries(a.Str("set", "s"), series);
  LoopResult r = ClosedLoop(
      port, static_cast<int>(a.Int("connections", 1)), a.Num("duration", 10),
      a.Int("requests", 1L << 40), a.Num("timeout", 30), [&](Client& c, long req) {
        std::string body;
        body.reserve(static_cast<size_t>(batch) * 700);
        AppendBatch(alerts, static_cast<size_t>((req * batch) % series), static_cast<size_t>(batch),
                    Rfc3339(Clock::now() + std::chrono::minutes(4)), body);
        return c.Do("POST", "/api/v2/alerts", body, nullptr);
      });
  json out{{"mode", "ingest"}, {"series", series}, {"batch", batch}};
  AddLatency(out, r);
  long ok = r.requests - r.errors;
  out["alerts"] = ok * batch;
  out["alerts_per_s"] = Round(static_cast<double>(ok * batch) / r.elapsed_s, 1);
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Query(const Args& a) {
  int port = static_cast<int>(a.Int("port", 0));
  std::string path = a.Str("path", "/api/v2/alerts");
  std::atomic<size_t> bytes{0};
  LoopResult r = ClosedLoop(port, static_cast<int>(a.Int("connections", 1)), a.Num("duration", 10),
                            a.Int("requests", 1L << 40), a.Num("timeout", 120),
                            [&](Client& c, long) {
                              size_t n = 0;
                              int s = c.Do("GET", path, "", nullptr, &n);
                              bytes += n;
                              return s;
                            });
  json out{{"mode", "query"}, {"path", path}};
  AddLatency(out, r);
  out["bytes_per_response"] = r.requests ? bytes.load() / static_cast<size_t>(r.requests) : 0;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

std::string SilenceBody(long i) {
  auto now = Clock::now();
  json m1{{"name", "team"}, {"value", "infra"}, {"isRegex", false}, {"isEqual", true}};
  json m2;
  if (i % 2 == 1) {
    m2 = {{"name", "instance"}, {"value", "silenced-" + std::to_string(i) + "-.*"},
          {"isRegex", true}, {"isEqual", true}};
  } else {
    m2 = {{"name", "instance"}, {"value", "silenced-" + std::to_string(i)},
          {"isRegex", false}, {"isEqual", true}};
  }
  json s{{"matchers", json::array({m1, m2})},
         {"startsAt", Rfc3339(now - std::chrono::seconds(1))},
         {"endsAt", Rfc3339(now + std::chrono::hours(2))},
         {"createdBy", "overlord-bench"},
         {"comment", "benchmark silence " + std::to_string(i)}};
  return s.dump();
}

int Silences(const Args& a) {
  int port = static_cast<int>(a.Int("port", 0));
  long count = a.Int("count", 1000);
  {
    Client probe(port, std::chrono::seconds(10));
    int s = probe.Do("POST", "/api/v2/silences", SilenceBody(0), nullptr);
    if (s == 404 || s == 405) {
      std::printf("%s\n", json{{"mode", "silences"}, {"status", "n/a"}, {"http", s}}.dump().c_str());
      return 0;
    }
    if (s < 200 || s >= 300) Die("POST /api/v2/silences: status " + std::to_string(s));
  }
  LoopResult r = ClosedLoop(port, static_cast<int>(a.Int("connections", 2)), a.Num("duration", 120),
                            count - 1, 10, [&](Client& c, long i) {
                              return c.Do("POST", "/api/v2/silences", SilenceBody(i + 1), nullptr);
                            });
  json out{{"mode", "silences"}, {"status", "ok"}, {"created", r.requests + 1 - r.errors}};
  AddLatency(out, r);
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

// Identity of one notification for duplicate detection: group key, status and the
// sorted (labels, status) of its alerts.
std::string NotificationKey(const json& n) {
  std::vector<std::string> parts;
  for (const auto& al : n.value("alerts", json::array()))
    parts.push_back(al.value("labels", json::object()).dump() + al.value("status", ""));
  std::sort(parts.begin(), parts.end());
  std::string key = n.value("groupKey", "") + "|" + n.value("status", "");
  for (auto& p : parts) key += "|" + p;
  return key;
}

int Latency(const Args& a) {
  int port = static_cast<int>(a.Int("port", 0));
  long count = a.Int("count", 200);
  long interval_ms = a.Int("interval-ms", 0);
  double gw_ms = a.Num("group-wait-ms", 0);
  double timeout_s = a.Num("timeout-s", 30);
  std::string set = a.Str("set", "lat");

  std::mutex mu;
  std::vector<int64_t> posted(static_cast<size_t>(count), 0), arrived(static_cast<size_t>(count), 0);
  std::unordered_set<std::string> seen;
  long notifications = 0, duplicates = 0, arrived_n = 0;
  Sink sink(static_cast<int>(a.Int("sink-port", 0)), [&](int64_t t, const Message& m) {
    json n = json::parse(m.body, nullptr, false);
    if (n.is_discarded()) return;
    std::lock_guard<std::mutex> lock(mu);
    ++notifications;
    if (!seen.insert(NotificationKey(n)).second) ++duplicates;
    for (const auto& al : n.value("alerts", json::array())) {
      std::string probe = al.value("labels", json::object()).value("probe", "");
      long i = std::atol(probe.c_str() + (probe.find('-') == std::string::npos ? 0 : probe.rfind('-') + 1));
      if (i >= 0 && i < count && arrived[static_cast<size_t>(i)] == 0) {
        arrived[static_cast<size_t>(i)] = t;
        ++arrived_n;
      }
    }
  });
  std::string err;
  if (!sink.Start(err)) Die(err);

  Client client(port, std::chrono::seconds(10));
  std::string starts = Rfc3339(Clock::now());
  long errors = 0;
  int64_t hard_deadline = NowNs() + static_cast<int64_t>((timeout_s + count * (interval_ms / 1000.0 + 0.001) + gw_ms / 1000.0 + 5) * 1e9);
  for (long i = 0; i < count && NowNs() < hard_deadline; ++i) {
    Labels l = SeriesLabels(set, i);
    l.emplace_back("probe", set + "-" + std::to_string(i));
    std::sort(l.begin(), l.end());
    std::string body;
    auto now = Clock::now();
    AppendBatch({RenderAlert(l, Rfc3339(now))}, 0, 1, Rfc3339(now + std::chrono::minutes(4)), body);
    int64_t t0 = NowNs();
    {
      std::lock_guard<std::mutex> lock(mu);
      posted[static_cast<size_t>(i)] = t0;
    }
    int s = client.Do("POST", "/api/v2/alerts", body, nullptr);
    if (s < 200 || s >= 300) ++errors;
    if (interval_ms > 0) {
      std::this_thread::sleep_until(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(t0)) +
                                    std::chrono::milliseconds(interval_ms));
    } else {
      // Sequential: wait for this alert's notification before the next one.
      int64_t until = NowNs() + static_cast<int64_t>((gw_ms / 1000.0 + timeout_s) * 1e9);
      while (NowNs() < until) {
        {
          std::lock_guard<std::mutex> lock(mu);
          if (arrived[static_cast<size_t>(i)]) break;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(100));
      }
    }
  }
  int64_t until = NowNs() + static_cast<int64_t>((gw_ms / 1000.0 + timeout_s) * 1e9);
  while (NowNs() < until) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (arrived_n >= count) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  sink.Stop();
  std::vector<int64_t> lat, late;
  for (long i = 0; i < count; ++i) {
    if (!arrived[static_cast<size_t>(i)] || !posted[static_cast<size_t>(i)]) continue;
    int64_t d = arrived[static_cast<size_t>(i)] - posted[static_cast<size_t>(i)];
    lat.push_back(d);
    late.push_back(std::max<int64_t>(0, d - static_cast<int64_t>(gw_ms * 1e6)));
  }
  json out{{"mode", "latency"}, {"group_wait_ms", gw_ms}, {"sent", count}, {"post_errors", errors},
           {"delivered", static_cast<long>(lat.size())}, {"notifications", notifications},
           {"duplicates", duplicates}};
  out["p50_ms"] = Round(PercentileMs(lat, 50));
  out["p99_ms"] = Round(PercentileMs(lat, 99));
  out["late_p50_ms"] = Round(PercentileMs(late, 50));
  out["late_p99_ms"] = Round(PercentileMs(late, 99));
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Storm(const Args& a) {
  int port = static_cast<int>(a.Int("port", 0));
  long alerts = a.Int("alerts", 100000);
  long groups = a.Int("groups", 10000);
  long batch = a.Int("batch", 100);
  double duration = a.Num("duration", 10);
  double gw_ms = a.Num("group-wait-ms", 1000);
  double drain_s = a.Num("drain-s", 60);
  std::string set = a.Str("set", "storm");
  if (groups <= 0 || alerts < groups || alerts % groups || batch <= 0) Die("bad --alerts/--groups/--batch");
  long per_group = alerts / groups;
  long requests = (alerts + batch - 1) / batch;

  // Alert k belongs to group k / per_group, so each batch carries whole groups. Labels
  // are prepared up front; startsAt is the send time (a new alert, as Prometheus sends
  // it), so every group's flush is scheduled group_wait after its POST.
  std::vector<Labels> labels;
  labels.reserve(static_cast<size_t>(alerts));
  for (long k = 0; k < alerts; ++k) {
    Labels l = SeriesLabels(set, k);
    char g[32];
    std::snprintf(g, sizeof g, "g%06ld", k / per_group);
    l.emplace_back("storm_group", g);
    std::sort(l.begin(), l.end());
    labels.push_back(std::move(l));
  }

  std::mutex mu;
  std::vector<int64_t> group_posted(static_cast<size_t>(groups), 0), group_first(static_cast<size_t>(groups), 0);
  std::unordered_set<std::string> seen_notifications, seen_alerts;
  long notifications = 0, duplicates = 0, bad = 0;
  Sink sink(static_cast<int>(a.Int("sink-port", 0)), [&](int64_t t, const Message& m) {
    json n = json::parse(m.body, nullptr, false);
    std::lock_guard<std::mutex> lock(mu);
    ++notifications;
    if (n.is_discarded()) { ++bad; return; }
    if (!seen_notifications.insert(NotificationKey(n)).second) ++duplicates;
    for (const auto& al : n.value("alerts", json::array())) {
      const json labels = al.value("labels", json::object());
      std::string g = labels.value("storm_group", "");
      seen_alerts.insert(labels.dump());
      long gi = g.size() > 1 ? std::atol(g.c_str() + 1) : -1;
      if (gi >= 0 && gi < groups && group_first[static_cast<size_t>(gi)] == 0)
        group_first[static_cast<size_t>(gi)] = t;
    }
  });
  std::string err;
  if (!sink.Start(err)) Die(err);

  // Paced closed loop: request r is not sent before start + r * duration / requests.
  int64_t start = NowNs();
  LoopResult r = ClosedLoop(
      port, static_cast<int>(a.Int("connections", 4)), duration * 3 + 30, requests, 30,
      [&](Client& c, long req) {
        int64_t due = start + static_cast<int64_t>(duration * 1e9 * static_cast<double>(req) / static_cast<double>(requests));
        std::this_thread::sleep_until(std::chrono::steady_clock::time_point(std::chrono::nanoseconds(due)));
        long first = req * batch, n = std::min(batch, alerts - first);
        auto now = Clock::now();
        std::string starts = Rfc3339(now), ends = Rfc3339(now + std::chrono::minutes(4));
        std::vector<RenderedAlert> rendered;
        rendered.reserve(static_cast<size_t>(n));
        for (long k = first; k < first + n; ++k) rendered.push_back(RenderAlert(labels[static_cast<size_t>(k)], starts));
        std::string body;
        body.reserve(static_cast<size_t>(n) * 800);
        AppendBatch(rendered, 0, static_cast<size_t>(n), ends, body);
        int64_t t0 = NowNs();
        {
          std::lock_guard<std::mutex> lock(mu);
          for (long k = first; k < first + n; k += per_group) {
            auto& p = group_posted[static_cast<size_t>(k / per_group)];
            if (!p) p = t0;
          }
        }
        return c.Do("POST", "/api/v2/alerts", body, nullptr);
      });
  double send_s = static_cast<double>(NowNs() - start) / 1e9;
  int64_t until = NowNs() + static_cast<int64_t>((gw_ms / 1000.0 + drain_s) * 1e9);
  while (NowNs() < until) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (static_cast<long>(seen_alerts.size()) >= alerts) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  double total_s = static_cast<double>(NowNs() - start) / 1e9;
  sink.Stop();
  std::vector<int64_t> late;
  long groups_notified = 0;
  for (long g = 0; g < groups; ++g) {
    if (!group_first[static_cast<size_t>(g)] || !group_posted[static_cast<size_t>(g)]) continue;
    ++groups_notified;
    late.push_back(std::max<int64_t>(0, group_first[static_cast<size_t>(g)] - group_posted[static_cast<size_t>(g)] -
                                            static_cast<int64_t>(gw_ms * 1e6)));
  }
  json out{{"mode", "storm"}, {"alerts", alerts}, {"groups", groups}, {"send_s", Round(send_s)},
           {"total_s", Round(total_s)}, {"notifications", notifications},
           {"duplicates", duplicates}, {"bad_payloads", bad},
           {"alerts_delivered", static_cast<long>(seen_alerts.size())},
           {"groups_notified", groups_notified}};
  AddLatency(out, r);
  out["late_p50_ms"] = Round(PercentileMs(late, 50));
  out["late_p99_ms"] = Round(PercentileMs(late, 99));
  out["late_max_ms"] = Round(PercentileMs(late, 100));
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

int Count(const Args& a) {
  int port = static_cast<int>(a.Int("port", 0));
  Client c(port, std::chrono::seconds(static_cast<long>(a.Num("timeout", 120))));
  json out{{"mode", "count"}};
  std::string body;
  int s = c.Do("GET", "/api/v2/alerts", "", &body);
  json j = json::parse(body, nullptr, false);
  out["alerts"] = (s == 200 && j.is_array()) ? static_cast<long>(j.size()) : -1;
  body.clear();
  s = c.Do("GET", "/api/v2/silences", "", &body);
  j = json::parse(body, nullptr, false);
  long active = -1;
  if (s == 200 && j.is_array()) {
    active = 0;
    for (const auto& x : j)
      if (x.value("status", json::object()).value("state", "") == "active") ++active;
  }
  out["silences"] = active;
  std::printf("%s\n", out.dump().c_str());
  return 0;
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  using namespace bench;
  if (argc < 2) Die("usage: loadgen ingest|query|silences|latency|storm|count --port P [--flag value]...");
  Args a;
  for (int i = 2; i < argc; ++i) {
    std::string k = argv[i];
    if (k.rfind("--", 0) != 0) Die("unexpected argument " + k);
    k = k.substr(2);
    auto eq = k.find('=');
    if (eq != std::string::npos) {
      a.kv[k.substr(0, eq)] = k.substr(eq + 1);
    } else {
      if (i + 1 >= argc) Die("missing value for --" + k);
      a.kv[k] = argv[++i];
    }
  }
  long port = a.Int("port", 0);
  if (port <= 0 || port > 65535) Die("--port is required (the server on 127.0.0.1)");
  std::string mode = argv[1];
  if (mode == "ingest") return Ingest(a);
  if (mode == "query") return Query(a);
  if (mode == "silences") return Silences(a);
  if (mode == "latency") return Latency(a);
  if (mode == "storm") return Storm(a);
  if (mode == "count") return Count(a);
  Die("unknown mode " + mode);
}
