// Inhibitor: the semantics of spec 8 and 16.10, incremental updates, concurrency, scale.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "config/loader.h"
#include "inhibit/inhibit_mute_stage.h"
#include "inhibit/inhibitor.h"
#include "routes/route.h"

namespace overlord::inhibit {
namespace {

const Time kNow = FromUnixSeconds(1'700'000'000);

std::vector<config::InhibitRule> Rules(const std::string& yaml) {
  Result<config::Config> cfg = config::LoadConfigString(
      "route: {receiver: r}\nreceivers: [{name: r}]\ninhibit_rules:\n" + yaml, "alertmanager.yml");
  REQUIRE_MESSAGE(cfg.ok(), (cfg.ok() ? "" : cfg.error()));
  return cfg->inhibit_rules;
}

// A firing alert (ends in an hour) updated at kNow.
Alert Firing(LabelSet labels, Duration ends_in = std::chrono::hours(1)) {
  Alert a;
  a.labels = std::move(labels);
  a.starts_at = kNow - std::chrono::minutes(10);
  a.ends_at = kNow + ends_in;
  a.updated_at = kNow;
  return a;
}

std::string By(const Inhibitor& inhibitor, const LabelSet& labels, Time now = kNow) {
  std::optional<Fingerprint> fp = inhibitor.InhibitingSource(labels, now);
  return fp ? FingerprintToString(*fp) : "-";
}

// prefix + number, built without operator+ (GCC 12 -O2 warns falsely on "A" + to_string).
std::string Numbered(const char* prefix, long n) {
  std::string out(prefix);
  out += std::to_string(n);
  return out;
}

std::string Fp(const LabelSet& labels) { return FingerprintToString(FingerprintOf(labels)); }

const char* kCriticalInhibitsWarning = R"(
  - source_matchers: [severity="critical"]
    target_matchers: [severity="warning"]
    equal: [alertname, cluster]
)";

TEST_CASE("a firing source with equal labels inhibits a matching target") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  LabelSet source{{"alertname", "Down"}, {"cluster", "eu"}, {"severity", "critical"}};
  inhibitor.Observe(Firing(source));
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"cluster", "eu"}, {"severity", "warning"}}) ==
        Fp(source));
  // A differing equal label, a non-target, the source itself: not inhibited.
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"cluster", "us"}, {"severity", "warning"}}) == "-");
  CHECK(By(inhibitor, {{"alertname", "Other"}, {"cluster", "eu"}, {"severity", "warning"}}) == "-");
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"cluster", "eu"}, {"severity", "info"}}) == "-");
  CHECK(By(inhibitor, source) == "-");
  // Labels outside `equal` do not matter.
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"cluster", "eu"}, {"severity", "warning"},
                       {"instance", "x"}}) == Fp(source));
}

TEST_CASE("equal labels missing on both sides count as equal") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  LabelSet source{{"alertname", "Down"}, {"severity", "critical"}};  // no cluster
  inhibitor.Observe(Firing(source));
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"severity", "warning"}}) == Fp(source));
  // Missing on one side only: "" != "eu".
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"cluster", "eu"}, {"severity", "warning"}}) == "-");

  Inhibitor none_equal(Rules("  - {source_matchers: [a=\"1\"], target_matchers: [b=\"1\"]}\n"));
  none_equal.Observe(Firing({{"a", "1"}}));
  CHECK(By(none_equal, {{"b", "1"}, {"x", "y"}}) == Fp({{"a", "1"}}));
}

TEST_CASE("resolved sources do not inhibit, and sources resolve as time passes") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  LabelSet target{{"alertname", "Down"}, {"severity", "warning"}};
  LabelSet resolved{{"alertname", "Down"}, {"severity", "critical"}, {"x", "old"}};
  inhibitor.Observe(Firing(resolved, -std::chrono::seconds(1)));
  CHECK(By(inhibitor, target) == "-");

  LabelSet source{{"alertname", "Down"}, {"severity", "critical"}};
  inhibitor.Observe(Firing(source, std::chrono::minutes(5)));
  CHECK(By(inhibitor, target) == Fp(source));
  CHECK(By(inhibitor, target, kNow + std::chrono::minutes(5) - std::chrono::nanoseconds(1)) ==
        Fp(source));
  CHECK(By(inhibitor, target, kNow + std::chrono::minutes(5)) == "-");  // endsAt <= now

  // A source without an end (zero time) fires forever.
  Alert forever = Firing({{"alertname", "Down"}, {"severity", "critical"}, {"x", "forever"}});
  forever.ends_at = kZeroTime;
  inhibitor.Observe(forever);
  CHECK(By(inhibitor, target, kNow + std::chrono::hours(24 * 365)) == Fp(forever.labels));
}

TEST_CASE("an alert matching both sides never inhibits itself or its peers") {
  Inhibitor inhibitor(Rules("  - {source_matchers: [s=\"1\"], target_matchers: [t=\"1\"]}\n"));
  LabelSet both_a{{"s", "1"}, {"t", "1"}, {"n", "a"}};
  LabelSet both_b{{"s", "1"}, {"t", "1"}, {"n", "b"}};
  inhibitor.Observe(Firing(both_a));
  inhibitor.Observe(Firing(both_b));
  CHECK(By(inhibitor, both_a) == "-");
  CHECK(By(inhibitor, both_b) == "-");
  // A target that is not a source is inhibited by the both-sided alerts...
  std::string by = By(inhibitor, {{"t", "1"}});
  CHECK((by == Fp(both_a) || by == Fp(both_b)));
  // ...and a source-only alert inhibits the both-sided ones.
  LabelSet source_only{{"s", "1"}};
  inhibitor.Observe(Firing(source_only));
  CHECK(By(inhibitor, both_a) == Fp(source_only));
}

TEST_CASE("empty source matchers: every alert is a source, the guard still applies") {
  Inhibitor inhibitor(Rules("  - {target_matchers: [severity=\"warning\"], equal: [job]}\n"));
  LabelSet warning{{"job", "db"}, {"severity", "warning"}};
  inhibitor.Observe(Firing(warning));
  CHECK(By(inhibitor, warning) == "-");  // the guard: targets are sources too
  LabelSet other_warning{{"job", "db"}, {"severity", "warning"}, {"i", "2"}};
  CHECK(By(inhibitor, other_warning) == "-");
  LabelSet any{{"job", "db"}, {"alertname", "Whatever"}};
  inhibitor.Observe(Firing(any));
  CHECK(By(inhibitor, warning) == Fp(any));
}

TEST_CASE("several rules; sources are not filtered by their own inhibition") {
  Inhibitor inhibitor(Rules(R"(
  - source_match: {alertname: NodeDown}
    target_match_re: {alertname: "Disk.*|ServiceDown"}
    equal: [node]
  - source_matchers: [alertname="ServiceDown"]
    target_matchers: [alertname="Latency"]
    equal: [service]
)"));
  LabelSet node_down{{"alertname", "NodeDown"}, {"node", "n1"}};
  LabelSet service_down{{"alertname", "ServiceDown"}, {"node", "n1"}, {"service", "api"}};
  LabelSet latency{{"alertname", "Latency"}, {"node", "n2"}, {"service", "api"}};
  LabelSet disk{{"alertname", "DiskFull"}, {"node", "n1"}};
  inhibitor.Observe(std::vector<Alert>{Firing(node_down), Firing(service_down), Firing(latency),
                                       Firing(disk)});
  CHECK(By(inhibitor, disk) == Fp(node_down));
  CHECK(By(inhibitor, service_down) == Fp(node_down));
  // ServiceDown is itself inhibited, yet still inhibits Latency (no chaining).
  CHECK(By(inhibitor, latency) == Fp(service_down));
  CHECK(By(inhibitor, node_down) == "-");
  CHECK(By(inhibitor, {{"alertname", "DiskFull"}, {"node", "n2"}}) == "-");
  CHECK(inhibitor.source_count() == 2);

  Alert target = Firing(latency);
  CHECK(inhibitor.InhibitedBy(target, kNow) == std::vector<std::string>{Fp(service_down)});
  CHECK(inhibitor.InhibitedBy(Firing(node_down), kNow).empty());
}

TEST_CASE("among several firing sources the latest-ending one is reported") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  LabelSet early{{"alertname", "Down"}, {"severity", "critical"}, {"i", "1"}};
  LabelSet late{{"alertname", "Down"}, {"severity", "critical"}, {"i", "2"}};
  inhibitor.Observe(Firing(early, std::chrono::minutes(1)));
  inhibitor.Observe(Firing(late, std::chrono::minutes(2)));
  LabelSet target{{"alertname", "Down"}, {"severity", "warning"}};
  CHECK(By(inhibitor, target) == Fp(late));
  CHECK(By(inhibitor, target, kNow + std::chrono::seconds(90)) == Fp(late));
  CHECK(By(inhibitor, target, kNow + std::chrono::minutes(2)) == "-");
}

TEST_CASE("updates: newer state wins, stale observations are ignored") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  LabelSet source{{"alertname", "Down"}, {"severity", "critical"}};
  LabelSet target{{"alertname", "Down"}, {"severity", "warning"}};
  Alert firing = Firing(source);
  inhibitor.Observe(firing);
  CHECK(By(inhibitor, target) == Fp(source));

  Alert resolved = firing;
  resolved.ends_at = kNow;
  resolved.updated_at = kNow + std::chrono::seconds(1);
  inhibitor.Observe(resolved);
  CHECK(By(inhibitor, target, kNow + std::chrono::seconds(1)) == "-");
  inhibitor.Observe(firing);  // older updated_at: a late observer must not revive it
  CHECK(By(inhibitor, target, kNow + std::chrono::seconds(1)) == "-");

  Alert refired = Firing(source);
  refired.updated_at = kNow + std::chrono::seconds(2);
  inhibitor.Observe(refired);
  CHECK(By(inhibitor, target, kNow + std::chrono::seconds(2)) == Fp(source));
}

TEST_CASE("Forget drops collected sources but keeps ones re-posted since") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  LabelSet a{{"alertname", "Down"}, {"severity", "critical"}, {"i", "a"}};
  LabelSet b{{"alertname", "Down"}, {"severity", "critical"}, {"i", "b"}};
  inhibitor.Observe(Firing(a, -std::chrono::minutes(1)));  // resolved
  inhibitor.Observe(Firing(b));                             // firing: re-posted after the GC
  CHECK(inhibitor.source_count() == 2);
  inhibitor.Forget({FingerprintOf(a), FingerprintOf(b), FingerprintOf({{"x", "y"}})}, kNow);
  CHECK(inhibitor.source_count() == 1);
  CHECK(By(inhibitor, {{"alertname", "Down"}, {"severity", "warning"}}) == Fp(b));
  // A forgotten alert can come back.
  Alert again = Firing(a);
  again.updated_at = kNow + std::chrono::seconds(1);
  inhibitor.Observe(again);
  CHECK(inhibitor.source_count() == 2);
}

TEST_CASE("no rules: nothing is inhibited or indexed") {
  Inhibitor inhibitor({});
  inhibitor.Observe(Firing({{"a", "b"}}));
  CHECK(inhibitor.source_count() == 0);
  CHECK(By(inhibitor, {{"a", "b"}}) == "-");
}

// A stand-in for the silence stage: mutes alerts with silenced="true".
class FakeSilencer final : public MuteStage {
 public:
  std::optional<std::string> Mutes(const Alert& alert, Time,
                                   const routes::RouteNode&) const override {
    if (alert.labels.Get("silenced") == "true") return "silence";
    return std::nullopt;
  }
};

TEST_CASE("InhibitMuteStage: reason 'inhibition'; a silenced source still inhibits") {
  auto inhibitor = std::make_shared<Inhibitor>(Rules(kCriticalInhibitsWarning));
  Alert source = Firing({{"alertname", "Down"}, {"severity", "critical"}, {"silenced", "true"}});
  Alert target = Firing({{"alertname", "Down"}, {"severity", "warning"}});
  inhibitor->Observe(std::vector<Alert>{source, target});
  routes::RoutingTree tree(config::Route{});
  InhibitMuteStage inhibit(inhibitor);
  FakeSilencer silencer;
  CHECK(silencer.Mutes(source, kNow, tree.root()) == std::optional<std::string>("silence"));
  CHECK(inhibit.Mutes(target, kNow, tree.root()) == std::optional<std::string>("inhibition"));
  CHECK_FALSE(inhibit.Mutes(source, kNow, tree.root()).has_value());
  CHECK_FALSE(inhibit.Mutes(target, source.ends_at, tree.root()).has_value());
}

TEST_CASE("observers and queries run concurrently") {
  Inhibitor inhibitor(Rules(kCriticalInhibitsWarning));
  std::atomic<bool> stop{false};
  std::atomic<long> inhibited{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < 2; ++w) {
    threads.emplace_back([&, w] {
      for (int i = 0; i < 3000; ++i) {
        Alert a = Firing({{"alertname", Numbered("A", i % 50)},
                          {"severity", "critical"},
                          {"w", std::to_string(w)}});
        a.updated_at = kNow + std::chrono::milliseconds(i);
        inhibitor.Observe(a);
        if (i % 100 == 99) inhibitor.Forget({a.fingerprint()}, kNow);
      }
    });
  }
  for (int q = 0; q < 2; ++q) {
    threads.emplace_back([&] {
      while (!stop.load()) {
        for (int i = 0; i < 50; ++i) {
          if (inhibitor.Inhibited({{"alertname", Numbered("A", i)}, {"severity", "warning"}},
                                  kNow)) {
            ++inhibited;
          }
        }
      }
    });
  }
  threads[0].join();
  threads[1].join();
  stop = true;
  threads[2].join();
  threads[3].join();
  CHECK(inhibitor.source_count() == 100);
  for (int i = 0; i < 50; ++i) {
    CHECK(inhibitor.Inhibited({{"alertname", Numbered("A", i)}, {"severity", "warning"}},
                              kNow));
  }
}

TEST_CASE("scale: 100k alerts observed and queried quickly") {
  Inhibitor inhibitor(Rules(R"(
  - source_matchers: [severity="critical"]
    target_matchers: [severity=~"warning|info"]
    equal: [alertname, cluster]
  - source_matchers: [alertname="ClusterDown"]
    target_matchers: [alertname!="ClusterDown"]
    equal: [cluster]
  - source_matchers: [alertname="Maintenance"]
    target_matchers: [team=~"db.*"]
)"));
  std::vector<Alert> alerts;
  alerts.reserve(100'000);
  const char* severities[] = {"critical", "warning", "info", "none"};
  for (int i = 0; i < 100'000; ++i) {
    alerts.push_back(Firing({{"alertname", Numbered("A", i % 997)},
                             {"cluster", Numbered("c", i % 13)},
                             {"instance", std::to_string(i)},
                             {"severity", severities[i % 4]},
                             {"team", i % 2 ? "db" : "web"}}));
  }
  auto start = std::chrono::steady_clock::now();
  inhibitor.Observe(alerts);
  auto observed = std::chrono::steady_clock::now();
  std::size_t count = 0;
  for (const Alert& a : alerts) count += inhibitor.InhibitedBy(a, kNow).size();
  auto queried = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  MESSAGE("observe 100k: " << ms(observed - start) << " ms, query 100k: " << ms(queried - observed)
                           << " ms");
  CHECK(inhibitor.source_count() == 25'000);
  CHECK(count > 0);
  CHECK(ms(queried - observed) < 5000);  // generous for Debug/sanitizer builds
}

}  // namespace
}  // namespace overlord::inhibit
